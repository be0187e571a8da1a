"""Read police.uk street-level crime CSVs, row by row, into counts per district, issue and month.

Files are streamed (memory stays flat however many months are read). Each row is assigned to a
district by its LSOA code through the lookup, else by the district part of its LSOA name
(``Ashford 001A`` -> Ashford). Rows with no LSOA, outside the districts, of a crime type the
mapping does not know, or on a truncated last line are counted and reported, never dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from csscore.errors import InputError
from csscore.evidence.areas import AMBIGUOUS, Areas
from csscore.evidence.mapping import EvidenceMapping
from csscore.evidence.tally import AMBIGUOUS_PLACE, NO_LOCATION, OUTSIDE, Tally, build_tally
from csscore.inputs import note_read

SOURCE = "police.uk"
#: The street-level CSV's 12 columns, in the published order.
COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
#: The columns csscore needs; a file without any of them is refused, naming them.
REQUIRED = ("Month", "LSOA code", "LSOA name", "Crime type")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_LSOA_NAME = re.compile(r"(.*?\S)\s+\d{3}[A-Z]")


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file given, and every ``*street.csv`` under each folder given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*street.csv") if p.is_file())
            if not found:
                raise InputError.at(str(path), "folder holds no police.uk *-street.csv files")
            files += found
        else:
            files.append(path)
    return files


class _Places:
    """Where rows go: LSOA codes of the lookup (resolved up front), else LSOA names, cached.

    A place is a district id, or a NO_LOCATION / OUTSIDE / AMBIGUOUS_PLACE marker.
    """

    def __init__(self, areas: Areas) -> None:
        self.areas = areas
        self.names: dict[str, str] = {}  # open run: district id -> name as first seen
        self.by_name: dict[str, str] = {"": NO_LOCATION}
        targets: dict[str, str] = {}
        self.by_code: dict[str, str] = {}
        for code, district in areas.lookup.items():
            if district not in targets:
                targets[district] = self._district(district)
            self.by_code[code] = targets[district]

    def place(self, lsoa_name: str) -> str:
        """The place of an LSOA name not seen before (and remember it)."""
        found = self._district(_district_part(lsoa_name))
        self.by_name[lsoa_name] = found
        return found

    def _district(self, district: str) -> str:
        if not district:
            return NO_LOCATION
        found = self.areas.match(district)
        if found is None:
            return OUTSIDE + self.areas.display(district)
        if found == AMBIGUOUS:
            return AMBIGUOUS_PLACE + district
        if self.areas.is_open:
            self.names.setdefault(found, self.areas.display(district))
        return found


def _district_part(lsoa_name: str) -> str:
    """'Ashford 001A' -> 'Ashford'; a name without the LSOA suffix is kept whole."""
    match = _LSOA_NAME.fullmatch(lsoa_name.strip())
    return match.group(1) if match else lsoa_name.strip()


def _month_index(text: str, display: str, line: int) -> int:
    match = _MONTH.fullmatch(text)
    if match is None:
        raise InputError.at(
            display, f"bad month {text!r}: police.uk months are YYYY-MM", line, "Month"
        )
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


#: The longest line a streamed CSV (police.uk, Home Office) may hold, in characters: a line is
#: read at most this far, so one enormous line is refused, not held whole in memory.
MAX_LINE_CHARS = 1_048_576


def bounded_lines(handle: TextIO, display: str) -> Iterator[str]:
    """The lines of a text file opened with ``newline=""``, refusing (file:line) one longer than
    ``MAX_LINE_CHARS``."""
    read = handle.readline
    number = 0
    while line := read(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            message = (
                f"line is longer than {MAX_LINE_CHARS:,} characters (the limit for a streamed CSV)"
            )
            raise InputError.at(display, message, number)
        yield line


def ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return True
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


def first_bad_byte(path: Path) -> tuple[int, int]:
    """Line number and value of the first byte that is not UTF-8 (for the error message)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, line[exc.start]
    return 1, 0


def read_police_uk(
    paths: Sequence[Path],
    mapping: EvidenceMapping,
    areas: Areas,
    *,
    strict: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> Tally:
    """Read street-level CSVs into a Tally; ``strict`` makes a truncated last line fatal."""
    raw: dict[tuple[str, str, str], int] = {}
    months: dict[str, int] = {}
    places = _Places(areas)
    truncated: list[str] = []
    seen: set[Path] = set()
    duplicates: list[str] = []
    done: list[str] = []
    rows = 0
    for path in paths:
        display = str(path)
        if not path.exists():
            raise InputError.at(display, "no such file")
        if not path.is_file():
            raise InputError.at(display, "not a regular file")
        if path.resolve() in seen:
            duplicates.append(display)
            continue
        seen.add(path.resolve())
        rows += _read_file(path, display, raw, months, places, strict, truncated)
        done.append(display)
        if progress is not None:
            progress(path)
    by_month: dict[tuple[int, str, Hashable], int] = {}
    for (month, place, crime_type), n in raw.items():
        by_month[(months[month], place, crime_type)] = n

    def issues_of(crime_type: Hashable) -> tuple[str, ...] | None:
        return mapping.category("crime_types", str(crime_type))

    return build_tally(
        source=SOURCE,
        unit="rows",
        period_months=1,
        raw=by_month,
        issues_of=issues_of,
        label_of=str,
        group_of=str,
        areas=areas,
        names=places.names,
        issues=mapping.issues,
        files=tuple(done),
        rows=rows,
        truncated=tuple(truncated),
        duplicates=tuple(duplicates),
    )


def _header(row: list[str] | None, display: str) -> tuple[int, int, int, int]:
    if row is None:
        raise InputError.at(display, "file is empty")
    names = [c.strip() for c in row]
    folded = [c.casefold() for c in names]
    missing = [c for c in REQUIRED if c.casefold() not in folded]
    if missing:
        raise InputError.at(
            display,
            f"not a police.uk street-level CSV: missing column{'s' * (len(missing) > 1)} "
            f"{', '.join(repr(c) for c in missing)}",
            1,
        )
    month, code, name, crime = (folded.index(c.casefold()) for c in REQUIRED)
    return month, code, name, crime


def _plain(path: Path) -> bool:
    """True if a file holds no double quote and no NUL: every line then splits on commas exactly
    as a CSV reader would split it, about twice as fast (real police.uk files have no quotes)."""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            if b'"' in chunk or b"\0" in chunk:
                return False
    return True


def _split(line: str) -> list[str]:
    return line.rstrip("\r\n").split(",")


def _read_file(
    path: Path,
    display: str,
    raw: dict[tuple[str, str, str], int],
    months: dict[str, int],
    places: _Places,
    strict: bool,
    truncated: list[str],
) -> int:
    """Count one file into ``raw`` (keyed by month text); return its complete data rows."""
    note_read(path)
    complete_end = ends_with_newline(path)
    plain = _plain(path)
    rows = 0
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = bounded_lines(handle, display)
            reader = csv.reader(lines)
            header = next(reader, None)
            im, ic, iname, itype = _header(header, display)
            width = len(header or ())
            source: Iterator[list[str]] = map(_split, lines) if plain else reader
            by_code, by_name, place_of = places.by_code, places.by_name, places.place
            get = raw.get
            for number, row in enumerate(source, start=2):
                if len(row) != width:
                    if not row or row == [""]:  # a blank line
                        continue
                    line = number if plain else reader.line_num
                    line = odd_row(source, row, width, display, line, complete_end, strict)
                    truncated.append(f"{display}:{line}")
                    break
                month = row[im]
                if month not in months:
                    line = number if plain else reader.line_num
                    months[month] = _month_index(month, display, line)
                place = by_code.get(row[ic]) if by_code else None
                if place is None:
                    name = row[iname]
                    place = by_name.get(name) or place_of(name)
                key = (month, place, row[itype])
                raw[key] = get(key, 0) + 1
                rows += 1
    except UnicodeDecodeError:
        line, byte = first_bad_byte(path)
        raise InputError.at(
            display, f"not UTF-8 text (byte 0x{byte:02x}); police.uk files are UTF-8", line
        ) from None
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 1
        raise InputError.at(display, f"malformed CSV: {exc}", line) from None
    except OSError as exc:
        raise InputError.at(display, f"cannot read file: {exc.strerror}") from None
    return rows


def odd_row(
    rest: Iterator[list[str]],
    row: list[str],
    width: int,
    display: str,
    line: int,
    complete_end: bool,
    strict: bool,
) -> int:
    """A row whose field count differs from the header's: a truncated last line (its line number
    is returned, to be reported; fatal with ``strict``); fatal anywhere else."""
    last = next((r for r in rest if r and r != [""]), None) is None
    short = len(row) < width
    if last and short and not complete_end and not any("\n" in c or "\r" in c for c in row):
        if strict:
            raise InputError.at(
                display,
                f"truncated last line ({len(row)} fields); the file ends mid-row (--strict)",
                line,
            )
        return line
    if last and any("\n" in c or "\r" in c for c in row):
        start = line - ",".join(row).rstrip("\r\n").count("\n")
        raise InputError.at(display, "unterminated quoted field runs to the end of the file", start)
    raise InputError.at(display, f"row has {len(row)} fields; the header has {width}", line)
