"""Rank aggregation and agreement across districts, over a rank matrix.

The input is ``ranks[d, i]``: the rank district d gave issue i (1 = highest risk; tied issues
share a rank), NaN where the district did not grade the issue. Everything here is numpy, except
the Kemeny integer programme and the Friedman test's p-value, which import scipy when needed.

- Borda: each district gives an issue one point for every issue it ranks strictly below it and
  half a point for every other issue tied with it; points are summed over districts.
- Copeland: for each pair of issues, the one more districts rank higher wins; score = wins - losses.
- Kemeny: the order that minimises the total number of pairwise disagreements with the districts
  (a district ranking two issues equal disagrees with neither order): every permutation for up
  to 8 issues, otherwise an integer programme (scipy's HiGHS) seeded by a local search from the
  Borda order. Past its time limit the best order found is reported with a proven lower bound.
- Kendall's W (with the tie correction) and the Friedman test, over the issues every district graded.
- Kendall's tau-b between every pair of districts, vectorised over the common issues.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

#: Up to this many issues every permutation is tried: 8! orders cost a few milliseconds, far
#: less than importing scipy.optimize (about 0.6 s), so small counties never pay for the solver.
KEMENY_ENUMERATION_MAX = 8
#: Above this many issues the integer programme (one constraint per triple) is not attempted.
KEMENY_PROGRAMME_MAX = 120
#: Default time limit of the integer programme, in seconds.
KEMENY_TIME = 5.0
EXACT_PROGRAMME = "exact (integer programme, HiGHS)"


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


def pair_bound(prefs: np.ndarray) -> int:
    """A lower bound on any order's disagreements: each pair costs at least its minority."""
    return int(np.triu(np.minimum(prefs, prefs.T), k=1).sum())


@dataclass(frozen=True)
class Kemeny:
    order: np.ndarray  # issue indices, best first
    cost: int  # disagreements of ``order``
    exact: bool  # ``order`` is proven to have the fewest disagreements
    lower_bound: int  # no order has fewer disagreements (equal to ``cost`` when exact)
    method: str


def kemeny(prefs: np.ndarray, start: np.ndarray, time_limit: float = KEMENY_TIME) -> Kemeny:
    """The order with the fewest disagreements; ``start`` (the Borda order) seeds the search
    and orders equally good issues. Proven optimal unless the time limit or size cap is hit."""
    n = len(start)
    if n <= KEMENY_ENUMERATION_MAX:
        order, cost = _enumerate(prefs, start)
        return Kemeny(order, cost, True, cost, "exact (all permutations)")
    diff = prefs - prefs.T  # diff[x, y] > 0: more districts put x above y
    order = _local_search(np.asarray(start, dtype=np.int64), diff)
    bound = pair_bound(prefs)
    cost = kemeny_cost(order, prefs)
    if cost == bound:
        return Kemeny(order, cost, True, cost, "exact (every pair in its majority order)")
    if n > KEMENY_PROGRAMME_MAX:
        method = (
            f"best found by local search from the Borda order ({n} issues, more than the "
            f"{KEMENY_PROGRAMME_MAX} the integer programme is tried for); lower bound {bound}"
        )
        return Kemeny(order, cost, False, bound, method)
    found, dual = _programme(prefs, time_limit)
    if found is not None:
        found = _local_search(_settle(found, diff, start), diff)
        if kemeny_cost(found, prefs) <= cost:
            order, cost = found, kemeny_cost(found, prefs)
    if math.isfinite(dual):
        bound = max(bound, math.ceil(dual - 1e-6))
    bound = min(bound, cost)
    if bound == cost:  # the solver's bound reaches the order: proven, whatever its status says
        return Kemeny(order, cost, True, cost, EXACT_PROGRAMME)
    method = f"best found in {time_limit:g} s; lower bound {bound}"
    return Kemeny(order, cost, False, bound, method)


def _enumerate(prefs: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, int]:
    """The best of every permutation; the first minimum is the one closest to ``start``."""
    n = len(start)
    perms = np.array(list(itertools.permutations(start)), dtype=np.int64).reshape(-1, n)
    pos = np.empty_like(perms)
    rows = np.arange(len(perms))[:, None]
    pos[rows, perms] = np.arange(n)
    # cost = sum over (a, b) with a after b of prefs[a, b]
    later = pos[:, :, None] > pos[:, None, :]
    costs = np.einsum("pab,ab->p", later, prefs)
    best = int(np.argmin(costs))
    return perms[best], int(costs[best])


def _local_search(start: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """Move one issue at a time to the place that most lowers the disagreement, until none does."""
    order = [int(x) for x in start]
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
            return np.array(order, dtype=np.int64)
        i, j = best_move
        order.insert(j, order.pop(i))


def _settle(order: np.ndarray, diff: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Swap neighbours the districts split evenly on into the ``start`` order (cost unchanged)."""
    rank = np.empty(len(start), dtype=np.int64)
    rank[start] = np.arange(len(start))
    out = [int(x) for x in order]
    swapped = True
    while swapped:
        swapped = False
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            if diff[a, b] == 0 and rank[a] > rank[b]:
                out[i], out[i + 1] = b, a
                swapped = True
    return np.array(out, dtype=np.int64)


def _programme(prefs: np.ndarray, time_limit: float) -> tuple[np.ndarray | None, float]:
    """Solve the Kemeny integer programme: (best order found or None, the solver's lower bound
    on the disagreements, -inf if it has none).

    One binary per pair a < b, y = 1 when a is placed before b (so x[a, b] = y and
    x[b, a] = 1 - y, which is x[a, b] + x[b, a] = 1). Transitivity, 1 <= x[a, b] + x[b, c] +
    x[c, a] <= 2 for the triple a < b < c, becomes 0 <= y_ab + y_bc - y_ac <= 1 (the other
    orientation of the triple gives the same constraint). Placing a before b costs prefs[b, a].
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    n = len(prefs)
    first, second = np.triu_indices(n, k=1)
    pair = np.full((n, n), -1, dtype=np.int64)
    pair[first, second] = np.arange(len(first))
    a, b, c = np.array(list(itertools.combinations(range(n), 3)), dtype=np.int64).reshape(-1, 3).T
    rows = np.repeat(np.arange(len(a)), 3)
    cols = np.stack([pair[a, b], pair[b, c], pair[a, c]], axis=1).ravel()
    signs = np.tile([1.0, 1.0, -1.0], len(a))
    matrix = csr_array((signs, (rows, cols)), shape=(len(a), len(first)))
    offset = float(prefs[first, second].sum())  # every pair in the order b before a
    weights = (prefs[second, first] - prefs[first, second]).astype(float)
    res = milp(
        weights,
        integrality=np.ones(len(first)),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(matrix, 0, 1)] if len(a) else [],
        options={"time_limit": max(time_limit, 0.0), "mip_rel_gap": 0.0},
    )
    dual = res.get("mip_dual_bound")
    bound = offset + float(dual) if dual is not None and np.isfinite(dual) else -math.inf
    if res.x is None or res.status not in (0, 1):  # 1: stopped by the time limit
        return None, bound
    before = np.zeros((n, n), dtype=bool)
    before[first, second] = res.x > 0.5
    before[second, first] = ~before[first, second]
    order = np.argsort(-before.sum(axis=1), kind="stable")  # most issues placed after it first
    return order.astype(np.int64), bound


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
    """P(X > x) for a chi-square variable with ``df`` degrees of freedom."""
    from scipy.special import chdtrc

    return float(chdtrc(df, x))


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
    i, j = np.triu_indices(int(keep.sum()), k=1)
    exact = _exact_float(len(i))
    a: np.ndarray = ranks[:, keep].astype(exact)
    signs = np.sign(a[:, i] - a[:, j])
    if reference is None:
        other = signs
    else:
        b: np.ndarray = reference[keep].astype(exact)
        other = np.sign(b[i] - b[j])[None, :]
    untied_a = np.count_nonzero(signs, axis=1).astype(float)
    untied_b = np.count_nonzero(other, axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        tau: np.ndarray = (signs @ other.T).astype(float) / np.sqrt(np.outer(untied_a, untied_b))
    tau[~np.isfinite(tau)] = np.nan
    return tau


def _exact_float(pairs: int) -> np.dtype:
    """The float type in which ``tau_matrix`` computes over ``pairs`` pairs of issues.

    Ranks are small whole numbers and each product sums at most ``pairs`` signs, so single
    precision is exact whenever ``pairs < 2**24``: half the memory and time of double."""
    return np.dtype(np.float32 if pairs < 2**24 else np.float64)
