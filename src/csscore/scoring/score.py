"""Vectorised MoRiLE-style scoring and ranking.

All functions take grade values shaped ``(..., factors)``: one district, many districts stacked,
or many Monte Carlo draws, scored by the same array operations with no loop per issue.

Ranking rule: risk descending, then harm descending, then likelihood descending. Issues equal on
all three share the best rank of their group (1, 2, 2, 4; see :mod:`csscore.scoring.ranks`);
within a tie they are listed alphabetically.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix, apply_rule
from csscore.model.numbers import JsonValue, json_number
from csscore.model.text import issue_key
from csscore.scoring.ranks import competition_order


@dataclass(frozen=True, eq=False)
class Scores:
    """Scores of a set of issues; every array has the leading shape of the input values."""

    harm: np.ndarray
    likelihood: np.ndarray
    risk: np.ndarray
    band: np.ndarray  # index into matrix.bands
    position: np.ndarray | None  # None when the matrix has no position section
    grade: np.ndarray | None  # index into matrix.grades
    gap: np.ndarray  # bool


def combine(matrix: Matrix, values: np.ndarray, section_id: str) -> np.ndarray:
    """Combine the factor values of one section by the section's rule."""
    part = values[..., matrix.indices(section_id)]
    return apply_rule(matrix.rule(section_id), part, matrix.weights(section_id))


def threshold_index(minimums: Sequence[float], scores: np.ndarray) -> np.ndarray:
    """Index of the band (or grade) each score falls in: the last threshold at or below it."""
    return np.searchsorted(np.asarray(minimums, dtype=float), scores, side="right") - 1


def score_values(matrix: Matrix, values: np.ndarray) -> Scores:
    """Score grade values of shape (..., factors)."""
    harm = combine(matrix, values, "harm")
    likelihood = combine(matrix, values, "likelihood")
    risk = harm * likelihood
    band = threshold_index([b.min for b in matrix.bands], risk)
    gap_band = np.isin(band, [i for i, b in enumerate(matrix.bands) if b.label in matrix.gap_bands])
    position = grade = None
    gap = np.zeros(risk.shape, dtype=bool)
    if matrix.has_position:
        position = combine(matrix, values, "position")
        grade = threshold_index([g.min for g in matrix.grades], position)
        gap_grade = np.isin(
            grade, [i for i, g in enumerate(matrix.grades) if g.label in matrix.gap_grades]
        )
        gap = gap_band & gap_grade
    return Scores(harm, likelihood, risk, band, position, grade, gap)


def rank_issues(
    risk: np.ndarray, harm: np.ndarray, likelihood: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(order, rank): the listing order and each issue's shared competition rank (1-based)."""
    alphabetical = np.empty(len(names), dtype=np.int64)
    alphabetical[sorted(range(len(names)), key=lambda i: (issue_key(names[i]), names[i]))] = (
        np.arange(len(names))
    )
    return competition_order((risk, harm, likelihood), alphabetical)


@dataclass(frozen=True)
class ScoredIssue:
    """One issue's scores, as reported."""

    issue: str
    harm: float
    likelihood: float
    risk: float
    band: str
    position: float | None
    grade: str | None
    gap: bool
    confidence: str
    selected: bool
    rank: int
    notes: str
    contested: bool | None = None  # None for a district without partners


@dataclass(frozen=True, eq=False)
class ScoredDistrict:
    """A district's assessment with its scores and ranks."""

    assessment: DistrictAssessment
    scores: Scores
    rank: np.ndarray  # per issue, in file order
    order: np.ndarray  # issue indices in listing order

    @property
    def matrix(self) -> Matrix:
        return self.assessment.matrix

    def issue(self, i: int) -> ScoredIssue:
        """Scores of the issue at file index i."""
        s, m, a = self.scores, self.matrix, self.assessment
        return ScoredIssue(
            a.issues[i],
            float(s.harm[i]),
            float(s.likelihood[i]),
            float(s.risk[i]),
            m.bands[int(s.band[i])].label,
            None if s.position is None else float(s.position[i]),
            None if s.grade is None else m.grades[int(s.grade[i])].label,
            bool(s.gap[i]),
            a.confidence[i],
            a.selected[i],
            int(self.rank[i]),
            a.notes[i],
            None if a.partnership is None else bool(a.partnership.contested[i]),
        )

    def ranked(self, top: int | None = None) -> list[ScoredIssue]:
        """Issues in rank order; with ``top``, those ranked ``top`` or better (ties kept)."""
        rows = self._ranked
        return list(rows) if top is None else [r for r in rows if r.rank <= top]

    @cached_property
    def _ranked(self) -> tuple[ScoredIssue, ...]:
        s, m, a = self.scores, self.matrix, self.assessment
        # whole columns as Python numbers at once: one conversion per array, not per cell
        bands = [m.bands[k].label for k in s.band.tolist()]
        none = [None] * len(bands)
        grades = none if s.grade is None else [m.grades[k].label for k in s.grade.tolist()]
        position = none if s.position is None else s.position.astype(float).tolist()
        harm, likelihood, risk = (s.harm.astype(float).tolist(), s.likelihood.astype(float).tolist(),
                                  s.risk.astype(float).tolist())  # fmt: skip
        gap, rank = s.gap.astype(bool).tolist(), self.rank.astype(np.int64).tolist()
        partners = a.partnership
        contested = none if partners is None else np.asarray(partners.contested, bool).tolist()
        return tuple(
            ScoredIssue(
                a.issues[i], harm[i], likelihood[i], risk[i], bands[i], position[i], grades[i],
                gap[i], a.confidence[i], a.selected[i], rank[i], a.notes[i], contested[i],
            )
            for i in self.order.tolist()
        )  # fmt: skip

    def as_dict(self, top: int | None = None) -> dict[str, JsonValue]:
        """The documented JSON contract of ``csscore score``: the district, its matrix and its
        issues in rank order (with ``top``, those ranked ``top`` or better)."""
        m = self.matrix
        issues: list[JsonValue] = [
            {
                "issue": r.issue,
                "harm": json_number(r.harm),
                "likelihood": json_number(r.likelihood),
                "risk": json_number(r.risk),
                "band": r.band,
                "position": json_number(r.position),
                "grade": r.grade,
                "gap": r.gap,
                "confidence": r.confidence or None,
                "selected": r.selected,
                "rank": r.rank,
                **({} if r.contested is None else {"contested": r.contested}),
            }
            for r in self.ranked(top)
        ]
        return {
            "district": self.assessment.district.name,
            "matrix": {"name": m.name, "version": m.version},
            "issues": issues,
        }


def score_districts(assessments: Sequence[DistrictAssessment]) -> list[ScoredDistrict]:
    """Score many districts with one array operation per matrix, and rank them all with one
    sort (district, then the ranking rule, then the alphabetical tie order of the names)."""
    out: list[ScoredDistrict | None] = [None] * len(assessments)
    by_matrix: dict[int, list[int]] = {}
    for i, a in enumerate(assessments):
        by_matrix.setdefault(id(a.matrix), []).append(i)
    for members in by_matrix.values():
        matrix = assessments[members[0]].matrix
        levels = np.concatenate([assessments[i].levels for i in members], dtype=np.intp)
        table = matrix.value_table
        levels += np.arange(levels.shape[1]) * table.shape[1]  # a fresh copy: index in place
        scores = score_values(matrix, table.ravel().take(levels))
        sizes = np.array([len(assessments[i].issues) for i in members])
        starts = np.concatenate([[0], np.cumsum(sizes)])
        district = np.repeat(np.arange(len(members)), sizes)
        names = [assessments[i].issues for i in members]
        order, key = _district_order(district, scores, names, _whole(matrix))
        new_group = np.ones(len(order), dtype=bool)
        if key is not None:
            new_group[1:] = key[1:] != key[:-1]
        else:
            s = scores
            keys = np.stack([district[order], s.risk[order], s.harm[order], s.likelihood[order]])
            new_group[1:] = np.any(keys[:, 1:] != keys[:, :-1], axis=0)
        sorted_rank = np.maximum.accumulate(np.where(new_group, np.arange(len(order)), 0))
        sorted_rank = sorted_rank - starts[district[order]] + 1
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = sorted_rank
        local = order - starts[district[order]]
        h, lk, r, b, gap, ranks, orders = (
            _rows(x, starts, sizes)
            for x in (scores.harm, scores.likelihood, scores.risk, scores.band, scores.gap, rank,
                      local)
        )  # fmt: skip
        none: list[np.ndarray | None] = [None] * len(members)
        p = none if scores.position is None else [*_rows(scores.position, starts, sizes)]
        g = none if scores.grade is None else [*_rows(scores.grade, starts, sizes)]
        # built through __dict__: a frozen dataclass's __init__ sets each field through
        # object.__setattr__, a microsecond a field, 350 times over at national scale
        new = object.__new__
        for k, i in enumerate(members):
            sub = new(Scores)
            sub.__dict__.update(
                harm=h[k], likelihood=lk[k], risk=r[k], band=b[k], position=p[k], grade=g[k],
                gap=gap[k],
            )  # fmt: skip
            done = out[i] = new(ScoredDistrict)
            done.__dict__.update(
                assessment=assessments[i], scores=sub, rank=ranks[k], order=orders[k]
            )
    return [s for s in out if s is not None]


def _rows(x: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """Each district's part of an array of stacked rows, as views."""
    if len(sizes) and np.all(sizes == sizes[0]):  # districts of one issue list: one reshape
        return list(x.reshape(len(sizes), int(sizes[0])))
    return [x[lo:hi] for lo, hi in itertools.pairwise(starts.tolist())]


def _whole(matrix: Matrix) -> bool:
    """Whether every harm, likelihood and risk the matrix can give is a whole number."""
    values = matrix.value_table[np.isfinite(matrix.value_table)]
    weights = np.array([f.weight for f in matrix.factors])
    return bool(np.all(values == np.round(values)) and np.all(weights == np.round(weights)))


def _district_order(
    district: np.ndarray, scores: Scores, names: Sequence[tuple[str, ...]], whole: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Rows sorted by district, then risk, harm and likelihood descending, then name; and, for
    whole-number scores, the sorted integer key of (district, risk, harm, likelihood)."""
    alphabet: dict[int, tuple[tuple[str, ...], np.ndarray]] = {}  # by id: districts share names
    parts_of = []
    for issues in names:
        known = alphabet.get(id(issues))
        if known is None or known[0] is not issues:
            ranked = sorted(range(len(issues)), key=lambda i: (issue_key(issues[i]), issues[i]))
            place = np.empty(len(issues), dtype=np.int64)
            place[ranked] = np.arange(len(issues))
            known = alphabet[id(issues)] = (issues, place)
        parts_of.append(known[1])
    alphabetical = np.concatenate(parts_of)
    risk, harm, likelihood = scores.risk, scores.harm, scores.likelihood
    parts = (risk, harm, likelihood)
    if whole and len(risk):
        # whole numbers (every shipped matrix): one integer key and one sort
        key = district.astype(np.int64)
        for x in parts:
            lo, hi = int(x.min()), int(x.max())
            if (hi - lo + 1) * (int(key.max()) + 1) > 2**40:
                break
            key = key * (hi - lo + 1) + (hi - x.astype(np.int64))
        else:
            width = int(alphabetical.max()) + 1
            rows = len(key)
            if (int(key.max()) + 1) * width * rows < 2**62:  # unique keys: any sort is stable
                order = np.argsort((key * width + alphabetical) * rows + np.arange(rows))
                return order, key[order]
    return np.lexsort((alphabetical, -likelihood, -harm, -risk, district)), None


def score_district(assessment: DistrictAssessment) -> ScoredDistrict:
    """Score one district."""
    return score_districts([assessment])[0]
