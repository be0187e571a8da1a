"""Fill the ``frequency`` and ``trend`` cells of a district CSV from evidence, byte for byte.

Only the bytes of the two cells change: every other cell, quote, delimiter, line ending and the
BOM stay exactly as they were. A non-empty cell (an analyst's grade) is kept unless
``overwrite`` is set; a cell that already holds the same grade is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from csscore.config.tables import decode_text
from csscore.errors import InputError

FILLED_COLUMNS = ("frequency", "trend")
BOM = "\ufeff"

Span = tuple[int, int]


@dataclass(frozen=True)
class FillResult:
    """What filling one district file did."""

    file: str
    content: bytes | None  # the new file, or None when nothing changed
    filled: int = 0  # cells written
    same: int = 0  # cells that already held the evidence grade
    kept: tuple[str, ...] = field(default=())  # analyst grades kept (no --overwrite)
    replaced: tuple[str, ...] = field(default=())  # analyst grades replaced (--overwrite)
    unknown: tuple[str, ...] = field(default=())  # issue names the vocabulary does not know
    blank: int = 0  # cells with no evidence grade to give (no population, one period)


def records(text: str, delimiter: str) -> list[list[Span]]:
    """The (start, end) offsets of every field of every record, as a CSV reader would split them."""
    out: list[list[Span]] = []
    record: list[Span] = []
    start = i = 0
    n = len(text)
    quoted = False
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == delimiter:
            record.append((start, i))
            start = i + 1
        elif ch in "\r\n":
            record.append((start, i))
            out.append(record)
            record = []
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < n or record:
        record.append((start, n))
        out.append(record)
    return out


def value(text: str, span: Span) -> str:
    """The cell text of a field: outer quotes removed, doubled quotes undone, trimmed."""
    raw = text[span[0] : span[1]].strip()
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        raw = raw[1:-1].replace('""', '"')
    return raw.strip()


def _quote(cell: str, delimiter: str) -> str:
    if any(c in cell for c in (delimiter, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def fill_csv(
    data: bytes,
    display: str,
    grades: Mapping[str, tuple[str, str]],
    lookup: Callable[[str], str | None],
    same_grade: Callable[[str, str, str], bool],
    overwrite: bool = False,
) -> FillResult:
    """Fill one district CSV.

    ``grades`` maps an issue id to its (frequency, trend) evidence grades ('' = none); ``lookup``
    turns the file's issue name into an issue id; ``same_grade(column, a, b)`` says whether two
    cells name the same grade.
    """
    text = decode_text(data, display)
    bom = data.startswith(b"\xef\xbb\xbf")
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [r for r in records(text, delimiter) if any(value(text, s) for s in r)]
    if not rows:
        raise InputError.at(display, "file is empty")
    header = [value(text, s).casefold() for s in rows[0]]
    if "issue" not in header:
        raise InputError.at(display, "no 'issue' column; cannot match rows to evidence", 1)
    columns = {c: header.index(c) for c in FILLED_COLUMNS if c in header}
    if not columns:
        raise InputError.at(display, "no 'frequency' or 'trend' column to fill", 1)
    issue_at = header.index("issue")
    partner_at = header.index("partner") if "partner" in header else None
    edits: list[tuple[int, int, str]] = []
    filled = same = blank = 0
    kept: list[str] = []
    replaced: list[str] = []
    unknown: list[str] = []
    for spans in rows[1:]:
        if issue_at >= len(spans):
            continue
        name = value(text, spans[issue_at])
        issue = lookup(name)
        if issue is None:
            unknown.append(name)
            continue
        if issue not in grades:
            continue
        if partner_at is not None and partner_at < len(spans):
            name = f"{name} ({value(text, spans[partner_at])})"
        for column, index in columns.items():
            new = grades[issue][FILLED_COLUMNS.index(column)]
            if index >= len(spans):
                continue
            if not new:
                blank += 1
                continue
            old = value(text, spans[index])
            if old and same_grade(column, old, new):
                same += 1
                continue
            if old and not overwrite:
                kept.append(f"{name}: {column} {old!r} kept (evidence: {new!r})")
                continue
            if old:
                replaced.append(f"{name}: {column} {old!r} -> {new!r}")
            start, end = spans[index]
            edits.append((start, end, _quote(new, delimiter)))
            filled += 1
    content = None
    if edits:
        out = text
        for start, end, cell in sorted(edits, reverse=True):
            out = out[:start] + cell + out[end:]
        content = ((BOM if bom else "") + out).encode("utf-8")
    return FillResult(
        display, content, filled, same, tuple(kept), tuple(replaced), tuple(unknown), blank
    )
