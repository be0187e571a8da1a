"""Properties of partners' gradings (hypothesis): the order partners are read in never changes a
result, and, under the median, a partner whose grades equal the combined ones changes nothing."""

from __future__ import annotations

import json
import random

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csscore.config.tables import RawTable
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.model.partners import RULES, combine_levels, with_rule
from csscore.render.formats.table import to_json
from csscore.scoring.agreement import agreement_report
from csscore.scoring.score import score_district
from strategies import BUILTIN, PROPERTIES, grading_rows, gradings, scaled
from support import assessment_of, raw_table

DISTRICT = District("d", "D", "D CSP")
MATRICES = st.sampled_from([BUILTIN["risk-5x5"], BUILTIN["morile-csp"]])


def _table(matrix: Matrix, partners: list[str], levels: np.ndarray, confidence: list[list[str]],
           order: list[int]) -> RawTable:  # fmt: skip
    header = ("issue", "partner", *matrix.factor_ids, "confidence")
    issues = [f"Issue {i}" for i in range(levels.shape[1])]
    return raw_table(grading_rows(matrix, partners, levels, confidence, order, issues), header)


def _read(table: RawTable, matrix: Matrix) -> DistrictAssessment:
    return assessment_of(table, matrix, DISTRICT)


def _results(a: DistrictAssessment) -> str:
    out = []
    for rule in RULES:
        b = with_rule(a, rule)
        out.append(to_json(score_district(b).as_dict()))
        out.append(json.dumps([b.levels.tolist(), b.confidence, b.selected, b.notes]))
    out.append(to_json(agreement_report(a).as_dict()))
    return "\n".join(out)


@scaled(0.5)
@given(data=st.data(), matrix=MATRICES)
def test_partner_order_never_changes_a_result(data: st.DataObject, matrix: Matrix) -> None:
    partners, levels, confidence = data.draw(gradings(matrix))
    order = data.draw(st.permutations(range(len(partners))))
    first = _read(_table(matrix, partners, levels, confidence, list(range(len(partners)))), matrix)
    again = _read(_table(matrix, partners, levels, confidence, list(order)), matrix)
    assert _results(first) == _results(again)


@scaled(0.5)
@given(data=st.data(), matrix=MATRICES)
def test_a_partner_agreeing_with_the_median_changes_nothing(
    data: st.DataObject, matrix: Matrix
) -> None:
    partners, levels, confidence = data.draw(gradings(matrix))
    order = list(range(len(partners)))
    before = _read(_table(matrix, partners, levels, confidence, order), matrix)
    agreeing = np.concatenate([levels, before.levels[None]])
    table = _table(matrix, [*partners, "Agreeing"], agreeing, [*confidence,
                   list(before.confidence)], [*order, len(partners)])  # fmt: skip
    after = _read(table, matrix)
    assert np.array_equal(after.levels, before.levels)
    assert after.confidence == before.confidence and after.selected == before.selected
    assert to_json(score_district(after).as_dict()) == to_json(score_district(before).as_dict())


@PROPERTIES
@given(
    stack=st.lists(st.lists(st.integers(-1, 6), min_size=3, max_size=3), min_size=1, max_size=8),
    order=st.randoms(use_true_random=False),
)
def test_combining_rules_ignore_order_and_the_median_keeps_its_own(
    stack: list[list[int]], order: random.Random
) -> None:
    levels = np.array(stack, dtype=np.int64).reshape(len(stack), 1, 3)
    shuffled = levels[order.sample(range(len(stack)), len(stack))]
    for rule in RULES:
        assert np.array_equal(combine_levels(levels, rule), combine_levels(shuffled, rule))
    median = combine_levels(levels, "median")
    given = median >= 0
    again = combine_levels(np.concatenate([levels, median[None]]), "median")
    assert np.array_equal(again[given], median[given])
