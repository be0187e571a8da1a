"""Scoring and ranking: the spec's worked examples to the number, the tie rule, vectorisation."""

from __future__ import annotations

import itertools
import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from csscore.config.district import build_assessment, load_assessment
from csscore.config.folder import load_folder
from csscore.config.matrix import load_matrix
from csscore.model.district import District
from csscore.model.text import issue_key
from csscore.scoring.score import rank_issues, score_district, score_districts, score_values
from support import (
    ASHFORD,
    DOMESTIC_ABUSE,
    DOMESTIC_ABUSE_JSON,
    HEADER,
    MODERN_SLAVERY,
    MODERN_SLAVERY_JSON,
    SAMPLE,
    raw_table,
)

MORILE = load_matrix("morile-csp")
DISTRICT = District("test", "Test", "Test CSP")


def scored_rows(rows):
    assessment, problems = build_assessment(raw_table(rows), MORILE, DISTRICT)
    assert problems == []
    assert assessment is not None
    return score_district(assessment)


def with_grades(name: str, grades: list[str]) -> tuple[str, ...]:
    """A district row with the ten factor grades given (confidence, selected, notes blank)."""
    assert len(grades) == 10
    return (name, *grades, "", "", "")


# --- the spec's worked examples -----------------------------------------------------------------


def test_domestic_abuse_worked_example():
    r = scored_rows([DOMESTIC_ABUSE]).issue(0)
    assert (r.issue, r.rank, r.contested) == ("Domestic abuse", 1, None)  # alone, no partners
    assert (r.harm, r.likelihood, r.risk, r.band) == (12, 10, 120, "high")
    assert (r.position, r.grade, r.gap) == (2, "B", False)
    assert (r.confidence, r.selected) == ("high", True)


def test_modern_slavery_worked_example():
    r = scored_rows([MODERN_SLAVERY]).issue(0)
    assert (r.harm, r.likelihood, r.risk, r.band) == (16, 8, 128, "high")
    assert (r.position, r.grade, r.gap) == (5, "C", True)
    assert (r.confidence, r.selected) == ("low", True)


def test_modern_slavery_ranks_above_domestic_abuse():
    scored = scored_rows([DOMESTIC_ABUSE, MODERN_SLAVERY])
    # issue(i) is by file index: Domestic abuse (risk 120) first in the file, ranked 2nd
    assert [(scored.issue(i).issue, scored.issue(i).rank) for i in (0, 1)] == [
        ("Domestic abuse", 2),
        ("Modern slavery", 1),
    ]
    listing = [(r.rank, r.issue, r.risk) for r in scored.ranked()]
    assert listing == [(1, "Modern slavery", 128), (2, "Domestic abuse", 120)]


def test_worked_examples_in_the_ashford_sample():
    scored = score_district(load_assessment(ASHFORD, MORILE))
    top = [
        (r.rank, r.issue, r.harm, r.likelihood, r.risk, r.band, r.position, r.grade, r.gap)
        for r in scored.ranked(top=2)
    ]
    assert top == [
        (1, "Modern slavery", 16, 8, 128, "high", 5, "C", True),
        (2, "Domestic abuse", 12, 10, 120, "high", 2, "B", False),
    ]


def test_a_partnered_district_says_which_issues_are_contested():
    # Partners A and B grade both worked examples alike, except that B gives Modern slavery
    # physical harm 2 where A gives 4: a spread of 2 levels, which makes it contested
    # (CONTESTED_SPREAD = 2). The median of two partners is the upper one, 4, so the scores are
    # the worked examples': Modern slavery 16 x 8 = 128 ranks 1, Domestic abuse 12 x 10 = 120.
    slavery_b = (MODERN_SLAVERY[0], "2", *MODERN_SLAVERY[2:])
    rows = [
        (*DOMESTIC_ABUSE, "A"),
        (*MODERN_SLAVERY, "A"),
        (*DOMESTIC_ABUSE, "B"),
        (*slavery_b, "B"),
    ]
    assessment, problems = build_assessment(raw_table(rows, (*HEADER, "partner")), MORILE, DISTRICT)
    assert problems == [] and assessment is not None
    scored = score_district(assessment)
    da, ms = scored.issue(0), scored.issue(1)
    assert (da.issue, da.rank, da.risk, da.contested) == ("Domestic abuse", 2, 120, False)
    assert (ms.issue, ms.rank, ms.risk, ms.contested) == ("Modern slavery", 1, 128, True)
    assert [r.contested for r in scored.ranked()] == [True, False]
    issues = scored.as_dict()["issues"]
    assert isinstance(issues, list)
    assert [(i["issue"], i["contested"]) for i in issues] == [
        ("Modern slavery", True),
        ("Domestic abuse", False),
    ]


# --- the tie rule -------------------------------------------------------------------------------


def test_competition_ranks_1_2_2_4_with_alphabetical_listing():
    # Zulu and alpha tie on risk, harm and likelihood: both rank 2; "alpha" is listed first.
    risk = np.array([60.0, 120.0, 60.0, 30.0])
    harm = np.array([10.0, 12.0, 10.0, 10.0])
    likelihood = np.array([6.0, 10.0, 6.0, 3.0])
    names = ["Zulu", "Bravo", "alpha", "Delta"]
    order, rank = rank_issues(risk, harm, likelihood, names)
    assert rank.tolist() == [2, 1, 2, 4]
    assert [names[i] for i in order] == ["Bravo", "alpha", "Zulu", "Delta"]


def test_ties_through_the_whole_pipeline():
    # Three issues graded identically on harm and likelihood tie (their positions differ, which
    # does not matter for rank); a fourth is lower, a fifth higher. Listed alphabetically in a tie.
    same = "moderate moderate limited limited district likely stable limited"
    rows = [
        with_grades("Vehicle crime", f"{same} full full".split()),
        with_grades("burglary", f"{same} partial none".split()),
        with_grades("Arson", f"{same} none none".split()),
        with_grades(
            "Litter",
            ["none", "none", "none", "limited", "local", "rare", "stable", "none", "full", "full"],
        ),
        with_grades(
            "Fraud",
            [
                "none",
                "moderate",
                "critical",
                "none",
                "national",
                "likely",
                "increasing",
                "moderate",
                "limited",
                "limited",
            ],
        ),
    ]
    scored = scored_rows(rows)
    listing = [(r.rank, r.issue, r.harm, r.likelihood, r.risk) for r in scored.ranked()]
    # harm 2+2+1+1+2 = 8, likelihood 4+1+1 = 6 -> 48; Fraud harm 0+2+4+0+4 = 10, 4+2+2 = 8 -> 80;
    # Litter harm 0+0+0+1+1 = 2, likelihood 1+1+0 = 2 -> 4.
    assert listing == [
        (1, "Fraud", 10, 8, 80),
        (2, "Arson", 8, 6, 48),
        (2, "burglary", 8, 6, 48),
        (2, "Vehicle crime", 8, 6, 48),
        (5, "Litter", 2, 2, 4),
    ]


def test_equal_risk_is_broken_by_harm():
    # Both risk 60: 12 x 5 and 10 x 6. Higher harm ranks first.
    order, rank = rank_issues(
        np.array([60.0, 60.0]), np.array([10.0, 12.0]), np.array([6.0, 5.0]), ["A", "B"]
    )
    assert rank.tolist() == [2, 1]
    assert order.tolist() == [1, 0]


def test_equal_risk_and_harm_is_broken_by_likelihood():
    # Hand-made values (not a product) to reach the third key of the rule.
    order, rank = rank_issues(
        np.array([60.0, 60.0, 60.0]),
        np.array([10.0, 10.0, 10.0]),
        np.array([5.0, 7.0, 6.0]),
        ["A", "B", "C"],
    )
    assert rank.tolist() == [3, 1, 2]
    assert order.tolist() == [1, 2, 0]


def test_ashford_sample_ties():
    scored = score_district(load_assessment(ASHFORD, MORILE))
    ranks = {r.issue: (r.rank, r.risk, r.harm, r.likelihood) for r in scored.ranked()}
    assert ranks["County lines"] == (13, 66, 11, 6)
    assert ranks["Gangs"] == (13, 66, 11, 6)
    assert ranks["Missing children"][0] == 15
    assert ranks["Burglary"] == (17, 54, 9, 6)
    assert ranks["Violent crime"] == (17, 54, 9, 6)
    assert ranks["Hate crime"][0] == 19
    # Equal risk 72 split by harm: Road safety 12, Fraud and scams 9, Anti-social behaviour 8.
    assert [ranks[n][0] for n in ("Road safety", "Fraud and scams", "Anti-social behaviour")] == [
        8,
        9,
        10,
    ]
    names = [r.issue for r in scored.ranked()]
    assert names.index("County lines") + 1 == names.index("Gangs")
    assert names.index("Burglary") + 1 == names.index("Violent crime")


def test_top_keeps_ties():
    scored = score_district(load_assessment(ASHFORD, MORILE))
    assert len(scored.ranked(top=13)) == 14
    assert len(scored.ranked(top=12)) == 12
    assert [r.issue for r in scored.ranked(top=13)][-2:] == ["County lines", "Gangs"]
    # once every issue has been listed, top is read from that listing: the same 14 and 12
    everything = scored.ranked()
    assert len(everything) == 22
    assert scored.ranked(top=13) == everything[:14]
    assert scored.ranked(top=12) == everything[:12]


# --- vectorised scoring -------------------------------------------------------------------------


def test_districts_scored_together_list_ties_by_their_own_names():
    # Two districts on one matrix, two issues each graded alike (a tie: ranks 1 and 1), named in
    # opposite file orders. Each lists "alpha" before "Zulu" by its own names: x (Zulu, alpha)
    # gives order [1, 0], y (alpha, Zulu) gives [0, 1].
    grades = [
        "moderate",
        "moderate",
        "limited",
        "limited",
        "district",
        "likely",
        "stable",
        "limited",
        "full",
        "full",
    ]
    x, y = (
        build_assessment(
            raw_table([with_grades(a, grades), with_grades(b, grades)]),
            MORILE,
            District(d, d.upper(), f"{d} CSP"),
        )[0]
        for d, a, b in (("x", "Zulu", "alpha"), ("y", "alpha", "Zulu"))
    )
    assert x is not None and y is not None
    sx, sy = score_districts([x, y])
    assert sx.rank.tolist() == sy.rank.tolist() == [1, 1]
    assert (sx.order.tolist(), sy.order.tolist()) == ([1, 0], [0, 1])
    assert [r.issue for r in sy.ranked()] == [r.issue for r in sx.ranked()] == ["alpha", "Zulu"]


def test_many_districts_at_once_equal_each_alone():
    _, assessments = load_folder(SAMPLE, MORILE)
    assert len(assessments) == 13
    together = score_districts(assessments)
    for a, s in zip(assessments, together, strict=True):
        alone = score_district(a)
        assert s.assessment is a
        for key in ("harm", "likelihood", "risk", "band", "position", "grade", "gap"):
            np.testing.assert_array_equal(getattr(s.scores, key), getattr(alone.scores, key))
        np.testing.assert_array_equal(s.rank, alone.rank)
        np.testing.assert_array_equal(s.order, alone.order)


def test_score_values_takes_any_leading_shape():
    _, assessments = load_folder(SAMPLE, MORILE)
    stacked = np.stack([a.values for a in assessments])  # districts x issues x factors
    assert stacked.shape == (13, 22, 10)
    cube = score_values(MORILE, stacked)
    assert cube.risk.shape == (13, 22)
    for d, a in enumerate(assessments):
        flat = score_values(MORILE, a.values)
        np.testing.assert_array_equal(cube.risk[d], flat.risk)
        np.testing.assert_array_equal(cube.band[d], flat.band)
        np.testing.assert_array_equal(cube.gap[d], flat.gap)


# --- properties ---------------------------------------------------------------------------------

LEVELS = MORILE.level_counts.tolist()
RISK_FACTORS = [i for i, f in enumerate(MORILE.factors) if f.section in ("harm", "likelihood")]


@st.composite
def graded_issues(draw, min_size=1, max_size=12):
    n = draw(st.integers(min_size, max_size))
    rows = [[draw(st.integers(0, k - 1)) for k in LEVELS] for _ in range(n)]
    return np.array(rows, dtype=np.int64)


def values_of(levels: np.ndarray) -> np.ndarray:
    return MORILE.value_table[np.arange(len(MORILE.factors)), levels]


@settings(max_examples=200, deadline=None)
@given(graded_issues(), st.data())
def test_raising_a_harm_or_likelihood_grade_never_lowers_risk(levels, data):
    factor = data.draw(st.sampled_from(RISK_FACTORS))
    top = LEVELS[factor] - 1
    raised = levels.copy()
    steps = data.draw(st.integers(1, top))
    raised[:, factor] = np.minimum(raised[:, factor] + steps, top)
    before = score_values(MORILE, values_of(levels))
    after = score_values(MORILE, values_of(raised))
    assert np.all(after.risk >= before.risk)
    assert np.all(after.band >= before.band)
    section = MORILE.factors[factor].section
    assert np.all(getattr(after, section) >= getattr(before, section))


names_strategy = st.lists(
    st.text(alphabet="abcAB -", min_size=1, max_size=6).filter(lambda s: s.strip()),
    min_size=1,
    max_size=15,
    unique_by=issue_key,
)


@settings(max_examples=300, deadline=None)
@given(names_strategy, st.data())
def test_ranking_properties(names, data):
    n = len(names)
    small = st.integers(0, 3)
    harm = np.array([data.draw(small) for _ in range(n)], dtype=float)
    likelihood = np.array([data.draw(small) for _ in range(n)], dtype=float)
    risk = harm * likelihood
    order, rank = rank_issues(risk, harm, likelihood, names)
    keys = [(-risk[i], -harm[i], -likelihood[i]) for i in range(n)]
    # The listing is a permutation, sorted by the rule, with ranks in 1..n and never decreasing.
    assert sorted(order.tolist()) == list(range(n))
    assert [keys[i] for i in order] == sorted(keys)
    assert all(1 <= r <= n for r in rank.tolist())
    assert rank[order].tolist() == sorted(rank.tolist())
    assert rank[order[0]] == 1
    for i in range(n):
        # Competition rank: one more than the number of strictly better issues.
        assert rank[i] == 1 + sum(keys[j] < keys[i] for j in range(n))
        for j in range(n):
            if keys[i] == keys[j]:
                assert rank[i] == rank[j]  # tied issues share a rank
    # Within a tie, alphabetical (case- and spacing-insensitive).
    for a, b in itertools.pairwise(order):
        if keys[a] == keys[b]:
            assert issue_key(names[a]) <= issue_key(names[b])


@settings(max_examples=100, deadline=None)
@given(graded_issues(min_size=2, max_size=10))
def test_file_order_does_not_change_scores_or_ranks(levels):
    n = len(levels)
    names = [f"Issue {i:02d}" for i in range(n)]
    scores = score_values(MORILE, values_of(levels))
    _, rank = rank_issues(scores.risk, scores.harm, scores.likelihood, names)
    perm = np.arange(n)[::-1]
    scores_p = score_values(MORILE, values_of(levels[perm]))
    _, rank_p = rank_issues(
        scores_p.risk, scores_p.harm, scores_p.likelihood, [names[i] for i in perm]
    )
    np.testing.assert_array_equal(rank_p, rank[perm])


def test_as_dict_is_the_json_contract_of_the_worked_examples():
    # the two worked examples above: Modern slavery ranks 1 (risk 128), Domestic abuse 2 (120);
    # no partnership, so no "contested" key; top=1 keeps only the first
    scored = scored_rows([DOMESTIC_ABUSE, MODERN_SLAVERY])
    slavery = MODERN_SLAVERY_JSON
    assert scored.as_dict(top=1) == {
        "district": "Test",
        "matrix": {"name": "morile-csp", "version": "1.0"},
        "issues": [slavery],
    }
    issues = scored.as_dict()["issues"]
    assert isinstance(issues, list) and len(issues) == 2
    assert issues[1] == DOMESTIC_ABUSE_JSON
    # and as JSON text: gap a boolean, rank a whole number (1.0 would compare equal above)
    text = json.dumps(scored.as_dict())
    assert '"gap": true' in text and '"gap": false' in text
    assert '"rank": 1}' in text and '"rank": 2}' in text
