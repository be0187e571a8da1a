"""Finding the header in a workbook as analysts keep it: title rows, several sheets, labels.

The header is the first row (of the first 20 non-empty ones) that names the issue column and
every factor of the matrix, each by its id or by its label as the legend prints it (case,
spaces, hyphens and underscores ignored). Rows above it are titles, skipped and reported. In a
workbook the sheet is the first visible one whose header matches, or the one ``--sheet`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from csscore.errors import InputError
from csscore.model.matrix import Matrix
from csscore.model.text import label_key

#: How many non-empty rows are searched for the header.
HEADER_SEARCH_ROWS = 20
OPTIONAL = ("confidence", "selected", "notes", "partner")

Record = tuple[int, tuple[str, ...]]
Matcher = Callable[[Sequence[str]], bool]


def column_names(matrix: Matrix) -> dict[str, str]:
    """{folded header text: column name} for the issue, factor and optional columns."""
    names = {label_key(f.label): f.id for f in matrix.factors}
    names.update({label_key(f.id): f.id for f in matrix.factors})
    names.update({c: c for c in ("issue", *OPTIONAL)})
    return names


def header_matcher(matrix: Matrix) -> Matcher:
    """A test of whether a row is the matrix's header row."""
    names = column_names(matrix)
    needed = {"issue", *matrix.factor_ids}

    def matches(cells: Sequence[str]) -> bool:
        found = {names.get(label_key(c)) for c in cells if c.strip()}
        return needed <= found

    return matches


def looks_like_title(cells: Sequence[str]) -> bool:
    return sum(1 for c in cells if c.strip()) == 1


@dataclass(frozen=True)
class Found:
    """Where the header of one table is: its index among the records, and what was skipped."""

    index: int
    notices: tuple[str, ...]


def find_header(
    records: Sequence[Record], matcher: Matcher | None, display: str, where: str = ""
) -> Found | None:
    """The header among the first non-empty rows; None when no row matches."""
    if matcher is None:
        return Found(0, ())
    for i, (number, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if matcher(cells):
            if not i:
                return Found(0, ())
            first = records[0][0]
            span = f"row {first}" if i == 1 else f"rows {first}-{records[i - 1][0]}"
            title = next(c for c in records[0][1] if c.strip()).strip()
            shown = title if len(title) <= 60 else title[:59] + "…"
            return Found(
                i, (f"{display}: skipped {span} above the header (row {number}){where}: {shown!r}",)
            )
    return None


def fallback(
    records: Sequence[Record], display: str, where: str = "", among_sheets: bool = False
) -> Found:
    """No row named the matrix's columns: take the first row as the header (so its columns are
    reported as unknown or missing), unless it looks like a title, which is refused (a lone
    one-cell row too when no sheet of a workbook matched: a cover sheet)."""
    number, cells = records[0]
    if looks_like_title(cells) and (len(records) > 1 or among_sheets):
        raise InputError.at(
            display,
            f"row {number} looks like a title; no header row found in the first "
            f"{HEADER_SEARCH_ROWS} rows{where} (a header names the issue column and every factor)",
            number,
        )
    return Found(0, ())


def sheet_phrase(title: str) -> str:
    return f" of sheet {title!r}"


@dataclass(frozen=True)
class Sheet:
    title: str
    hidden: bool
    records: Callable[[], list[Record]]


def choose_sheet(
    sheets: Sequence[Sheet], matcher: Matcher | None, display: str, wanted: str | None
) -> tuple[Sheet, list[Record], Found]:
    """The sheet to read: the one named, else the first visible one whose header matches."""
    if wanted is not None:
        chosen = next((s for s in sheets if s.title == wanted), None)
        chosen = chosen or next(
            (s for s in sheets if s.title.casefold() == wanted.casefold()), None
        )
        if chosen is None:
            names = ", ".join(repr(s.title) for s in sheets)
            raise InputError.at(display, f"no sheet {wanted!r}; the workbook has {names}")
        records = _nonempty(chosen, display)
        where = sheet_phrase(chosen.title)
        found = find_header(records, matcher, display, where)
        return chosen, records, found or fallback(records, display, where)
    skipped: list[str] = []
    first: tuple[Sheet, list[Record]] | None = None
    for i, sheet in enumerate(sheets):
        if sheet.hidden:
            skipped.append(sheet.title)
            continue
        records = sheet.records()
        if not records:
            continue
        first = first or (sheet, records)
        found = find_header(records, matcher, display, sheet_phrase(sheet.title))
        if found is not None:
            notes = tuple(f"{display}: skipped hidden sheet {t!r}" for t in skipped)
            also = _also_matching(sheets[i + 1 :], matcher)
            if also:
                notes += (_which_sheet(display, sheet.title, also, sheets),)
            return sheet, records, Found(found.index, notes + found.notices)
    if first is None:
        hidden = f" (hidden sheets skipped: {', '.join(map(repr, skipped))})" if skipped else ""
        raise InputError.at(display, f"first sheet is empty{hidden}")
    sheet, records = first
    hidden = f" (hidden sheets skipped: {', '.join(map(repr, skipped))}; --sheet reads one)"
    where = sheet_phrase(sheet.title) + (hidden if skipped else "")
    visible = sum(1 for s in sheets if not s.hidden)
    return sheet, records, fallback(records, display, where, among_sheets=visible > 1)


def _also_matching(rest: Sequence[Sheet], matcher: Matcher | None) -> list[str]:
    """The titles of the later visible sheets whose header also matches."""
    if matcher is None:
        return []
    return [
        s.title
        for s in rest
        if not s.hidden and any(matcher(cells) for _, cells in s.records()[:HEADER_SEARCH_ROWS])
    ]


def _which_sheet(display: str, title: str, also: Sequence[str], sheets: Sequence[Sheet]) -> str:
    """The one line saying which of several matching sheets was read, and how to read another;
    a county workbook (one with a ``Districts`` sheet) is said to be one."""
    others = ", ".join(map(repr, also))
    if any(s.title.casefold() == "districts" for s in sheets):
        return (
            f"{display}: a county workbook (it has a Districts sheet); read its first district "
            f"sheet, {title!r}, alone; --sheet NAME reads another ({others})"
        )
    verb = "matches" if len(also) == 1 else "match"
    return f"{display}: read sheet {title!r}; {others} also {verb}; --sheet NAME reads another"


def _nonempty(sheet: Sheet, display: str) -> list[Record]:
    records = sheet.records()
    if not records:
        raise InputError.at(display, f"sheet {sheet.title!r} is empty")
    return records


def trim_columns(header: tuple[str, ...]) -> int:
    """The header's width without its trailing empty cells."""
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    return width


def rows_of(values: Iterator[tuple[str, ...]]) -> list[Record]:
    """Numbered non-empty rows."""
    return [(n, cells) for n, cells in enumerate(values, start=1) if any(c.strip() for c in cells)]
