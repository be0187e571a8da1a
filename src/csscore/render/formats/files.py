"""The appendix as a folder of CSV files or an XLSX workbook (one sheet per table, plus legend and
provenance sheets). Text cells that a spreadsheet would run as a formula are neutralised, and the
workbook's bytes are the same for the same inputs."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from csscore.appendix.model import Report
from csscore.errors import OutputError
from csscore.render.formats.table import render_csv
from csscore.render.safety import neutralise as _neutralise
from csscore.views.table import Table

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def to_csv_files(report: Report) -> dict[str, str]:
    """{file name: CSV text}, numbered in reading order."""
    return {
        f"{i:02d}-{slug}.csv": render_csv(table)
        for i, (slug, table) in enumerate(report.tables(), start=1)
    }


def neutralise(text: str) -> str:
    """A formula-safe cell text without the control characters a worksheet cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", _neutralise(text)))


def _sheet_name(slug: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", slug.removeprefix("district-"))[:28] or "table"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:26]}-{n}"
        n += 1
    used.add(name.casefold())
    return name


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return neutralise(value)
    return value


def _write_sheet(book: object, title: str, table: Table) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)  # type: ignore[attr-defined]
    if table.title:
        sheet.append([neutralise(table.title)])
        sheet["A1"].font = Font(bold=True)
    sheet.append([neutralise(c) for c in table.columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(c) for c in row])
    for note in table.notes:
        sheet.append([neutralise(note)])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for i, column in enumerate(table.columns, start=1):
        width = max([len(str(column))] + [len(str(r[i - 1])) for r in table.rows if i - 1 < len(r)])
        sheet.column_dimensions[sheet.cell(row=header_row, column=i).column_letter].width = min(
            60, max(8, width + 2)
        )


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
    legend = [(slug, t) for slug, t in tables if slug.startswith("method")]
    for slug, table in tables:
        if slug.startswith("method") or slug == "provenance":
            continue
        _write_sheet(book, _sheet_name(slug, used), table)
    legend_sheet = _sheet_name("legend", used)
    for i, (_, table) in enumerate(legend):
        if i == 0:
            _write_sheet(book, legend_sheet, table)
        else:
            sheet = book[legend_sheet]
            sheet.append([])
            sheet.append([neutralise(table.title)])
            sheet.append([neutralise(c) for c in table.columns])
            for row in table.rows:
                sheet.append([_cell(c) for c in row])
    _write_sheet(book, _sheet_name("provenance", used), dict(tables)["provenance"])
    book.properties.created = datetime(2000, 1, 1)
    book.properties.modified = datetime(2000, 1, 1)
    book.properties.creator = "csscore"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content
                )
            target.writestr(fixed, content)
    return out.getvalue()
