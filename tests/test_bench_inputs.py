"""The benchmarks' generated inputs read: a benchmark that times a refusal measures nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from csscore.cli.main import cli

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_bench_workbook_county_reads_as_workbook_and_folder(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_workbook import county_workbook
        from common import write_county
    finally:
        sys.path.remove(str(BENCHMARKS))
    write_county(tmp_path / "county", districts=3, issues=5)
    book = tmp_path / "county.xlsx"
    county_workbook(tmp_path / "county", book, 3)
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", str(book)])
    assert checked.exit_code == 0, checked.output
    outputs = []
    for source in (book, tmp_path / "county"):
        result = runner.invoke(cli, ["aggregate", str(source), "--format", "json"])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    # the same grades in both shapes (only the issues' names differ): the same agreement
    assert outputs[0]["concordance"] == outputs[1]["concordance"]
    assert outputs[0]["concordance"]["districts"] == 3
    assert outputs[0]["concordance"]["issues"] == 5
