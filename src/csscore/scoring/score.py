"""Vectorised MoRiLE-style scoring and ranking.

All functions take grade values shaped ``(..., factors)``: one district, many districts stacked,
or many Monte Carlo draws, scored by the same array operations with no loop per issue.

Ranking rule: risk descending, then harm descending, then likelihood descending. Issues equal on
all three share the best rank of their group (1, 2, 2, 4; see :mod:`csscore.scoring.ranks`);
within a tie they are listed alphabetically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
        )

    def ranked(self, top: int | None = None) -> list[ScoredIssue]:
        """Issues in rank order; with ``top``, those ranked ``top`` or better (ties kept)."""
        rows = [self.issue(int(i)) for i in self.order]
        return rows if top is None else [r for r in rows if r.rank <= top]

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
            }
            for r in self.ranked(top)
        ]
        return {
            "district": self.assessment.district.name,
            "matrix": {"name": m.name, "version": m.version},
            "issues": issues,
        }


def score_districts(assessments: Sequence[DistrictAssessment]) -> list[ScoredDistrict]:
    """Score many districts with one array operation per matrix."""
    out: list[ScoredDistrict | None] = [None] * len(assessments)
    by_matrix: dict[int, list[int]] = {}
    for i, a in enumerate(assessments):
        by_matrix.setdefault(id(a.matrix), []).append(i)
    for members in by_matrix.values():
        matrix = assessments[members[0]].matrix
        values = np.concatenate([assessments[i].values for i in members])
        scores = score_values(matrix, values)
        start = 0
        for i in members:
            a = assessments[i]
            part = slice(start, start + len(a.issues))
            start = part.stop
            sub = Scores(
                scores.harm[part],
                scores.likelihood[part],
                scores.risk[part],
                scores.band[part],
                None if scores.position is None else scores.position[part],
                None if scores.grade is None else scores.grade[part],
                scores.gap[part],
            )
            order, rank = rank_issues(sub.risk, sub.harm, sub.likelihood, a.issues)
            out[i] = ScoredDistrict(a, sub, rank, order)
    return [s for s in out if s is not None]


def score_district(assessment: DistrictAssessment) -> ScoredDistrict:
    """Score one district."""
    return score_districts([assessment])[0]
