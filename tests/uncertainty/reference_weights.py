"""The weights analysis as first written (every crossing evaluated), kept as the reference the
vectorised :mod:`csscore.uncertainty.weights` is tested against. One change: risk at a point is
the straight line the crossings are solved on (risk0 + d x slope), not harm x likelihood
recomputed, so that two issues whose risk lines coincide stay tied instead of being ordered by
rounding (both versions do this)."""

from __future__ import annotations

import numpy as np

from csscore.model.district import DistrictAssessment
from csscore.scoring.score import combine
from csscore.uncertainty.weights import FactorWeight, WeightChange, competition_ranks

LINEAR = ("sum", "weighted_sum")


def _crossings(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where the lines a_i + d b_i and a_j + d b_j cross (every pair with different slopes)."""
    i, j = np.triu_indices(len(a), k=1)
    slope = b[i] - b[j]
    keep = slope != 0
    out: np.ndarray = (a[j] - a[i])[keep] / slope[keep]
    return out


def _first_change(
    points: np.ndarray,
    deltas: np.ndarray,
    lines: tuple[np.ndarray, ...],
    top: int,
    names: tuple[str, ...],
    weight: float,
) -> WeightChange | None:
    """Evaluate the top N at each point; report the first that differs from ``d = 0``."""
    (h0, hb), (l0, lb) = (lines[0], lines[1]), (lines[2], lines[3])
    d = np.concatenate([[0.0], points])[:, None]
    harm = h0[None] + d * hb[None]
    likelihood = l0[None] + d * lb[None]
    risk = (h0 * l0)[None] + d * (hb * l0 + h0 * lb)[None]
    inside = competition_ranks(risk, harm, likelihood) <= top
    differs = np.flatnonzero(np.any(inside[1:] != inside[0], axis=1))
    if not len(differs):
        return None
    k = int(differs[0])
    now, before = inside[k + 1], inside[0]
    return WeightChange(
        float(deltas[k]),
        weight + float(deltas[k]),
        tuple(n for n, x, y in zip(names, now, before, strict=True) if x and not y),
        tuple(n for n, x, y in zip(names, now, before, strict=True) if y and not x),
    )


def _search(
    lines: tuple[np.ndarray, ...], top: int, names: tuple[str, ...], weight: float
) -> tuple[WeightChange | None, WeightChange | None]:
    h0, hb, l0, lb = lines
    risk0, risk_b = h0 * l0, hb * l0 + h0 * lb  # one of hb, lb is zero: risk is linear too
    cuts = np.unique(
        np.concatenate([_crossings(risk0, risk_b), _crossings(h0, hb), _crossings(l0, lb)])
    )
    up = cuts[cuts > 0]
    up_points = np.concatenate([up, [np.inf]])
    mids = (np.concatenate([[0.0], up]) + up_points) / 2
    mids[-1] = (up[-1] + max(1.0, abs(up[-1]))) if len(up) else 1.0
    increase = _first_change(mids, np.concatenate([[0.0], up]), lines, top, names, weight)
    down = cuts[(cuts < 0) & (cuts > -weight)][::-1]
    edges = np.concatenate([[0.0], down, [-weight]])
    points = np.concatenate([(edges[:-1] + edges[1:]) / 2, [-weight]])
    deltas = np.concatenate([edges[:-1], [-weight]])
    decrease = _first_change(points, deltas, lines, top, names, weight)
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
