"""Read the Home Office police recorded crime open data for CSPs (the long format) into counts.

Columns (matched ignoring case, spaces and underscores): Financial Year, Quarter, Police Force,
CSP Name, Offence Description, Offence Group, Offence Subgroup, Offence Code, Number of Offences.
CSV is read row by row; ``.ods`` is read with ``python-calamine`` when it is installed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csscore.errors import InputError
from csscore.evidence.areas import AMBIGUOUS, Areas
from csscore.evidence.mapping import EvidenceMapping
from csscore.evidence.police_uk import bounded_lines, ends_with_newline, first_bad_byte, odd_row
from csscore.evidence.tally import AMBIGUOUS_PLACE, NO_LOCATION, OUTSIDE, Tally, build_tally
from csscore.inputs import note_read

SOURCE = "Home Office CSP data"
#: Column -> the header names accepted for it (folded: lower case, '_' as space).
COLUMNS: dict[str, tuple[str, ...]] = {
    "Financial Year": ("financial year",),
    "Quarter": ("quarter", "financial quarter"),
    "Police Force": ("police force", "force name", "force"),
    "CSP Name": ("csp name", "csp", "community safety partnership"),
    "Offence Description": ("offence description",),
    "Offence Group": ("offence group",),
    "Offence Subgroup": ("offence subgroup",),
    "Offence Code": ("offence code",),
    "Number of Offences": ("number of offences", "offences"),
}
REQUIRED = (
    "Financial Year",
    "Quarter",
    "CSP Name",
    "Offence Group",
    "Offence Subgroup",
    "Number of Offences",
)
_YEAR = re.compile(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})")
_QUARTER = re.compile(r"[Qq]?\s*([1-4])(\.0)?")
HEADER_SEARCH_ROWS = 30

Row = tuple[int, Sequence[str]]


def _fold(name: str) -> str:
    return " ".join(name.replace("_", " ").casefold().split())


def _columns(header: Sequence[str]) -> dict[str, int] | None:
    folded = [_fold(h) for h in header]
    found = {}
    for column, names in COLUMNS.items():
        index = next((i for i, h in enumerate(folded) if h in names), None)
        if index is not None:
            found[column] = index
    return found


def _missing(found: dict[str, int]) -> list[str]:
    return [c for c in REQUIRED if c not in found]


def _period(year: str, quarter: str, display: str, line: int) -> int:
    match = _YEAR.fullmatch(year.strip())
    start = int(match.group(1)) if match else 0
    if match is None or int(match.group(2)) % 100 != (start + 1) % 100:
        raise InputError.at(
            display, f"bad financial year {year!r}: expected e.g. 2022/23", line, "Financial Year"
        )
    q = _QUARTER.fullmatch(quarter.strip())
    if q is None:
        raise InputError.at(
            display, f"bad quarter {quarter!r}: expected 1 to 4 (or Q1 to Q4)", line, "Quarter"
        )
    return start * 4 + int(q.group(1)) - 1


def _number(text: str, display: str, line: int) -> int:
    cleaned = text.strip().replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        value = float("nan")
    if not value.is_integer() or value < 0:
        raise InputError.at(
            display,
            f"number of offences {text!r} must be a whole number >= 0",
            line,
            "Number of Offences",
        )
    return int(value)


@dataclass
class _Reading:
    """What the files read so far add up to: offences keyed (period, place, category), each
    CSP's place and each year and quarter's period, remembered as they are first met."""

    raw: dict[tuple[int, str, Hashable], int] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    periods: dict[tuple[str, str], int] = field(default_factory=dict)
    rows: int = 0


def read_home_office(
    paths: Sequence[Path],
    mapping: EvidenceMapping,
    areas: Areas,
    *,
    strict: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> Tally:
    """Read Home Office CSP open data files (CSV or .ods) into a Tally."""
    reading = _Reading()
    truncated: list[str] = []
    done: list[str] = []
    seen: set[Path] = set()
    duplicates: list[str] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            raise InputError.at(display, "no such file" if not path.exists() else "not a file")
        if path.resolve() in seen:
            duplicates.append(display)
            continue
        seen.add(path.resolve())
        if path.suffix.lower() == ".ods":
            records = _ods_rows(path, display)
        else:
            records = _csv_rows(path, display, strict, truncated)
        _add_file(reading, records, areas, display)
        done.append(display)
        if progress is not None:
            progress(path)

    def issues_of(category: Hashable) -> tuple[str, ...] | None:
        assert isinstance(category, tuple)
        tables = ("groups", "subgroups", "descriptions")
        for table, name in reversed(list(zip(tables, category, strict=True))):
            found = mapping.category(table, name) if name else None
            if found is not None:
                return found
        return None

    return build_tally(
        source=SOURCE,
        unit="offences",
        period_months=3,
        raw=reading.raw,
        issues_of=issues_of,
        label_of=_label_of,
        group_of=_group_of,
        areas=areas,
        names=reading.names,
        issues=mapping.issues,
        files=tuple(done),
        rows=reading.rows,
        truncated=tuple(truncated),
        duplicates=tuple(duplicates),
    )


def _add_file(reading: _Reading, records: Iterator[Row], areas: Areas, display: str) -> None:
    """Add one file's rows (its header first) to ``reading``."""
    header_line, header = next(records, (0, ()))
    columns = _columns(header) or {}
    missing = _missing(columns)
    if missing:
        raise InputError.at(
            display,
            "not Home Office CSP open data: missing column"
            f"{'s' * (len(missing) > 1)} {', '.join(repr(c) for c in missing)}",
            header_line or 1,
        )
    iy, iq, icsp = columns["Financial Year"], columns["Quarter"], columns["CSP Name"]
    ig, isub = columns["Offence Group"], columns["Offence Subgroup"]
    idesc, inum = columns.get("Offence Description"), columns["Number of Offences"]
    raw, places, periods = reading.raw, reading.places, reading.periods
    rows = 0
    for line, cells in records:
        key = (cells[iy], cells[iq])
        period = periods.get(key)
        if period is None:
            period = periods[key] = _period(cells[iy], cells[iq], display, line)
        csp = cells[icsp].strip()
        place = places.get(csp)
        if place is None:
            place = places[csp] = _place(csp, areas, reading.names)
        category = (
            cells[ig].strip(),
            cells[isub].strip(),
            cells[idesc].strip() if idesc is not None else "",
        )
        item = (period, place, category)
        raw[item] = raw.get(item, 0) + _number(cells[inum], display, line)
        rows += 1
    reading.rows += rows


def _label_of(category: Hashable) -> str:
    assert isinstance(category, tuple)
    return f"{category[0]} / {category[1]}"


def _group_of(category: Hashable) -> str:
    assert isinstance(category, tuple)
    return str(category[0])


def _place(csp: str, areas: Areas, names: dict[str, str]) -> str:
    if not csp:
        return NO_LOCATION
    found = areas.match(csp, by_csp=True)
    if found is None:
        return OUTSIDE + areas.display(csp)
    if found == AMBIGUOUS:
        return AMBIGUOUS_PLACE + csp
    if areas.is_open:
        names.setdefault(found, areas.display(csp))
    return found


def _csv_rows(path: Path, display: str, strict: bool, truncated: list[str]) -> Iterator[Row]:
    """(line, cells) of a CSV: the header first, then each full-width row."""
    note_read(path)
    complete_end = ends_with_newline(path)
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(bounded_lines(handle, display))
            header = next((r for r in reader if any(c.strip() for c in r)), None)
            if header is None:
                raise InputError.at(display, "file is empty")
            yield reader.line_num, header
            width = len(header)
            for row in reader:
                if len(row) != width:
                    if not any(c.strip() for c in row):
                        continue
                    line = odd_row(
                        reader, row, width, display, reader.line_num, complete_end, strict
                    )
                    truncated.append(f"{display}:{line}")
                    return
                yield reader.line_num, row
    except UnicodeDecodeError:
        line, byte = first_bad_byte(path)
        raise InputError.at(display, f"not UTF-8 text (byte 0x{byte:02x})", line) from None
    except csv.Error as exc:
        raise InputError.at(
            display, f"malformed CSV: {exc}", reader.line_num if reader else 1
        ) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _ods_rows(path: Path, display: str) -> Iterator[Row]:
    """(row, cells) of the first sheet that holds the columns: its header first."""
    from csscore.extras import require_extra

    require_extra("python_calamine", "ods", "reading .ods", display, InputError)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [book.get_sheet_by_index(i) for i in range(len(book.sheet_names))]
        for sheet in sheets:
            rows = sheet.to_python(skip_empty_area=False)
            for number, values in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
                header = [_cell(v) for v in values]
                if not _missing(_columns(header) or {}):
                    yield number, header
                    width = len(header)
                    for line, record in enumerate(rows[number:], start=number + 1):
                        cells = [_cell(v) for v in record]
                        if any(c.strip() for c in cells):
                            yield line, (cells + [""] * width)[:width]
                    return
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError.at(display, f"not a readable .ods file ({type(exc).__name__})") from None
    raise InputError.at(
        display,
        "not Home Office CSP open data: no sheet has the columns "
        + ", ".join(repr(c) for c in REQUIRED),
    )
