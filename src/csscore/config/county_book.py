"""A county workbook: one ``.xlsx`` with a sheet per district and a ``Districts`` sheet holding
the manifest's columns (``id``; optional ``sheet``, ``name``, ``csp``, ``population``, ``year``,
``in_csa``, ``matrix``, ``notes``). It reads wherever a folder does.

A district's sheet is the one its ``sheet`` cell names, else the one named like its id.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from csscore.config.sheets import find_header, rows_of
from csscore.config.tables import read_bytes
from csscore.errors import InputError, notice
from csscore.model.district import District
from csscore.model.numbers import read_number

COUNTY_SHEET = "Districts"
COLUMNS = ("id", "sheet", "name", "csp", "population", "year", "in_csa", "matrix", "notes")
_TRUE, _FALSE = {"true", "yes", "y", "1", "x"}, {"false", "no", "n", "0"}


def is_county_workbook(path: Path) -> bool:
    """An .xlsx file with a sheet named ``Districts`` (read from the workbook's index only)."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            index = archive.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    names = re.findall(rb'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', index)
    return any(n.decode("utf-8", "replace").casefold() == "districts" for n in names)


def county_entries(
    path: Path,
) -> tuple[list[tuple[District, str, str | None]], str]:
    """([(district, sheet, matrix)], sha256) from a county workbook's ``Districts`` sheet."""
    from csscore.config.district import check_text
    from csscore.config.manifest import listed_once
    from csscore.config.workbooks import open_book

    display = str(path)
    data = read_bytes(path, display)
    where = f"{display}[{COUNTY_SHEET}]"
    with open_book(data, display) as sheets:
        titles = {s.title.casefold(): s.title for s in sheets}
        index = next((s for s in sheets if s.title.casefold() == "districts"), None)
        records = rows_of(iter(())) if index is None else index.records()
    if not records:
        raise InputError.at(where, "the Districts sheet is empty")
    # title rows above the header are skipped and reported, as on a district's sheet
    found = find_header(records, _names_id, where)
    start = 0 if found is None else found.index
    for message in () if found is None else found.notices:
        notice(message)
    header_row, header = records[start]
    names = [c.strip().casefold() for c in header]
    for i, name in enumerate(names):
        if name and name not in COLUMNS:
            raise InputError.at(
                where,
                f"unknown column {header[i].strip()!r} (one of {', '.join(COLUMNS)})",
                header_row,
                header[i].strip(),
            )
    if "id" not in names:
        raise InputError.at(where, "missing column 'id'", header_row, "id")
    out: list[tuple[District, str, str | None]] = []
    seen: dict[tuple[str, str], int] = {}
    read_by: dict[str, tuple[str, int]] = {}  # sheet -> (district, row) reading it
    for number, cells in records[start + 1 :]:
        row = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names) if n}
        district_id = row.get("id", "")
        if not district_id:
            raise InputError.at(where, "empty district id", number, "id")
        for key in ("id", "name", "csp"):  # names a county's outputs show, checked as a manifest's
            problem = check_text(row.get(key, ""), f"district {key}")
            if problem:
                raise InputError.at(where, problem, number, key)
        listed_once(seen, where, number, district_id, row.get("name"), "rows")  # as a manifest's
        wanted = row.get("sheet") or district_id
        sheet = titles.get(wanted.casefold())
        if sheet is None or sheet.casefold() == "districts":
            raise InputError.at(
                where, f"district {district_id!r}: no sheet {wanted!r}", number, "sheet"
            )
        if sheet in read_by:  # one sheet's grades would count for two districts
            other, row_number = read_by[sheet]
            raise InputError.at(
                where,
                f"sheet {sheet!r} is named for two districts: {other!r} (row {row_number}) "
                f"and {district_id!r}",
                number,
                "sheet",
            )
        read_by[sheet] = (district_id, number)
        name = row.get("name") or district_id
        district = District(
            district_id,
            name,
            row.get("csp") or name,
            _population(row.get("population", ""), where, number),
            row.get("year", ""),
            _flag(row.get("in_csa", ""), where, number),
        )
        out.append((district, sheet, row.get("matrix") or None))
    if not out:
        raise InputError.at(where, "the Districts sheet lists no district", header_row + 1)
    return out, hashlib.sha256(data).hexdigest()


def _names_id(cells: Sequence[str]) -> bool:
    """Whether a row is the Districts sheet's header: one of its cells is ``id``."""
    return any(c.strip().casefold() == "id" for c in cells)


def _population(text: str, where: str, row: int) -> float | None:
    if not text:
        return None
    value = read_number(text)
    if value is None or not value > 0:
        raise InputError.at(
            where, f"population {text!r} must be a positive number", row, "population"
        )
    return value


def _flag(text: str, where: str, row: int) -> bool:
    folded = text.casefold()
    if folded in _TRUE or not folded:
        return True
    if folded in _FALSE:
        return False
    raise InputError.at(where, f"in_csa {text!r} must be yes or no", row, "in_csa")
