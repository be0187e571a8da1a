"""Generators for the corpus's workbook, TSV and big-number cases (tests/corpus/cases.toml)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
MATRIX = (CORPUS / "matrix" / "good.toml").read_text(encoding="utf-8")
BIG = "9" * 400  # an integer TOML reads and no float can hold


def book(path: Path, sheets: list[tuple[str, list[list[Any]], bool]]) -> None:
    """A workbook of (title, rows, hidden) sheets."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, hidden in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)


TABLE = [["issue", "impact", "likelihood"], ["Burglary", "minor", "rare"]]


def _books(name: str, sheets: list[tuple[str, list[list[Any]], bool]]) -> Callable[[Path], None]:
    return lambda d: book(d / name, sheets)


def _matrix(name: str, old: str, new: str) -> Callable[[Path], None]:
    assert MATRIX.count(old) >= 1, old

    def make(d: Path) -> None:
        (d / name).write_text(MATRIX.replace(old, new, 1), encoding="utf-8")

    return make


def _grading_book(name: str, column: str, value: object) -> Callable[[Path], None]:
    """The filled grading workbook of a good district file (``score --format xlsx``), with the
    cell of ``column`` in the first issue's row replaced by ``value``."""

    def make(d: Path) -> None:
        import openpyxl
        from click.testing import CliRunner

        from csscore.cli.main import cli

        source = d / "graded.csv"
        source.write_bytes((CORPUS / "base" / "good.csv").read_bytes())
        args = ["score", str(source), "--matrix", "risk-5x5", "--format", "xlsx"]
        assert CliRunner().invoke(cli, [*args, "-o", str(d / name)]).exit_code == 0
        source.unlink()
        workbook = openpyxl.load_workbook(d / name)
        sheet = workbook["Grades"]
        headers = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=headers.index(column) + 1, value=value)
        workbook.save(d / name)

    return make


def _date() -> object:
    import datetime

    return datetime.datetime(2024, 1, 1)


def _zip(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")


MORE_MAKE: dict[str, Callable[[Path], None]] = {
    "xlsm": _books("macros.xlsm", [("Sheet", TABLE, False)]),
    "xlsb": lambda d: (d / "binary.xlsb").write_bytes(b"PK\x03\x04"),
    "hidden-only-xlsx": _books("hidden.xlsx", [("Front", [], False), ("Grades", TABLE, True)]),
    "hidden-table-title-xlsx": _books(
        "hidden-title.xlsx",
        [("Front", [["Ashford CSP strategic assessment"], ["draft"]], False), ("G", TABLE, True)],
    ),
    "title-rows-xlsx": _books(
        "titles.xlsx", [("Sheet", [[f"title {i}"] for i in range(25)] + TABLE, False)]
    ),
    "title-then-bad-grade-xlsx": _books(
        "title-grade.xlsx",
        [("Sheet", [["Ashford CSP 2025"], [], *TABLE, ["Robbery", "huge", "rare"]], False)],
    ),
    "two-sheets-xlsx": _books("two.xlsx", [("Notes", [["x"]], False), ("Grades", TABLE, False)]),
    "date-grade-xlsx": lambda d: book(
        d / "date.xlsx", [("Sheet", [TABLE[0], ["Burglary", _date(), "rare"]], False)]
    ),
    "bool-grade-xlsx": _books(
        "bool.xlsx", [("Sheet", [TABLE[0], ["Burglary", True, "rare"]], False)]
    ),
    "formula-grade-xlsx": _books(
        "formula-grade.xlsx", [("Sheet", [TABLE[0], ["Burglary", "=1+1", "rare"]], False)]
    ),
    "zero-width-xlsx": _books(
        "zero-width.xlsx", [("Sheet", [*TABLE, ["Bur\u200bglary", "minor", "rare"]], False)]
    ),
    "duplicate-issue-xlsx": _books(
        "duplicate.xlsx", [("Sheet", [*TABLE, ["burglary ", "major", "rare"]], False)]
    ),
    "extra-cells-xlsx": _books(
        "extra.xlsx", [("Sheet", [TABLE[0], ["Burglary", "minor", "rare", "", "stray"]], False)]
    ),
    "not-a-workbook-zip": lambda d: _zip(d / "archive.xlsx"),
    "grading-bad-grade": _grading_book("graded.xlsx", "impact", "huge"),
    "grading-formula-text": _grading_book("formula-text.xlsx", "impact", "@SUM(1)"),
    "grading-risk-overwritten": _grading_book("overwritten.xlsx", "Risk", 999),
    "big-level-value": _matrix("big-level.toml", "value = 5 }", f"value = {BIG} }}"),
    "big-band-min": _matrix("big-band.toml", "min = 10", f"min = {BIG}"),
    "big-weight": _matrix(
        "big-weight.toml", 'scale = "impact"', f'scale = "impact"\nweight = {BIG}'
    ),
    "big-district-grade": lambda d: (d / "big.toml").write_text(
        f'[[issue]]\nissue = "Burglary"\nimpact = {BIG}\nlikelihood = 2\n', encoding="utf-8"
    ),
}
