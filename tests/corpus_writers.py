"""Generators for the corpus cases of tests/corpus/writers.toml: texts past the length limit,
deep and binary configs, and county and grading workbooks as ``csscore new --format xlsx`` and
``csscore score --format xlsx`` write them, then changed as a partner might change them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
LIMIT = 10_000  # the most characters one text may hold (model/text.py MAX_TEXT_CHARS)
MATRIX = (CORPUS / "matrix" / "good.toml").read_text(encoding="utf-8")


def _manifest(d: Path, old: str, new: str) -> None:
    manifest = d / "county" / "districts.toml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    manifest.write_text(text.replace(old, new), encoding="utf-8")


def _title(length: int) -> Callable[[Path], None]:
    return lambda d: _manifest(d, 'title = "Corpus county"', f'title = "{"T" * length}"')


def _text(name: str, before: str, length: int, after: str = "") -> Callable[[Path], None]:
    """A file of the county holding ``before``, then ``length`` characters, then ``after``."""

    def make(d: Path) -> None:
        (d / "county" / name).write_text(before + "L" * length + after, encoding="utf-8")

    return make


def _deep(name: str) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        (d / "county" / name).write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")

    return make


def _matrix_title(length: int) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        (d / "m.toml").write_text(f'title = "{"M" * length}"\n{MATRIX}', encoding="utf-8")

    return make


# --- workbooks ---------------------------------------------------------------------------------


def _invoke(args: list[str]) -> None:
    from click.testing import CliRunner

    from csscore.cli.main import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr


def _county_book(
    change: Callable[[Any], None] | None = None, name: str = "districts.xlsx"
) -> Callable[[Path], None]:
    """The county workbook ``csscore new --format xlsx`` writes for North and South, every
    issue graded (impact minor, likelihood rare), changed by ``change(workbook)``, saved as
    ``book/NAME`` (the folder's manifest removed, so the workbook is read on its own)."""

    def make(d: Path) -> None:
        import openpyxl

        folder = d / "book"
        _invoke(["new", str(folder), "--county", "Corpus", "--district", "North",
                 "--district", "South", "--format", "xlsx", "--matrix", "risk-5x5"])  # fmt: skip
        for extra in folder.iterdir():
            if extra.name != "districts.xlsx":
                extra.unlink()
        workbook = openpyxl.load_workbook(folder / "districts.xlsx")
        for sheet in (workbook["North"], workbook["South"]):
            headers = [c.value for c in sheet[1]]
            for row in range(2, sheet.max_row + 1):
                if sheet.cell(row, 1).value:
                    sheet.cell(row, headers.index("impact") + 1, "minor")
                    sheet.cell(row, headers.index("likelihood") + 1, "rare")
        if change is not None:
            change(workbook)
        workbook.save(folder / "districts.xlsx")
        (folder / "districts.xlsx").rename(folder / name)

    return make


def _index_cell(column: str, value: object, row: int = 2) -> Callable[[Any], None]:
    def change(workbook: Any) -> None:
        sheet = workbook["Districts"]
        headers = [c.value for c in sheet[1]]
        sheet.cell(row, headers.index(column) + 1, value)

    return change


def _north_cell(column: str, value: object) -> Callable[[Any], None]:
    def change(workbook: Any) -> None:
        sheet = workbook["North"]
        headers = [c.value for c in sheet[1]]
        sheet.cell(2, headers.index(column) + 1, value)

    return change


def _title_rows(workbook: Any) -> None:
    sheet = workbook["Districts"]
    sheet.insert_rows(1, 2)
    sheet["A1"] = "Corpus county: the districts"


def _hide_north(workbook: Any) -> None:
    workbook["North"].sheet_state = "hidden"


def _drop_index(workbook: Any) -> None:
    del workbook["Districts"]


def _grading(change: Callable[[Any], None], name: str) -> Callable[[Path], None]:
    """The grading workbook of the corpus's good district (``score --format xlsx``), changed."""

    def make(d: Path) -> None:
        import openpyxl

        made = d / "made.xlsx"
        _invoke(["score", str(CORPUS / "base" / "good.csv"), "--matrix", "risk-5x5",
                 "--format", "xlsx", "-o", str(made)])  # fmt: skip
        workbook = openpyxl.load_workbook(made)
        change(workbook)
        workbook.save(made)
        made.rename(d / name)

    return make


def _grading_titles(workbook: Any) -> None:
    sheet = workbook["Grades"]
    sheet.insert_rows(1, 2)
    sheet["A1"] = "Corpus CSP strategic assessment"


def _keep(workbook: Any) -> None:
    return None


def _grades_cell(column: str, value: object) -> Callable[[Any], None]:
    def change(workbook: Any) -> None:
        sheet = workbook["Grades"]
        headers = [c.value for c in sheet[1]]
        sheet.cell(2, headers.index(column) + 1, value)

    return change


WRITERS_MAKE: dict[str, Callable[[Path], None]] = {
    "title-at-limit": _title(LIMIT),
    "title-past-limit": _title(LIMIT + 1),
    "horizon-text-past-limit": _text(
        "horizon.toml", '[[item]]\nheading = "Political"\ntext = "', LIMIT + 1, '"\n'
    ),
    "horizon-deep": _deep("horizon.toml"),
    "horizon-binary": lambda d: (d / "county" / "horizon.toml").write_bytes(b"\x00\xff" * 64),
    "vocabulary-label-past-limit": _text(
        "vocabulary.toml", '[[issue]]\nid = "fly-grazing"\nlabel = "', LIMIT + 1, '"\n'
    ),
    "vocabulary-deep": _deep("vocabulary.toml"),
    "matrix-title-past-limit": _matrix_title(LIMIT + 1),
    "county-book": _county_book(),
    "county-book-xlsm": _county_book(name="districts.xlsm"),
    "county-book-no-index": _county_book(_drop_index),
    "county-book-title-rows": _county_book(_title_rows),
    "county-book-hidden-north": _county_book(_hide_north),
    "county-book-risk-overwritten": _county_book(_north_cell("Risk", 999)),
    "county-book-band-overwritten": _county_book(_north_cell("Band", "purple")),
    "county-book-other-matrix": _county_book(_index_cell("matrix", "morile-csp")),
    "county-book-sheet-legend": _county_book(_index_cell("sheet", "Legend")),
    "county-book-sheet-lists": _county_book(_index_cell("sheet", "Lists")),
    "county-book-population-text": _county_book(_index_cell("population", "lots")),
    "county-book-huge-grade": _county_book(_north_cell("impact", "9" * 400)),
    "county-book-name-bidi": _county_book(_index_cell("name", "North\u202e")),
    "county-book-name-past-limit": _county_book(_index_cell("name", "N" * (LIMIT + 1))),
    "grading-title-rows": _grading(_grading_titles, "titles.xlsx"),
    "grading-xltm": _grading(_keep, "template.xltm"),
    "grading-band-overwritten": _grading(_grades_cell("Band", "purple"), "band.xlsx"),
}
