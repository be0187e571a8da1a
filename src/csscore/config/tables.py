"""Read a district's issue list from CSV, TOML or XLSX into a plain table of text cells.

Readers only decode and split; they do not know the matrix. Validation against the matrix is in
:mod:`csscore.config.district`. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csscore.config.sheets import (
    Matcher,
    Record,
    fallback,
    find_header,
    header_matcher,
    trim_columns,
)
from csscore.config.toml import loads_toml
from csscore.errors import InputError, notice
from csscore.inputs import note_read
from csscore.model.text import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from csscore.model.matrix import Matrix

#: Largest district file csscore will read (bytes); larger files are refused, not loaded.
MAX_DISTRICT_BYTES = 200 * 1024 * 1024
#: Longest text csscore accepts in one cell (characters).
MAX_CELL_CHARS = MAX_TEXT_CHARS
SUFFIXES = (".csv", ".tsv", ".toml", ".xlsx")


@dataclass(frozen=True)
class RawTable:
    """A header and rows of text cells, with the row number each came from."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    sha256: str
    matrix: str | None = None  # the matrix a TOML district file declares, if any
    header_row: int = 1  # the row the header is in (title rows above it are skipped)
    sheet: str = ""  # the worksheet read, for a workbook
    name: str = ""  # the file as provenance names it, if not ``file`` (a lone workbook's name)

    @property
    def input_name(self) -> str:
        """The file read, as provenance names it beside its digest: a lone workbook by its own
        name, not ``file[sheet]`` as its problems are."""
        return self.name or self.file


def read_bytes(path: Path, display: str, limit: int = MAX_DISTRICT_BYTES) -> bytes:
    """Read a whole input file, refusing missing, special or oversized files."""
    try:
        if not path.exists():
            raise InputError.at(display, "no such file")
        if not path.is_file():
            raise InputError.at(display, "not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise InputError.at(display, f"file is {size:,} bytes; the limit is {limit:,} bytes")
        note_read(path)
        return path.read_bytes()
    except OSError as exc:  # a name too long, a file not readable
        raise InputError.at(display, f"cannot read file: {exc.strerror or exc}") from None


def decode_text(data: bytes, display: str) -> str:
    """Decode UTF-8 text (a BOM tolerated) with a helpful error for other encodings."""
    if not data.strip():
        raise InputError.at(display, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.at(display, "file is UTF-16 text; save it as CSV UTF-8")
    if b"\x00" in data:
        raise InputError.at(display, "file holds binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError.at(
            display, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as CSV UTF-8", line
        ) from None


#: Workbooks that may carry macros: never read, whatever they are read as.
MACRO_SUFFIXES = (".xlsm", ".xlsb", ".xltm")


def refuse_macros(path: Path, display: str) -> None:
    """Refuse a workbook with macros (by its extension), as a district file or a county workbook."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise InputError.at(
            display, "workbooks with macros are not read; save it as an Excel workbook (.xlsx)"
        )


def read_table(
    path: Path,
    display: str | None = None,
    matrix: Matrix | None = None,
    sheet: str | None = None,
) -> RawTable:
    """Read a district file of any supported kind, chosen by its extension. With ``matrix``, the
    header is the first row naming its columns (and, in a workbook, the sheet the first one
    holding such a row, or ``sheet``); rows and sheets skipped are reported as notices."""
    display = name = display or str(path)
    suffix = path.suffix.lower()
    refuse_macros(path, display)
    if suffix not in SUFFIXES:
        raise InputError.at(
            display,
            f"unsupported file type {suffix or '(none)'!r}; use .csv, .tsv, .toml or .xlsx",
        )
    data = read_bytes(path, display)
    digest = hashlib.sha256(data).hexdigest()
    matcher = header_matcher(matrix) if matrix is not None else None
    declared = None
    title = ""
    if suffix in (".csv", ".tsv"):
        text = decode_text(data, display)
        header_row, header, rows = _csv_rows(text, display, matcher, suffix == ".tsv")
    elif suffix == ".toml":
        text = decode_text(data, display)
        header, rows = _toml_rows(text, display)
        header_row = 1
        declared = _declared_matrix(text)
    else:
        from csscore.config.workbooks import xlsx_rows

        title, display, header_row, header, rows = xlsx_rows(data, display, matcher, sheet)
    return RawTable(display, header, rows, digest, declared, header_row, title, name)


def _declared_matrix(text: str) -> str | None:
    value = tomllib.loads(text).get("matrix")
    return value if isinstance(value, str) and value.strip() else None


def _check_cell(cell: str, display: str, row: int, column: str) -> str:
    if len(cell) > MAX_CELL_CHARS:
        raise InputError.at(
            display,
            f"cell holds {len(cell):,} characters; the limit is {MAX_CELL_CHARS:,}",
            row,
            column,
        )
    return cell


def _line_breaks(cell: str) -> str:
    """A quoted cell's line breaks as LF: CRLF (Excel's) and a lone CR (old Mac text's)."""
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


def _delimiter(text: str, tab: bool) -> str:
    if tab:
        return "\t"
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_rows(
    text: str, display: str, matcher: Matcher | None, tab: bool = False
) -> tuple[int, tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, tab), strict=True)
    records: list[Record] = []
    cr = "\r" in text  # a quoted cell may hold a CRLF or a lone CR line break, read as LF
    try:
        for number, record in enumerate(reader, start=1):  # a record is a spreadsheet row
            cells = tuple(_line_breaks(c) for c in record) if cr else tuple(record)
            records.append((number, cells))
    except csv.Error as exc:
        raise InputError.at(display, f"malformed CSV: {exc}", len(records) + 1) from None
    records = [(n, r) for n, r in records if any(c.strip() for c in r)]
    if not records:
        raise InputError.at(display, "file is empty")
    found = find_header(records, matcher, display) or fallback(records, display)
    for line in found.notices:
        notice(line)
    header_row, header = records[found.index]
    header = header[: max(trim_columns(header), 1)]
    names = tuple(
        _check_cell(c, display, header_row, f"column {i + 1}").strip() for i, c in enumerate(header)
    )
    marked = "'+" in text or "'-" in text  # text csscore's own CSV outputs wrote
    rows = []
    for n, r in records[found.index + 1 :]:
        cells = _drop_trailing(r, len(names))
        if marked:
            cells = tuple(unmarked(c) for c in cells)
        if max(map(len, cells), default=0) > MAX_CELL_CHARS:  # says which cell
            for i, c in enumerate(cells):
                _check_cell(c, display, n, names[i] if i < len(names) else f"column {i + 1}")
        rows.append((n, cells))
    return header_row, names, tuple(rows)


def unmarked(cell: str) -> str:
    """A cell without the apostrophe csscore's CSV outputs put before a leading ``+`` or ``-``
    (``'+ve parenting``), so that text reads back as it was written (render/safety.py), from a
    CSV, a TOML file or a workbook a CSV was saved as alike."""
    return cell[1:] if cell[:2] in ("'+", "'-") else cell


def _drop_trailing(cells: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Drop empty cells past the header's width (spreadsheets pad rows with separators)."""
    end = len(cells)
    while end > width and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return unmarked(value)
    return None


def _toml_rows(
    text: str, display: str
) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]]:
    data = loads_toml(text, display, InputError)
    unknown = [k for k in data if k not in ("issue", "district", "name", "matrix")]
    if unknown:
        raise InputError.at(
            display,
            f"unknown top-level key {unknown[0]!r}; issues go in [[issue]] tables",
            column=unknown[0],
        )
    entries = data.get("issue", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError.at(
            display, "'issue' must be an array of tables ([[issue]])", column="issue"
        )
    if not entries:
        raise InputError.at(display, "no [[issue]] tables")
    header: list[str] = []
    for entry in entries:
        header += [k for k in entry if k not in header]
    rows = []
    for number, entry in enumerate(entries, start=1):
        cells = []
        for key in header:
            value = _scalar(entry.get(key, ""))
            if value is None:
                raise InputError.at(
                    display, f"value of {key!r} must be text, a number or true/false", number, key
                )
            cells.append(_check_cell(value, display, number, key))
        rows.append((number, tuple(cells)))
    return tuple(header), tuple(rows)
