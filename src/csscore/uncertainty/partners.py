"""Disagreement as uncertainty: in every draw, each issue's factor takes the grade of one of the
partners who graded it, chosen uniformly at random, independently of every other grade and draw.

The law of each drawn grade is the partners' own grades, each partner weighing the same; a
district without partners keeps its grades. The draws are then taken exactly as the confidence
model's are (:mod:`csscore.uncertainty.draws`): only the law of each grade differs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csscore.model.district import DistrictAssessment


def partner_laws(
    assessments: Sequence[DistrictAssessment], keep: np.ndarray, counts: np.ndarray
) -> list[np.ndarray]:
    """For each kept factor j, a (rows, counts[j]) array: the probability that the grade drawn
    for each issue row is each level (rows: the districts' issues, in the order given)."""
    rows = sum(len(a.issues) for a in assessments)
    laws = [np.zeros((rows, int(c))) for c in counts]
    start = 0
    for a in assessments:
        n = len(a.issues)
        stack = a.levels[None] if a.partnership is None else a.partnership.stack
        stack = stack[:, :, keep]
        for j, law in enumerate(laws):
            width = law.shape[1]
            column = stack[:, :, j]
            hits = (column[:, :, None] == np.arange(width)).sum(axis=0).astype(float)
            law[start : start + n] = hits / np.maximum(hits.sum(axis=1, keepdims=True), 1.0)
        start += n
    return laws


def moving_rows(laws: Sequence[np.ndarray]) -> np.ndarray:
    """(rows,) bool: whether some grade of the row can take more than one level."""
    moving = np.zeros(len(laws[0]) if laws else 0, dtype=bool)
    for law in laws:
        moving |= np.count_nonzero(law, axis=1) > 1
    return moving
