"""Grading rules, each worked by hand: rates, the trend rule and its minimum count, fixed
thresholds and quantiles; and the mapping files that configure them."""

from __future__ import annotations

from pathlib import Path

import pytest

from csscore.config.matrix import load_matrix
from csscore.config.vocabulary import load_vocabulary
from csscore.errors import ConfigError
from csscore.evidence.areas import Area, Areas
from csscore.evidence.grading import (
    annual_rate,
    fixed_grade,
    grade_tally,
    percent_change,
    quantile_grades,
    trend_grade,
    trend_windows,
)
from csscore.evidence.mapping import (
    FrequencyRule,
    TrendRule,
    check_grades,
    load_mapping,
    place_key,
)
from csscore.evidence.tally import build_tally, period_label, summary

FIXED = FrequencyRule(
    "fixed",
    (
        ("rare", 0.0),
        ("unlikely", 1.0),
        ("possible", 3.0),
        ("likely", 10.0),
        ("almost-certain", 25.0),
    ),
    (0.2, 0.4, 0.6, 0.8),
    3,
)
TREND = TrendRule(10.0, -10.0, 50)
POLICE_UK_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)


def month(year: int, m: int) -> int:
    return year * 12 + m - 1


def label(p: int) -> str:
    return period_label(p, 1)


# --- rates ----------------------------------------------------------------------------------


def test_rate_is_per_1000_per_year():
    assert annual_rate(30, 120_000, 12) == pytest.approx(0.25)
    # one month of 10 crimes in 100,000 people: 120 a year, 1.2 per 1,000
    assert annual_rate(10, 100_000, 1) == pytest.approx(1.2)
    assert annual_rate(10, None, 12) is None
    assert annual_rate(10, 100_000, 0) is None


# --- trend ------------------------------------------------------------------------------------


def test_24_months_compare_year_on_year():
    periods = [month(2021, 5) + i for i in range(24)]
    w = trend_windows(periods, 1, label)
    assert w.rule == "year on year"
    assert w.later == tuple(range(month(2022, 5), month(2023, 4) + 1))
    assert w.earlier == tuple(range(month(2021, 5), month(2022, 4) + 1))
    assert w.description == (
        "year on year: 2022-05 to 2023-04 (12 present) against 2021-05 to 2022-04 (12 present)"
    )


def test_23_months_compare_halves_leaving_out_the_middle():
    periods = [month(2021, 6) + i for i in range(23)]
    w = trend_windows(periods, 1, label)
    assert w.rule == "halves"
    assert len(w.earlier) == len(w.later) == 11
    assert w.earlier[-1] == month(2022, 4) and w.later[0] == month(2022, 6)  # 2022-05 left out


def test_year_on_year_uses_the_months_present():
    # The West Yorkshire case: three Julys, span 25 months.
    w = trend_windows([month(2016, 7), month(2017, 7), month(2018, 7)], 1, label)
    assert (w.rule, w.earlier, w.later) == ("year on year", (month(2017, 7),), (month(2018, 7),))


def test_one_period_has_no_trend():
    assert trend_windows([month(2023, 4)], 1).rule == "none"


def test_quarters_span_two_years_in_eight_quarters():
    quarters = [2021 * 4 + i for i in range(8)]  # 2021/22 Q1 .. 2022/23 Q4
    w = trend_windows(quarters, 3, lambda p: period_label(p, 3))
    assert w.rule == "year on year"
    assert w.earlier == tuple(quarters[:4]) and w.later == tuple(quarters[4:])
    assert w.description.startswith("year on year: 2022/23 Q1 to 2022/23 Q4")


def test_percent_change_is_of_the_mean_per_period():
    assert percent_change(100, 110, 12, 12) == 10.0
    assert percent_change(100, 90, 12, 12) == -10.0
    # 11 months present in the later year: 110 in 11 months is 10 a month, as before
    assert percent_change(120, 110, 12, 11) == 0.0
    assert percent_change(0, 5, 12, 12) is None


def test_trend_thresholds_are_inclusive():
    assert trend_grade(100, 110, 10.0, TREND) == ("increasing", "")
    assert trend_grade(100, 90, -10.0, TREND) == ("decreasing", "")
    assert trend_grade(100, 109, 9.0, TREND) == ("stable", "")
    assert trend_grade(100, 91, -9.0, TREND) == ("stable", "")


def test_too_few_crimes_make_the_trend_stable_with_the_reason():
    grade, reason = trend_grade(10, 39, 290.0, TREND)
    assert grade == "stable"
    assert reason == "trend: 49 in the compared periods, fewer than 50"
    assert trend_grade(10, 40, 300.0, TREND)[0] == "increasing"


def test_none_before_then_enough_is_increasing():
    assert trend_grade(0, 60, None, TREND) == ("increasing", "trend: none in the earlier period")


# --- frequency --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "grade"),
    [
        (0.0, "rare"),
        (0.99, "rare"),
        (1.0, "unlikely"),
        (2.99, "unlikely"),
        (3.0, "possible"),
        (9.99, "possible"),
        (10.0, "likely"),
        (24.99, "likely"),
        (25.0, "almost-certain"),
        (400.0, "almost-certain"),
    ],
)
def test_fixed_thresholds(rate, grade):
    assert fixed_grade(rate, FIXED) == grade


def test_quantiles_spread_five_districts_over_five_grades():
    assert quantile_grades([5.0, 1.0, 3.0, 2.0, 4.0], FIXED) == [
        "almost-certain",
        "rare",
        "possible",
        "unlikely",
        "likely",
    ]


def test_quantiles_give_ties_one_grade():
    assert quantile_grades([7.0, 7.0, 7.0], FIXED) == ["possible"] * 3
    # mid-rank percentiles: 1 -> (0 + 1) / 3 = 0.33, 2 -> (2 + 0.5) / 3 = 0.83
    assert quantile_grades([1.0, 1.0, 2.0], FIXED) == ["unlikely", "unlikely", "almost-certain"]
    # ten districts: two per grade
    grades = quantile_grades([float(i) for i in range(10)], FIXED)
    assert grades == [g for g in FIXED.labels for _ in range(2)]


# --- grading a tally --------------------------------------------------------------------------


def tally_of(counts, areas, issues=("burglary",)):
    """counts: {(area, issue): {period: n}} -> Tally (through build_tally, as the readers do)."""
    raw = {}
    for (area, issue), series in counts.items():
        for period, n in series.items():
            raw[(period, area, issue)] = n
    return build_tally(
        source="test",
        unit="rows",
        period_months=1,
        raw=raw,
        issues_of=lambda c: (c,),
        label_of=str,
        group_of=str,
        areas=Areas(areas, {}),
        names={},
        issues=issues,
        files=(),
        rows=sum(raw.values()),
    )


def test_grade_tally_fixed(tmp_path):
    mapping = load_mapping("police-uk")
    areas = (Area("a", "A", 100_000.0), Area("b", "B", None))
    months = [month(2021, 5) + i for i in range(24)]
    counts = {
        # 5 a month then 7 a month: 60 against 84, +40 %; 144 in 2 years = 0.72 per 1,000 a year
        ("a", "burglary"): {p: (5 if i < 12 else 7) for i, p in enumerate(months)},
        ("b", "burglary"): {p: 1 for p in months},
    }
    rows, windows = grade_tally(tally_of(counts, areas), mapping)
    assert windows.rule == "year on year"
    a, b = rows
    assert (a.district, a.issue, a.count) == ("a", "burglary", 144)
    assert a.rate_per_1000 == pytest.approx(0.72)
    assert (a.trend_change, a.frequency, a.trend, a.notes) == (40.0, "rare", "increasing", "")
    assert (b.count, b.rate_per_1000, b.frequency, b.trend, b.trend_change) == (
        24,
        None,
        "",
        "stable",
        0.0,
    )
    assert b.notes == (
        "no population: no rate or frequency; trend: 24 in the compared periods, fewer than 50"
    )


def test_grade_tally_quantiles():
    mapping = load_mapping("police-uk")
    quantiles = FrequencyRule("quantiles", FIXED.thresholds, FIXED.quantiles, 3)
    mapping = type(mapping)(**{**mapping.__dict__, "frequency": quantiles})
    areas = tuple(Area(x, x.upper(), 1000.0) for x in "abcde")
    counts = {
        (x, "burglary"): {month(2023, 1): n} for x, n in zip("abcde", (1, 2, 3, 4, 5), strict=True)
    }
    rows, _ = grade_tally(tally_of(counts, areas), mapping)
    assert [r.frequency for r in rows] == list(FIXED.labels)
    assert rows[0].notes.endswith("frequency by quantile among 5 districts")
    # too few districts with a rate: fixed thresholds, said so
    rows, _ = grade_tally(tally_of(counts, areas[:2]), mapping)
    assert [r.frequency for r in rows] == ["likely", "likely"]  # 12 and 24 per 1,000 a year
    assert "quantiles need 3" in rows[0].notes


def test_a_district_without_rows_is_not_graded_nor_ranked():
    """Quantiles rank the districts with data: c has none, so a and b (and d, whose burglary
    count is zero but who has a robbery) are ranked and c gets blanks and the no-data note."""
    mapping = load_mapping("police-uk")
    quantiles = FrequencyRule("quantiles", FIXED.thresholds, FIXED.quantiles, 3)
    mapping = type(mapping)(**{**mapping.__dict__, "frequency": quantiles})
    areas = tuple(Area(x, x.upper(), 1000.0) for x in "abcd")
    jan = month(2023, 1)
    counts = {("a", "burglary"): {jan: 1}, ("b", "burglary"): {jan: 2}, ("d", "robbery"): {jan: 1}}
    tally = tally_of(counts, areas, issues=("burglary", "robbery"))
    assert tally.without_data == ("c",)
    rows, _ = grade_tally(tally, mapping)
    by = {(r.district, r.issue): r for r in rows}
    c = by[("c", "burglary")]
    assert (c.count, c.rate_per_1000, c.frequency, c.trend, c.notes) == (
        None,
        None,
        "",
        "",
        "no data for this district in the files read",
    )
    assert c.name == "Burglary"
    # d, a, b: mid-rank percentiles 1/6, 1/2, 5/6 of burglary rates 0, 12, 24 among 3 districts
    grades = [by[(x, "burglary")].frequency for x in "dab"]
    assert grades == ["rare", "possible", "almost-certain"]
    assert by[("d", "burglary")].notes.endswith("frequency by quantile among 3 districts")
    assert any("no data for 1 district(s)" in line for line in summary(tally))


# --- mapping files ----------------------------------------------------------------------------


def test_police_uk_mapping_covers_the_14_crime_types_with_vocabulary_issues():
    mapping = load_mapping("police-uk")
    vocabulary = load_vocabulary()
    for crime_type in POLICE_UK_TYPES:
        issues = mapping.category("crime_types", crime_type)
        assert issues is not None, crime_type
        assert all(i in vocabulary.ids for i in issues)
    assert len(mapping.tables["crime_types"]) == 14
    assert mapping.category("crime_types", "Other crime") == ()
    assert mapping.category("crime_types", "VIOLENCE AND SEXUAL OFFENCES") == ("violent-crime",)
    assert mapping.aliases[place_key("Shepway")] == "Folkestone and Hythe"
    assert mapping.frequency.labels == ("rare", "unlikely", "possible", "likely", "almost-certain")


def test_builtin_mappings_use_the_default_matrix_grades():
    matrix = load_matrix("morile-csp")
    for name in ("police-uk", "home-office"):
        check_grades(load_mapping(name), matrix)


def test_grades_not_in_the_matrix_are_refused():
    with pytest.raises(ConfigError, match="has no 'frequency' factor"):
        check_grades(load_mapping("police-uk"), load_matrix("risk-5x5"))


def mapping_file(tmp_path: Path, old: str, new: str) -> Path:
    from importlib import resources

    text = (resources.files("csscore.builtin") / "evidence" / "police-uk.toml").read_text()
    assert old in text
    path = tmp_path / "mine.toml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"Burglary" = ["burglary",',
            '"Burglary" = ["burglery",',
            "unknown issue 'burglery' (did you mean \"burglary\"?)",
        ),
        ("unlikely = 1.0", "unlikely = 30.0", "need two or more grades with rising rates"),
        ('method = "fixed"', 'method = "median"', "method must be one of fixed, quantiles"),
        (
            "quantiles = [0.2, 0.4, 0.6, 0.8]",
            "quantiles = [0.5]",
            "quantiles must be 4 rising numbers",
        ),
        ("min_count = 50", "min_count = -1", "must be a whole number >= 0"),
        ("increasing = 10.0", "increasing = -5.0", "increasing must be a percent > 0"),
        ("[trend]", "[trends]", "unknown key 'trends'"),
    ],
)
def test_bad_mapping_is_refused_naming_the_key(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as caught:
        load_mapping(str(mapping_file(tmp_path, old, new)))
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "mine.toml"))
