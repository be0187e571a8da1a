"""Determinism: every command that produces output, run twice, gives the same bytes (terminal
output and every file written, workbooks and pictures included); and a county whose names tie
gives the same bytes whatever Python's string hashing (PYTHONHASHSEED) is."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import declare_issues

HERE = Path(__file__).parent
SAMPLE = HERE.parent / "data" / "districts"
CORPUS = HERE / "corpus"
STREET = SAMPLE / "police-uk" / "2023-04-kent-street-sample.csv"

COUNTY = CORPUS / "base" / "county"
PLAN = "safer-in-kent-2017"  # the corpus county declares no plan
NORTH = COUNTY / "north.csv"
OUT = "@OUT@"  # the run's output folder
TABLE_FORMATS = ("simple", "github", "html", "latex_booktabs", "csv", "json")
METHODS = [
    "compare-methods",
    NORTH,
    "--matrix",
    "risk-5x5",
    "--matrix",
    CORPUS / "matrix" / "good.toml",
]
SENSITIVITY = ["sensitivity", COUNTY, "--draws", "300", "--seed", "7"]

COMMANDS: dict[str, list[object]] = {
    "matrices": ["matrices"],
    "validate": ["validate", SAMPLE],
    **{
        f"score --format {f}": ["score", SAMPLE / "ashford.csv", "--format", f]
        for f in TABLE_FORMATS
    },
    "score -o": ["score", SAMPLE / "ashford.csv", "--top", "5", "-o", f"{OUT}/s.txt"],
    **{f"aggregate --format {f}": ["aggregate", "--format", f] for f in TABLE_FORMATS},
    "aggregate --by issue": ["aggregate", COUNTY, "--by", "issue", "--format", "json"],
    "compare": ["compare", COUNTY, COUNTY, "--all", "--format", "json"],
    "compare --format simple": ["compare", COUNTY, COUNTY, "--all"],
    "explain": ["explain", SAMPLE / "ashford.csv", "Domestic abuse"],
    "explain --format github": ["explain", NORTH, "Burglary", "--format", "github"],
    **{
        f"matrix show --format {f}": ["matrix", "show", "morile-csp", "--format", f]
        for f in TABLE_FORMATS[:5]
    },
    "init": ["init"],
    **{f"init -o {k}": ["init", "-o", f"{OUT}/t.{k}"] for k in ("csv", "toml", "xlsx")},
    **{
        f"appendix --format {f}": ["appendix", COUNTY, "--format", f, "-o", f"{OUT}/a.{f}"]
        for f in ("markdown", "html", "latex", "json", "xlsx")
    },
    "appendix --format csv": ["appendix", COUNTY, "--format", "csv", "-o", f"{OUT}/csv"],
    "appendix (the sample)": ["appendix", "--format", "html"],
    **{
        f"overlap --format {f}": ["overlap", COUNTY, "--plan", PLAN, "--format", f]
        for f in TABLE_FORMATS
        if f != "csv"
    },
    "overlap two plans": [
        "overlap",
        "--plan",
        "safer-in-kent-2017",
        "--plan",
        "making-kent-safer-2022",
        "--format",
        "json",
    ],
    **{
        f"overlap --graph-out {k}": [
            "overlap",
            COUNTY,
            "--plan",
            PLAN,
            "-o",
            f"{OUT}/t.txt",
            "--graph-out",
            f"{OUT}/g.{k}",
        ]
        for k in ("graphml", "gexf", "json", "dot")
    },
    **{
        f"overlap --plot {k}": ["overlap", COUNTY, "--plan", PLAN, "--plot", f"{OUT}/p.{k}"]
        for k in ("svg", "png", "pdf")
    },
    "evidence police-uk": ["evidence", "police-uk", STREET],
    "evidence police-uk -o": ["evidence", "police-uk", STREET, "-o", f"{OUT}/e.csv"],
    **{
        f"sensitivity --format {f}": [*SENSITIVITY, "--format", f]
        for f in ("simple", "csv", "json")
    },
    "sensitivity one file": [
        "sensitivity",
        SAMPLE / "ashford.csv",
        "--draws",
        "200",
        "--seed",
        "1",
    ],
    **{
        f"compare-methods --format {f}": [*METHODS, "--format", f]
        for f in ("simple", "csv", "json")
    },
}


def run_once(args: list[object], out: Path) -> dict[str, bytes]:
    """Run a command in a fresh output folder; its stdout and the bytes of every file."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    argv = [str(a).replace(OUT, str(out)) for a in args]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    outputs = {"stdout": result.stdout.encode()}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            outputs[path.relative_to(out).as_posix()] = path.read_bytes()
    return outputs


def assert_no_timestamp_of_the_run(name: str, data: bytes) -> None:
    """Two runs a second apart would differ if an output held the time of the run; look for
    today's date instead of waiting (in text, in PDF dates and in zip entries)."""
    today = dt.date.today()
    for stamp in (today.isoformat(), today.strftime("%Y%m%d")):
        assert stamp.encode() not in data, (name, stamp)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                assert info.date_time[:3] != (today.year, today.month, today.day), info.filename


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_two_runs_give_the_same_bytes(name: str, tmp_path: Path) -> None:
    first = run_once(COMMANDS[name], tmp_path / "out")
    second = run_once(COMMANDS[name], tmp_path / "out")
    assert {k: hashlib.sha256(v).hexdigest() for k, v in first.items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in second.items()
    }
    for output, data in first.items():
        assert_no_timestamp_of_the_run(output, data)


TIES = textwrap.dedent(
    """
    import hashlib, sys
    from click.testing import CliRunner
    from csscore.cli.main import cli
    folder = sys.argv[1]
    for args in (
        ["aggregate", folder, "--by", "issue", "--format", "json"],
        ["aggregate", folder, "--format", "json"],
        ["appendix", folder, "--format", "json"],
        ["overlap", folder, "--plan", "safer-in-kent-2017", "--format", "json"],
        ["compare", folder, folder, "--all", "--format", "json"],
        ["sensitivity", folder, "--draws", "50", "--format", "json"],
    ):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        print(args[0], hashlib.sha256(result.stdout.encode()).hexdigest())
    """
)


def test_ties_are_broken_the_same_way_whatever_the_string_hashing(tmp_path: Path) -> None:
    """Names that differ only in case, districts of equal name: sorted the same every run."""
    folder = tmp_path / "ties"
    folder.mkdir()
    header = "issue,impact,likelihood\n"
    rows = {
        "a.csv": "Foo bar,major,likely\nDomestic abuse,major,likely\nBaz,minor,rare\n",
        "b.csv": "foo bar,major,likely\nDomestic abuse,major,likely\nbaz,minor,rare\n",
        "c.csv": "FOO BAR,major,likely\nBurglary,major,likely\nBAZ,minor,rare\n",
    }
    for name, body in rows.items():
        (folder / name).write_text(header + body, encoding="utf-8")
    (folder / "districts.toml").write_text(
        'matrix = "risk-5x5"\n'
        + "".join(
            f'\n[[district]]\nid = "{n[0]}"\nname = "Same name {n[0]}"\ncsp = "CSP {n[0].upper()}"\nfile = "{n}"\n'
            for n in rows
        ),
        encoding="utf-8",
    )
    declare_issues(folder, ["Foo bar", "Baz"])  # the county's own issues
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", TIES, str(folder)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs
