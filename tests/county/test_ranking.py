"""Rank aggregation on worked examples computed by hand, the Kemeny integer programme against
enumeration of every order, and its time-limit path.

Worked example (three issues a, b, c; two districts; d1 ties b and c):

    ranks   a  b  c
    d1      1  2  2
    d2      3  1  2

Borda: d1 gives a 2, b 0 + 1/2, c 0 + 1/2; d2 gives a 0, b 2, c 1: a 2, b 2.5, c 1.5.
Pairs: a-b 1:1, a-c 1:1, b-c 1:0 (d1 ties them): Copeland a 0, b 1, c -1.
Kendall's W: midranks d1 (1, 2.5, 2.5), d2 (3, 1, 2); rank sums 4, 3.5, 4.5 around 4:
S = 0 + 0.25 + 0.25 = 0.5; tie term of d1 2^3 - 2 = 6; W = 12 S / (m^2 (n^3 - n) - m T)
= 6 / (96 - 12) = 1/14 (without the correction it would be 6/96).
"""

from __future__ import annotations

import itertools
import json
import math
import warnings
from collections.abc import Callable
from random import Random

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import OptimizeResult

import csscore
from csscore.cli import options
from csscore.cli.main import cli
from csscore.county import ranking
from csscore.county.ranking import (
    borda,
    chi2_sf,
    copeland,
    kemeny,
    kemeny_cost,
    kendall_w,
    midranks,
    pair_bound,
    pairwise_preferences,
    tau_matrix,
)
from strategies import PROPERTIES, rank_profiles
from support import SAMPLE

NAN = math.nan
WORKED = np.array([[1, 2, 2], [3, 1, 2]], dtype=float)


def brute_force(prefs: np.ndarray) -> int:
    """The fewest disagreements of any order, trying every one (written apart from the package)."""
    n = len(prefs)
    best = None
    for perm in itertools.permutations(range(n)):
        cost = sum(int(prefs[perm[j], perm[i]]) for i in range(n) for j in range(i + 1, n))
        best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def profile(*orders: str) -> np.ndarray:
    """ranks[d, i] from strict orders written as letters, best first ('abc': a 1, b 2, c 3)."""
    issues = sorted(set(orders[0]))
    return np.array([[o.index(x) + 1 for x in issues] for o in orders], dtype=float)


def test_borda_gives_half_a_point_for_each_tie() -> None:
    assert borda(WORKED).tolist() == [2.0, 2.5, 1.5]


def test_borda_ignores_issues_a_district_did_not_grade() -> None:
    ranks = np.vstack([WORKED, [[1, 2, NAN]]])  # d3 ranks a above b and leaves c out
    assert borda(ranks).tolist() == [3.0, 2.5, 1.5]


def test_pairwise_preferences_count_strict_preferences_only() -> None:
    assert pairwise_preferences(WORKED).tolist() == [[0, 1, 1], [1, 0, 1], [1, 0, 0]]


def test_copeland_counts_a_tied_pair_as_neither_win_nor_loss() -> None:
    assert copeland(pairwise_preferences(WORKED)).tolist() == [0, 1, -1]


def test_kemeny_cost_counts_districts_ranking_a_later_issue_higher() -> None:
    prefs = pairwise_preferences(WORKED)
    # order b, a, c: (a after b) 1 + (c after b) 0 + (c after a) 1
    assert kemeny_cost(np.array([1, 0, 2]), prefs) == 2
    # order c, b, a: (b after c) 1 + (a after c) 1 + (a after b) 1
    assert kemeny_cost(np.array([2, 1, 0]), prefs) == 3


def test_pair_bound_sums_the_minority_of_every_pair() -> None:
    prefs = np.array([[0, 3, 1], [2, 0, 4], [5, 0, 0]])
    assert pair_bound(prefs) == 2 + 1 + 0


# A Condorcet cycle a > b > c > a (each pair 2:1) with d last for everyone: the three rotations
# of abc cost 1 + 1 + 2 = 4 (d adds nothing); every other order costs more.
CYCLE = profile("abcd", "bcad", "cabd")


def test_kemeny_on_a_cycle_by_hand() -> None:
    prefs = pairwise_preferences(CYCLE)
    result = kemeny(prefs, np.array([0, 1, 2, 3]))
    assert (result.cost, result.exact, result.lower_bound) == (4, True, 4)
    assert result.order.tolist() == [0, 1, 2, 3]  # of the equal rotations, the start order
    assert brute_force(prefs) == 4
    other = kemeny(prefs, np.array([2, 0, 1, 3]))
    assert other.order.tolist() == [2, 0, 1, 3] and other.cost == 4


def test_eight_issues_are_enumerated_without_the_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_solver(prefs: np.ndarray, time_limit: float) -> None:
        raise AssertionError("eight issues need no solver")

    monkeypatch.setattr(ranking, "_programme", no_solver)
    prefs = pairwise_preferences(cyclic_profile(8))
    result = kemeny(prefs, np.arange(8))
    best = brute_force(prefs)
    assert (result.cost, result.exact, result.lower_bound) == (best, True, best)
    assert result.method == "exact (all permutations)"


def test_kemeny_programme_on_the_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "KEMENY_ENUMERATION_MAX", 0)
    result = kemeny(pairwise_preferences(CYCLE), np.array([3, 2, 1, 0]))
    assert (result.cost, result.exact, result.lower_bound) == (4, True, 4)
    assert result.method == "exact (integer programme, HiGHS)"
    assert result.order[-1] == 3
    assert kemeny_cost(result.order, pairwise_preferences(CYCLE)) == 4


def cyclic_profile(n: int, districts: int = 3) -> np.ndarray:
    """Each district ranks 0..n-1 rotated by a different amount: many pairwise cycles."""
    base = np.arange(n)
    return np.array([np.roll(base, -k * (n // districts)) + 1 for k in range(districts)], float)


def test_an_order_in_every_pairs_majority_is_exact_without_the_solver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_solver(prefs: np.ndarray, time_limit: float) -> None:
        raise AssertionError("the solver is not needed")

    monkeypatch.setattr(ranking, "_programme", no_solver)
    ranks = np.array([np.arange(1, 11), np.arange(1, 11), np.r_[2, 1, np.arange(3, 11)]], float)
    result = kemeny(pairwise_preferences(ranks), np.arange(10)[::-1].copy())
    assert result.order.tolist() == list(range(10))
    assert (result.cost, result.exact, result.lower_bound) == (1, True, 1)
    assert result.method == "exact (every pair in its majority order)"


def test_programme_proves_a_twelve_issue_cycle_optimal() -> None:
    prefs = pairwise_preferences(cyclic_profile(12))
    result = kemeny(prefs, np.arange(12))
    assert result.exact and result.cost == result.lower_bound > pair_bound(prefs)
    # the rotations of the districts' orders cost the same: the optimum is one of them or better
    rotations = [kemeny_cost(np.roll(np.arange(12), -k), prefs) for k in (0, 4, 8)]
    assert result.cost <= min(rotations)


def test_time_limit_gives_the_best_found_and_a_lower_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefs = pairwise_preferences(cyclic_profile(12))
    monkeypatch.setattr(ranking, "_programme", lambda prefs, limit: (None, -math.inf))
    result = kemeny(prefs, np.arange(12), time_limit=0.5)
    assert not result.exact
    assert result.lower_bound == pair_bound(prefs) < result.cost
    assert result.cost == kemeny_cost(result.order, prefs)
    assert result.method == f"best found in 0.5 s; lower bound {result.lower_bound}"


def test_the_solvers_bound_is_rounded_up_and_kept_when_larger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefs = pairwise_preferences(cyclic_profile(12))
    simple = pair_bound(prefs)
    start = np.arange(12)
    heuristic = kemeny(prefs, start, time_limit=0)
    worse = start[::-1].copy()  # an incumbent worse than the local search's order
    for dual, expected in ((simple + 0.2, simple + 1), (simple + 1.0000001, simple + 1)):
        monkeypatch.setattr(ranking, "_programme", lambda p, t, d=dual: (worse, d))
        result = kemeny(prefs, start, time_limit=1)
        assert (result.exact, result.lower_bound) == (False, expected)
        assert result.cost <= heuristic.cost
    monkeypatch.setattr(ranking, "_programme", lambda p, t: (worse, simple - 3.0))
    assert kemeny(prefs, start, time_limit=1).lower_bound == simple


def test_a_bound_reaching_the_cost_proves_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    prefs = pairwise_preferences(cyclic_profile(12))
    optimum = kemeny(prefs, np.arange(12))
    monkeypatch.setattr(ranking, "_programme", lambda p, t: (optimum.order, optimum.cost - 0.5))
    result = kemeny(prefs, np.arange(12), time_limit=1)
    assert (result.exact, result.cost, result.lower_bound) == (True, optimum.cost, optimum.cost)


def test_a_tiny_time_limit_is_honest() -> None:
    prefs = pairwise_preferences(cyclic_profile(30, districts=5))
    result = kemeny(prefs, np.arange(30), time_limit=0)
    assert result.cost == kemeny_cost(result.order, prefs)
    assert sorted(result.order.tolist()) == list(range(30))
    assert result.lower_bound <= result.cost
    assert result.exact == (result.lower_bound == result.cost)
    if not result.exact:
        assert result.method.endswith(f"lower bound {result.lower_bound}")


def test_above_the_size_cap_only_the_local_search_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "KEMENY_PROGRAMME_MAX", 9)
    prefs = pairwise_preferences(cyclic_profile(12))
    result = kemeny(prefs, np.arange(12))
    assert result.exact is False and result.lower_bound == pair_bound(prefs)
    assert result.cost == kemeny_cost(result.order, prefs) > result.lower_bound
    assert "local search" in result.method and result.method.endswith(
        f"lower bound {pair_bound(prefs)}"
    )


def test_a_county_at_the_size_cap_still_gets_the_programme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ranking, "KEMENY_PROGRAMME_MAX", 12)
    result = kemeny(pairwise_preferences(cyclic_profile(12)), np.arange(12))
    assert result.exact is True and result.method == "exact (integer programme, HiGHS)"


def test_the_programme_stops_at_its_time_limit() -> None:
    prefs = pairwise_preferences(cyclic_profile(20))
    assert ranking._programme(prefs, 0.0) == (None, -math.inf)
    order, dual = ranking._programme(prefs, 30.0)
    assert order is not None and kemeny_cost(order, prefs) == math.ceil(dual - 1e-6)


def test_an_equally_good_order_from_the_programme_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefs = pairwise_preferences(cyclic_profile(12))
    diff = prefs - prefs.T
    found = [ranking._local_search(np.roll(np.arange(12), -k), diff) for k in range(12)]
    first = found[0]
    other = next(
        o
        for o in found
        if kemeny_cost(o, prefs) == kemeny_cost(first, prefs) and o.tolist() != first.tolist()
    )
    monkeypatch.setattr(ranking, "_programme", lambda p, t: (other.copy(), -math.inf))
    result = kemeny(prefs, np.arange(12), time_limit=1)
    assert result.order.tolist() == other.tolist()


@PROPERTIES
@given(rank_profiles(max_issues=6), st.randoms(use_true_random=False))
def test_local_search_ends_where_no_single_move_helps(ranks: np.ndarray, rnd: Random) -> None:
    prefs = pairwise_preferences(ranks)
    start = list(range(len(prefs)))
    rnd.shuffle(start)
    order = ranking._local_search(np.array(start), prefs - prefs.T).tolist()
    assert sorted(order) == sorted(start)
    cost = kemeny_cost(np.array(order), prefs)
    assert cost <= kemeny_cost(np.array(start), prefs)
    for i, j in itertools.permutations(range(len(order)), 2):
        moved = order.copy()
        moved.insert(j, moved.pop(i))
        assert kemeny_cost(np.array(moved), prefs) >= cost


def test_local_search_reaches_a_consensus_from_its_reverse() -> None:
    ranks = np.tile(np.arange(1, 10, dtype=float), (3, 1))
    prefs = pairwise_preferences(ranks)
    order = ranking._local_search(np.arange(9)[::-1].copy(), prefs - prefs.T)
    assert order.tolist() == list(range(9))


def test_settle_puts_evenly_split_neighbours_in_the_start_order() -> None:
    diff = np.zeros((3, 3), dtype=np.int64)
    diff[0, 2], diff[2, 0] = 1, -1  # districts prefer 0 to 2; 1 is even with both
    settled = ranking._settle(np.array([2, 1, 0]), diff, np.array([0, 1, 2]))
    assert settled.tolist() == [1, 2, 0]  # 2 and 1 swap; 1 and 0, then 2 and 0 stay


def test_settle_repeats_until_no_evenly_split_neighbours_are_out_of_order() -> None:
    diff = np.zeros((4, 4), dtype=np.int64)
    settled = ranking._settle(np.array([3, 2, 1, 0]), diff, np.array([0, 1, 2, 3]))
    assert settled.tolist() == [0, 1, 2, 3]


def test_sample_county_kemeny_optimum_is_382() -> None:
    result = CliRunner().invoke(cli, ["aggregate", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    k = json.loads(result.stdout)["kemeny"]
    assert k == {
        "exact": True,
        "method": "exact (integer programme, HiGHS)",
        "disagreements": 382,
        "lower_bound": 382,
    }


def test_kemeny_time_option_reaches_the_aggregation() -> None:
    result = CliRunner().invoke(cli, ["aggregate", "--format", "json", "--kemeny-time", "0"])
    assert result.exit_code == 0, result.stderr
    k = json.loads(result.stdout)["kemeny"]
    assert k["disagreements"] >= 382 and k["lower_bound"] <= 382
    assert k["exact"] == (k["lower_bound"] == k["disagreements"])
    table = CliRunner().invoke(cli, ["aggregate", "--kemeny-time", "0"]).stdout
    if not k["exact"]:
        assert "not proven exact: best found in 0 s" in table


def test_aggregate_gives_kemeny_its_time_limit() -> None:
    # The sample county with 0 s for the solver: aggregate's Kemeny is what ranking.kemeny gives
    # for the same preferences and Borda start with 0 s. With the 5 s default the solver proves
    # 382 (above); with 0 s it finds nothing and the method says "best found in 0 s".
    county = csscore.aggregate(csscore.read_folder(SAMPLE), kemeny_time=0.0)
    n = county.ranks.shape[1]
    start = np.lexsort((np.arange(n), -borda(county.ranks)))
    direct = kemeny(pairwise_preferences(county.ranks), start, 0.0)
    got = county.kemeny
    assert got.order.tolist() == direct.order.tolist()
    assert (got.cost, got.exact, got.lower_bound, got.method) == (
        direct.cost, direct.exact, direct.lower_bound, direct.method,
    )  # fmt: skip


def test_the_command_line_default_time_is_the_librarys() -> None:
    assert options.KEMENY_TIME == ranking.KEMENY_TIME


@PROPERTIES
@given(rank_profiles())
def test_kemeny_programme_matches_every_order(ranks: np.ndarray) -> None:
    prefs = pairwise_preferences(ranks)
    n = len(prefs)
    best = brute_force(prefs)
    order, dual = ranking._programme(prefs, 10.0)
    assert order is not None
    assert sorted(order.tolist()) == list(range(n))
    assert kemeny_cost(order, prefs) == best
    assert math.ceil(dual - 1e-6) == best
    result = kemeny(prefs, np.arange(n))
    assert (result.cost, result.lower_bound, result.exact) == (best, best, True)
    assert pair_bound(prefs) <= best


def test_kendall_w_tie_correction_by_hand() -> None:
    c = kendall_w(WORKED)
    assert c.kendall_w == pytest.approx(1 / 14)
    assert c.chi2 == pytest.approx(2 * 2 / 14)
    assert c.p_value == pytest.approx(math.exp(-1 / 7))  # df = 2: P(X > x) = exp(-x / 2)
    assert (c.districts, c.issues, c.note) == (2, 3, "")


def test_kendall_w_uses_only_issues_every_district_graded() -> None:
    ranks = np.array([[1, 2, 3, 4], [1, 2, 3, NAN], [3, 2, 1, 1]], dtype=float)
    assert kendall_w(ranks).issues == 3
    assert kendall_w(ranks).kendall_w == pytest.approx(kendall_w(ranks[:, :3]).kendall_w)


def test_kendall_w_is_one_for_full_agreement() -> None:
    c = kendall_w(np.tile([1.0, 2.0, 3.0, 4.0], (4, 1)))
    assert c.kendall_w == pytest.approx(1.0)
    assert c.chi2 == pytest.approx(4 * 3)


@pytest.mark.parametrize(
    ("ranks", "note"),
    [
        (np.array([[1.0, 2.0, 3.0]]), "needs at least 2 districts and 3 issues graded by all"),
        (
            np.array([[1.0, 2.0], [2.0, 1.0]]),
            "needs at least 2 districts and 3 issues graded by all",
        ),
        (np.ones((3, 4)), "every district ranks every issue equal"),
    ],
)
def test_kendall_w_undefined(ranks: np.ndarray, note: str) -> None:
    c = kendall_w(ranks)
    assert (c.kendall_w, c.p_value, c.chi2, c.note) == (None, None, None, note)
    assert (c.districts, c.issues) == ranks.shape


def test_kendall_w_two_districts_three_issues_is_defined() -> None:
    assert kendall_w(np.array([[1.0, 2.0, 3.0], [1.0, 3.0, 2.0]])).kendall_w == pytest.approx(0.75)


@pytest.mark.parametrize("x", [0.0, 0.3, 2.0, 9.5])
def test_chi2_survival_in_closed_form(x: float) -> None:
    assert chi2_sf(x, 2) == pytest.approx(math.exp(-x / 2))
    assert chi2_sf(x, 4) == pytest.approx(math.exp(-x / 2) * (1 + x / 2))
    assert chi2_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)))


def test_midranks_share_the_mean_position() -> None:
    assert midranks(np.array([[5.0, 1.0, 5.0, 2.0], [1.0, 1.0, 1.0, 0.0]])).tolist() == [
        [3.5, 1.0, 3.5, 2.0],
        [3.0, 3.0, 3.0, 1.0],
    ]


def test_tau_b_by_hand() -> None:
    ranks = np.array([[1, 2, 3, 4], [1, 2, 4, 3], [4, 3, 2, 1], [1, 1, 2, 2]], dtype=float)
    tau = tau_matrix(ranks)
    assert tau[0, 1] == pytest.approx(4 / 6)  # 5 concordant, 1 discordant of 6 pairs
    assert tau[0, 2] == pytest.approx(-1.0)
    assert tau[0, 3] == pytest.approx(4 / math.sqrt(6 * 4))  # 4 untied pairs in d4, all agree
    assert np.allclose(np.diag(tau), 1.0)
    to_reference = tau_matrix(ranks, np.array([1.0, 2.0, 3.0, 4.0]))[:, 0]
    assert to_reference == pytest.approx(tau[:, 0])


def test_tau_b_undefined_is_nan_and_ungraded_issues_are_left_out() -> None:
    ranks = np.array([[1, 1, 1, 4], [1, 2, 3, NAN]], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 0 / 0 is expected here, quietly
        tau = tau_matrix(ranks)  # over the first three issues: d1 ties all of them
    assert math.isnan(tau[0, 1]) and tau[1, 1] == pytest.approx(1.0)
    with_reference = tau_matrix(ranks, np.array([NAN, 1.0, 2.0, 3.0]))[:, 0]
    assert math.isnan(with_reference[0]) and with_reference[1] == pytest.approx(1.0)


def test_tau_b_is_computed_in_single_precision_only_while_that_is_exact() -> None:
    # float32 holds every whole number up to 2**24, not 2**24 + 1: a sum of fewer than 2**24
    # signs (one per pair of issues) is exact in it; from 2**24 pairs on, double precision
    assert np.float32(2**24 - 1) + np.float32(1) == 2**24
    assert np.float32(2**24) + np.float32(1) == 2**24  # the 1 is lost
    assert ranking._exact_float(1) == np.float32
    assert ranking._exact_float(2**24 - 1) == np.float32
    assert ranking._exact_float(2**24) == np.float64
    assert ranking._exact_float(3**24) == np.float64


# Two equally good first moves (three issues a, b, c; two districts):
#
#     ranks   a  b  c
#     d1      3  1  2      (b, c, a)
#     d2      2  3  1      (c, a, b)
#
# Pairs: a-b 1:1, c above a 2:0, b-c 1:1. From the order a, b, c (cost P[b,a] + P[c,a] + P[c,b]
# = 1 + 2 + 1 = 4) moving a to the end and moving c to the front both lower the cost by 2, to the
# optimum 2 (the pair bound 1 + 0 + 1). The search takes the first move it finds, scanning the
# order from the front: a to the end gives b, c, a; taking the later one would give c, a, b.
EQUAL_MOVES = np.array([[3, 1, 2], [2, 3, 1]], dtype=float)


def test_local_search_takes_the_first_of_two_equally_good_moves() -> None:
    prefs = pairwise_preferences(EQUAL_MOVES)
    assert kemeny_cost(np.array([0, 1, 2]), prefs) == 4
    assert kemeny_cost(np.array([1, 2, 0]), prefs) == kemeny_cost(np.array([2, 0, 1]), prefs) == 2
    order = ranking._local_search(np.array([0, 1, 2]), prefs - prefs.T)
    assert order.tolist() == [1, 2, 0]


def test_local_search_takes_the_shortest_of_equally_good_places() -> None:
    # only the pair a-b is decided (b above a); every other pair is split evenly. Moving a after
    # b, after c or after d lowers the cost by 1 alike: a goes just past b, the shortest move
    diff = np.zeros((4, 4), dtype=np.int64)
    diff[0, 1], diff[1, 0] = -1, 1
    order = ranking._local_search(np.array([0, 1, 2, 3]), diff)
    assert order.tolist() == [1, 0, 2, 3]


def test_pair_bound_and_cost_ignore_the_diagonal() -> None:
    # an issue is never paired with itself: whatever the diagonal holds, it is no disagreement
    prefs = np.array([[7, 2, 0], [1, 9, 3], [4, 0, 5]])
    assert pair_bound(prefs) == 1 + 0 + 0
    # order 0, 1, 2: 0 before 1 costs P[1, 0] = 1, 0 before 2 costs 4, 1 before 2 costs 0
    assert kemeny_cost(np.array([0, 1, 2]), prefs) == 5


def test_enumeration_ignores_the_diagonal() -> None:
    # the same matrix: off the diagonal P01 2, P10 1, P02 0, P20 4, P12 3, P21 0. The six orders
    # cost 012: 1+4+0 = 5, 021: 4+1+3 = 8, 102: 2+0+4 = 6, 120: 0+2+0 = 2, 201: 0+3+1 = 4,
    # 210: 3+0+2 = 5; the diagonal (7 + 9 + 5) would add 21 to every one of them
    prefs = np.array([[7, 2, 0], [1, 9, 3], [4, 0, 5]])
    result = kemeny(prefs, np.array([0, 1, 2]))
    assert result.order.tolist() == [1, 2, 0]
    assert (result.cost, result.exact, result.lower_bound) == (2, True, 2)


# Five districts' orders of twelve issues (drawn once at random, kept): the relaxation of the
# programme is exact here, but HiGHS's first incumbent is not optimal (it costs 124 against the
# optimum 120), so only the solver run to a relative gap of 0 returns an order that meets its
# own bound.
RANDOM_TWELVE = np.array(
    [
        [8, 4, 1, 7, 11, 5, 12, 10, 9, 6, 2, 3],
        [5, 6, 8, 9, 7, 11, 1, 10, 12, 2, 3, 4],
        [9, 2, 1, 11, 4, 12, 8, 10, 3, 7, 6, 5],
        [1, 12, 9, 11, 5, 8, 3, 10, 2, 6, 7, 4],
        [8, 1, 10, 3, 4, 5, 6, 2, 11, 12, 9, 7],
    ],
    dtype=float,
)


def test_the_programme_runs_to_a_gap_of_zero() -> None:
    prefs = pairwise_preferences(RANDOM_TWELVE)
    order, dual = ranking._programme(prefs, 30.0)
    assert order is not None and sorted(order.tolist()) == list(range(12))
    assert kemeny_cost(order, prefs) == math.ceil(dual - 1e-6) == 120


def test_the_solver_is_given_only_options_it_knows() -> None:
    # scipy passes an option it does not know to HiGHS verbatim, with a RuntimeWarning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        order, _ = ranking._programme(pairwise_preferences(cyclic_profile(9)), 10.0)
    assert order is not None


def _timed_out(prefs: np.ndarray, order: list[int], dual: float) -> Callable[..., OptimizeResult]:
    """A stand-in for ``milp`` that stops at its time limit (status 1) holding ``order``."""
    n = len(prefs)
    position = {issue: i for i, issue in enumerate(order)}
    first, second = np.triu_indices(n, k=1)
    x = np.array(
        [1.0 if position[a] < position[b] else 0.0 for a, b in zip(first, second, strict=True)]
    )
    offset = float(prefs[first, second].sum())

    def milp(*args: object, **kwargs: object) -> OptimizeResult:
        return OptimizeResult(
            x=x, status=1, success=False, message="Time limit reached", mip_dual_bound=dual - offset
        )

    return milp


def test_a_timed_out_solver_gives_its_incumbent_and_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import scipy.optimize

    prefs = pairwise_preferences(cyclic_profile(12))
    incumbent = [11, *range(11)]
    monkeypatch.setattr(scipy.optimize, "milp", _timed_out(prefs, incumbent, 30.5))
    order, bound = ranking._programme(prefs, 1.0)
    assert order is not None and order.tolist() == incumbent
    assert bound == pytest.approx(30.5)


def test_a_timed_out_solver_is_reported_not_exact_with_a_valid_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import scipy.optimize

    prefs = pairwise_preferences(cyclic_profile(12))
    optimum = kemeny(prefs, np.arange(12))
    assert optimum.exact
    simple = pair_bound(prefs)
    assert simple + 1 < optimum.cost
    # the solver stops with the optimum as its incumbent but a bound between the pair bound and
    # the optimum: the order is the best found, not proven
    dual = simple + 0.5
    monkeypatch.setattr(scipy.optimize, "milp", _timed_out(prefs, optimum.order.tolist(), dual))
    result = kemeny(prefs, np.arange(12), time_limit=1)
    assert (result.exact, result.cost, result.lower_bound) == (False, optimum.cost, simple + 1)
    assert result.method == f"best found in 1 s; lower bound {simple + 1}"
