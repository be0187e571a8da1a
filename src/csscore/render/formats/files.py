"""The appendix as a folder of CSV files or an XLSX workbook (one sheet per table, plus legend and
provenance sheets). Text cells that a spreadsheet would run as a formula are neutralised, and the
workbook's bytes are the same for the same inputs."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from csscore.appendix.model import ILLUSTRATIVE, Report
from csscore.errors import OutputError
from csscore.model.text import file_stem
from csscore.render.formats.archive import fixed_zip
from csscore.render.formats.table import render_csv
from csscore.render.safety import neutralise as _neutralise
from csscore.render.safety import xml_text
from csscore.views.table import Table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def to_csv_files(report: Report) -> dict[str, str]:
    """{file name: CSV text}, numbered in reading order."""
    return {
        f"{i:02d}-{file_stem(slug)}.csv": render_csv(table)
        for i, (slug, table) in enumerate(report.tables(), start=1)
    }


def neutralise(text: str) -> str:
    """A formula-safe cell text without the characters a worksheet cannot hold."""
    return xml_text(_neutralise(text))


#: Sheet names Excel refuses: reserved, or holding a character it does not allow.
_RESERVED_SHEETS = {"history"}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
#: A text cell that is a formatted number: '0.73', '-1.5', '73%'.
_NUMERIC = re.compile(r"-?\d+(?:\.(\d+))?(%?)")
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
    if isinstance(value, str):
        return neutralise(value)
    return value


def _numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float) or value is None:
        return True
    return isinstance(value, str) and (value in ("", "n/a") or bool(_NUMERIC.fullmatch(value)))


def _mostly_numbers(cells: list[object]) -> bool:
    """A column of numbers, some perhaps written as text ('0.745', '73%', 'n/a', '< 0.001')."""
    filled = [c for c in cells if c not in (None, "", "n/a")]
    return sum(_numeric(c) for c in filled) * 2 > len(filled)


def as_number(value: object) -> tuple[object, str | None]:
    """A formatted number as the number with its display format ('73%' -> 0.73, '0%'); any
    other cell as it is."""
    if isinstance(value, str):
        match = _NUMERIC.fullmatch(value)
        if match:
            decimals, percent = match.group(1) or "", match.group(2)
            number = float(value.rstrip("%")) / (100 if percent else 1)
            shape = "0" + ("." + "0" * len(decimals) if decimals else "") + percent
            return (int(number) if shape == "0" else number), shape
    if isinstance(value, float) and not value.is_integer():
        return value, "0.0##"
    return value, None


def _write_sheet(book: object, title: str, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)  # type: ignore[attr-defined]
    if table.title:
        sheet.append([neutralise(table.title)])
        sheet["A1"].font = Font(bold=True)
    sheet.append([neutralise(c) for c in table.columns])
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    numeric = [
        i > 0 and _mostly_numbers([r[i] for r in table.rows if i < len(r)])
        for i in range(len(table.columns))
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append([_cell(c) for c in row])
        for i, value in enumerate(row):
            cell = sheet.cell(row=sheet.max_row, column=i + 1)
            if i < len(numeric) and numeric[i] and _numeric(value):
                cell.value, shape = as_number(value)
                if shape:
                    cell.number_format = shape
            elif isinstance(value, str) and len(value) > WRAP_AT:
                cell.alignment = wrap
    last_row = sheet.max_row
    for note in table.notes:
        sheet.append([neutralise(note)])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
    for i, column in enumerate(table.columns, start=1):
        width = max([len(str(column))] + [len(str(r[i - 1])) for r in table.rows if i - 1 < len(r)])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _append_table(sheet: Worksheet, table: Table) -> None:
    """A further table under the ones a sheet holds: bold title, filled header, wrapped text."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([])
    sheet.append([neutralise(table.title)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([neutralise(c) for c in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    for row in table.rows:
        sheet.append([_cell(c) for c in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and len(cell.value) > WRAP_AT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def to_xlsx(report: Report) -> bytes:
    """The workbook: a sheet per table, then 'legend' and 'provenance'."""
    try:
        import openpyxl
    except ImportError:
        raise OutputError.at(
            "xlsx", "writing .xlsx needs openpyxl: pip install 'csscore[excel]'"
        ) from None
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
