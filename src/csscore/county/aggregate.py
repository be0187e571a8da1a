"""From scored districts to the county: the CSA's Appendix A counts, Appendix B top issues, the
county ranking, the districts' agreement and a proposed county priority set.

Counting rules:
- a district's *identified* issues are those it marks ``selected``; if it marks none, those ranked
  ``top`` or better;
- a CSP identifies a theme if any of its districts identifies any issue the theme covers; a CSP
  counts once per theme, however many of its districts or issues fall there;
- an issue the vocabulary does not know, or that no theme covers, is counted under "Unclassified"
  and reported by name, never dropped;
- districts marked ``in_csa = false`` in the manifest are left out of every county figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from csscore.county.ranking import (
    KEMENY_TIME,
    Concordance,
    Kemeny,
    borda,
    copeland,
    kemeny,
    kendall_w,
    pairwise_preferences,
    tau_matrix,
)
from csscore.errors import InputError, Problem
from csscore.model.csa import UNCLASSIFIED, Csa, CsaItem
from csscore.model.district import District
from csscore.model.numbers import JsonValue
from csscore.scoring.score import ScoredDistrict, rank_issues


@dataclass(frozen=True)
class Count:
    """How many CSPs identified a theme or issue, and which districts and CSPs."""

    name: str
    count: int
    districts: tuple[str, ...]
    csps: tuple[str, ...]
    detail: str = ""
    printed: int | None = None


@dataclass(frozen=True)
class CountyIssue:
    """One issue's place in the county ranking."""

    key: str  # vocabulary id, or the district's own name for an unknown issue
    name: str
    rank: int
    borda: float
    mean_rank: float
    median_rank: float
    weighted_risk: float | None
    copeland: int
    kemeny: int
    graded_by: int


@dataclass(frozen=True)
class Proposal:
    """A theme the data supports, or a CSA item it does not, and the verdict."""

    name: str
    count: int
    share: float
    verdict: str  # "agree", "add" or "drop"
    declared: tuple[str, ...]


@dataclass(frozen=True)
class County:
    """The county picture built from the districts of one CSA."""

    csa: Csa
    districts: tuple[ScoredDistrict, ...]
    excluded: tuple[str, ...]
    csps: tuple[str, ...]
    top: int
    by: str
    identified: dict[str, tuple[str, ...]]  # district id -> identified issue keys
    identified_by: dict[str, str]  # district id -> "selected" or "top N"
    counts: tuple[Count, ...]
    top_issues: tuple[Count, ...]
    ranking: tuple[CountyIssue, ...]
    kemeny: Kemeny
    concordance: Concordance
    ranks: (
        np.ndarray
    )  # district x issue (columns in the order of the issue universe), NaN: ungraded
    tau_to_county: np.ndarray  # per district
    unclassified: tuple[str, ...]
    population_note: str
    proposed: tuple[Proposal, ...]
    share: float

    @cached_property
    def tau(self) -> np.ndarray:
        """Kendall's tau-b between every pair of districts (district x district), computed when
        first asked for: it grows with the square of the districts, which nothing else does."""
        return tau_matrix(self.ranks) if len(self.ranks) else np.zeros((0, 0))

    def as_dict(self) -> dict[str, JsonValue]:
        """The documented JSON contract of ``csscore aggregate``."""
        from csscore.county.export import county_dict

        return county_dict(self)


def issue_keys(scored: ScoredDistrict, csa: Csa) -> list[str]:
    """Vocabulary id of each issue of a district, or its own name where unknown."""
    return [csa.vocabulary.lookup(name) or name for name in scored.assessment.issues]


def identify(scored: ScoredDistrict, keys: list[str], top: int) -> tuple[tuple[str, ...], str]:
    """A district's identified issue keys (selected, else ranked ``top`` or better) and which rule."""
    a = scored.assessment
    if any(a.selected):
        return tuple(k for k, s in zip(keys, a.selected, strict=True) if s), "selected"
    return tuple(k for k, r in zip(keys, scored.rank, strict=True) if r <= top), f"top {top}"


def _refuse_synonyms(
    included: Sequence[ScoredDistrict], keys: dict[str, list[str]], csa: Csa
) -> None:
    """Refuse a district that grades one vocabulary issue twice under two of its names (the
    county would otherwise take whichever row comes last)."""
    problems = []
    for s in included:
        a = s.assessment
        first: dict[str, int] = {}
        for i, key in enumerate(keys[a.district.id]):
            j = first.setdefault(key, i)
            if j != i:
                message = (
                    f"{a.issues[i]!r} is the same issue as {a.issues[j]!r} (row {a.rows[j]}) "
                    f"in the {csa.vocabulary.name} vocabulary; grade it once"
                )
                problems.append(Problem(a.source, message, a.rows[i], "issue"))
    if problems:
        raise InputError(problems)


def _count_rows(
    groups: Sequence[tuple[str, str, int | None, set[str]]],
    identified: dict[str, set[str]],
    districts: Sequence[District],
) -> tuple[Count, ...]:
    rows = []
    for name, detail, printed, keys in groups:
        hit = [d for d in districts if identified[d.id] & keys]
        csps = sorted({d.csp for d in hit})
        if csps:
            rows.append(
                Count(
                    name,
                    len(csps),
                    tuple(sorted(d.name for d in hit)),
                    tuple(csps),
                    detail,
                    printed,
                )
            )
    return tuple(sorted(rows, key=lambda c: (-c.count, c.name.casefold(), c.name)))


def aggregate(
    scored: Sequence[ScoredDistrict],
    csa: Csa,
    top: int = 5,
    by: str = "theme",
    share: float = 0.5,
    kemeny_time: float = KEMENY_TIME,
) -> County:
    """Aggregate scored districts into the county picture of a CSA; ``kemeny_time`` limits the
    seconds spent proving the Kemeny order optimal."""
    included = sorted(
        (s for s in scored if s.assessment.district.in_csa), key=lambda s: s.assessment.district.id
    )
    excluded = tuple(
        sorted(s.assessment.district.name for s in scored if not s.assessment.district.in_csa)
    )
    districts = [s.assessment.district for s in included]
    keys = {d.id: issue_keys(s, csa) for d, s in zip(districts, included, strict=True)}
    _refuse_synonyms(included, keys, csa)
    identified: dict[str, tuple[str, ...]] = {}
    how: dict[str, str] = {}
    for d, s in zip(districts, included, strict=True):
        identified[d.id], how[d.id] = identify(s, keys[d.id], top)
    sets = {k: set(v) for k, v in identified.items()}
    covered = {i for t in csa.themes for i in t.covers}
    all_identified: set[str] = set().union(*sets.values())
    unclassified = sorted(
        (k for k in all_identified if k not in covered),
        key=lambda k: (csa.vocabulary.display_name(k).casefold(), k),
    )
    if by == "theme":
        groups = [(t.name, t.including, t.printed_count, set(t.covers)) for t in csa.themes]
        if unclassified:
            groups.append(
                (
                    UNCLASSIFIED,
                    ", ".join(csa.vocabulary.display_name(k) for k in unclassified),
                    None,
                    set(unclassified),
                )
            )
    else:
        groups = [(csa.vocabulary.display_name(k), "", None, {k}) for k in all_identified]
    counts = _count_rows(groups, sets, districts)
    tops = {
        d.id: {k for k, r in zip(keys[d.id], s.rank, strict=True) if r <= top}
        for d, s in zip(districts, included, strict=True)
    }
    top_keys: set[str] = set().union(*tops.values())
    top_rows = []
    for k in top_keys:
        hit = [d for d in districts if k in tops[d.id]]
        top_rows.append(
            Count(
                csa.vocabulary.display_name(k),
                len(hit),
                tuple(sorted(d.name for d in hit)),
                tuple(sorted({d.csp for d in hit})),
            )
        )
    top_issues = tuple(sorted(top_rows, key=lambda c: (-c.count, c.name.casefold(), c.name)))
    ranking, kem, concordance, ranks, tau_county, note = _rank(included, keys, csa, kemeny_time)
    csp_names = tuple(sorted({d.csp for d in districts}))
    proposed = _propose(csa, sets, districts, share, len(csp_names)) if by == "theme" else ()
    return County(
        csa, tuple(included), excluded, csp_names, top, by, identified, how, counts, top_issues, ranking, kem,
        concordance, ranks, tau_county, tuple(map(csa.vocabulary.display_name, unclassified)), note,
        proposed, share,
    )  # fmt: skip


def _rank(
    included: Sequence[ScoredDistrict], keys: dict[str, list[str]], csa: Csa, kemeny_time: float
) -> tuple[tuple[CountyIssue, ...], Kemeny, Concordance, np.ndarray, np.ndarray, str]:
    universe = sorted(
        {k for ks in keys.values() for k in ks},
        key=lambda k: (csa.vocabulary.display_name(k).casefold(), k),
    )
    column = {k: i for i, k in enumerate(universe)}
    m, n = len(included), len(universe)
    ranks = np.full((m, n), np.nan)
    risk = np.full((m, n), np.nan)
    for d, s in enumerate(included):
        cols = [column[k] for k in keys[s.assessment.district.id]]
        ranks[d, cols] = s.rank
        low, high = s.matrix.risk_range()
        risk[d, cols] = (s.scores.risk - low) / (high - low) if high > low else 0.0
    points = borda(ranks)
    prefs = pairwise_preferences(ranks)
    cope = copeland(prefs)
    start = np.lexsort((np.arange(n), -points))
    # With no district in the CSA there are no issues, and no permutation for Kemeny to search.
    kem = (
        kemeny(prefs, start, kemeny_time)
        if n
        else Kemeny(np.zeros(0, np.int64), 0, True, 0, "no issues")
    )
    kemeny_pos = np.empty(n, dtype=np.int64)
    kemeny_pos[kem.order] = np.arange(1, n + 1)
    populations = [s.assessment.district.population for s in included]
    weighted: np.ndarray | None = None
    note = ""
    if m and all(p is not None for p in populations):
        weights = np.array(populations, dtype=float)[:, None] * np.isfinite(risk)
        with np.errstate(invalid="ignore"):
            weighted = np.nansum(risk * weights, axis=0) / weights.sum(axis=0)
    elif m:
        missing = [
            s.assessment.district.name
            for s, p in zip(included, populations, strict=True)
            if p is None
        ]
        note = "population-weighted risk not computed: no population for " + ", ".join(missing)
    zeros = np.zeros(n)
    order, county_rank = rank_issues(
        points, zeros, zeros, [csa.vocabulary.display_name(k) for k in universe]
    )
    rows = []
    for i in order:
        graded = ranks[:, i][np.isfinite(ranks[:, i])]
        rows.append(
            CountyIssue(
                universe[i], csa.vocabulary.display_name(universe[i]), int(county_rank[i]), float(points[i]),
                float(graded.mean()), float(np.median(graded)),
                None if weighted is None else float(weighted[i]),
                int(cope[i]), int(kemeny_pos[i]), len(graded),
            )
        )  # fmt: skip
    concordance = kendall_w(ranks)
    tau_county = tau_matrix(ranks, county_rank)[:, 0]  # shape (0,) when no district is in the CSA
    return tuple(rows), kem, concordance, ranks, tau_county, note


def _propose(
    csa: Csa, sets: dict[str, set[str]], districts: Sequence[District], share: float, csps: int
) -> tuple[Proposal, ...]:
    """Themes identified by at least ``share`` of CSPs, set against the CSA's declared items."""
    out: list[Proposal] = []
    supported: list[CsaItem] = []
    for theme in csa.themes:
        hit = {d.csp for d in districts if sets[d.id] & set(theme.covers)}
        fraction = len(hit) / csps if csps else 0.0
        if fraction >= share - 1e-12:
            supported.append(theme)
            declared = tuple(
                item.name for item in csa.declared if set(item.covers) & set(theme.covers)
            )
            out.append(
                Proposal(theme.name, len(hit), fraction, "agree" if declared else "add", declared)
            )
    for item in csa.declared:
        if not any(set(item.covers) & set(t.covers) for t in supported):
            hit = {d.csp for d in districts if sets[d.id] & set(item.covers)}
            out.append(
                Proposal(
                    item.name, len(hit), len(hit) / csps if csps else 0.0, "drop", (item.name,)
                )
            )
    return tuple(out)
