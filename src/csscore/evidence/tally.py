"""What an evidence source was counted into: per district, issue and period, plus every row that
was left out and why (no location, outside the districts, unknown category, truncated line).

Periods are whole numbers: a month is ``year * 12 + month - 1`` (police.uk), a quarter is
``financial year start * 4 + quarter - 1`` (Home Office, quarter 1 = April to June).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from csscore.evidence.areas import Area, Areas, open_areas

#: Place markers for rows that belong to no district.
NO_LOCATION = "\0none"
OUTSIDE = "\0out:"
AMBIGUOUS_PLACE = "\0amb:"

Pairs = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Report:
    """Everything read, and everything not counted towards a district's issue."""

    source: str
    unit: str  # what the counts count: "rows" (police.uk) or "offences" (Home Office)
    files: tuple[str, ...]
    rows: int  # complete data rows read
    total: int  # units read (rows, or offences)
    by_category: Pairs  # crime type or offence group -> units
    by_area: Pairs  # district id -> units
    no_location: int
    outside: Pairs  # place name -> units (not one of the districts)
    ambiguous: Pairs  # place name matching several districts -> units
    unknown: Pairs  # category the mapping does not list -> units
    unmapped: Pairs  # category the mapping maps to no issue -> units
    truncated: tuple[str, ...]  # "file:line" of truncated last lines (not counted)
    duplicates: tuple[str, ...]  # files given more than once (read once)


@dataclass(frozen=True)
class Tally:
    """Counts per (district, issue) and period, for the districts of the run."""

    source: str
    period_months: int
    periods: tuple[int, ...]  # every period present in the data, ascending
    counts: Mapping[tuple[str, str], Mapping[int, int]]
    areas: tuple[Area, ...]
    issues: tuple[str, ...]
    report: Report

    def label(self, period: int) -> str:
        return period_label(period, self.period_months)

    def total(self, area: str, issue: str) -> int:
        return sum(self.counts.get((area, issue), {}).values())

    @property
    def without_data(self) -> tuple[str, ...]:
        """The districts of the run with no row at all in the files read, in run order (a
        district with rows, but none of an issue, has data: a count of zero)."""
        counted = {name for name, _ in self.report.by_area}
        return tuple(a.id for a in self.areas if a.id not in counted)


def period_label(period: int, months: int) -> str:
    """'2023-04' for a month; '2022/23 Q1' for a financial-year quarter."""
    if months == 1:
        return f"{period // 12:04d}-{period % 12 + 1:02d}"
    year, quarter = divmod(period, 4)
    return f"{year}/{(year + 1) % 100:02d} Q{quarter + 1}"


def _pairs(counter: Mapping[str, int]) -> Pairs:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def build_tally(
    *,
    source: str,
    unit: str,
    period_months: int,
    raw: Mapping[tuple[int, str, Hashable], int],
    issues_of: Callable[[Hashable], tuple[str, ...] | None],
    label_of: Callable[[Hashable], str],
    group_of: Callable[[Hashable], str],
    areas: Areas,
    names: Mapping[str, str],
    issues: tuple[str, ...],
    files: tuple[str, ...],
    rows: int,
    truncated: tuple[str, ...] = (),
    duplicates: tuple[str, ...] = (),
) -> Tally:
    """Turn raw counts keyed (period, place, category) into a Tally and its report."""
    counts: dict[tuple[str, str], dict[int, int]] = {}
    by_category: Counter[str] = Counter()
    by_area: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    no_location = 0
    periods = set()
    for (period, place, category), n in raw.items():
        periods.add(period)
        by_category[group_of(category)] += n
        targets = issues_of(category)
        if targets is None:
            unknown[label_of(category)] += n
        elif not targets:
            unmapped[label_of(category)] += n
        if place == NO_LOCATION:
            no_location += n
            continue
        if place.startswith(OUTSIDE):
            outside[place[len(OUTSIDE) :]] += n
            continue
        if place.startswith(AMBIGUOUS_PLACE):
            ambiguous[place[len(AMBIGUOUS_PLACE) :]] += n
            continue
        by_area[place] += n
        for issue in targets or ():
            series = counts.setdefault((place, issue), {})
            series[period] = series.get(period, 0) + n
    found = areas.given if not areas.is_open else open_areas(names)
    report = Report(
        source,
        unit,
        files,
        rows,
        sum(by_category.values()),
        _pairs(by_category),
        _pairs(by_area),
        no_location,
        _pairs(outside),
        _pairs(ambiguous),
        _pairs(unknown),
        _pairs(unmapped),
        truncated,
        duplicates,
    )
    return Tally(source, period_months, tuple(sorted(periods)), counts, found, issues, report)


def _listing(pairs: Pairs, limit: int = 8) -> str:
    shown = ", ".join(f"{name} {n:,}" for name, n in pairs[:limit])
    more = len(pairs) - limit
    return shown + (f", and {more} more" if more > 0 else "")


def summary(tally: Tally) -> list[str]:
    """The report of a run, one line per fact, for the terminal (stderr)."""
    r = tally.report
    unit = r.unit
    files = f"{len(r.files)} file{'s' * (len(r.files) != 1)}"
    if tally.periods:
        first, last = tally.label(tally.periods[0]), tally.label(tally.periods[-1])
        span = f"{first} to {last}, {len(tally.periods)} period{'s' * (len(tally.periods) != 1)} present"
    else:
        span = "no periods"
    read = f"{r.rows:,} rows" + (f" ({r.total:,} {unit})" if unit != "rows" else "")
    lines = [f"{r.source}: read {read} from {files}; {span}"]
    assigned = sum(n for _, n in r.by_area)
    detail = f" ({_listing(r.by_area)})" if r.by_area else ""
    lines.append(f"  counted in {len(r.by_area)} district(s): {assigned:,} {unit}{detail}")
    if tally.without_data:
        lines.append(
            f"  no data for {len(tally.without_data)} district(s) in the files read, not graded: "
            + ", ".join(tally.without_data)
        )
    lines.append(f"  no location (no LSOA or CSP): {r.no_location:,} {unit}")
    outside = sum(n for _, n in r.outside)
    detail = f" ({_listing(r.outside)})" if r.outside else ""
    lines.append(f"  outside the districts: {outside:,} {unit}{detail}")
    if r.ambiguous:
        total = sum(n for _, n in r.ambiguous)
        lines.append(
            f"  name matches several districts (not counted): {total:,} {unit} ({_listing(r.ambiguous)})"
        )
    total = sum(n for _, n in r.unknown)
    detail = f" ({_listing(r.unknown)})" if r.unknown else ""
    lines.append(f"  unknown category, counted towards no issue: {total:,} {unit}{detail}")
    total = sum(n for _, n in r.unmapped)
    detail = f" ({_listing(r.unmapped)})" if r.unmapped else ""
    lines.append(f"  mapped to no issue: {total:,} {unit}{detail}")
    if r.truncated:
        lines.append(
            f"  truncated last line, not counted: {len(r.truncated)} ({', '.join(r.truncated)})"
        )
    if r.duplicates:
        lines.append(f"  given twice, read once: {', '.join(r.duplicates)}")
    return lines
