"""The grading workbook's formulas, recalculated by LibreOffice, equal csscore's own scores.

For every built-in matrix a district is graded at random, with deliberate ties (issues graded
alike, and issues of equal risk but different harm), written with ``csscore score --format xlsx``,
recalculated by LibreOffice headless (Debian's ``libreoffice-calc-nogui``; ``.ci/run`` installs
it, and the test is skipped with the reason where it is absent), and every formula cell is
compared with csscore's score of the same file. The recalculated workbook then reads back with no
disagreement reported.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.district import load_assessment
from csscore.config.matrix import load_matrix
from csscore.config.toml import available
from csscore.model.matrix import Matrix
from csscore.render.formats.workbook_formulas import GAP_MARK, computed_headers
from csscore.scoring.score import score_district, score_values

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (Debian's libreoffice-calc-nogui) is not installed; .ci/run installs it",
)
MIXED = """
name = "mixed-rules"
version = "1"

[scales.size]
levels = [
  { label = "none", value = 0, description = "Nothing" },
  { label = "some \\"little\\" harm", value = 1, description = "A quoted label" },
  { label = "Big, wide", value = 2.5, description = "A comma in a label" },
]

[scales.often]
levels = [{ label = "rare", value = 1 }, { label = "often", value = 2 }, { label = "always", value = 4 }]

[[factors]]
id = "reach"
section = "harm"
scale = "size"

[[factors]]
id = "depth"
section = "harm"
scale = "size"

[[factors]]
id = "rate"
section = "likelihood"
scale = "often"
weight = 0.5

[[factors]]
id = "spread"
section = "likelihood"
scale = "often"
weight = 1.5

[[factors]]
id = "staff"
section = "position"
scale = "often"

[[factors]]
id = "money"
section = "position"
scale = "often"

[sections.harm]
combine = "product"

[sections.likelihood]
combine = "weighted_sum"

[sections.position]
combine = "max"

[[bands]]
label = "low"
min = 0

[[bands]]
label = "mid \\"band\\""
min = 2.5

[[bands]]
label = "top"
min = 12.5

[[grades]]
label = "ok"
min = 1

[[grades]]
label = "weak"
min = 4

[gap]
bands = ["top"]
grades = ["weak"]
"""
MATRICES = [*available("matrices"), "mixed-rules"]


def matrix_ref(name: str, folder: Path) -> str:
    if name != "mixed-rules":
        return name
    path = folder / "mixed-rules.toml"
    path.write_text(MIXED, encoding="utf-8")
    return str(path)


def recalculate(files: list[Path], out: Path, home: Path) -> list[Path]:
    """Open and save each workbook in LibreOffice, which calculates every formula."""
    assert SOFFICE is not None
    out.mkdir()
    home.mkdir()
    result = subprocess.run(
        [SOFFICE, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out)]
        + [str(f) for f in files],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    recalculated = [out / f.name for f in files]
    assert all(p.exists() for p in recalculated), result.stdout + result.stderr
    return recalculated


def graded_rows(matrix: Matrix, seed: int) -> list[list[str]]:
    """Random grades for 24 issues, with three issues graded alike and two of equal risk but
    different harm (found by search), so that both tie rules are exercised."""
    rng = random.Random(seed)
    pool = [[rng.randrange(int(n)) for n in matrix.level_counts] for _ in range(3000)]
    values = matrix.value_table[np.arange(len(matrix.factors)), np.array(pool)]
    scores = score_values(matrix, values)
    by_risk: dict[float, dict[float, int]] = {}
    for i, (risk, harm) in enumerate(zip(scores.risk, scores.harm, strict=True)):
        by_risk.setdefault(float(risk), {}).setdefault(float(harm), i)
    pair = next(list(h.values())[:2] for h in by_risk.values() if len(h) > 1)
    chosen = [pool[0], pool[0], pool[0], pool[pair[0]], pool[pair[1]], *pool[1:20]]
    rows = []
    for n, levels in enumerate(chosen, start=1):
        grades = [
            matrix.scale(f.scale).levels[k].label
            for f, k in zip(matrix.factors, levels, strict=True)
        ]
        rows.append([f"Issue {n:02d}", *grades, rng.choice(matrix.confidence), ""])
    return rows


def write_csv(path: Path, matrix: Matrix, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["issue", *matrix.factor_ids, "confidence", "selected"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def expected(matrix: Matrix, path: Path) -> list[dict[str, object]]:
    scored = score_district(load_assessment(path, matrix))
    out = []
    for i in range(len(scored.assessment.issues)):
        s = scored.issue(i)
        row: dict[str, object] = {
            "Harm": s.harm,
            "Likelihood": s.likelihood,
            "Risk": s.risk,
            "Band": s.band,
            "Rank": s.rank,
        }
        if matrix.has_position:
            row |= {"Position": s.position, "Grade": s.grade, "Gap": GAP_MARK if s.gap else None}
        out.append(row)
    return out


def fill_template(folder: Path, runner: CliRunner) -> Path:
    """A partner's work: ``csscore init`` for the default matrix, graded cell by cell."""
    import openpyxl

    blank = folder / "init.xlsx"
    assert runner.invoke(cli, ["init", "-o", str(blank)]).exit_code == 0
    matrix = load_matrix("morile-csp")
    book = openpyxl.load_workbook(blank)
    sheet = book["Grades"]
    header = [c.value for c in sheet[1]]
    issues = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    rows = graded_rows(matrix, 3)
    rows = [list(r) for r in (rows * 2)[: len(issues)]]
    for r, (issue, row) in enumerate(zip(issues, rows, strict=True), start=2):
        row[0] = str(issue)
        for i, value in enumerate(row[1:], start=2):
            sheet.cell(row=r, column=i, value=value or None)
    assert header[1 : len(row)] == [*matrix.factor_ids, "confidence", "selected"][: len(row) - 1]
    book.save(blank)
    source = folder / "init.csv"
    write_csv(source, matrix, rows)
    return source


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{case: (district CSV, workbook recalculated by LibreOffice)} for every built-in matrix."""
    folder = tmp_path_factory.mktemp("workbooks")
    runner = CliRunner()
    cases: dict[str, Path] = {}
    for name in MATRICES:
        ref = matrix_ref(name, folder)
        matrix = load_matrix(ref)
        for seed in (1, 2):
            source = folder / f"{name}-{seed}.csv"
            write_csv(source, matrix, graded_rows(matrix, seed))
            book = folder / f"{name}-{seed}.xlsx"
            args = ["score", str(source), "--matrix", ref, "--format", "xlsx", "-o", str(book)]
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, result.output
            cases[f"{name}-{seed}"] = source
    cases["init"] = fill_template(folder, runner)
    books = recalculate(
        [folder / f"{c}.xlsx" for c in cases], folder / "recalculated", folder / "home"
    )
    return {c: (cases[c], b) for c, b in zip(cases, books, strict=True)}


@pytest.mark.parametrize("case", [*(f"{m}-{seed}" for m in MATRICES for seed in (1, 2)), "init"])
def test_every_formula_cell_equals_csscores_score(
    recalculated: dict[str, tuple[Path, Path]], case: str
) -> None:
    import openpyxl

    source, book_path = recalculated[case]
    name = "morile-csp" if case == "init" else case.rsplit("-", 1)[0]
    matrix = load_matrix(matrix_ref(name, source.parent))
    book = openpyxl.load_workbook(book_path, data_only=True)
    sheet = book["Grades"]
    header = [c.value for c in sheet[1]]
    live = computed_headers(matrix)
    assert header[-len(live) :] == list(live)
    want = expected(matrix, source)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(want)
    for number, (row, wanted) in enumerate(zip(rows, want, strict=True), start=2):
        got = {h: row[header.index(h, len(header) - len(live))] for h in live}
        assert got == wanted, f"{case} row {number}"
    ranks = [w["Rank"] for w in want]
    assert ranks.count(ranks[0]) >= 3  # the three issues graded alike share a rank


@pytest.mark.parametrize("name", MATRICES)
def test_the_recalculated_workbook_reads_back_without_disagreement(
    recalculated: dict[str, tuple[Path, Path]], name: str
) -> None:
    source, book = recalculated[f"{name}-1"]
    ref = matrix_ref(name, source.parent)
    result = CliRunner().invoke(cli, ["score", str(book), "--matrix", ref, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    # no cell disagrees (its made-up issue names are only warned of as unknown)
    assert [x for x in result.stderr.splitlines() if "unknown issue" not in x] == []
    again = CliRunner().invoke(cli, ["score", str(source), "--matrix", ref, "--format", "csv"])
    assert result.stdout.replace(book.stem, "") == again.stdout.replace(source.stem, "")
