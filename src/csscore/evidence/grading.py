"""From counts to grades: rate per 1,000 population per year, trend, frequency (pure functions).

Trend rule (docs/evidence.md):

- If the periods present span 24 months or more (first to last, inclusive), compare the last 12
  months with the 12 months before them: **year on year**.
- Otherwise split the periods present into a first and a second half (the middle one left out
  when their number is odd) and compare the halves.
- Each side is a mean per period present, so a missing month does not read as a fall. The change
  is ``100 * (later / earlier - 1)`` percent. At or above ``increasing`` the trend is increasing,
  at or below ``decreasing`` it is decreasing, otherwise stable.
- Fewer than ``min_count`` crimes in the two sides together: stable, with the reason in the notes.
  None in the earlier side (and enough in the later): increasing, with no percent.
- Only one period present: no trend (blank grade, with the reason).

A district with no row at all in the files read gets no grade: its count, rate, change,
frequency and trend are blank and its note is :data:`NO_DATA`. A district with rows, but none of
an issue, has a count of zero and is graded from it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from csscore.evidence.mapping import EvidenceMapping, FrequencyRule, TrendRule
from csscore.evidence.tally import Tally

COLUMNS = (
    "district",
    "issue",
    "issue_id",
    "count",
    "rate_per_1000",
    "trend_change",
    "frequency",
    "trend",
    "notes",
)
#: The note of every row of a district that has no row in the files read.
NO_DATA = "no data for this district in the files read"


@dataclass(frozen=True)
class Windows:
    """The two sides a trend compares."""

    rule: str  # "year on year", "halves" or "none"
    earlier: tuple[int, ...]
    later: tuple[int, ...]
    description: str


@dataclass(frozen=True)
class EvidenceRow:
    """One line of the evidence CSV (``issue`` is the issue id, ``name`` the vocabulary's name)."""

    district: str
    issue: str
    name: str
    count: int | None  # None: the district has no data in the files read
    rate_per_1000: float | None  # per year
    trend_change: float | None  # percent
    frequency: str
    trend: str
    notes: str


def trend_windows(
    periods: Sequence[int], period_months: int, label: Callable[[int], str] = str
) -> Windows:
    """Which periods a trend compares (the rule in the module docstring)."""
    periods = sorted(set(periods))
    if len(periods) < 2:
        return Windows("none", (), (), "one period only: no trend")
    per_year = 12 // period_months
    last = periods[-1]
    if (last - periods[0] + 1) * period_months >= 24:
        later = tuple(p for p in periods if p > last - per_year)
        earlier = tuple(p for p in periods if last - 2 * per_year < p <= last - per_year)
        if earlier:
            text = (
                f"year on year: {label(last - per_year + 1)} to {label(last)} ({len(later)} present) "
                f"against {label(last - 2 * per_year + 1)} to {label(last - per_year)} ({len(earlier)} present)"
            )
            return Windows("year on year", earlier, later, text)
    half = len(periods) // 2
    earlier, later = tuple(periods[:half]), tuple(periods[-half:])
    text = (
        f"second half {label(later[0])} to {label(later[-1])} against "
        f"first half {label(earlier[0])} to {label(earlier[-1])}"
    )
    return Windows("halves", earlier, later, text)


def annual_rate(count: int, population: float | None, months: int) -> float | None:
    """Crimes per 1,000 population per year (the period scaled to twelve months)."""
    if population is None or population <= 0 or months <= 0:
        return None
    return count * (12 / months) * 1000 / population


def percent_change(earlier: int, later: int, n_earlier: int, n_later: int) -> float | None:
    """Percent change of the mean per period, later against earlier; None if earlier is 0."""
    if earlier == 0 or n_earlier == 0 or n_later == 0:
        return None
    return round(100 * ((later * n_earlier) / (earlier * n_later) - 1), 6)


def trend_grade(earlier: int, later: int, change: float | None, rule: TrendRule) -> tuple[str, str]:
    """(grade, reason) for a trend; the reason is empty when the change alone decides."""
    falling, steady, rising = rule.labels
    total = earlier + later
    if total < rule.min_count:
        return steady, f"trend: {total} in the compared periods, fewer than {rule.min_count}"
    if change is None:
        return rising, "trend: none in the earlier period"
    if change >= rule.increasing:
        return rising, ""
    if change <= rule.decreasing:
        return falling, ""
    return steady, ""


def fixed_grade(rate: float, rule: FrequencyRule) -> str:
    """The highest grade whose threshold the rate reaches."""
    rates = [low for _, low in rule.thresholds]
    return rule.thresholds[max(bisect.bisect_right(rates, rate) - 1, 0)][0]


def quantile_grades(values: Sequence[float], rule: FrequencyRule) -> list[str]:
    """Grade each value by its mid-rank percentile among ``values``, cut at ``rule.quantiles``.

    The mid-rank percentile of v is (number below v + half the number equal to v) / n, so equal
    values share a grade and n equal values all sit at the middle (0.5).
    """
    n = len(values)
    ordered = sorted(values)
    out = []
    for v in values:
        below = bisect.bisect_left(ordered, v)
        equal = bisect.bisect_right(ordered, v) - below
        percentile = (below + equal / 2) / n
        out.append(rule.labels[bisect.bisect_right(rule.quantiles, percentile)])
    return out


def grade_tally(tally: Tally, mapping: EvidenceMapping) -> tuple[list[EvidenceRow], Windows]:
    """Every (district, issue) of the run with its count, rate, trend and frequency grades."""
    windows = trend_windows(tally.periods, tally.period_months, tally.label)
    months = len(tally.periods) * tally.period_months
    frequency, trend = mapping.frequency, mapping.trend
    rows: list[EvidenceRow] = []
    without_data = set(tally.without_data)
    for area in tally.areas:
        for issue in tally.issues:
            name = mapping.labels.get(issue, issue)
            if area.id in without_data:
                rows.append(EvidenceRow(area.id, issue, name, None, None, None, "", "", NO_DATA))
                continue
            series = tally.counts.get((area.id, issue), {})
            count = sum(series.values())
            notes: list[str] = []
            rate = annual_rate(count, area.population, months)
            if area.population is None:
                notes.append("no population: no rate or frequency")
            change: float | None = None
            grade = ""
            if windows.rule == "none":
                notes.append("trend not assessed: one period of data")
            else:
                earlier = sum(series.get(p, 0) for p in windows.earlier)
                later = sum(series.get(p, 0) for p in windows.later)
                change = percent_change(earlier, later, len(windows.earlier), len(windows.later))
                grade, reason = trend_grade(earlier, later, change, trend)
                if reason:
                    notes.append(reason)
            rows.append(
                EvidenceRow(
                    area.id,
                    issue,
                    name,
                    count,
                    rate,
                    None if change is None else round(change, 1),
                    "" if rate is None else fixed_grade(rate, frequency),
                    grade,
                    "; ".join(notes),
                )
            )
    if frequency.method == "quantiles":
        rows = _by_quantiles(rows, tally.issues, frequency)
    return rows, windows


def _by_quantiles(
    rows: list[EvidenceRow], issues: Sequence[str], rule: FrequencyRule
) -> list[EvidenceRow]:
    """Regrade frequency per issue by quantiles across the districts that have a rate."""
    out = list(rows)
    for issue in issues:
        index = [i for i, r in enumerate(out) if r.issue == issue and r.rate_per_1000 is not None]
        if len(index) < rule.min_districts:
            note = (
                f"frequency by fixed thresholds: {len(index)} district(s) with a rate, "
                f"quantiles need {rule.min_districts}"
            )
            grades = [out[i].frequency for i in index]
        else:
            note = f"frequency by quantile among {len(index)} districts"
            grades = quantile_grades([out[i].rate_per_1000 or 0.0 for i in index], rule)
        for i, grade in zip(index, grades, strict=True):
            notes = "; ".join(n for n in (out[i].notes, note) if n)
            out[i] = replace(out[i], frequency=grade, notes=notes)
    return out
