"""Rank aggregation and agreement across districts, over a rank matrix.

The input is ``ranks[d, i]``: the rank district d gave issue i (1 = highest risk; tied issues
share a rank), NaN where the district did not grade the issue. Everything here is pure numpy; the Friedman
test's p-value comes from the chi-square distribution in closed form (checked against scipy in
the tests).

- Borda: each district gives an issue one point for every issue it ranks strictly below it and
  half a point for every other issue tied with it; points are summed over districts.
- Copeland: for each pair of issues, the one more districts rank higher wins; score = wins - losses.
- Kemeny: the order that minimises the total number of pairwise disagreements with the districts;
  exact (every permutation) for up to 8 issues, otherwise a local search from the Borda order.
- Kendall's W (with the tie correction) and the Friedman test, over the issues every district graded.
- Kendall's tau-b between every pair of districts, vectorised over the common issues.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

KEMENY_EXACT_MAX = 8
KEMENY_APPROXIMATION = (
    "approximate: local search from the Borda order, moving one issue at a time to the place that "
    "most lowers the disagreement, until no move lowers it"
)


def borda(ranks: np.ndarray) -> np.ndarray:
    """Borda points per issue, ties sharing half points; ungraded issues give no points."""
    r = ranks[:, :, None]
    s = ranks[:, None, :]
    below = np.nansum((r < s).astype(float), axis=2)  # NaN comparisons are False
    tied = np.nansum((r == s).astype(float), axis=2) - np.isfinite(ranks)
    points: np.ndarray = np.sum(below + 0.5 * tied, axis=0)
    return points


def pairwise_preferences(ranks: np.ndarray) -> np.ndarray:
    """P[a, b] = number of districts ranking issue a strictly above issue b."""
    prefs: np.ndarray = np.sum(ranks[:, :, None] < ranks[:, None, :], axis=0)
    return prefs


def copeland(prefs: np.ndarray) -> np.ndarray:
    """Copeland score per issue: pairwise wins minus pairwise losses."""
    score: np.ndarray = np.sign(prefs - prefs.T).sum(axis=1)
    return score


def kemeny_cost(order: np.ndarray, prefs: np.ndarray) -> int:
    """Disagreements of an order (issue indices, best first) with the districts."""
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    later = pos[:, None] > pos[None, :]  # later[a, b]: a placed after b
    return int(prefs[later].sum())


@dataclass(frozen=True)
class Kemeny:
    order: np.ndarray  # issue indices, best first
    cost: int
    exact: bool
    method: str


def kemeny(prefs: np.ndarray, start: np.ndarray) -> Kemeny:
    """Kemeny order; exact for at most KEMENY_EXACT_MAX issues. ``start`` orders ties and seeds."""
    n = len(start)
    if n <= KEMENY_EXACT_MAX:
        perms = np.array(list(itertools.permutations(start)), dtype=np.int64).reshape(-1, n)
        pos = np.empty_like(perms)
        rows = np.arange(len(perms))[:, None]
        pos[rows, perms] = np.arange(n)
        # cost = sum over (a, b) with a after b of prefs[a, b]
        later = pos[:, :, None] > pos[:, None, :]
        costs = np.einsum("pab,ab->p", later, prefs)
        best = int(np.argmin(costs))  # first minimum: the permutation closest to `start`
        return Kemeny(perms[best], int(costs[best]), True, "exact (all permutations)")
    order = [int(x) for x in start]
    diff = prefs - prefs.T  # diff[x, y] > 0: more districts put x above y
    while True:
        best_delta, best_move = 0, (0, 0)
        for i, x in enumerate(order):
            row = diff[x, order]
            # moving x from i to j > i puts it after order[i+1..j]: cost changes by sum(row)
            later = np.cumsum(row[i + 1 :])
            # moving x to j < i puts it before order[j..i-1]: cost changes by -sum(row)
            earlier = np.cumsum(-row[:i][::-1])
            for deltas, step in ((later, 1), (earlier, -1)):
                if len(deltas):
                    k = int(np.argmin(deltas))
                    if deltas[k] < best_delta:
                        best_delta, best_move = int(deltas[k]), (i, i + step * (1 + k))
        if best_delta >= 0:
            break
        i, j = best_move
        order.insert(j, order.pop(i))
    cost = kemeny_cost(np.array(order), prefs)
    return Kemeny(np.array(order), cost, False, KEMENY_APPROXIMATION)


@dataclass(frozen=True)
class Concordance:
    kendall_w: float | None
    p_value: float | None
    chi2: float | None
    districts: int
    issues: int
    note: str = ""


def kendall_w(ranks: np.ndarray) -> Concordance:
    """Kendall's W with tie correction and the Friedman test, over fully graded issues."""
    complete = ranks[:, np.all(np.isfinite(ranks), axis=0)]
    m, n = complete.shape
    if m < 2 or n < 3:
        return Concordance(
            None, None, None, m, n, "needs at least 2 districts and 3 issues graded by all"
        )
    mid = midranks(complete)
    totals = mid.sum(axis=0)
    s = float(np.sum((totals - m * (n + 1) / 2) ** 2))
    ties = sum(_tie_term(row) for row in complete)
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return Concordance(None, None, None, m, n, "every district ranks every issue equal")
    w = 12 * s / denominator
    chi2 = m * (n - 1) * w
    return Concordance(float(w), chi2_sf(chi2, n - 1), float(chi2), m, n)


def chi2_sf(x: float, df: int) -> float:
    """P(X > x) for a chi-square variable with a whole number of degrees of freedom.

    The closed form for integer ``df`` (a finite series, summed in log space so that tails of
    1e-30 stay exact); the tests check it against ``scipy.stats.chi2.sf``. Importing scipy for
    this one number would cost more time than every other statistic together.
    """
    if df < 1:
        raise ValueError("degrees of freedom must be a whole number >= 1")
    if x <= 0:
        return 1.0
    half = x / 2
    log_half = math.log(half)
    if df % 2 == 0:
        terms = (-half + i * log_half - math.lgamma(i + 1) for i in range(df // 2))
        return min(1.0, math.fsum(math.exp(t) for t in terms))
    terms = (-half + (i - 0.5) * log_half - math.lgamma(i + 0.5) for i in range(1, (df + 1) // 2))
    return min(1.0, math.erfc(math.sqrt(half)) + math.fsum(math.exp(t) for t in terms))


def _tie_term(row: np.ndarray) -> float:
    _, counts = np.unique(row, return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def midranks(values: np.ndarray) -> np.ndarray:
    """Average ranks within each row (ties share the mean of their positions)."""
    out = np.empty(values.shape, dtype=float)
    for d, row in enumerate(values):
        order = np.argsort(row, kind="stable")
        sorted_row = row[order]
        starts = np.r_[True, sorted_row[1:] != sorted_row[:-1]]
        group = np.cumsum(starts) - 1
        first = np.flatnonzero(starts)
        last = np.r_[first[1:], len(row)] - 1
        out[d, order] = (first[group] + last[group]) / 2 + 1
    return out


def tau_matrix(ranks: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """Kendall's tau-b between every pair of rows over issues graded by all (NaN if undefined);
    with ``reference`` (one row), tau-b of each row against it."""
    keep = np.all(np.isfinite(ranks), axis=0)
    if reference is not None:
        keep &= np.isfinite(reference)
    a = ranks[:, keep]
    i, j = np.triu_indices(a.shape[1], k=1)
    signs = np.sign(a[:, i] - a[:, j])
    other = (
        signs if reference is None else np.sign(reference[keep][i] - reference[keep][j])[None, :]
    )
    untied_a = np.count_nonzero(signs, axis=1).astype(float)
    untied_b = np.count_nonzero(other, axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        tau: np.ndarray = (signs @ other.T) / np.sqrt(np.outer(untied_a, untied_b))
    tau[~np.isfinite(tau)] = np.nan
    return tau
