"""Generators for the corpus cases of the newer readers and writers (tests/corpus/readers.toml):
horizon and vocabulary files, partner files, the grading and county workbooks and Word output."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus_more import book

CORPUS = Path(__file__).parent / "corpus"
COUNTY = CORPUS / "base" / "county"
BIG = "9" * 400  # an integer no float can hold, typed into a cell


def _hostile_file_names(d: Path) -> None:
    """A folder without a manifest whose district files' names hold an escape sequence, a line
    break, bytes that are not UTF-8 and 250 characters."""
    folder = d / "names"
    folder.mkdir()
    shutil.copy(COUNTY / "north.csv", folder / "no\x1b[31mrth\nx.csv")
    shutil.copy(COUNTY / "south.csv", folder / "so\udcfe\udcffuth.csv")
    shutil.copy(COUNTY / "south.csv", folder / ("w" * 250 + ".csv"))


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        with (d / name).open("wb") as handle:
            handle.truncate(size)

    return make


def _grading(name: str, change: Callable[[Any], None] | None = None) -> Callable[[Path], None]:
    """csscore's grading workbook of a good district (``score --format xlsx``), changed by
    ``change(workbook)`` and saved as ``name``."""

    def make(d: Path) -> None:
        import openpyxl
        from click.testing import CliRunner

        from csscore.cli.main import cli

        made = d / "made.xlsx"
        args = ["score", str(CORPUS / "base" / "good.csv"), "--matrix", "risk-5x5"]
        assert CliRunner().invoke(cli, [*args, "--format", "xlsx", "-o", str(made)]).exit_code == 0
        if change is not None:
            workbook = openpyxl.load_workbook(made)
            change(workbook)
            workbook.save(made)
        made.rename(d / name)

    return make


def _cell(column: str, value: object) -> Callable[[Any], None]:
    """Set the first issue's cell of ``column`` on the Grades sheet."""

    def change(workbook: Any) -> None:
        sheet = workbook["Grades"]
        headers = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=headers.index(column) + 1, value=value)

    return change


def _hide_grades(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        sheet.sheet_state = "visible" if sheet.title != "Grades" else "hidden"
    workbook.active = next(i for i, s in enumerate(workbook.worksheets) if s.title != "Grades")


def _delete_header(workbook: Any) -> None:
    workbook["Grades"].delete_rows(1)


def _truncated(d: Path) -> None:
    _grading("whole.xlsx")(d)
    data = (d / "whole.xlsx").read_bytes()
    (d / "whole.xlsx").unlink()
    (d / "truncated.xlsx").write_bytes(data[: len(data) // 2])


DISTRICTS = [
    ["id", "name", "csp", "population"],
    ["north", "North", "North CSP", 1000],
    ["south", "South", "South CSP", 2000],
]
GRADES = [
    ["issue", "impact", "likelihood", "confidence", "selected"],
    ["Domestic abuse", "major", "likely", "high", "yes"],
    ["Burglary", "minor", "possible", "medium", "no"],
]


def _county_book(
    index: list[list[Any]] | None = None, grades: list[list[Any]] | None = None
) -> Callable[[Path], None]:
    """A county workbook: a Districts sheet (``index``) and sheets north and south."""
    rows = DISTRICTS if index is None else index
    return lambda d: book(
        d / "county.xlsx",
        [("Districts", rows, False), ("north", grades or GRADES, False), ("south", GRADES, False)],
    )


def _index(row: int, column: str, value: object) -> list[list[Any]]:
    rows = [list(r) for r in DISTRICTS]
    if column not in rows[0]:
        for r in rows:
            r.append(None)
        rows[0][-1] = column
    rows[row][rows[0].index(column)] = value
    return rows


def _vocabulary_utf16(d: Path) -> None:
    text = '[[issue]]\nid = "fly-grazing"\nlabel = "Fly grazing"\n'
    (d / "county" / "vocabulary.toml").write_bytes(text.encode("utf-16"))


READERS_MAKE: dict[str, Callable[[Path], None]] = {
    "hostile-file-names": _hostile_file_names,
    "horizon-binary": lambda d: (d / "county" / "horizon.toml").write_bytes(bytes(range(256))),
    "horizon-sparse": lambda d: _sparse("county/horizon.toml", 5 * 1024 * 1024 + 1)(d),
    "vocabulary-utf16": _vocabulary_utf16,
    "partner-xlsm": lambda d: book(d / "county" / "north.xlsm", [("Sheet", GRADES, False)]),
    "grading-xlsm": _grading("grading.xlsm"),
    "grading-hidden": _grading("hidden.xlsx", _hide_grades),
    "grading-truncated": _truncated,
    "grading-huge-grade": _grading("huge.xlsx", _cell("impact", BIG)),
    "grading-huge-risk": _grading("huge-risk.xlsx", _cell("Risk", BIG)),
    "grading-nan-risk": _grading("nan-risk.xlsx", _cell("Risk", "nan")),
    "grading-formula-grade": _grading("formula.xlsx", _cell("impact", "=1+1")),
    "grading-escape-issue": _grading("escape.xlsx", _cell("issue", "Bur\x9b2Jglary")),
    "grading-no-header": _grading("no-header.xlsx", _delete_header),
    "grading-good": _grading("graded.xlsx"),
    "county-book-no-id": _county_book([["name", "csp"], ["North", "North CSP"]]),
    "county-book-unknown-column": _county_book([["id", "colour"], ["north", "red"]]),
    "county-book-id-twice": _county_book([["id"], ["north"], ["north"]]),
    "county-book-no-sheet": _county_book([["id", "sheet"], ["north", "Nord"]]),
    "county-book-huge-population": _county_book(_index(1, "population", BIG)),
    "county-book-nan-population": _county_book(_index(1, "population", "nan")),
    "county-book-formula-name": _county_book(_index(1, "name", "@North")),
    "county-book-escape-name": _county_book(_index(1, "name", "No\x9b31mrth")),
    "county-book-bad-in-csa": _county_book(_index(1, "in_csa", "maybe")),
    "county-book-empty": _county_book([]),
    "county-book-header-only": _county_book([["id", "name"]]),
    "county-book-bad-grade": _county_book(None, [GRADES[0], ["Burglary", "huge", "rare", "", ""]]),
    "county-book-all-outside": _county_book([["id", "in_csa"], ["north", "no"], ["south", "no"]]),
}
