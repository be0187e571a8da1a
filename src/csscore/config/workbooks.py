"""Reading ``.xlsx`` workbooks: one district's sheet, or many sheets of a county workbook at once.

openpyxl (the ``excel`` extra) is imported inside the functions. A workbook is opened read-only
with the values a spreadsheet last calculated (csscore never evaluates formulas).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from csscore.config import tables
from csscore.config.sheets import Found, Matcher, Record, Sheet, choose_sheet, rows_of, trim_columns
from csscore.config.tables import RawTable, _check_cell, unmarked
from csscore.errors import InputError, notice
from csscore.extras import require_extra

#: A line break as Excel may hold it: CRLF, a lone CR, or Excel's escape of CR (``_x000D_``),
#: each with the LF that may follow it.
_LINE_BREAK = re.compile(r"(?:\r|_x000[dD]_)\n?")

Rows = tuple[tuple[int, tuple[str, ...]], ...]


@contextmanager
def open_book(data: bytes, display: str) -> Iterator[list[Sheet]]:
    """The workbook's sheets, each read only when its records are asked for."""
    require_extra("openpyxl", "excel", "reading .xlsx", display, InputError)
    import openpyxl

    _check_unpacked_size(data, display)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError.at(
            display, f"not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    try:
        if not book.worksheets:
            raise InputError.at(display, "workbook has no worksheet")

        def reader(sheet: Any) -> Any:
            return lambda: rows_of(
                tuple(_xlsx_cell(v) for v in values) for values in sheet.iter_rows(values_only=True)
            )

        yield [Sheet(ws.title, ws.sheet_state != "visible", reader(ws)) for ws in book.worksheets]
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet fails only as its rows are read
        raise InputError.at(
            display, f"not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    finally:
        book.close()


def xlsx_rows(
    data: bytes, display: str, matcher: Matcher | None, wanted: str | None
) -> tuple[str, str, int, tuple[str, ...], Rows]:
    """(sheet title, where, header row, header, rows) of the sheet holding a district's table;
    ``where`` names the sheet as every problem found in it does: ``file[sheet]``, as a county
    workbook's sheets are named."""
    with open_book(data, display) as sheets:
        chosen, records, found = choose_sheet(sheets, matcher, display, wanted)
    where = sheet_display(display, chosen.title)
    return (chosen.title, where, *table_parts(records, found, where))


def sheet_display(file: str, title: str) -> str:
    """How a problem names a workbook's sheet: ``file[sheet]``."""
    return f"{file}[{title}]"


def xlsx_tables(
    data: bytes, digest: str, displays: dict[str, str], matcher: Matcher | None, file: str
) -> dict[str, RawTable]:
    """A table per named sheet ({sheet: display name}), the workbook opened once."""
    out = {}
    with open_book(data, file) as sheets:
        for title, display in displays.items():
            chosen, records, found = choose_sheet(sheets, matcher, display, title)
            header_row, header, rows = table_parts(records, found, display)
            out[title] = RawTable(display, header, rows, digest, None, header_row, chosen.title)
    return out


def table_parts(
    records: Sequence[Record], found: Found, display: str
) -> tuple[int, tuple[str, ...], Rows]:
    for line in found.notices:
        notice(line)
    (header_row, header), body = records[found.index], records[found.index + 1 :]
    width = max(trim_columns(header), 1)
    names = tuple(c.strip() for c in header[:width])
    rows = tuple(
        (
            n,
            tuple(
                _check_cell(c, display, n, names[i] if i < len(names) else f"column {i + 1}")
                for i, c in enumerate(_trim(r, width))
            ),
        )
        for n, r in body
    )
    return header_row, names, rows


def _check_unpacked_size(data: bytes, display: str) -> None:
    """Refuse a workbook whose parts unpack past the district file limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl reports it
    limit = tables.MAX_DISTRICT_BYTES  # read at call time (tests lower it)
    if unpacked > limit:
        raise InputError.at(
            display,
            f"workbook unpacks to {unpacked:,} bytes; the limit is {limit:,} bytes",
        )


def _trim(cells: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Fit a sheet row to the header: drop trailing empty cells past it (spreadsheets pad rows)
    and fill a short row with empty cells (a workbook without a dimension record stops each row
    at its last non-empty cell; in a spreadsheet a missing cell is an empty one)."""
    out = list(cells)
    while len(out) > width and not out[-1].strip():
        out.pop()
    out += [""] * (width - len(out))
    return tuple(out)


def _xlsx_cell(value: Any) -> str:
    """A cell's text. A line break typed or pasted into Excel may be CRLF or a lone CR (Excel
    writes it into the file as ``_x000D_``, which openpyxl leaves as it is); it is read as LF, as
    a quoted CRLF in a CSV cell is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unmarked(_LINE_BREAK.sub("\n", value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
