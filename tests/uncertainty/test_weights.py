"""The vectorised weights analysis gives exactly what evaluating every crossing gave."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.uncertainty.weights import weight_sensitivity
from strategies import PROPERTIES, grades, matrices
from uncertainty.reference_weights import weight_sensitivity as reference


def assessment(matrix: Matrix, levels: np.ndarray) -> DistrictAssessment:
    n = len(levels)
    return DistrictAssessment(
        District("d", "D", "CSP"), "d.csv", "", matrix, tuple(f"I{i}" for i in range(n)),
        levels, ("",) * n, (False,) * n, ("",) * n, tuple(range(2, n + 2)),
    )  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> tuple[DistrictAssessment, int]:
    matrix = draw(matrices)
    issues = draw(st.integers(1, 14))
    levels = draw(grades(matrix, issues))
    # few distinct levels make ties and shared crossings common
    if draw(st.booleans()):
        levels = np.minimum(levels, draw(st.integers(0, 2)))
    return assessment(matrix, levels), draw(st.integers(1, 5))


@PROPERTIES
@given(cases())
def test_weights_agree_with_evaluating_every_crossing(case: tuple[DistrictAssessment, int]) -> None:
    a, top = case
    assert weight_sensitivity(a, top) == reference(a, top)


def test_weights_agree_on_a_national_sized_district() -> None:
    from csscore.config.matrix import load_matrix

    for name in ("morile-csp", "morile-csp-vulnerability"):
        matrix = load_matrix(name)
        rng = np.random.default_rng(3)
        levels = rng.integers(0, matrix.level_counts, size=(60, len(matrix.factors)))
        a = assessment(matrix, levels)
        for top in (1, 5, 10):
            assert weight_sensitivity(a, top) == reference(a, top)
