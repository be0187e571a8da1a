"""The one tie rule: whole-number keys take the packed integer sort, any other keys the general
sort; both must list and rank alike, checked against a plain sort and by hand."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from csscore.scoring.ranks import competition_order


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
