"""The section combine rules (sum, weighted_sum, max, product) on small hand-built matrices,
worked by hand; matrices without a position section; districts of different matrices scored
together; and a property check of every rule against a plain Python reference.

The worked example: one scale with values 1..5; harm factors h1 (weight 2) and h2 (weight 3),
likelihood factors l1 (weight 1) and l2 (weight 0.5), position factors p1 (weight 1) and p2
(weight 2). Three issues, graded (h1, h2, l1, l2, p1, p2):

    X = (2, 5, 3, 4, 1, 4)    Y = (4, 1, 2, 2, 5, 3)    Z = (1, 1, 1, 1, 1, 1)

              harm X, Y, Z            likelihood X, Y, Z        position X, Y, Z
    sum       7, 5, 2                 7, 4, 2                   5, 8, 2
    weighted  2*2+3*5=19, 11, 5       3+0.5*4=5, 3, 1.5         1+2*4=9, 11, 3
    max       5, 4, 1                 4, 2, 1                   4, 5, 1
    product   10, 4, 1                12, 4, 1                  4, 15, 1
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.config.district import build_assessment
from csscore.config.matrix import build_matrix, load_matrix
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.scoring.score import (
    Scores,
    combine,
    rank_issues,
    score_district,
    score_districts,
    score_levels,
    score_values,
)
from strategies import PROPERTIES, grades, matrices, toml_text
from support import DOMESTIC_ABUSE, MODERN_SLAVERY, raw_table

X = [2, 5, 3, 4, 1, 4]
Y = [4, 1, 2, 2, 5, 3]
Z = [1, 1, 1, 1, 1, 1]
VALUES = np.array([X, Y, Z], dtype=float)

EXPECTED = {
    "sum": ([7, 5, 2], [7, 4, 2], [5, 8, 2]),
    "weighted_sum": ([19, 11, 5], [5, 3, 1.5], [9, 11, 3]),
    "max": ([5, 4, 1], [4, 2, 1], [4, 5, 1]),
    "product": ([10, 4, 1], [12, 4, 1], [4, 15, 1]),
}


def small_doc(harm: str, likelihood: str, position: str) -> dict[str, Any]:
    """The worked example's matrix as a parsed TOML document, one combine rule per section."""
    levels = [{"label": name, "value": v} for v, name in enumerate("abcde", start=1)]
    factors = [
        {"id": fid, "label": fid, "section": section, "scale": "five", "weight": weight}
        for fid, section, weight in (
            ("h1", "harm", 2),
            ("h2", "harm", 3),
            ("l1", "likelihood", 1),
            ("l2", "likelihood", 0.5),
            ("p1", "position", 1),
            ("p2", "position", 2),
        )
    ]
    return {
        "name": f"small-{harm}-{likelihood}-{position}",
        "version": "1",
        "scales": {"five": {"levels": levels}},
        "factors": factors,
        "sections": {
            "harm": {"combine": harm},
            "likelihood": {"combine": likelihood},
            "position": {"combine": position},
        },
        "bands": [{"label": "low", "min": 0}, {"label": "high", "min": 20}],
        "grades": [{"label": "A", "min": 0}, {"label": "B", "min": 4}],
        "gap": {"bands": ["high"], "grades": ["B"]},
    }


def small_matrix(harm: str, likelihood: str | None = None, position: str | None = None) -> Matrix:
    doc = small_doc(harm, likelihood or harm, position or harm)
    matrix, problems = build_matrix(doc, "small.toml")
    assert matrix is not None, problems
    return matrix


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_combine_rule_matches_the_worked_example(rule: str) -> None:
    harm, likelihood, position = EXPECTED[rule]
    matrix = small_matrix(rule)
    assert combine(matrix, VALUES, "harm").tolist() == harm
    assert combine(matrix, VALUES, "likelihood").tolist() == likelihood
    assert combine(matrix, VALUES, "position").tolist() == position
    scores = score_values(matrix, VALUES)
    assert scores.risk.tolist() == [h * lk for h, lk in zip(harm, likelihood, strict=True)]
    assert scores.position is not None
    assert scores.position.tolist() == position


def test_sections_combine_by_their_own_rules() -> None:
    # Harm by max, likelihood by product, position by weighted sum: X = 5 x 12 = 60,
    # Y = 4 x 4 = 16, Z = 1 x 1 = 1; positions 9, 11, 3 (grade B from 4 up, so B, B, A).
    scores = score_values(small_matrix("max", "product", "weighted_sum"), VALUES)
    assert scores.harm.tolist() == [5, 4, 1]
    assert scores.likelihood.tolist() == [12, 4, 1]
    assert scores.risk.tolist() == [60, 16, 1]
    assert scores.position is not None and scores.grade is not None
    assert scores.position.tolist() == [9, 11, 3]
    # Bands from 20 up are high: X high, Y and Z low; only X is high risk and grade B (a gap).
    assert scores.band.tolist() == [1, 0, 0]
    assert scores.grade.tolist() == [1, 1, 0]
    assert scores.gap.tolist() == [True, False, False]


def test_a_risk_on_a_band_threshold_is_in_that_band() -> None:
    # Sum: Y's risk is 5 x 4 = 20, exactly the "high" minimum; X 49 is high, Z 4 low.
    scores = score_values(small_matrix("sum"), VALUES)
    assert scores.risk.tolist() == [49, 20, 4]
    assert scores.band.tolist() == [1, 1, 0]


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_combine_keeps_leading_dimensions(rule: str) -> None:
    # Two stacked draws of the three issues (the second reversed): shape (2, 3, factors) -> (2, 3).
    matrix = small_matrix(rule)
    cube = np.stack([VALUES, VALUES[::-1]])
    for section, expected in zip(("harm", "likelihood", "position"), EXPECTED[rule], strict=True):
        out = combine(matrix, cube, section)
        assert out.shape == (2, 3)
        assert out.tolist() == [expected, expected[::-1]]


def test_a_section_the_matrix_does_not_declare_combines_by_sum() -> None:
    # A Matrix built in code need not declare its sections; each then adds its factors up
    # (as Matrix.section_range assumes), whatever the weights.
    matrix = replace(small_matrix("product"), sections=())
    assert combine(matrix, VALUES, "harm").tolist() == EXPECTED["sum"][0]
    assert combine(matrix, VALUES, "likelihood").tolist() == EXPECTED["sum"][1]
    assert matrix.section_range("harm") == (2, 10)


def test_cli_scores_a_district_with_a_product_and_weighted_matrix(tmp_path: Path) -> None:
    # The matrix file as an analyst would write it; X and Y graded by label (a=1 ... e=5).
    matrix = tmp_path / "small.toml"
    matrix.write_text(toml_text(small_doc("product", "weighted_sum", "max")), encoding="utf-8")
    district = tmp_path / "district.csv"
    district.write_text(
        "issue,h1,h2,l1,l2,p1,p2\nIssue X,b,e,c,d,a,d\nIssue Y,d,a,b,b,e,c\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["score", str(district), "--matrix", str(matrix), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    issues = {i["issue"]: i for i in json.loads(result.stdout)["issues"]}
    # X: harm 2 x 5 = 10, likelihood 3 + 0.5 x 4 = 5, risk 50, position max(1, 4) = 4.
    # Y: harm 4 x 1 = 4, likelihood 2 + 0.5 x 2 = 3, risk 12, position max(5, 3) = 5.
    got = {n: (i["harm"], i["likelihood"], i["risk"], i["band"], i["position"], i["grade"], i["gap"], i["rank"]) for n, i in issues.items()}  # fmt: skip
    assert got == {
        "Issue X": (10, 5, 50, "high", 4, "B", True, 1),
        "Issue Y": (4, 3, 12, "low", 5, "B", False, 2),
    }


# --- matrices without a position section ----------------------------------------------------

FIVE = load_matrix("risk-5x5")
MORILE = load_matrix("morile-csp")


def five_by_five(district: str = "five") -> Any:
    rows = [
        ("Burglary", "major", "likely", "high", "yes", "seasonal"),
        ("Fraud", "moderate", "rare", "", "", ""),
    ]
    header = ("issue", "impact", "likelihood", "confidence", "selected", "notes")
    assessment, problems = build_assessment(
        raw_table(rows, header), FIVE, District(district, district.title(), "CSP")
    )
    assert problems == []
    return assessment


def test_a_matrix_without_position_scores_risk_only() -> None:
    # risk-5x5 combines by max over one factor each: Burglary 4 x 4 = 16 (high, 10-16),
    # Fraud 3 x 1 = 3 (low); there is no position, grade or gap.
    scored = score_district(five_by_five())
    assert scored.scores.position is None and scored.scores.grade is None
    assert scored.scores.gap.dtype == np.bool_
    assert scored.scores.gap.tolist() == [False, False]
    rows = [
        (r.issue, r.harm, r.likelihood, r.risk, r.band, r.position, r.grade, r.gap, r.notes)
        for r in scored.ranked()
    ]
    assert rows == [
        ("Burglary", 4, 4, 16, "high", None, None, False, "seasonal"),
        ("Fraud", 3, 1, 3, "low", None, None, False, ""),
    ]
    assert scored.issue(0).confidence == "high" and scored.issue(0).selected


def test_districts_of_different_matrices_scored_together_equal_each_alone() -> None:
    morile, problems = build_assessment(
        raw_table([DOMESTIC_ABUSE, MODERN_SLAVERY]), MORILE, District("m", "M", "CSP")
    )
    assert morile is not None, problems
    mixed = [five_by_five("f1"), morile, five_by_five("f2")]
    together = score_districts(mixed)
    assert [s.assessment for s in together] == mixed
    # The spec's worked examples (risk 120 and 128) and the 5x5's (16 and 3), as each alone.
    assert together[1].scores.risk.tolist() == [120, 128]
    assert together[1].issue(1).grade == "C" and together[1].issue(1).gap
    for s in (together[0], together[2]):
        assert s.scores.risk.tolist() == [16, 3]
        assert s.scores.position is None and s.scores.grade is None
        assert [r.position for r in s.ranked()] == [None, None]
    for s, a in zip(together, mixed, strict=True):
        alone = score_district(a)
        np.testing.assert_array_equal(s.scores.risk, alone.scores.risk)
        np.testing.assert_array_equal(s.scores.gap, alone.scores.gap)
        np.testing.assert_array_equal(s.rank, alone.rank)


def test_notes_are_carried_to_the_scored_issue() -> None:
    row = (*DOMESTIC_ABUSE[:-1], "rising since the spring")
    assessment, _ = build_assessment(raw_table([row]), MORILE, District("n", "N", "CSP"))
    assert assessment is not None
    assert score_district(assessment).issue(0).notes == "rising since the spring"


# --- properties ---------------------------------------------------------------------------------


def reference(matrix: Matrix, row: list[float], section: str) -> float:
    """A section's value for one issue, computed factor by factor."""
    pairs = [
        (f.weight, v) for f, v in zip(matrix.factors, row, strict=True) if f.section == section
    ]
    declared = matrix.section(section)
    rule = declared.combine if declared else "sum"
    if rule == "weighted_sum":
        return sum(w * v for w, v in pairs)
    if rule == "max":
        return max(v for _, v in pairs)
    if rule == "product":
        return math.prod(v for _, v in pairs)
    return sum(v for _, v in pairs)


@PROPERTIES
@given(st.data())
def test_combine_matches_a_factor_by_factor_reference(data: st.DataObject) -> None:
    matrix = data.draw(matrices)
    levels = data.draw(grades(matrix, data.draw(st.integers(1, 6))))
    values = matrix.value_table[np.arange(len(matrix.factors)), levels]
    scores = score_values(matrix, values)
    sections = ["harm", "likelihood"] + (["position"] if matrix.has_position else [])
    for section in sections:
        got = combine(matrix, values, section)
        low, high = matrix.section_range(section)
        for i, row in enumerate(values.tolist()):
            assert got[i] == pytest.approx(reference(matrix, row, section))
            assert low - 1e-9 <= got[i] <= high + 1e-9
    assert np.allclose(scores.risk, scores.harm * scores.likelihood)
    assert (scores.position is None) == (not matrix.has_position)


FIELDS = ("harm", "likelihood", "risk", "band", "position", "grade", "gap")


def assert_same_scores(got: Scores, want: Scores) -> None:
    for name in FIELDS:
        have, expected = getattr(got, name), getattr(want, name)
        if expected is None:
            assert have is None
        else:
            assert have.dtype == expected.dtype
            np.testing.assert_array_equal(have, expected)


@PROPERTIES
@given(st.data())
def test_scores_from_levels_are_the_scores_of_their_values(data: st.DataObject) -> None:
    # score_levels and score_districts look each section's values up from the levels: the same
    # numbers as score_values of the values, bit for bit, and score_districts the ranks of
    # rank_issues, district by district
    matrix = data.draw(matrices)
    issues = data.draw(st.integers(1, 6))
    districts = data.draw(st.integers(1, 3))
    cube = np.stack([data.draw(grades(matrix, issues)) for _ in range(districts)])
    values = matrix.value_table[np.arange(len(matrix.factors)), cube]
    assert_same_scores(score_levels(matrix, cube), score_values(matrix, values))
    names = tuple(f"Issue {i}" for i in range(issues))
    assessments = [
        DistrictAssessment(District(f"d{d}", f"D{d}", "CSP"), "", "", matrix, names, levels,
                           ("",) * issues, (False,) * issues, ("",) * issues, tuple(range(issues)))
        for d, levels in enumerate(cube)
    ]  # fmt: skip
    for d, scored in enumerate(score_districts(assessments)):
        alone = score_values(matrix, values[d])
        assert_same_scores(scored.scores, alone)
        order, rank = rank_issues(alone.risk, alone.harm, alone.likelihood, names)
        np.testing.assert_array_equal(scored.order, order)
        np.testing.assert_array_equal(scored.rank, rank)


@pytest.mark.parametrize("n", [22, 5462])
def test_wide_value_tables_are_indexed_without_overflow(n: int) -> None:
    # Six factors on an n-level scale (values 1..n), every section summed. The value table has
    # 6 n cells: 132 for n = 22 (past int8's 127) and 32,772 for n = 5462 (past int16's 32,767).
    # Every factor at its top level: harm = n + n, likelihood n + n, risk 4 n^2 (1,936 and
    # 119,333,776), position n + n; at the bottom: 2, 2, 4 and 2. The position factors are the
    # last two, whose cells are the ones past 127 or 32,767.
    doc = small_doc("sum", "sum", "sum")
    doc["scales"] = {"five": {"levels": [{"label": f"l{v}", "value": v} for v in range(1, n + 1)]}}
    matrix, problems = build_matrix(doc, "wide.toml")
    assert matrix is not None, problems
    levels = np.array([[n - 1] * 6, [0] * 6])
    for scores in (score_levels(matrix, levels), score_values(matrix, levels + 1.0)):
        assert scores.harm.tolist() == [2 * n, 2]
        assert scores.risk.tolist() == [4 * n * n, 4]
        assert scores.position is not None and scores.position.tolist() == [2 * n, 2]
    names = ("Top", "Bottom")
    district = DistrictAssessment(
        District("w", "W", "CSP"), "", "", matrix, names, levels,
        ("", ""), (False, False), ("", ""), (2, 3),
    )  # fmt: skip
    (scored,) = score_districts([district])
    assert scored.scores.risk.tolist() == [4 * n * n, 4]
    assert scored.scores.position is not None
    assert scored.scores.position.tolist() == [2 * n, 2]
