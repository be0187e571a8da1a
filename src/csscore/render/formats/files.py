"""The appendix as a folder of CSV files or an XLSX workbook (one sheet per table, plus legend and
provenance sheets). A CSV text cell that a spreadsheet would run as a formula is prefixed with an
apostrophe; a workbook's is kept as it is and marked as text with Excel's quote prefix
(:func:`~csscore.render.formats.workbook_sheets.put_text`). The workbook's bytes are the same for
the same inputs."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from csscore.appendix.model import ILLUSTRATIVE, Report
from csscore.extras import require_extra
from csscore.model.text import file_stem
from csscore.render.formats.archive import fixed_zip
from csscore.render.formats.table import cell_kinds, render_csv
from csscore.render.formats.workbook_sheets import append_row, print_setup, put_text
from csscore.views.number_format import show
from csscore.views.table import Table

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet


def to_csv_files(report: Report) -> dict[str, str]:
    """{file name: CSV text}, numbered in reading order."""
    return {
        f"{i:02d}-{file_stem(slug)}.csv": render_csv(table)
        for i, (slug, table) in enumerate(report.tables(), start=1)
    }


#: Sheet names Excel refuses: reserved, or holding a character it does not allow.
_RESERVED_SHEETS = {"history"}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = "DDEBF7"
WRAP_AT = 50  # characters: longer text cells wrap


def sheet_name(slug: str, used: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, no apostrophe at either
    end, not 'History', unique ignoring case (``used`` holds the names taken, folded)."""
    base = _SHEET_BAD.sub("-", slug.removeprefix("district-"))[:28].strip().strip("'") or "table"
    if base.casefold() in _RESERVED_SHEETS:
        base += "-1"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:26].rstrip(chr(39))}-{n}"
        n += 1
    used.add(name.casefold())
    return name


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


#: Each number kind (csscore.views.number_format) as an Excel number format.
EXCEL_FORMATS = {
    "integer": "0",
    "fixed1": "0.0",
    "fixed2": "0.00",
    "fixed3": "0.000",
    "percent": "0%",
    "pvalue": "0.000",
}


def excel_format(value: float, kind: str) -> str:
    """The Excel number format that shows ``value`` as a column of ``kind`` shows it in every
    other format: a probability below 0.5% as ``< 1%`` and above 99.5% as ``> 99%``, a p-value
    below 0.001 as ``< 0.001`` (the cell holds the number; the format shows those words)."""
    if kind == "percent" and 0 < value < 1 and show(value, kind) in ("< 1%", "> 99%"):
        return f'"{show(value, kind)}"'
    if kind == "pvalue" and value < 0.001:
        return '"< 0.001"'
    return EXCEL_FORMATS[kind]


def _put(cell: Cell, value: object, kind: str) -> None:
    """A table cell into a worksheet cell: a number as a number in its kind's format, text
    neutralised and wrapped when long."""
    from openpyxl.styles import Alignment

    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = excel_format(float(value), kind)
    elif isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = _cell(value)
    wrap = isinstance(value, str) and len(value) > WRAP_AT
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")  # a row's cells start level


def _put_rows(sheet: Worksheet, table: Table) -> None:
    for row, kinds in zip(table.rows, cell_kinds(table), strict=True):
        sheet.append([None] * len(row))
        for i, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            _put(sheet.cell(row=sheet.max_row, column=i + 1), value, kind)


def _write_sheet(book: object, title: str, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)  # type: ignore[attr-defined]
    if table.title:
        append_row(sheet, [table.title])
        sheet["A1"].font = Font(bold=True)
    append_row(sheet, table.columns)
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _put_rows(sheet, table)
    last_row = sheet.max_row
    for note in table.notes:
        append_row(sheet, [note])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"
    for i, column in enumerate(table.columns, start=1):
        width = max([len(str(column))] + [len(str(r[i - 1])) for r in table.rows if i - 1 < len(r)])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    _row_heights(sheet, table, header_row + 1)
    print_setup(sheet, header_row if table.columns else None)


def _row_heights(sheet: Worksheet, table: Table, first: int) -> None:
    """Each row of ``table`` (from row ``first``) holding wrapped text as tall as its lines at
    the sheet's column widths (neither Excel nor LibreOffice grows a row for text it did not
    wrap itself)."""
    from openpyxl.utils import get_column_letter

    from csscore.render.formats.workbook_sheets import row_height

    widths = [
        sheet.column_dimensions[get_column_letter(i + 1)].width or 8.43
        for i in range(len(table.columns))
    ]
    for n, row in enumerate(table.rows):
        wrapped = [
            row_height(v, w - 2)
            for v, w in zip(row, widths, strict=False)
            if isinstance(v, str) and len(v) > WRAP_AT
        ]
        if wrapped:
            sheet.row_dimensions[first + n].height = max(wrapped)


def _append_table(sheet: Worksheet, table: Table) -> None:
    """A further table under the ones a sheet holds: bold title, filled header, wrapped text."""
    from openpyxl.styles import Font, PatternFill

    sheet.append([])
    append_row(sheet, [table.title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    append_row(sheet, table.columns)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    first = sheet.max_row + 1
    _put_rows(sheet, table)
    _row_heights(sheet, table, first)


def to_xlsx(report: Report) -> bytes:
    """The workbook: a sheet per table, then 'legend' and 'provenance'."""
    require_extra("openpyxl", "excel", "writing .xlsx", "xlsx")
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    used: set[str] = set()
    tables = report.tables()
    if report.illustrative:  # the first sheet says so, as the first section does
        slug, first = tables[0]
        tables[0] = (slug, replace(first, notes=(ILLUSTRATIVE, *first.notes)))
    legend = [(slug, t) for slug, t in tables if slug.startswith("method")]
    for slug, table in tables:
        if slug.startswith("method") or slug == "provenance":
            continue
        _write_sheet(book, sheet_name(slug, used), table)
    legend_sheet = sheet_name("legend", used)
    for i, (_, table) in enumerate(legend):
        if i == 0:
            _write_sheet(book, legend_sheet, table)
        else:
            _append_table(book[legend_sheet], table)
    _write_sheet(book, sheet_name("provenance", used), dict(tables)["provenance"])
    book.properties.created = datetime(2000, 1, 1)
    book.properties.modified = datetime(2000, 1, 1)
    book.properties.creator = "csscore"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue())
