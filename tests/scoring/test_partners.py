"""Combining partners' grades and their agreement, by hand-worked examples."""

from __future__ import annotations

import numpy as np
import pytest

from csscore.model.partners import combine_levels, lowest_confidence, spread
from csscore.scoring.agreement import krippendorff_alpha


@pytest.mark.parametrize(
    ("grades", "rule", "expected"),
    [
        ([2, 0, 4], "median", 2),
        ([0, 4, 1, 3], "median", 3),  # even: 0 1 | 3 4, the upper of the middle two
        ([1, 2], "median", 2),
        ([-1, 2, 4], "median", 4),  # a blank does not count: 2 4, upper middle
        ([-1, -1, 3], "median", 3),
        ([1, 2], "mean", 2),  # 1.5 rounds half up
        ([0, 1, 1], "mean", 1),  # 0.67
        ([0, 0, 1], "mean", 0),  # 0.33
        ([0, 3], "mean", 2),  # 1.5 -> 2
        ([-1, 1, 4], "mean", 3),  # 2.5 -> 3, the blank left out
        ([0, 4, 1, 3], "max", 4),
        ([-1, -1], "max", -1),  # nobody graded it
        ([-1, -1], "median", -1),
        ([-1, -1], "mean", -1),
    ],
)
def test_combining_rules(grades: list[int], rule: str, expected: int) -> None:
    stack = np.array(grades, dtype=np.int64).reshape(len(grades), 1, 1)
    assert combine_levels(stack, rule)[0, 0] == expected


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown combining rule"):
        combine_levels(np.zeros((2, 1, 1), dtype=np.int64), "mode")


def test_spread_counts_only_the_partners_who_graded() -> None:
    stack = np.array([[[0, -1]], [[3, 2]], [[-1, -1]]])
    assert spread(stack).tolist() == [[3, 0]]


def test_lowest_confidence_with_blank_as_low() -> None:
    levels = ("high", "medium", "low")
    assert lowest_confidence(["high", "medium"], levels) == "medium"
    assert lowest_confidence(["high", ""], levels) == "low"
    assert lowest_confidence(["high", "high"], levels) == "high"


def test_ordinal_alpha_worked_example() -> None:
    # Two partners, three issues: 0 1 2 against 0 1 1. Coincidences o00 = 2, o11 = 2,
    # o12 = o21 = 1; n = (2, 3, 1). Ordinal distances d12 = 4, d01 = 6.25, d02 = 20.25.
    # Do = 8/6, De = 2 (6 x 6.25 + 2 x 20.25 + 3 x 4) / 30 = 6: alpha = 1 - 8/36 = 0.777778.
    data = np.array([[0, 1, 2], [0, 1, 1]], dtype=float)
    assert krippendorff_alpha(data).value == 0.777778


def test_alpha_is_undefined_for_one_partner_or_no_variation() -> None:
    assert krippendorff_alpha(np.array([[0.0, 1.0, 2.0]])).value is None
    assert krippendorff_alpha(np.array([[0.0, 1.0, 2.0]])).reason == "one partner"
    same = krippendorff_alpha(np.array([[1.0, 1.0], [1.0, 1.0]]))
    assert same.value is None and "no variation" in same.reason
    apart = krippendorff_alpha(np.array([[1.0, np.nan], [np.nan, 2.0]]))
    assert apart.value is None and "two partners" in apart.reason
