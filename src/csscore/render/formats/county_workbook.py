"""A county workbook (``csscore new --format xlsx``): the ``Districts`` sheet holding the
manifest's columns, then a grading sheet per district as ``csscore init`` writes its ``Grades``
(drop-downs, live scores), one ``Legend``, ``About`` and the hidden ``Lists``. It reads wherever
a folder does (config/county_book.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from csscore.extras import require_extra
from csscore.model.matrix import Matrix
from csscore.render.formats.workbook import blank_rows, grading_book, save_book
from csscore.render.formats.workbook_formulas import column_letter
from csscore.render.formats.workbook_sheets import HEADER_FILL, append_row, print_setup

COUNTY_SHEET = "Districts"  # config.county_book.COUNTY_SHEET: the sheet the reader looks for
COLUMNS = ("id", "sheet", "name", "csp", "population", "year", "in_csa", "matrix")
RETURN_HOW = (
    "Grade every issue on its district's sheet with the drop-downs (the note on each cell says "
    "what each grade means), give your confidence and, where the partnership agreed it, mark "
    "the issue selected; write the reasons in notes. Keep the Districts sheet: it names each "
    "district's sheet, its Community Safety Partnership and population. Save the file as an "
    "Excel workbook (.xlsx) and send it back to the analyst, who checks it with "
    "`csscore validate FILE.xlsx`."
)


@dataclass(frozen=True)
class DistrictSheet:
    """One district of the ``Districts`` sheet, and the sheet that holds its grades."""

    id: str
    sheet: str
    name: str
    csp: str
    year: str = ""
    matrix: str = ""  # as the manifest names it; '' for the default


def county_workbook(
    matrix: Matrix,
    districts: Sequence[DistrictSheet],
    issues: Sequence[str],
    version: str,
    name: str = "districts.xlsx",
) -> bytes:
    """The workbook's bytes: every district's sheet blank, listing ``issues``."""
    require_extra("openpyxl", "excel", "writing .xlsx", name)
    from openpyxl.styles import Font, PatternFill

    rows = blank_rows(matrix, issues)
    book = grading_book(matrix, [(d.sheet, rows) for d in districts], version, name, RETURN_HOW)
    index = book.create_sheet(COUNTY_SHEET, 0)
    index.append(list(COLUMNS))
    for d in districts:  # names kept as given (``+ve``, ``-North``), read back unchanged
        append_row(index, [d.id, d.sheet, d.name, d.csp, None, d.year, "yes", d.matrix or None])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    for cell in index[1]:
        cell.font, cell.fill = bold, fill
    for i, column in enumerate(COLUMNS, start=1):
        longest = max([len(column), *(len(str(r[i - 1].value or "")) for r in index.iter_rows(2))])
        index.column_dimensions[column_letter(i)].width = min(longest + 3, 50)
    index.freeze_panes = "A2"
    print_setup(index)
    book.active = 0
    return save_book(book)
