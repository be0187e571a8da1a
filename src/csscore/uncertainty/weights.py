"""Which weights a district's top N hangs on: for each factor, the smallest change in its weight
(one factor at a time, up and down) that changes which issues are ranked N or better.

Solved exactly, not searched. With one weight ``w`` changed by ``d``, every issue's harm (or
likelihood) is a straight line in ``d`` and so is its risk (the other section is fixed). The
ranking can change only where two issues' risk, harm or likelihood lines cross, so the top N is
constant between consecutive crossings. Each interval is evaluated once, at its midpoint, and the
first interval (outwards from ``d = 0``) whose top N differs gives the answer: the crossing that
opens it. ``0`` means the top N is already on a knife edge (a tie at rank N that any change in
this weight breaks). A decrease is searched down to weight 0, which drops the factor.

A section that combines by ``sum`` is a ``weighted_sum`` with every weight 1. Sections that combine
by ``max`` or ``product`` have no weights; their factors are reported as not applicable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csscore.model.district import DistrictAssessment
from csscore.scoring.ranks import competition_ranks
from csscore.scoring.score import combine

LINEAR = ("sum", "weighted_sum")


@dataclass(frozen=True)
class WeightChange:
    """The smallest change of one weight that alters the top N, and how it alters it."""

    delta: float  # signed change of the weight
    weight: float  # the weight it reaches
    enters: tuple[str, ...]  # issues that join the top N just beyond it
    leaves: tuple[str, ...]


@dataclass(frozen=True)
class FactorWeight:
    """One factor of one district: its weight and the smallest changes either way."""

    district: str
    factor: str
    label: str
    section: str
    weight: float | None  # None where the section has no weights
    increase: WeightChange | None
    decrease: WeightChange | None
    note: str = ""


class _Pairs:
    """Every pair of a district's issues (i < j), and which pairs can change the top N: those
    with an issue inside it at d = 0 (two issues outside it crossing leave it as it is)."""

    def __init__(self, inside: np.ndarray) -> None:
        self.i, self.j = np.triu_indices(len(inside), k=1)
        self.straddle = inside[self.i] | inside[self.j]

    def crossings(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the lines a_i + d b_i and a_j + d b_j cross: (every cut, the straddling cuts)."""
        slope = b[self.i] - b[self.j]
        keep = slope != 0
        cut = (a[self.j] - a[self.i])[keep] / slope[keep]
        return cut, cut[self.straddle[keep]]


def _inside(lines: tuple[np.ndarray, ...], top: int, d: np.ndarray) -> np.ndarray:
    """(points, issues): in the top N at each change d."""
    h0, hb, l0, lb = lines
    harm = h0[None] + d[:, None] * hb[None]
    likelihood = l0[None] + d[:, None] * lb[None]
    # risk as the straight line the crossings are solved on: coinciding lines stay tied
    risk = (h0 * l0)[None] + d[:, None] * (hb * l0 + h0 * lb)[None]
    out: np.ndarray = competition_ranks(risk, harm, likelihood) <= top
    return out


def _first(points: np.ndarray, lines: tuple[np.ndarray, ...], top: int, base: np.ndarray) -> int:
    """Index of the first point whose top N differs from ``base`` (-1: none), in growing batches."""
    start, size = 0, 8
    while start < len(points):
        batch = points[start : start + size]
        differs = np.flatnonzero(np.any(_inside(lines, top, batch) != base, axis=1))
        if len(differs):
            return start + int(differs[0])
        start, size = start + size, size * 8
    return -1


def _change(
    delta: float, point: float, lines: tuple[np.ndarray, ...], top: int, base: np.ndarray,
    names: tuple[str, ...], weight: float,
) -> WeightChange:  # fmt: skip
    now = _inside(lines, top, np.array([point]))[0]
    return WeightChange(
        delta,
        weight + delta,
        tuple(n for n, x, y in zip(names, now, base, strict=True) if x and not y),
        tuple(n for n, x, y in zip(names, now, base, strict=True) if y and not x),
    )


def _search(
    lines: tuple[np.ndarray, ...], top: int, names: tuple[str, ...], weight: float
) -> tuple[WeightChange | None, WeightChange | None]:
    """The first change of the top N either way. Only crossings that involve an issue inside the
    top N can change it, so the intervals between those are evaluated; the answer is the
    crossing that opens the first interval whose top N differs, reported as it stands just beyond
    that crossing (up to the next crossing of any two issues)."""
    h0, hb, l0, lb = lines
    base = _inside(lines, top, np.zeros(1))[0]
    pairs = _Pairs(base)
    found = [
        pairs.crossings(h0 * l0, hb * l0 + h0 * lb),  # one of hb, lb is zero: risk is linear too
        pairs.crossings(h0, hb),
        pairs.crossings(l0, lb),
    ]
    every = np.concatenate([f[0] for f in found])
    cuts = np.unique(np.concatenate([f[1] for f in found]))
    up = cuts[cuts > 0]
    edges = np.concatenate([[0.0], up])
    mids = (edges + np.concatenate([up, [np.inf]])) / 2
    mids[-1] = edges[-1] + max(1.0, abs(edges[-1])) if len(up) else 1.0
    increase = None
    k = _first(mids, lines, top, base)
    if k >= 0:
        left = float(edges[k])
        beyond = every[every > left]
        point = (left + beyond.min()) / 2 if len(beyond) else left + max(1.0, abs(left))
        increase = _change(left, point, lines, top, base, names, weight)
    down = cuts[(cuts < 0) & (cuts > -weight)][::-1]
    edges = np.concatenate([[0.0], down, [-weight]])
    points = np.concatenate([(edges[:-1] + edges[1:]) / 2, [-weight]])
    decrease = None
    k = _first(points, lines, top, base)
    if k == len(points) - 1:
        decrease = _change(-weight, -weight, lines, top, base, names, weight)
    elif k >= 0:
        left = float(edges[k])
        beyond = every[(every < left) & (every > -weight)]
        point = (left + (beyond.max() if len(beyond) else -weight)) / 2
        decrease = _change(left, point, lines, top, base, names, weight)
    return increase, decrease


def weight_sensitivity(assessment: DistrictAssessment, top: int) -> list[FactorWeight]:
    """For each harm and likelihood factor, the smallest weight changes that alter the top N."""
    matrix = assessment.matrix
    values = assessment.values
    harm = combine(matrix, values, "harm")
    likelihood = combine(matrix, values, "likelihood")
    zero = np.zeros(len(harm))
    out = []
    for f, factor in enumerate(matrix.factors):
        if factor.section not in ("harm", "likelihood"):
            continue
        section = matrix.section(factor.section)
        rule = section.combine if section else "sum"
        name = assessment.district.name
        if rule not in LINEAR:
            note = f"{factor.section} combines by {rule}: no weights to change"
            out.append(
                FactorWeight(name, factor.id, factor.label, factor.section, None, None, None, note)
            )
            continue
        weight = factor.weight if rule == "weighted_sum" else 1.0
        v = values[:, f]
        lines = (
            (harm, v, likelihood, zero) if factor.section == "harm" else (harm, zero, likelihood, v)
        )
        up, down = _search(lines, top, assessment.issues, weight)
        note = "sum: every weight is 1" if rule == "sum" else ""
        out.append(
            FactorWeight(name, factor.id, factor.label, factor.section, weight, up, down, note)
        )
    return out
