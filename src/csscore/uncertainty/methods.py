"""One district scored by several matrices side by side: each method's ranking, Kendall's tau-b
between the methods, and the issues whose rank moves most.

Matrices may grade different factors (``risk-5x5`` grades impact and likelihood, ``morile-csp``
eight harm and likelihood factors). A file compared across matrices carries the factor columns of
every one of them; each matrix is validated on its own view of the file: ``issue``, its own
factors and the optional columns. A column that is a factor of none of the matrices is refused as
unknown, and a file that lacks a matrix's factors is refused naming the missing columns: that
reading is :mod:`csscore.config.methods`'; this module only computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csscore.county.ranking import tau_matrix
from csscore.errors import InputError
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.scoring.score import ScoredDistrict, score_district


@dataclass(frozen=True, eq=False)
class MethodComparison:
    """A district ranked by each method; arrays are per method x issue (file order)."""

    district: District
    file: str
    sha256: str
    labels: tuple[str, ...]
    scored: tuple[ScoredDistrict, ...]
    issues: tuple[str, ...]
    ranks: np.ndarray  # (methods, issues)
    tau: np.ndarray  # (methods, methods) Kendall's tau-b

    @property
    def spread(self) -> np.ndarray:
        """How far each issue's rank moves across the methods: largest minus smallest rank."""
        out: np.ndarray = self.ranks.max(axis=0) - self.ranks.min(axis=0)
        return out

    def movers(self) -> list[int]:
        """Issue indices by how far their rank moves, most first (ties by first method's rank)."""
        spread = self.spread
        return sorted(
            (i for i in range(len(self.issues)) if spread[i] > 0),
            key=lambda i: (-spread[i], self.ranks[0, i], self.issues[i].casefold()),
        )


def method_labels(matrices: Sequence[Matrix], refs: Sequence[str]) -> tuple[str, ...]:
    """Each matrix's name, or the reference given where two matrices share a name."""
    names = [m.name for m in matrices]
    labels = [n if names.count(n) == 1 else r for n, r in zip(names, refs, strict=True)]
    for label in labels:
        if labels.count(label) > 1:
            raise InputError.at(label, "matrix given twice; compare different matrices")
    return tuple(labels)


def compare_assessments(
    assessments: Sequence[DistrictAssessment], labels: Sequence[str]
) -> MethodComparison:
    """Rank one district's issues by each method and measure their agreement."""
    scored = tuple(score_district(a) for a in assessments)
    first = assessments[0]
    ranks = np.array([s.rank for s in scored], dtype=float)
    return MethodComparison(
        first.district, first.input_name, first.sha256, tuple(labels), scored, first.issues,
        ranks.astype(np.int64), tau_matrix(ranks),
    )  # fmt: skip
