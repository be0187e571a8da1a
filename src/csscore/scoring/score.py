"""Vectorised MoRiLE-style scoring and ranking.

All functions take grade values shaped ``(..., factors)``: one district, many districts stacked,
or many Monte Carlo draws, scored by the same array operations with no loop per issue.

Ranking rule: risk descending, then harm descending, then likelihood descending. Issues equal on
all three share the best rank of their group (1, 2, 2, 4; see :mod:`csscore.scoring.ranks`);
within a tie they are listed alphabetically.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np
from numpy.typing import DTypeLike

from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix, Threshold, apply_rule
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
    return _scores(matrix, lambda section: values[..., matrix.indices(section)])


def score_levels(matrix: Matrix, levels: np.ndarray | Sequence[np.ndarray]) -> Scores:
    """Score level indices of shape (..., factors), or a sequence of such arrays of one shape
    stacked here (districts of one issue list): the scores of their values, each section's values
    looked up from the matrix's value table without building the values of every factor."""
    # the levels as small indices into the value table, made in one pass: a few hundred KB at
    # national scale where int64 levels and float64 values of every factor take MB
    dtype = _code_type(matrix)
    if isinstance(levels, np.ndarray):
        codes = levels.astype(dtype)
    else:
        codes = np.stack(levels, dtype=dtype, casting="unsafe")
    codes += _code_offsets(matrix, dtype)
    flat = matrix.value_table.ravel()
    return _scores(matrix, lambda section: flat[codes[..., matrix.indices(section)]])


def _code_type(matrix: Matrix) -> type[np.signedinteger]:
    """The smallest signed integer holding an index into ``matrix.value_table.ravel()`` (a level,
    -1 included, plus its factor's offset)."""
    size = matrix.value_table.size
    return np.int8 if size < 2**7 else np.int16 if size < 2**15 else np.int64


def _code_offsets(matrix: Matrix, dtype: DTypeLike) -> np.ndarray:
    """Each factor's offset into ``matrix.value_table.ravel()``: level k of factor f is found at
    ``f * width + k``."""
    table = matrix.value_table
    offsets: np.ndarray = (np.arange(table.shape[0]) * table.shape[1]).astype(dtype)
    return offsets


def _scores(matrix: Matrix, part: Callable[[str], np.ndarray]) -> Scores:
    """Scores from each section's factor values, ``part(section_id)``, shaped (..., factors in
    the section): the one place scores are computed from values."""

    def section(section_id: str) -> np.ndarray:
        return apply_rule(matrix.rule(section_id), part(section_id), matrix.weights(section_id))

    harm, likelihood = section("harm"), section("likelihood")
    risk = harm * likelihood
    band = threshold_index([b.min for b in matrix.bands], risk)
    position = grade = None
    gap = np.zeros(risk.shape, dtype=bool)
    if matrix.has_position:
        position = section("position")
        grade = threshold_index([g.min for g in matrix.grades], position)
        gap = _member(matrix.bands, matrix.gap_bands)[band]
        gap &= _member(matrix.grades, matrix.gap_grades)[grade]
    return Scores(harm, likelihood, risk, band, position, grade, gap)


def _member(thresholds: Sequence[Threshold], labels: frozenset[str]) -> np.ndarray:
    """Whether each threshold's label is one of ``labels``, indexed by threshold index (every
    score has one: the matrix reader refuses thresholds that start above the lowest score)."""
    return np.array([t.label in labels for t in thresholds], dtype=bool)


def rank_issues(
    risk: np.ndarray, harm: np.ndarray, likelihood: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(order, rank): the listing order and each issue's shared competition rank (1-based)."""
    return competition_order((risk, harm, likelihood), alphabetical_places(names))


def alphabetical_places(names: Sequence[str]) -> np.ndarray:
    """Each name's place (0-based) in the alphabetical order that lists tied issues."""
    place = np.empty(len(names), dtype=np.int64)
    place[sorted(range(len(names)), key=lambda i: (issue_key(names[i]), names[i]))] = np.arange(
        len(names)
    )
    return place


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


@dataclass(frozen=True)
class RankedColumns:
    """A district's issues in rank order, a list per field of :class:`ScoredIssue` (in its
    order)."""

    issue: list[str]
    harm: list[float]
    likelihood: list[float]
    risk: list[float]
    band: list[str]
    position: list[float] | list[None]
    grade: list[str] | list[None]
    gap: list[bool]
    confidence: list[str]
    selected: list[bool]
    rank: list[int]
    notes: list[str]
    contested: list[bool] | list[None]

    def issues(self) -> list[ScoredIssue]:
        lists = [getattr(self, f.name) for f in fields(self)]
        return [ScoredIssue(*row) for row in zip(*lists, strict=True)]


@dataclass(frozen=True, eq=False)
class _Batch:
    """Districts scored together (one matrix, one number of issues): a row per district."""

    scores: Scores  # every array shaped (districts, issues)
    rank: np.ndarray
    order: np.ndarray


@dataclass(frozen=True, eq=False)
class ScoredDistrict:
    """A district's assessment with its scores and ranks: ``scores``, ``rank`` (per issue, in
    file order) and ``order`` (issue indices in listing order) are its row of the arrays it was
    scored with, taken when first asked for."""

    assessment: DistrictAssessment
    _batch: _Batch
    _row: int

    @cached_property
    def scores(self) -> Scores:
        s, k = self._batch.scores, self._row
        return Scores(
            s.harm[k], s.likelihood[k], s.risk[k], s.band[k],
            None if s.position is None else s.position[k], None if s.grade is None else s.grade[k],
            s.gap[k],
        )  # fmt: skip

    @cached_property
    def rank(self) -> np.ndarray:
        row: np.ndarray = self._batch.rank[self._row]
        return row

    @cached_property
    def order(self) -> np.ndarray:
        row: np.ndarray = self._batch.order[self._row]
        return row

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
        if top is None:
            return list(self._ranked)
        if "_ranked" in self.__dict__:
            return [r for r in self._ranked if r.rank <= top]
        return self.columns(top).issues()

    def columns(self, top: int | None = None) -> RankedColumns:
        """The fields of :meth:`ranked`'s issues, a list per field: what a table of the
        district is made of, without an object per issue."""
        every = self._columns
        if top is None:
            return every
        count = bisect.bisect_right(every.rank, top)  # ranks never decrease down the listing
        return RankedColumns(*(getattr(every, f.name)[:count] for f in fields(every)))

    @cached_property
    def _columns(self) -> RankedColumns:
        return self._columns_of(self.order)

    def _columns_of(self, order: np.ndarray) -> RankedColumns:
        s, m, a = self.scores, self.matrix, self.assessment
        # whole columns as Python numbers at once: one conversion per array, not per cell
        at = order.tolist()
        bands = [b.label for b in m.bands]
        grades = [g.label for g in m.grades]
        none: list[None] = [None] * len(at)
        partners = a.partnership
        return RankedColumns(
            [a.issues[i] for i in at],
            s.harm[order].astype(float).tolist(),
            s.likelihood[order].astype(float).tolist(),
            s.risk[order].astype(float).tolist(),
            [bands[k] for k in s.band[order].tolist()],
            none if s.position is None else s.position[order].astype(float).tolist(),
            none if s.grade is None else [grades[k] for k in s.grade[order].tolist()],
            s.gap[order].astype(bool).tolist(),
            [a.confidence[i] for i in at],
            [a.selected[i] for i in at],
            self.rank[order].astype(np.int64).tolist(),
            [a.notes[i] for i in at],
            none if partners is None else np.asarray(partners.contested, bool)[order].tolist(),
        )

    @cached_property
    def _ranked(self) -> tuple[ScoredIssue, ...]:
        return tuple(self._columns.issues())

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
    """Score many districts with one array operation per matrix and number of issues, and rank
    them with one call of the tie rule (:func:`csscore.scoring.ranks.competition_order`), a
    district to a row, tied issues listed in the alphabetical order of their names."""
    out: list[ScoredDistrict | None] = [None] * len(assessments)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(assessments):
        groups.setdefault((id(a.matrix), len(a.issues)), []).append(i)
    new = object.__new__
    for members in groups.values():
        matrix = assessments[members[0]].matrix
        scores = score_levels(matrix, [assessments[i].levels for i in members])
        tiebreak = _alphabetical([assessments[i].issues for i in members])
        order, rank = competition_order((scores.risk, scores.harm, scores.likelihood), tiebreak)
        batch = _Batch(scores, rank, order)
        for k, i in enumerate(members):
            # through __dict__: a frozen dataclass's __init__ sets each field through
            # object.__setattr__, a microsecond a field, 350 times over at national scale
            done = out[i] = new(ScoredDistrict)
            done.__dict__.update(assessment=assessments[i], _batch=batch, _row=k)
    return [s for s in out if s is not None]


def _alphabetical(names: Sequence[tuple[str, ...]]) -> np.ndarray:
    """Each issue's place in the alphabetical order of its district's issue names, a row per
    district (one row for all when the districts share one tuple of names, as a county read
    from one issue list does); ``names`` is never empty."""
    places: dict[int, tuple[tuple[str, ...], np.ndarray]] = {}  # by id, kept alive with it
    rows = []
    for issues in names:
        known = places.get(id(issues))
        if known is None:
            known = places[id(issues)] = (issues, alphabetical_places(issues))
        rows.append(known[1])
    return rows[0] if len(places) == 1 else np.stack(rows)


def score_district(assessment: DistrictAssessment) -> ScoredDistrict:
    """Score one district."""
    return score_districts([assessment])[0]
