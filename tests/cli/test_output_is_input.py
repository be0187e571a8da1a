"""No command writes over one of its own inputs: an output naming the same file as any file the
run reads (after resolving ``..`` and links) is refused, exit 2, one line, nothing written, even
with --force. ``evidence --fill`` still rewrites the district files it fills, on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import ASHFORD, SAMPLE

MATRICES = Path(__file__).resolve().parents[2] / "config" / "matrices"
POLICE = SAMPLE / "police-uk" / "2023-04-kent-street-sample.csv"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def workshop_db(tmp: Path) -> Path:
    """A workshop database named like an export (.csv), so the export may name it."""
    from csscore.workshop.assessment import read_assessment
    from csscore.workshop.store import Store

    db = tmp / "w.csv"
    Store.open(db, read_assessment(ASHFORD)).close()
    return db


def scored_workbook(tmp: Path) -> Path:
    book = tmp / "f.xlsx"
    assert run("score", ASHFORD, "--format", "xlsx", "-o", book)[0] == 0
    return book


#: (case, (tmp folder -> (command line, the output that is an input)))
CASES: list[tuple[str, Callable[[Path], tuple[list[object], Path]]]] = [
    (
        "score-workbook-onto-itself",
        lambda t: (
            ["score", b := scored_workbook(t), "--format", "xlsx", "-o", b, "--force"],
            b,
        ),
    ),
    (
        "score-csv-through-dotdot",
        lambda t: (
            [
                "score",
                t / "county" / "ashford.csv",
                "--format",
                "csv",
                "-o",
                t / "county" / ".." / "county" / "ashford.csv",
                "--force",
            ],
            t / "county" / "ashford.csv",
        ),
    ),
    (
        "aggregate-onto-the-manifest",
        lambda t: (
            ["aggregate", t / "county", "-o", t / "county" / "districts.toml", "--force"],
            t / "county" / "districts.toml",
        ),
    ),
    (
        "appendix-onto-its-manifest",
        lambda t: (
            [
                "appendix",
                t / "county",
                "--format",
                "html",
                "-o",
                t / "county" / "districts.toml",
                "--force",
            ],
            t / "county" / "districts.toml",
        ),
    ),
    (
        "init-onto-its-matrix-file",
        lambda t: (
            ["init", "--matrix", t / "m.toml", "-o", t / "m.toml", "--force"],
            t / "m.toml",
        ),
    ),
    (
        "evidence-onto-its-police-csv",
        lambda t: (
            ["evidence", "police-uk", t / "street.csv", "-o", t / "street.csv", "--force"],
            t / "street.csv",
        ),
    ),
    (
        "workshop-export-onto-its-database",
        lambda t: (["workshop", "export", db := workshop_db(t), "-o", db], db),
    ),
]


@pytest.mark.parametrize("make", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_an_output_that_is_an_input_is_refused(
    tmp_path: Path, make: Callable[[Path], tuple[list[object], Path]]
) -> None:
    shutil.copytree(SAMPLE, tmp_path / "county")
    shutil.copy(MATRICES / "morile-csp.toml", tmp_path / "m.toml")
    shutil.copy(POLICE, tmp_path / "street.csv")
    args, target = make(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    shown = next(a for a in args[args.index("-o") + 1 :] if isinstance(a, Path))
    assert (
        err
        == f"error: {shown}: is one of this command's inputs; write the output to another file\n"
    )
    assert target in before
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    # nothing written, nothing changed (SQLite's shared-memory file of a database read aside)
    assert {p: b for p, b in after.items() if not p.name.endswith(("-shm", "-wal"))} == before


def test_another_output_beside_the_input_is_written(tmp_path: Path) -> None:
    book = scored_workbook(tmp_path)
    code, _, err = run("score", book, "--format", "xlsx", "-o", tmp_path / "g.xlsx")
    assert (code, err) == (0, f"wrote {tmp_path / 'g.xlsx'}\n")
