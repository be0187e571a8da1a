"""The matrix as configuration: the default morile-csp numbers, risk-5x5, and refused matrices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from csscore.config.district import build_assessment
from csscore.config.matrix import load_matrix
from csscore.config.toml import available
from csscore.errors import ConfigError
from csscore.model.district import District
from csscore.scoring.score import score_district, score_values, threshold_index
from support import edited_matrix, raw_table


@pytest.fixture(scope="module")
def morile():
    return load_matrix("morile-csp")


# --- the default matrix, number by number, as the spec states it --------------------------------


def test_default_matrix_name_and_version(morile):
    assert morile.name == "morile-csp"
    assert morile.version == "1.0"
    assert {"morile-csp", "risk-5x5"} <= set(available("matrices"))


def test_scales_have_the_specified_labels_and_values(morile):
    scales = {s.id: [(lv.label, lv.value) for lv in s.levels] for s in morile.scales}
    assert scales == {
        "severity": [
            ("none", 0),
            ("limited", 1),
            ("moderate", 2),
            ("substantial", 3),
            ("critical", 4),
        ],
        "scope": [("local", 1), ("district", 2), ("county", 3), ("national", 4)],
        "frequency": [
            ("rare", 1),
            ("unlikely", 2),
            ("possible", 3),
            ("likely", 4),
            ("almost-certain", 5),
        ],
        "trend": [("decreasing", 0), ("stable", 1), ("increasing", 2)],
        "provision": [("full", 0), ("partial", 1), ("limited", 2), ("none", 3)],
    }


def test_factors_sections_and_scales(morile):
    assert [(f.id, f.section, f.scale, f.weight) for f in morile.factors] == [
        ("physical", "harm", "severity", 1.0),
        ("psychological", "harm", "severity", 1.0),
        ("financial", "harm", "severity", 1.0),
        ("community", "harm", "severity", 1.0),
        ("scope", "harm", "scope", 1.0),
        ("frequency", "likelihood", "frequency", 1.0),
        ("trend", "likelihood", "trend", 1.0),
        ("vulnerability", "likelihood", "severity", 1.0),
        ("capacity", "position", "provision", 1.0),
        ("capability", "position", "provision", 1.0),
    ]
    assert [(s.id, s.combine) for s in morile.sections] == [
        ("harm", "sum"),
        ("likelihood", "sum"),
        ("position", "sum"),
    ]
    assert next(f.label for f in morile.factors if f.id == "vulnerability") == (
        "Victim vulnerability"
    )


def test_score_ranges(morile):
    assert morile.section_range("harm") == (1.0, 20.0)
    assert morile.section_range("likelihood") == (1.0, 11.0)
    assert morile.section_range("position") == (0.0, 6.0)
    assert morile.risk_range() == (1.0, 220.0)


def test_bands_are_high_100_medium_50_else_low(morile):
    assert [(b.label, b.min) for b in morile.bands] == [("low", 0), ("medium", 50), ("high", 100)]
    risks = np.array([1, 49, 50, 99, 100, 220])
    labels = [morile.bands[i].label for i in threshold_index([b.min for b in morile.bands], risks)]
    assert labels == ["low", "low", "medium", "medium", "high", "high"]


def test_grades_a_0_1_b_2_3_c_4_6(morile):
    assert [(g.label, g.min) for g in morile.grades] == [("A", 0), ("B", 2), ("C", 4)]
    positions = np.arange(7)
    idx = threshold_index([g.min for g in morile.grades], positions)
    assert [morile.grades[i].label for i in idx] == ["A", "A", "B", "B", "C", "C", "C"]


def test_gap_is_high_band_with_grade_c(morile):
    assert morile.gap_bands == frozenset({"high"})
    assert morile.gap_grades == frozenset({"C"})
    # Four issues: (risk band, grade) = (high, C), (high, B), (medium, C), (low, C).
    values = np.array(
        [
            # physical psych financial community scope | freq trend vuln | capacity capability
            [4, 4, 4, 4, 4, 5, 2, 4, 2, 2],  # harm 20, likelihood 11, risk 220, position 4
            [4, 4, 4, 4, 4, 5, 2, 4, 1, 2],  # risk 220, position 3
            [2, 2, 2, 2, 2, 3, 1, 2, 3, 3],  # harm 10, likelihood 6, risk 60, position 6
            [0, 0, 0, 0, 1, 1, 0, 0, 3, 3],  # harm 1, likelihood 1, risk 1, position 6
        ],
        dtype=float,
    )
    s = score_values(morile, values)
    assert s.risk.tolist() == [220, 220, 60, 1]
    assert [morile.bands[i].label for i in s.band] == ["high", "high", "medium", "low"]
    assert s.grade is not None
    assert [morile.grades[i].label for i in s.grade] == ["C", "B", "C", "C"]
    assert s.gap.tolist() == [True, False, False, False]


def test_confidence_levels(morile):
    assert morile.confidence == ("high", "medium", "low")


# --- the second matrix: a classic 5x5 -----------------------------------------------------------


def test_risk_5x5_loads_and_scores():
    m = load_matrix("risk-5x5")
    assert (m.name, m.version) == ("risk-5x5", "1.0")
    assert [(f.id, f.section) for f in m.factors] == [
        ("impact", "harm"),
        ("likelihood", "likelihood"),
    ]
    assert [(b.label, b.min) for b in m.bands] == [
        ("low", 1),
        ("medium", 5),
        ("high", 10),
        ("extreme", 20),
    ]
    assert not m.has_position
    assert m.grades == ()
    assert m.risk_range() == (1.0, 25.0)
    table = raw_table(
        [("Flooding", "severe", "likely"), ("Litter", "1", "almost certain")],
        header=("issue", "impact", "likelihood"),
    )
    assessment, problems = build_assessment(table, m, District("x", "X", "X CSP"))
    assert problems == []
    assert assessment is not None
    scored = score_district(assessment)
    rows = [(r.issue, r.harm, r.likelihood, r.risk, r.band, r.rank) for r in scored.ranked()]
    assert rows == [("Flooding", 5, 4, 20, "extreme", 1), ("Litter", 1, 5, 5, "medium", 2)]
    assert scored.issue(0).grade is None and scored.issue(0).gap is False


# --- invalid matrices are refused, naming the file and the key ----------------------------------


def _problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_matrix(str(path))
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}:")
    return [str(p) for p in info.value.problems]


def test_unknown_top_level_key_did_you_mean(tmp_path):
    path = edited_matrix(tmp_path, ('title = "MoRiLE', 'titel = "x"\ntitle = "MoRiLE'))
    assert _problems(path) == [f"{path}:(top level): unknown key 'titel' (did you mean \"title\"?)"]


def test_unknown_factor_key_did_you_mean(tmp_path):
    path = edited_matrix(tmp_path, ('id = "physical"\n', 'id = "physical"\nweigth = 2\n'))
    assert _problems(path) == [
        f"{path}:factors[0]: unknown key 'weigth' (did you mean \"weight\"?)"
    ]


def test_factor_on_undefined_scale(tmp_path):
    path = edited_matrix(
        tmp_path,
        ('scale = "severity"\ndescription = "Injury', 'scale = "severty"\ndescription = "Injury'),
    )
    assert _problems(path) == [
        f"{path}:factors[0].scale: undefined scale 'severty' (did you mean \"severity\"?)"
    ]


def test_bands_must_cover_the_lowest_risk(tmp_path):
    path = edited_matrix(tmp_path, ('label = "low"\nmin = 0', 'label = "low"\nmin = 5'))
    assert _problems(path) == [
        f"{path}:bands[0].min: bands do not cover the risk range: lowest possible risk is 1 "
        "but the first band starts at 5"
    ]


def test_band_above_the_highest_risk(tmp_path):
    path = edited_matrix(tmp_path, ('label = "high"\nmin = 100', 'label = "high"\nmin = 300'))
    assert _problems(path) == [f"{path}:bands[2].min: 300 is above the highest possible risk 220"]


def test_grades_must_cover_the_lowest_position(tmp_path):
    path = edited_matrix(tmp_path, ('label = "A"\nmin = 0', 'label = "A"\nmin = 1'))
    assert _problems(path) == [
        f"{path}:grades[0].min: grades do not cover the position range: lowest possible "
        "position is 0 but the first grade starts at 1"
    ]


def test_duplicate_label_in_a_scale(tmp_path):
    # 'None' folds to the same label as 'none' (case does not matter when grading).
    path = edited_matrix(
        tmp_path,
        (
            '{ label = "limited", value = 1, description = "Minor',
            '{ label = "None", value = 1, description = "Minor',
        ),
    )
    assert _problems(path) == [f"{path}:scales.severity.levels[1].label: duplicate label 'None'"]


def test_duplicate_band_label(tmp_path):
    path = edited_matrix(tmp_path, ('label = "medium"\nmin = 50', 'label = "low"\nmin = 50'))
    assert _problems(path) == [f"{path}:bands[1].label: duplicate label 'low'"]


def test_toml_syntax_error_names_file_line_and_column(tmp_path):
    path = edited_matrix(tmp_path, ('name = "morile-csp"', 'name = "morile-csp'))
    assert _problems(path) == [
        f"{path}: TOML syntax error: Illegal character '\\n' (at line 8, column 19)"
    ]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("average", "unknown rule 'average' (one of sum, weighted_sum, max, product)"),
        ("weighted-sum", "unknown rule 'weighted-sum' (did you mean \"weighted_sum\"?)"),
    ],
)
def test_bad_combine_rule(tmp_path, rule, expected):
    path = edited_matrix(
        tmp_path, ('label = "Harm"\ncombine = "sum"', f'label = "Harm"\ncombine = "{rule}"')
    )
    assert _problems(path) == [f"{path}:sections.harm.combine: {expected}"]


def test_gap_naming_an_unknown_band(tmp_path):
    path = edited_matrix(tmp_path, ('bands = ["high"]', 'bands = ["hgh"]'))
    assert _problems(path) == [f"{path}:gap.bands: unknown band 'hgh' (did you mean \"high\"?)"]


def test_every_problem_is_reported_at_once(tmp_path):
    path = edited_matrix(
        tmp_path,
        ('title = "MoRiLE', 'titel = "x"\ntitle = "MoRiLE'),
        ('label = "Harm"\ncombine = "sum"', 'label = "Harm"\ncombine = "average"'),
    )
    problems = _problems(path)
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:(top level): unknown key 'titel'")
    assert problems[1].startswith(f"{path}:sections.harm.combine: unknown rule 'average'")


def test_unknown_builtin_name_did_you_mean():
    with pytest.raises(ConfigError) as info:
        load_matrix("morile-cps")
    assert str(info.value) == (
        "morile-cps: no built-in matrices file named 'morile-cps' (did you mean \"morile-csp\"?)"
    )


def test_missing_matrix_file(tmp_path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError) as info:
        load_matrix(str(path))
    assert str(info.value) == f"{path}: no such file"


# --- a user's own matrix, by path ---------------------------------------------------------------


def test_users_weighted_sum_matrix_by_path(tmp_path):
    """Harm as a weighted sum: physical x2, psychological x1.5, the rest x1 (worked by hand)."""
    path = edited_matrix(
        tmp_path,
        ('id = "physical"\n', 'id = "physical"\nweight = 2\n'),
        ('id = "psychological"\n', 'id = "psychological"\nweight = 1.5\n'),
        ('label = "Harm"\ncombine = "sum"', 'label = "Harm"\ncombine = "weighted_sum"'),
        ('name = "morile-csp"', 'name = "my-weighted"'),
        ('version = "1.0"', 'version = "0.1"'),
        name="my-weighted.toml",
    )
    m = load_matrix(str(path))
    assert (m.name, m.version) == ("my-weighted", "0.1")
    assert m.source and m.sha256  # provenance kept
    # lows 0,0,0,0,1 -> 1; highs 4*2 + 4*1.5 + 4 + 4 + 4 = 26
    assert m.section_range("harm") == (1.0, 26.0)
    assert m.risk_range() == (1.0, 286.0)
    values = np.array(
        [
            [3, 4, 1, 2, 2, 5, 2, 3, 1, 1],  # Domestic abuse as in the spec
            [4, 4, 3, 2, 3, 2, 2, 4, 2, 3],  # Modern slavery as in the spec
        ],
        dtype=float,
    )
    s = score_values(m, values)
    # DA: 3*2 + 4*1.5 + 1 + 2 + 2 = 17, x10 = 170. MS: 4*2 + 4*1.5 + 3 + 2 + 3 = 22, x8 = 176.
    assert s.harm.tolist() == [17.0, 22.0]
    assert s.likelihood.tolist() == [10.0, 8.0]
    assert s.risk.tolist() == [170.0, 176.0]
    assert [m.bands[i].label for i in s.band] == ["high", "high"]
