"""The one tie rule: whole-number keys take the packed integer sort, any other keys the general
sort; both must list and rank alike, checked against a plain sort and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from csscore.scoring.ranks import _packed, competition_order, competition_ranks


def test_worked_example_1_2_2_4_across_rows() -> None:
    # row 0: risks 60, 120, 60, 30 -> ranks 2, 1, 2, 4; the tie of items 0 and 2 is listed by
    # the tie-break (2 before 0). Row 1: all equal, listed by the tie-break, all rank 1.
    risk = np.array([[60, 120, 60, 30], [5, 5, 5, 5]])
    harm = np.array([[10, 12, 10, 10], [1, 1, 1, 1]])
    tiebreak = np.array([3, 0, 1, 2])
    order, rank = competition_order((risk, harm), tiebreak)
    assert rank.tolist() == [[2, 1, 2, 4], [1, 1, 1, 1]]
    assert order.tolist() == [[1, 2, 0, 3], [1, 2, 3, 0]]
    # the same scores as fractions take the general sort and give the same answer
    fractional = competition_order((risk + 0.5, harm + 0.25), tiebreak)
    assert fractional[0].tolist() == order.tolist() and fractional[1].tolist() == rank.tolist()


def _reference(keys: list[np.ndarray], tiebreak: np.ndarray | None) -> tuple[list, list]:
    """Row by row with Python's sort: keys descending, then the tie-break, then position."""
    orders, ranks = [], []
    for row in range(keys[0].shape[0]):
        cols = [[float(v) for v in k[row]] for k in keys]
        width = len(cols[0])
        tb = (
            [0] * width if tiebreak is None else list(np.broadcast_to(tiebreak, keys[0].shape)[row])
        )

        def key(i: int, cols: list[list[float]] = cols, tb: list = tb) -> tuple:
            return (*(-c[i] for c in cols), tb[i], i)

        order = sorted(range(width), key=key)
        rank = [0] * width
        for i in order:  # one more than the number of items strictly ahead on the keys
            rank[i] = 1 + sum(
                1 for j in range(width) if tuple(c[j] for c in cols) > tuple(c[i] for c in cols)
            )
        orders.append(order)
        ranks.append(rank)
    return orders, ranks


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 9),
    st.integers(1, 3),
    st.sampled_from(["small", "wide", "fraction"]),
    st.booleans(),
    st.data(),
)
def test_packed_and_general_sorts_agree_with_a_plain_sort(
    rows: int, width: int, nkeys: int, values: str, with_tiebreak: bool, data: st.DataObject
) -> None:
    # small: few whole values (many ties, int32 packing); wide: whole values up to 2**40
    # (int64 packing or, past 62 bits, the general sort); fraction: the general sort
    bound = {"small": 3, "wide": 2**40, "fraction": 3}[values]
    element = st.integers(-bound, bound)
    keys = [
        data.draw(hnp.arrays(np.int64, (rows, width), elements=element)).astype(float)
        for _ in range(nkeys)
    ]
    if values == "fraction":
        keys = [k / 4 for k in keys]
    tiebreak = (
        data.draw(hnp.arrays(np.int64, width, elements=st.integers(-5, 5)))
        if with_tiebreak
        else None
    )
    order, rank = competition_order(keys, tiebreak)
    expected_order, expected_rank = _reference(keys, tiebreak)
    assert order.tolist() == expected_order
    assert rank.tolist() == expected_rank


# --- the packed integer sort: when it is taken, and its key -------------------------------------


def test_packed_key_worked_by_hand() -> None:
    # The worked example's first row: risk 60 120 60 30 (lowest 30, range 91), harm 10 12 10 10
    # (lowest 10, range 3), tie-break 3 0 1 2 (lowest 0, range 4), width 4. below = 4 x 4 = 16,
    # total = 4 x 91 x 3 x 4 = 4368.
    # risk - 30:                        30   90   30    0
    # x 3 + harm - 10:                  90  272   90    0
    # counted down from 4368 / 16 - 1 = 272:  182    0  182  272
    # x 4 + tie-break:                 731    0  729 1090
    # x 4 + position:                 2924    1 2918 4363
    # ascending: items 1, 2, 0, 3; key // 16 = 182, 0, 182, 272 (items 0 and 2 tie)
    packed = _packed(
        [np.array([60, 120, 60, 30]), np.array([10, 12, 10, 10])], np.array([3, 0, 1, 2])
    )
    assert packed is not None
    key, below = packed
    assert (key.tolist(), below) == ([2924, 1, 2918, 4363], 16)
    assert key.dtype == np.int32  # total 4368 < 2**29: every intermediate fits in 32 bits
    # one constant key: range 1, total = width = 2, counted down from 2 / 2 - 1 = 0
    constant = _packed([np.array([7.0, 7.0])], None)
    assert constant is not None
    assert (constant[0].tolist(), constant[1]) == ([0, 1], 2)


def test_packed_sort_is_refused_where_it_would_not_be_exact() -> None:
    whole = np.array([3.0, 1.0])
    assert _packed([np.array([0.5, 1.0])], None) is None  # not whole numbers
    assert _packed([np.array([np.nan, 1.0])], None) is None
    assert _packed([np.array(["b", "a"])], None) is None  # not numbers
    assert _packed([whole], np.array([0.0, 1.0])) is None  # a float tie-break
    assert _packed([np.zeros((2, 0))], None) is None  # no item
    assert _packed([whole, np.array([1.0, 2.0, 3.0])], None) is None  # shapes differ
    # and the general sort refuses keys of different shapes
    with pytest.raises(ValueError, match="same shape"):
        competition_order([whole, np.array([1.0, 2.0, 3.0])])


def test_packed_sort_limits_2_53_and_2_62() -> None:
    # whole numbers of magnitude below 2**53 only (two items: total = 2 x range < 2**62)
    edge = 2**53
    assert _packed([np.array([-edge + 1, edge - 1], dtype=np.int64)], None) is not None
    assert _packed([np.array([-edge, 0], dtype=np.int64)], None) is None
    assert _packed([np.array([0, edge], dtype=np.int64)], None) is None
    # small values beyond 106 = 2 x 53 (a plausible slip for 2**53) are packed too
    assert _packed([np.array([-200, 200])], None) is not None
    # one item, two keys of range 2**31 and 2**31 - 1: total 2**62 - 2**31 fits, in int64;
    # two keys of range 2**31: total 2**62 does not
    wide, narrower = np.array([0, 2**31 - 1]), np.array([0, 2**31 - 2])
    fits = _packed([wide[:, None], narrower[:, None]], None)
    assert fits is not None and fits[0].dtype == np.int64
    assert _packed([wide[:, None], wide[:, None]], None) is None
    # int32 while the total stays below 2**29: two items of range 2**28 - 1 give 2**29 - 2;
    # two of range 2**28 give 2**29, packed in int64
    below = _packed([np.array([0, 2**28 - 2])], None)
    assert below is not None and below[0].dtype == np.int32
    at = _packed([np.array([0, 2**28 - 1])], None)
    assert at is not None and at[0].dtype == np.int64
    # and while every lowest value is above -2**29 and every lowest + range below 2**29
    # (constant keys of two items: range 1, total 2)
    for value, dtype in [
        (-100, np.int32),
        (-(2**29) + 1, np.int32),
        (-(2**29), np.int64),
        (2**29 - 2, np.int32),  # lowest + range = 2**29 - 1
        (2**29 - 1, np.int64),  # lowest + range = 2**29
    ]:
        packed = _packed([np.array([value, value])], None)
        assert packed is not None and packed[0].dtype == dtype, value


def test_competition_ranks_are_the_ranks_of_competition_order() -> None:
    # the worked example above without its tie-break: ranks 2 1 2 4 and 1 1 1 1
    risk = np.array([[60, 120, 60, 30], [5, 5, 5, 5]])
    harm = np.array([[10, 12, 10, 10], [1, 1, 1, 1]])
    assert competition_ranks(risk, harm).tolist() == [[2, 1, 2, 4], [1, 1, 1, 1]]
