"""County aggregation on a hand-checked three-district example, and the sample's 2017 figures.

The example: districts d1 and d2 form one CSP ("North CSP"), d3 is "South CSP".

    rank  d1                 d2                  d3
    1     Domestic abuse     Anti-social beh.    Domestic abuse
    2     Anti-social beh.   Domestic abuse      Road safety
    3     Road safety        Road safety         Anti-social beh.
    4                        Bin fires

Borda (a point per issue ranked below): DA 2+2+2 = 6, ASB 1+3+0 = 4, RS 0+1+1 = 2, Bin 0.
Copeland: DA beats ASB (2-1), RS (3-0), Bin (1-0) = 3; ASB 1; RS -1; Bin -3.
Kendall's W over the three common issues: rank sums 4, 6, 8; S = 8; W = 12*8/(9*24) = 4/9.
Friedman chi-square = m(n-1)W = 8/3; p = exp(-4/3).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.folder import load_folder
from csscore.config.matrix import load_matrix
from csscore.county.aggregate import aggregate
from csscore.errors import CsscoreError
from csscore.scoring.score import score_districts
from support import declare_issues

HEADER = "issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability,confidence,selected\n"
# physical critical/substantial/moderate/limited -> harm 5/4/3/2, likelihood 4 -> risk 20/16/12/8
GRADE = {1: "critical", 2: "substantial", 3: "moderate", 4: "limited"}


def row(issue: str, rank: int, selected: str = "") -> str:
    return f"{issue},{GRADE[rank]},none,none,none,local,possible,stable,none,full,full,high,{selected}\n"


CSA = """
name = "test-csa"
title = "Test CSA"
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
covers = ["domestic-abuse"]
[[theme]]
id = "t-asb"
name = "ASB"
covers = ["anti-social-behaviour"]
[[theme]]
id = "t-roads"
name = "Roads"
covers = ["road-safety"]
"""


@pytest.fixture()
def county_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "d1.csv").write_text(
        HEADER
        + row("Domestic abuse", 1, "yes")
        + row("Anti-social behaviour", 2)
        + row("Road safety", 3)
    )
    (folder / "d2.csv").write_text(
        HEADER
        + row("ASB", 1, "yes")
        + row("Domestic Abuse", 2)
        + row("Road safety", 3)
        + row("Bin fires", 4, "yes")
    )
    (folder / "d3.csv").write_text(
        HEADER + row("Domestic abuse", 1) + row("Road safety", 2) + row("Anti-social behaviour", 3)
    )
    (folder / "districts.toml").write_text(
        "\n".join(
            f'[[district]]\nid = "{d}"\nname = "{d.upper()}"\ncsp = "{csp}"\nfile = "{d}.csv"\npopulation = {pop}\n'
            for d, csp, pop in (
                ("d1", "North CSP", 100),
                ("d2", "North CSP", 300),
                ("d3", "South CSP", 100),
            )
        )
    )
    declare_issues(folder, ["Bin fires"])  # the county's own issue, in no theme
    (tmp_path / "csa.toml").write_text(CSA)
    return folder


def build(folder: Path, csa: Path, top: int = 1, by: str = "theme"):  # type: ignore[no-untyped-def]
    matrix = load_matrix("morile-csp")
    _, assessments = load_folder(folder, matrix)
    return aggregate(score_districts(assessments), load_csa(str(csa)), top=top, by=by)


def test_counts_count_each_csp_once_and_report_unclassified(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml")
    assert county.csps == ("North CSP", "South CSP")
    counts = {c.name: (c.count, c.districts) for c in county.counts}
    # d1 selected DA, d2 selected ASB and Bin fires, d3 selected nothing so its top 1 (DA) counts.
    assert counts == {
        "Domestic Abuse": (2, ("D1", "D3")),
        "ASB": (1, ("D2",)),
        "Unclassified": (1, ("D2",)),
    }
    assert [c.name for c in county.counts] == ["Domestic Abuse", "ASB", "Unclassified"]
    assert county.unclassified == ("Bin fires",)
    assert county.identified_by == {"d1": "selected", "d2": "selected", "d3": "top 1"}


def test_by_issue_uses_vocabulary_labels(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml", by="issue")
    assert {c.name: c.count for c in county.counts} == {
        "Domestic abuse": 2,
        "Anti-social behaviour": 1,
        "Bin fires": 1,
    }


def test_top_issues_union_of_district_top_n(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml", top=1)
    assert [(c.name, c.count) for c in county.top_issues] == [
        ("Domestic abuse", 2),
        ("Anti-social behaviour", 1),
    ]


def test_rankings_match_hand_computation(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml")
    table = {r.name: r for r in county.ranking}
    assert [r.name for r in county.ranking] == [
        "Domestic abuse",
        "Anti-social behaviour",
        "Road safety",
        "Bin fires",
    ]
    assert [table[n].borda for n in table] == [6, 4, 2, 0]
    assert table["Domestic abuse"].mean_rank == pytest.approx(4 / 3)
    assert table["Road safety"].median_rank == 3
    assert table["Bin fires"].graded_by == 1
    assert [table[n].copeland for n in table] == [3, 1, -1, -3]
    assert [table[n].kemeny for n in table] == [1, 2, 3, 4]
    assert county.kemeny.exact and county.kemeny.cost == 2
    # population-weighted mean of risk scaled by the matrix range 1..220
    da = ((20 - 1) / 219 * 100 + (16 - 1) / 219 * 300 + (20 - 1) / 219 * 100) / 500
    assert table["Domestic abuse"].weighted_risk == pytest.approx(da)


def test_concordance_matches_hand_computation(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml")
    c = county.concordance
    assert (c.districts, c.issues) == (3, 3)
    assert c.kendall_w == pytest.approx(4 / 9)
    assert c.chi2 == pytest.approx(8 / 3)
    assert c.p_value == pytest.approx(math.exp(-4 / 3))
    # d1 vs d2: one discordant pair (DA, ASB) of three -> tau = 1/3
    assert county.tau[0, 1] == pytest.approx(1 / 3)
    assert county.tau[0, 0] == pytest.approx(1.0)


def test_proposed_set_against_declared_priorities(county_dir: Path) -> None:
    county = build(county_dir, county_dir.parent / "csa.toml")
    verdicts = {p.name: (p.verdict, p.count) for p in county.proposed}
    assert verdicts == {
        "Domestic Abuse": ("agree", 2),
        "ASB": ("add", 1),
        "Roads priority": ("drop", 0),
    }


def test_order_of_district_files_does_not_matter(county_dir: Path, tmp_path: Path) -> None:
    first = build(county_dir, county_dir.parent / "csa.toml")
    manifest = county_dir / "districts.toml"
    head, *blocks = manifest.read_text().split("[[district]]")
    manifest.write_text(head + "".join("[[district]]" + b for b in reversed(blocks)))
    second = build(county_dir, county_dir.parent / "csa.toml")
    assert first.counts == second.counts
    assert first.ranking == second.ranking


def test_sample_reproduces_april_2017_appendix_a_and_b() -> None:
    result = CliRunner().invoke(cli, ["aggregate", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["csps"] == 11
    assert {c["name"]: c["count"] for c in data["counts"]} == {
        "Domestic Abuse": 8,
        "ASB/Environmental": 8,
        "Substance Misuse": 8,
        "Victims / Vulnerable People": 8,
        "Safeguarding": 7,
        "Serious and Organised Crime": 7,
        "Road Safety": 5,
        "Reducing Reoffending": 5,
        "Mental Health": 3,
        "Community Confidence": 3,
    }
    assert sorted(t["issue"] for t in data["top_issues"]) == sorted(
        [
            "Domestic abuse",
            "Child sexual exploitation",
            "Modern slavery",
            "Mental health",
            "Preventing violent extremism",
            "Substance misuse",
            "Gangs",
            "Reoffending",
            "Anti-social behaviour",
            "Road safety",
            "Organised crime groups",
            "Hate crime",
        ]
    )
    assert set(data) >= {"csps", "top", "by", "counts", "top_issues", "ranking", "concordance"}
    assert set(data["concordance"]) >= {"kendall_w", "p_value"}
    assert data["excluded"] == ["Medway"]


def test_sample_counts_match_the_csa_printed_counts() -> None:
    csa = load_csa("kent-2017")
    result = CliRunner().invoke(cli, ["aggregate", "--format", "json"])
    counts = {c["name"]: c["count"] for c in json.loads(result.stdout)["counts"]}
    printed = {t.name: t.printed_count for t in csa.themes if t.printed_count is not None}
    assert counts == printed


def test_aggregate_refuses_a_folder_with_a_bad_file(county_dir: Path) -> None:
    (county_dir / "d3.csv").write_text(
        HEADER + "Domestic abuse,huge,none,none,none,local,possible,stable,none,full,full,high,\n"
    )
    result = CliRunner().invoke(
        cli, ["aggregate", str(county_dir), "--csa", str(county_dir.parent / "csa.toml")]
    )
    assert result.exit_code == 2
    assert "d3.csv:2:physical" in result.stderr
    assert result.stdout == ""


def test_aggregate_refuses_a_manifest_entry_without_file(county_dir: Path) -> None:
    (county_dir / "d3.csv").unlink()
    with pytest.raises(CsscoreError, match=r"d3\.csv' does not exist"):
        build(county_dir, county_dir.parent / "csa.toml")


def test_aggregate_refuses_mixed_matrices(county_dir: Path) -> None:
    manifest = county_dir / "districts.toml"
    manifest.write_text(
        manifest.read_text().replace('file = "d3.csv"', 'file = "d3.csv"\nmatrix = "risk-5x5"')
    )
    result = CliRunner().invoke(
        cli, ["aggregate", str(county_dir), "--csa", str(county_dir.parent / "csa.toml")]
    )
    assert result.exit_code == 2
    assert "different matrices" in result.stderr


def test_aggregate_empty_folder_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["aggregate", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds no district files" in result.stderr


def test_two_files_for_one_district_refused(county_dir: Path) -> None:
    (county_dir / "districts.toml").unlink()
    (county_dir / "d1.toml").write_text('[[issue]]\nissue = "x"\n')
    result = CliRunner().invoke(cli, ["aggregate", str(county_dir)])
    assert result.exit_code == 2
    assert "two files for district 'd1'" in result.stderr


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 10, 21, 59])
def test_chi2_survival_matches_scipy(df: int) -> None:
    from scipy import stats

    from csscore.county.ranking import chi2_sf

    for x in (0.0, 0.01, 0.5, 1.0, 3.0, 10.0, 40.0, 187.71, 400.0):
        assert chi2_sf(x, df) == pytest.approx(float(stats.chi2.sf(x, df)), rel=1e-10, abs=1e-300)


def test_friedman_p_value_matches_scipy_on_the_sample() -> None:
    from scipy import stats

    result = CliRunner().invoke(cli, ["aggregate", "--format", "json"])
    data = json.loads(result.stdout)
    c = data["concordance"]
    assert c["p_value"] == pytest.approx(float(stats.chi2.sf(c["chi2"], c["issues"] - 1)), rel=1e-9)
