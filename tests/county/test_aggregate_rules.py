"""County aggregation rules on small hand-built counties, every figure worked by hand.

Every district here is graded on morile-csp with likelihood 4 (frequency possible, trend stable,
vulnerability none) and a chosen harm, so an issue's risk is 4 x harm and districts rank their
issues by harm. Risk is scaled for the population-weighted mean by the matrix range 1..220:
(risk - 1) / 219.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.folder import load_folder
from csscore.config.matrix import build_matrix, load_matrix
from csscore.county.aggregate import Count, County, Proposal, aggregate
from csscore.errors import InputError, Problem
from csscore.model.matrix import Matrix
from csscore.scoring.score import score_districts
from support import csv_text, declare_issues

MORILE = load_matrix("morile-csp")
COLUMNS = ("issue", *MORILE.factor_ids, "selected")

CSA = """
name = "rules-csa"
title = "Rules CSA"
edition = "2026"
[[priority]]
id = "p-da"
name = "Domestic Abuse priority"
covers = ["domestic-abuse"]
[[priority]]
id = "p-roads"
name = "Roads priority"
covers = ["road-safety"]
[[theme]]
id = "t-da"
name = "Domestic Abuse"
covers = ["domestic-abuse", "stalking-and-harassment"]
including = "stalking and harassment"
printed_count = 3
[[theme]]
id = "t-asb"
name = "ASB"
covers = ["anti-social-behaviour"]
[[theme]]
id = "t-acquisitive"
name = "Acquisitive crime"
covers = ["burglary", "robbery", "vehicle-crime"]
[[theme]]
id = "t-roads"
name = "Roads"
covers = ["road-safety"]
"""

#: (name, harm 1..17, selected), or with other columns the row's cells
Issue = tuple[Any, ...]


def line(issue: str, harm: int, selected: bool = False) -> tuple[str, ...]:
    """A morile-csp row with the given harm (physical, psychological, financial and community
    severities adding up to harm - 1, scope local = 1) and likelihood 4."""
    severities, rest = [], harm - 1
    for _ in range(4):
        severities.append(str(min(4, rest)))
        rest -= min(4, rest)
    assert rest == 0, harm
    grades = (*severities, "local", "possible", "stable", "none", "full", "full")
    return (issue, *grades, "yes" if selected else "")


def write_county(
    folder: Path,
    districts: Sequence[tuple[str, str, str, float | None, bool, Sequence[Issue]]],
    columns: Sequence[str] = COLUMNS,
) -> Path:
    """A county folder: one CSV per district and a manifest (id, name, CSP, population, in_csa)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    names: list[str] = []
    for did, name, csp, population, in_csa, issues in districts:
        rows = [line(*i) for i in issues] if columns is COLUMNS else issues
        names += [r[0] for r in rows]
        (folder / f"{did}.csv").write_text(csv_text(rows, columns), encoding="utf-8")
        entry = f'[[district]]\nid = "{did}"\nname = "{name}"\ncsp = "{csp}"\nfile = "{did}.csv"\n'
        if population is not None:
            entry += f"population = {population}\n"
        if not in_csa:
            entry += "in_csa = false\n"
        manifest.append(entry)
    (folder / "districts.toml").write_text("\n".join(manifest), encoding="utf-8")
    declare_issues(folder, names)  # the county's own issues (Zebra crossings, bin fires)
    return folder


def build(folder: Path, csa: Path, matrix: Matrix = MORILE, **options: object) -> County:
    _, assessments = load_folder(folder, matrix)
    return aggregate(score_districts(assessments), load_csa(str(csa)), **options)  # type: ignore[arg-type]


@pytest.fixture()
def csa(tmp_path: Path) -> Path:
    path = tmp_path / "csa.toml"
    path.write_text(CSA, encoding="utf-8")
    return path


# --- counting: Appendix A and B, the proposed set, the defaults ------------------------------
#
# Ashby and Barton form North CSP, Carlton is South CSP, Dunham East CSP; Eastry (East CSP) is
# outside the CSA. Harm in brackets; * marks a selected issue.
#
#   Ashby:   Domestic abuse* (12), Anti-social behaviour (10), Zebra crossings* (8)
#   Barton:  bin fires* (9), Hate crime* (7), Stalking and harassment* (6)
#   Carlton: nothing selected, so its top 5: Domestic abuse (10), Anti-social behaviour (9),
#            Burglary (8), Robbery (7), Vehicle crime (6); Road safety (5) is 6th
#   Dunham:  Rape and sexual offences* (12), Road safety* (11), Anti-social behaviour* (4)
#   Eastry:  Domestic abuse* (17), Road safety (15)
#
# Themes (a CSP counts once): Domestic Abuse: Ashby (DA), Barton (stalking), Carlton (DA) ->
# North, South = 2. ASB: Carlton, Dunham -> 2 (Ashby graded ASB but did not select it).
# Acquisitive crime: Carlton -> 1. Roads: Dunham -> 1. Unclassified (no theme covers them):
# Zebra crossings and bin fires (unknown to the vocabulary), Hate crime and Rape and sexual
# offences (in the vocabulary, in no theme): Ashby, Barton, Dunham -> North, East = 2.

COUNTING = [
    ("ashby", "Ashby", "North CSP", 1000, True, [("Domestic abuse", 12, True), ("Anti-social behaviour", 10, False), ("Zebra crossings", 8, True)]),
    ("barton", "Barton", "North CSP", 3000, True, [("bin fires", 9, True), ("Hate crime", 7, True), ("Stalking and harassment", 6, True)]),
    ("carlton", "Carlton", "South CSP", 2000, True, [("Domestic abuse", 10, False), ("Anti-social behaviour", 9, False), ("Burglary", 8, False), ("Robbery", 7, False), ("Vehicle crime", 6, False), ("Road safety", 5, False)]),
    ("dunham", "Dunham", "East CSP", 4000, True, [("Rape and sexual offences", 12, True), ("Road safety", 11, True), ("Anti-social behaviour", 4, True)]),
    ("eastry", "Eastry", "East CSP", 9000, False, [("Domestic abuse", 17, True), ("Road safety", 15, False)]),
]  # fmt: skip

NORTH, SOUTH, EAST = "North CSP", "South CSP", "East CSP"


@pytest.fixture()
def counting(tmp_path: Path) -> Path:
    return write_county(tmp_path / "counting", COUNTING)


def test_theme_counts_in_full(counting: Path, csa: Path) -> None:
    county = build(counting, csa)
    unclassified = "bin fires, Hate crime, Rape and sexual offences, Zebra crossings"
    assert county.counts == (
        Count("ASB", 2, ("Carlton", "Dunham"), (EAST, SOUTH)),
        Count(
            "Domestic Abuse",
            2,
            ("Ashby", "Barton", "Carlton"),
            (NORTH, SOUTH),
            "stalking and harassment",
            3,
        ),
        Count("Unclassified", 2, ("Ashby", "Barton", "Dunham"), (EAST, NORTH), unclassified),
        Count("Acquisitive crime", 1, ("Carlton",), (SOUTH,)),
        Count("Roads", 1, ("Dunham",), (EAST,)),
    )
    # Unclassified issues by name, case-insensitively: unknown names as written, known by label.
    assert county.unclassified == (
        "bin fires",
        "Hate crime",
        "Rape and sexual offences",
        "Zebra crossings",
    )
    assert county.csps == (EAST, NORTH, SOUTH)
    assert county.excluded == ("Eastry",)


def test_defaults_are_theme_top_5_and_half_the_csps(counting: Path, csa: Path) -> None:
    county = build(counting, csa)
    assert (county.by, county.top, county.share) == ("theme", 5, 0.5)
    assert county.identified["carlton"] == (
        "domestic-abuse",
        "anti-social-behaviour",
        "burglary",
        "robbery",
        "vehicle-crime",
    )
    assert county.identified_by == {
        "ashby": "selected",
        "barton": "selected",
        "carlton": "top 5",
        "dunham": "selected",
    }
    assert county.identified["ashby"] == ("domestic-abuse", "Zebra crossings")
    # All four have a population: the weighted risk is computed and there is nothing to say.
    assert county.population_note == ""


def test_top_issues_count_districts_and_name_their_csps(counting: Path, csa: Path) -> None:
    # Each district's top 5 by risk, selected or not (Carlton's Road safety is 6th; Eastry out).
    county = build(counting, csa)
    assert county.top_issues == (
        Count("Anti-social behaviour", 3, ("Ashby", "Carlton", "Dunham"), (EAST, NORTH, SOUTH)),
        Count("Domestic abuse", 2, ("Ashby", "Carlton"), (NORTH, SOUTH)),
        Count("bin fires", 1, ("Barton",), (NORTH,)),
        Count("Burglary", 1, ("Carlton",), (SOUTH,)),
        Count("Hate crime", 1, ("Barton",), (NORTH,)),
        Count("Rape and sexual offences", 1, ("Dunham",), (EAST,)),
        Count("Road safety", 1, ("Dunham",), (EAST,)),
        Count("Robbery", 1, ("Carlton",), (SOUTH,)),
        Count("Stalking and harassment", 1, ("Barton",), (NORTH,)),
        Count("Vehicle crime", 1, ("Carlton",), (SOUTH,)),
        Count("Zebra crossings", 1, ("Ashby",), (NORTH,)),
    )


def test_counts_by_issue(counting: Path, csa: Path) -> None:
    # Domestic abuse: Ashby (North), Carlton (South) = 2; Anti-social behaviour: Carlton, Dunham
    # = 2; every other identified issue one district, one CSP.
    county = build(counting, csa, by="issue")
    assert county.by == "issue"
    assert county.counts == (
        Count("Anti-social behaviour", 2, ("Carlton", "Dunham"), (EAST, SOUTH)),
        Count("Domestic abuse", 2, ("Ashby", "Carlton"), (NORTH, SOUTH)),
        Count("bin fires", 1, ("Barton",), (NORTH,)),
        Count("Burglary", 1, ("Carlton",), (SOUTH,)),
        Count("Hate crime", 1, ("Barton",), (NORTH,)),
        Count("Rape and sexual offences", 1, ("Dunham",), (EAST,)),
        Count("Road safety", 1, ("Dunham",), (EAST,)),
        Count("Robbery", 1, ("Carlton",), (SOUTH,)),
        Count("Stalking and harassment", 1, ("Barton",), (NORTH,)),
        Count("Vehicle crime", 1, ("Carlton",), (SOUTH,)),
        Count("Zebra crossings", 1, ("Ashby",), (NORTH,)),
    )
    # The proposed set is a set of themes: counting by issue proposes none.
    assert county.proposed == ()


def test_proposed_set_with_shares(counting: Path, csa: Path) -> None:
    # Three CSPs. Domestic Abuse theme 2/3 >= 1/2, met by the DA priority: agree. ASB 2/3, in no
    # priority: add. Acquisitive crime and Roads 1/3: not proposed; the Roads priority so has no
    # support enough and is dropped, with its own share: road safety identified by East = 1/3.
    county = build(counting, csa)
    assert county.proposed == (
        Proposal("Domestic Abuse", 2, 2 / 3, "agree", ("Domestic Abuse priority",)),
        Proposal("ASB", 2, 2 / 3, "add", ()),
        Proposal("Roads priority", 1, 1 / 3, "drop", ("Roads priority",)),
    )


def test_a_share_equal_to_a_fraction_of_csps_reaches_it(counting: Path, csa: Path) -> None:
    # 2 of 3 CSPs reach a share of exactly 2/3, and one up to 1e-12 above it (the tolerance
    # for a share that went through decimal rounding); a share of 0.7 leaves every theme out.
    for share in (2 / 3, 2 / 3 + 1e-12):
        county = build(counting, csa, share=share)
        assert [(p.name, p.verdict) for p in county.proposed] == [
            ("Domestic Abuse", "agree"),
            ("ASB", "add"),
            ("Roads priority", "drop"),
        ]
    county = build(counting, csa, share=0.7)
    assert [(p.name, p.verdict, p.share) for p in county.proposed] == [
        ("Domestic Abuse priority", "drop", 2 / 3),
        ("Roads priority", "drop", 1 / 3),
    ]


def test_weighted_risk_averages_only_the_districts_that_graded_an_issue(
    counting: Path, csa: Path
) -> None:
    # Road safety: Carlton risk 20 (population 2000) and Dunham 44 (4000); Ashby and Barton did
    # not grade it; Eastry (9000) is outside the CSA. (19 x 2000 + 43 x 4000) / 6000 / 219 = 35/219.
    # Zebra crossings: Ashby alone, risk 32 -> 31/219.
    table = {r.name: r for r in build(counting, csa).ranking}
    assert table["Road safety"].weighted_risk == pytest.approx(35 / 219)
    assert table["Zebra crossings"].weighted_risk == pytest.approx(31 / 219)
    assert (table["Road safety"].graded_by, table["Zebra crossings"].graded_by) == (2, 1)


def test_without_every_population_there_is_no_weighted_risk(counting: Path, csa: Path) -> None:
    folder = write_county(
        counting,
        [
            (d, n, c, None if d in ("barton", "dunham") else p, i, issues)
            for d, n, c, p, i, issues in COUNTING
        ],
    )
    county = build(folder, csa)
    assert {r.weighted_risk for r in county.ranking} == {None}
    assert county.population_note == (
        "population-weighted risk not computed: no population for Barton, Dunham"
    )
    result = CliRunner().invoke(
        cli, ["aggregate", str(folder), "--csa", str(csa), "--table", "ranking"]
    )
    assert result.exit_code == 0, result.stderr
    assert "no population for Barton, Dunham" in result.stdout
    assert "Weighted risk" not in result.stdout


def test_cli_by_issue_proposes_no_theme(counting: Path, csa: Path) -> None:
    base = ["aggregate", str(counting), "--csa", str(csa)]
    runner = CliRunner()
    by_theme = json.loads(runner.invoke(cli, [*base, "--format", "json"]).stdout)
    by_issue = json.loads(runner.invoke(cli, [*base, "--by", "issue", "--format", "json"]).stdout)
    assert [p["name"] for p in by_theme["proposed"]] == ["Domestic Abuse", "ASB", "Roads priority"]
    assert (by_issue["by"], by_issue["proposed"]) == ("issue", [])
    assert "Proposed county set" in runner.invoke(cli, base).stdout
    text = runner.invoke(cli, [*base, "--by", "issue"])
    assert text.exit_code == 0, text.stderr
    assert "Proposed county set" not in text.stdout
    assert "Domestic abuse" in text.stdout


# --- ranking rules -------------------------------------------------------------------------


def test_ties_share_borda_points_and_copeland_draws(tmp_path: Path, csa: Path) -> None:
    """Two districts, tied ranks within one of them.

        rank  d1 (X CSP)                   d2 (Y CSP)
        1     Anti-social behaviour (12)   Burglary (12)
        2     Burglary, County lines (10)  Anti-social behaviour (10)
        3                                  Domestic abuse (8)
        4     Domestic abuse (8)           County lines (6)

    Borda (a point per issue ranked below, half per issue tied): ASB 3 + 2 = 5, Burglary
    (1 + 0.5) + 3 = 4.5, County lines (1 + 0.5) + 0 = 1.5, DA 0 + 1 = 1.
    Copeland: ASB and Burglary draw 1-1, as do County lines and DA; ASB beats County lines (2-0)
    and DA (2-0); Burglary beats County lines (1-0: d1 ties them) and DA (2-0). So ASB 2,
    Burglary 2, County lines -2, DA -2.
    Mean (= median) ranks 1.5, 1.5, 3, 3.5. Kemeny: the draws cost 1 each whichever way, so 2 at
    best; the Borda order is one of the best and is kept.
    Kendall's W with ties: midranks d1 1, 2.5, 2.5, 4 and d2 2, 1, 4, 3; rank sums 3, 3.5, 6.5, 7
    about a mean of 5: S = 4 + 2.25 + 2.25 + 4 = 12.5; tie term 2^3 - 2 = 6; W = 12 x 12.5 /
    (2^2 x 60 - 2 x 6) = 150/228 = 25/38; chi-square = m (n - 1) W = 75/19.
    Tau-b d1 with d2: pairs concordant minus discordant = 1 (AB -, AC +, AD +, BC tied, BD +,
    CD -), d1 untied in 5 of 6 pairs, d2 in 6: 1/sqrt(30). With the county order (ASB, Burglary,
    County lines, DA): d1 5/sqrt(30); d2 (4 - 2)/6 = 1/3.
    """
    folder = write_county(
        tmp_path / "ties",
        [
            ("d1", "D1", "X CSP", 100, True, [("Anti-social behaviour", 12, False), ("Burglary", 10, False), ("County lines", 10, False), ("Domestic abuse", 8, False)]),
            ("d2", "D2", "Y CSP", 300, True, [("Burglary", 12, False), ("Anti-social behaviour", 10, False), ("Domestic abuse", 8, False), ("County lines", 6, False)]),
        ],
    )  # fmt: skip
    county = build(folder, csa, top=1)
    rows = [(r.rank, r.name, r.borda, r.copeland, r.kemeny, r.mean_rank, r.median_rank, r.graded_by) for r in county.ranking]  # fmt: skip
    assert rows == [
        (1, "Anti-social behaviour", 5, 2, 1, 1.5, 1.5, 2),
        (2, "Burglary", 4.5, 2, 2, 1.5, 1.5, 2),
        (3, "County lines", 1.5, -2, 3, 3, 3, 2),
        (4, "Domestic abuse", 1, -2, 4, 3.5, 3.5, 2),
    ]
    assert county.kemeny.exact and county.kemeny.cost == 2
    c = county.concordance
    assert (c.districts, c.issues) == (2, 4)
    assert c.kendall_w == pytest.approx(25 / 38)
    assert c.chi2 == pytest.approx(75 / 19)
    assert county.tau[0, 1] == pytest.approx(1 / math.sqrt(30))
    assert county.tau_to_county.tolist() == pytest.approx([5 / math.sqrt(30), 1 / 3])
    # ASB: (47 x 100 + 39 x 300) / 400 / 219 = 41/219.
    assert county.ranking[0].weighted_risk == pytest.approx(41 / 219)


def test_kemeny_keeps_the_borda_order_among_equally_good_orders(tmp_path: Path, csa: Path) -> None:
    """d1 ranks ASB, Burglary, County lines; d2 Burglary, County lines, ASB.

    Borda: ASB 2 + 0 = 2, Burglary 1 + 2 = 3, County lines 0 + 1 = 1: county ranks Burglary 1,
    ASB 2, County lines 3. Copeland: ASB draws with both (1-1), Burglary beats County lines
    (2-0): ASB 0, Burglary 1, County lines -1. Kemeny: every order with Burglary before County
    lines disagrees twice (ASB first, second or third); the one nearest the Borda order is
    Burglary, ASB, County lines.
    """
    folder = write_county(
        tmp_path / "kemeny",
        [
            ("d1", "D1", "X CSP", None, True, [("Anti-social behaviour", 12, False), ("Burglary", 10, False), ("County lines", 8, False)]),
            ("d2", "D2", "Y CSP", None, True, [("Burglary", 12, False), ("County lines", 10, False), ("Anti-social behaviour", 8, False)]),
        ],
    )  # fmt: skip
    county = build(folder, csa)
    rows = [(r.rank, r.name, r.borda, r.copeland, r.kemeny) for r in county.ranking]
    assert rows == [
        (1, "Burglary", 3, 1, 1),
        (2, "Anti-social behaviour", 2, 0, 2),
        (3, "County lines", 1, -1, 3),
    ]
    assert county.kemeny.cost == 2
    assert county.population_note == (
        "population-weighted risk not computed: no population for D1, D2"
    )


def test_issues_tied_on_borda_share_the_county_rank_and_go_by_name(
    tmp_path: Path, csa: Path
) -> None:
    """d1 ranks Road safety above Rape and sexual offences, d2 the reverse, both above Zebra
    crossings. Borda 2 + 1 = 3 each for the two, Zebra 0: county ranks 1, 1, 3. Both orders of
    the tied pair disagree once with the districts (cost 1); the tie is listed, and kept
    in the Kemeny order, alphabetically by name (Rape... before Road..., though the vocabulary
    ids run road-safety before sexual-offences).
    """
    folder = write_county(
        tmp_path / "tied",
        [
            ("d1", "D1", "X CSP", 100, True, [("Road safety", 12, False), ("Rape and sexual offences", 10, False), ("Zebra crossings", 2, False)]),
            ("d2", "D2", "Y CSP", 100, True, [("Rape and sexual offences", 12, False), ("Road safety", 10, False), ("Zebra crossings", 2, False)]),
        ],
    )  # fmt: skip
    county = build(folder, csa)
    rows = [(r.rank, r.key, r.name, r.borda, r.kemeny) for r in county.ranking]
    assert rows == [
        (1, "sexual-offences", "Rape and sexual offences", 3, 1),
        (1, "road-safety", "Road safety", 3, 2),
        (3, "Zebra crossings", "Zebra crossings", 0, 3),
    ]
    assert county.kemeny.cost == 1
    # The county ranks 1, 1, 3 against each district: tau-b = 2 / sqrt(2 x 3) for both.
    assert county.tau_to_county.tolist() == pytest.approx([2 / math.sqrt(6)] * 2)


def test_a_matrix_with_a_single_risk_scales_every_risk_to_zero(tmp_path: Path, csa: Path) -> None:
    # One level per scale: every risk is 2 x 2 = 4 and the range 4..4 is empty, so the scaled
    # (and weighted) risk is 0 rather than 0/0.
    doc = {
        "name": "flat",
        "version": "1",
        "scales": {"one": {"levels": [{"label": "only", "value": 2}]}},
        "factors": [
            {"id": "impact", "section": "harm", "scale": "one"},
            {"id": "chance", "section": "likelihood", "scale": "one"},
        ],
        "sections": {"harm": {"combine": "sum"}, "likelihood": {"combine": "sum"}},
        "bands": [{"label": "all", "min": 0}],
    }
    flat, problems = build_matrix(doc, "flat.toml")
    assert flat is not None, problems
    rows = [("Road safety", "only", "only"), ("Burglary", "only", "only")]
    folder = write_county(
        tmp_path / "flat",
        [("d1", "D1", "X CSP", 10, True, rows), ("d2", "D2", "Y CSP", 30, True, rows[:1])],
        columns=("issue", "impact", "chance"),
    )
    county = build(folder, csa, matrix=flat)
    assert {r.name: r.weighted_risk for r in county.ranking} == {
        "Road safety": 0.0,
        "Burglary": 0.0,
    }


# --- refusals and the empty county -----------------------------------------------------------


def test_one_issue_graded_twice_under_two_names_is_refused(tmp_path: Path, csa: Path) -> None:
    # "DV" is a vocabulary synonym of domestic abuse: row 4 grades row 2's issue again.
    folder = write_county(
        tmp_path / "twice",
        [
            ("d1", "D1", "X CSP", 100, True, [("Domestic abuse", 12, True), ("Road safety", 8, False), ("DV", 4, False)]),
            ("d2", "D2", "Y CSP", 100, True, [("Road safety", 8, False)]),
        ],
    )  # fmt: skip
    _, assessments = load_folder(folder, MORILE)
    with pytest.raises(InputError) as raised:
        aggregate(score_districts(assessments), load_csa(str(csa)))
    message = (
        "'DV' is the same issue as 'Domestic abuse' (row 2) in the community-safety vocabulary; "
        "grade it once"
    )
    source = next(a.source for a in assessments if a.district.id == "d1")
    assert raised.value.problems == (Problem(source, message, 4, "issue"),)
    result = CliRunner().invoke(cli, ["aggregate", str(folder), "--csa", str(csa)])
    assert result.exit_code == 2
    assert f"d1.csv:4:issue: {message}" in result.stderr


def test_a_county_with_no_district_in_the_csa_is_empty(tmp_path: Path, csa: Path) -> None:
    # Every district outside the CSA: no CSP, no count, no ranking; each CSA priority has no
    # support (0 of 0 CSPs counts as a share of 0) and is dropped.
    folder = write_county(
        tmp_path / "outside",
        [
            ("d1", "D1", "X CSP", 100, False, [("Domestic abuse", 12, True)]),
            ("d2", "D2", "Y CSP", None, False, [("Road safety", 8, True)]),
        ],
    )
    county = build(folder, csa)
    assert (county.districts, county.csps, county.excluded) == ((), (), ("D1", "D2"))
    assert (county.counts, county.top_issues, county.ranking) == ((), (), ())
    assert county.tau.shape == (0, 0) and county.tau_to_county.shape == (0,)
    assert county.kemeny.order.tolist() == [] and county.kemeny.cost == 0
    # no issue to order: the empty order is proven best, with 0 as its bound
    assert (county.kemeny.exact, county.kemeny.lower_bound) == (True, 0)
    assert county.kemeny.method == "no issues"
    assert county.population_note == ""
    assert county.proposed == (
        Proposal("Domestic Abuse priority", 0, 0.0, "drop", ("Domestic Abuse priority",)),
        Proposal("Roads priority", 0, 0.0, "drop", ("Roads priority",)),
    )
    runner = CliRunner()
    # The command line refuses such a folder in one line, naming the manifest's in_csa.
    for command in ("aggregate", "appendix"):
        result = runner.invoke(cli, [command, str(folder), "--csa", str(csa)])
        assert result.exit_code == 2
        assert "districts.toml:in_csa: every district is outside the CSA" in result.stderr
