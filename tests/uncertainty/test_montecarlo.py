"""Sensitivity: statistical behaviour of the Monte Carlo, the weights analysis and compare-methods.

Hand-worked two-issue example (matrix ``tiny``: harm h on 0..4, likelihood l on 1..3, risk h x l;
band high from 6; medium confidence moves a grade one step with probability 0.5, up or down):

    A: h 2, l 2, medium (risk 4)     B: h 3, l 1, high (risk 3, never moves)

A's harm is 1, 2 or 3 with probability 1/4, 1/2, 1/4 and so is its likelihood (values 1, 2, 3).
A is above B when its risk exceeds 3: (2,2) 1/4, (2,3) 1/8, (3,2) 1/8, (3,3) 1/16 = 9/16; it ties
B exactly at (3,1) (risk 3, harm 3, likelihood 1) with probability 1/16 and then shares rank 1.
So P(A in top 1) = 10/16 = 0.625, P(B in top 1) = 1 - 9/16 = 0.4375, and P(A high) = P(risk >= 6)
= 1/8 + 1/8 + 1/16 = 0.3125.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from csscore.api import compare_methods
from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.district import load_assessment
from csscore.config.folder import load_folder
from csscore.config.matrix import load_matrix
from csscore.county.aggregate import aggregate
from csscore.model.matrix import Matrix, Section
from csscore.scoring.score import score_district, score_districts
from csscore.uncertainty.montecarlo import row_perturbations, simulate, theme_map
from csscore.uncertainty.weights import competition_ranks, weight_sensitivity
from support import ASHFORD, SAMPLE, csv_text, write

TINY = """
name = "tiny"
version = "1"
[scales.sev]
levels = [{ label = "none", value = 0 }, { label = "limited", value = 1 },
  { label = "moderate", value = 2 }, { label = "substantial", value = 3 },
  { label = "critical", value = 4 }]
[scales.lik]
levels = [{ label = "low", value = 1 }, { label = "mid", value = 2 }, { label = "high", value = 3 }]
[[factors]]
id = "h"
label = "Harm"
section = "harm"
scale = "sev"
[[factors]]
id = "l"
label = "Likelihood"
section = "likelihood"
scale = "lik"
[sections.harm]
label = "Harm"
combine = "sum"
[sections.likelihood]
label = "Likelihood"
combine = "sum"
[[bands]]
label = "low"
min = 0
[[bands]]
label = "high"
min = 6
[confidence]
levels = ["high", "medium", "low"]
[confidence.perturbation.high]
p_move = 0.0
max_step = 0
[confidence.perturbation.medium]
p_move = 0.5
max_step = 1
[confidence.perturbation.low]
p_move = 0.8
max_step = 2
"""


def run(*args: str) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def morile() -> Matrix:
    return load_matrix("morile-csp")


@pytest.fixture(scope="module")
def sample(morile: Matrix) -> list:
    return load_folder(SAMPLE, morile)[1]


def tiny_file(tmp_path: Path, rows: str) -> tuple[Path, Matrix]:
    matrix = write(tmp_path, "tiny.toml", TINY)
    return write(tmp_path, "two.csv", "issue,h,l,confidence\n" + rows), load_matrix(str(matrix))


def level_distribution(level: int, levels: int, p_move: float, max_step: int) -> dict[int, float]:
    """Exact distribution of a perturbed level index (the documented rule, written out)."""
    out = {level: 1.0 - p_move if max_step else 1.0}
    for step in range(1, max_step + 1):
        for sign in (-1, 1):
            reached = min(max(level + sign * step, 0), levels - 1)
            out[reached] = out.get(reached, 0.0) + p_move / (2 * max_step)
    return out


def exact_two_issue(
    matrix: Matrix, a_levels: tuple[int, int], conf: str, b_values: tuple[float, float]
):
    """Enumerate every outcome of A's two perturbed grades: P(A top 1), P(B top 1), P(A high)."""
    rule = next(p for p in matrix.perturbations if p.confidence == conf)
    dists = [
        level_distribution(lv, int(matrix.level_counts[f]), rule.p_move, rule.max_step)
        for f, lv in enumerate(a_levels)
    ]
    b_h, b_l = b_values
    b_key = (b_h * b_l, b_h, b_l)
    p_a = p_b = p_high = 0.0
    for (h, ph), (lk, pl) in itertools.product(dists[0].items(), dists[1].items()):
        hv, lv = matrix.value_table[0, h], matrix.value_table[1, lk]
        key = (hv * lv, hv, lv)
        p = ph * pl
        p_a += p * (key >= b_key)
        p_b += p * (b_key >= key)
        p_high += p * (hv * lv >= 6)
    return p_a, p_b, p_high


# --- the Monte Carlo -------------------------------------------------------------------------


def test_all_high_confidence_is_certain_and_matches_the_plain_ranking(sample: list) -> None:
    certain = [replace(a, confidence=("high",) * len(a.issues)) for a in sample]
    sim = simulate(certain, 500, 3, 5, theme_map(certain, load_csa("kent-2017")))
    plain = np.concatenate([s.rank for s in score_districts(certain)])
    assert np.array_equal(sim.base_rank, plain)
    assert set(np.unique(sim.p_top)) <= {0.0, 1.0}
    assert np.array_equal(sim.p_top == 1.0, plain <= 5)
    assert np.array_equal(sim.rank_quantile(0.05), plain)
    assert np.array_equal(sim.rank_quantile(0.95), plain)
    assert np.array_equal(sim.p_high_band == 1.0, sim.base_band == len(sim.matrix.bands) - 1)
    assert set(np.unique(sim.p_high_band)) <= {0.0, 1.0}
    themes = sim.themes
    assert themes is not None
    k = np.arange(1, len(themes.csp_names) + 1)
    assert np.array_equal(themes.p_at_least, (themes.base_count[:, None] >= k).astype(float))


def test_base_theme_counts_follow_the_county_top_n_rule(sample: list) -> None:
    unselected = [replace(a, selected=(False,) * len(a.issues)) for a in sample]
    csa = load_csa("kent-2017")
    county = aggregate(score_districts(unselected), csa, top=5)
    sim = simulate(unselected, 10, 0, 5, theme_map(unselected, csa))
    assert sim.themes is not None
    counted = dict(zip(sim.themes.names, sim.themes.base_count.tolist(), strict=True))
    assert {c.name: c.count for c in county.counts} == {n: c for n, c in counted.items() if c}


def test_tied_low_confidence_issue_is_uncertain(tmp_path: Path) -> None:
    path, matrix = tiny_file(tmp_path, "A,moderate,mid,low\nB,moderate,mid,high\nC,none,low,high\n")
    sim = simulate([load_assessment(path, matrix)], 5000, 1, 1)
    assert list(sim.base_rank) == [1, 1, 3]
    assert 0 < sim.p_top[0] < 1
    assert 0 < sim.p_top[1] < 1
    assert sim.p_top[2] == 0


def test_hand_worked_two_issue_example_and_its_exact_enumeration(tmp_path: Path) -> None:
    path, matrix = tiny_file(tmp_path, "A,moderate,mid,medium\nB,substantial,low,high\n")
    exact = exact_two_issue(matrix, (2, 1), "medium", (3, 1))
    assert exact == pytest.approx((0.625, 0.4375, 0.3125), abs=1e-12)
    draws = 200_000
    sim = simulate([load_assessment(path, matrix)], draws, 7, 1)
    tolerance = 4 * np.sqrt(0.25 / draws)  # four standard errors at worst (p = 1/2)
    assert sim.p_top[0] == pytest.approx(exact[0], abs=tolerance)
    assert sim.p_top[1] == pytest.approx(exact[1], abs=tolerance)
    assert sim.p_high_band[0] == pytest.approx(exact[2], abs=tolerance)
    assert sim.p_high_band[1] == 0
    assert list(sim.rank_quantile(0.05)) == [1, 1]
    assert list(sim.rank_quantile(0.95)) == [2, 2]


def test_low_confidence_with_clipping_matches_enumeration(tmp_path: Path) -> None:
    # low: two steps either way; from 'mid' (index 1 of 3) both +1 and +2 clip to 'high'
    path, matrix = tiny_file(tmp_path, "A,moderate,mid,low\nB,substantial,mid,high\n")
    assert level_distribution(1, 3, 0.8, 2) == pytest.approx({0: 0.4, 1: 0.2, 2: 0.4})
    exact = exact_two_issue(matrix, (2, 1), "low", (3, 2))
    draws = 200_000
    sim = simulate([load_assessment(path, matrix)], draws, 11, 1)
    tolerance = 4 * np.sqrt(0.25 / draws)
    assert sim.p_top[0] == pytest.approx(exact[0], abs=tolerance)
    assert sim.p_top[1] == pytest.approx(exact[1], abs=tolerance)
    assert sim.p_high_band[0] == pytest.approx(exact[2], abs=tolerance)


def test_probabilities_converge(morile: Matrix) -> None:
    ashford = [load_assessment(ASHFORD, morile)]
    small = simulate(ashford, 20_000, 5, 5)
    large = simulate(ashford, 80_000, 5, 5)
    assert np.max(np.abs(small.p_top - large.p_top)) < 0.02
    assert np.max(np.abs(small.p_high_band - large.p_high_band)) < 0.02


def test_seed_fixes_draws_and_chunking_does_not_matter(sample: list) -> None:
    one = simulate(sample, 2000, 42, 5)
    again = simulate(sample, 2000, 42, 5, chunk_blocks=1)  # one block of draws per chunk
    assert np.array_equal(one.rank_hist, again.rank_hist)
    assert np.array_equal(one.high_band, again.high_band)
    other = simulate(sample, 2000, 43, 5)
    assert not np.array_equal(one.rank_hist, other.rank_hist)


def test_blank_confidence_takes_the_widest_rule_and_unknown_rules_do_not_move(
    morile: Matrix,
) -> None:
    rules = row_perturbations(morile, ["", "low", "high"])
    assert [r.confidence if r else None for r in rules] == ["low", "low", "high"]
    partial = replace(morile, perturbations=morile.perturbations[1:])  # no rule for 'high'
    assert row_perturbations(partial, ["high"]) == [None]


def test_competition_ranks_share_the_best_rank() -> None:
    risk = np.array([[4.0, 6, 4, 1]])
    harm = np.array([[2.0, 3, 2, 1]])
    assert competition_ranks(risk, harm, harm).tolist() == [[2, 1, 2, 4]]


# --- weights --------------------------------------------------------------------------------

TWO_HARM = """issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability
X,critical,none,none,none,local,rare,decreasing,none,full,full
Y,limited,moderate,none,none,local,rare,decreasing,none,full,full
"""


def test_weights_on_a_hand_made_case(tmp_path: Path, morile: Matrix) -> None:
    # X: harm 4 + 0 + scope 1 = 5, Y: 1 + 2 + 1 = 4; likelihood 1 for both; top 1 is X.
    # psychological weight 1 + d: Y's harm 4 + 2d reaches 5 at d = 1/2 (a full tie), then leads.
    # physical weight 1 + d: X's harm 5 + 4d meets Y's 4 + d at d = -1/3.
    a = load_assessment(write(tmp_path, "w.csv", TWO_HARM), morile)
    result = {w.factor: w for w in weight_sensitivity(a, 1)}
    psych = result["psychological"]
    assert psych.increase is not None
    assert psych.increase.delta == pytest.approx(0.5)
    assert (psych.increase.enters, psych.increase.leaves) == (("Y",), ("X",))
    assert psych.decrease is None
    phys = result["physical"]
    assert phys.increase is None
    assert phys.decrease is not None
    assert phys.decrease.delta == pytest.approx(-1 / 3)
    assert phys.decrease.weight == pytest.approx(2 / 3)
    assert result["frequency"].increase is None  # both likelihoods scale together
    assert result["scope"].increase is None  # both have scope 1
    assert "capacity" not in result


def with_weight(matrix: Matrix, factor: str, weight: float) -> Matrix:
    factors = tuple(replace(f, weight=weight) if f.id == factor else f for f in matrix.factors)
    sections = tuple(
        Section(s.id, s.label, "weighted_sum") if s.combine == "sum" else s for s in matrix.sections
    )
    return replace(matrix, factors=factors, sections=sections)


def top_set(assessment, matrix: Matrix, top: int) -> set[str]:
    scored = score_district(replace(assessment, matrix=matrix))
    return {r.issue for r in scored.ranked(top)}


@pytest.mark.parametrize("name", ["ashford", "dover", "thanet"])
def test_reported_weight_changes_are_where_the_top_n_flips(morile: Matrix, name: str) -> None:
    assessment = load_assessment(SAMPLE / f"{name}.csv", morile)
    base = top_set(assessment, morile, 5)
    for w in weight_sensitivity(assessment, 5):
        for change in (w.increase, w.decrease):
            if change is None or change.delta == 0 or change.weight == 0:
                continue
            before = top_set(assessment, with_weight(morile, w.factor, 1 + change.delta * 0.999), 5)
            beyond = top_set(assessment, with_weight(morile, w.factor, 1 + change.delta * 1.001), 5)
            assert before == base, (w.factor, change)
            assert beyond == (base | set(change.enters)) - set(change.leaves), (w.factor, change)


# --- compare-methods ------------------------------------------------------------------------

BOTH = (
    "issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,"
    "capacity,capability,impact,likelihood,confidence\n"
    "I1,critical,none,none,none,local,rare,stable,none,full,full,minor,unlikely,high\n"
    "I2,substantial,none,none,none,local,rare,stable,none,full,full,moderate,unlikely,high\n"
    "I3,moderate,none,none,none,local,rare,stable,none,full,full,negligible,possible,high\n"
    "I4,limited,none,none,none,local,rare,stable,none,full,full,negligible,rare,high\n"
)


def test_compare_methods_tau_on_a_hand_made_file(tmp_path: Path) -> None:
    # morile-csp: I1 > I2 > I3 > I4 by physical harm (I1: harm 4 + 1 = 5, likelihood 1 + 1 = 2,
    # risk 10); risk-5x5: I2 (6) > I1 (4) > I3 (3) > I4 (1).
    # One discordant pair of six: tau-b = (5 - 1) / 6 = 2/3. I1 and I2 each move one place.
    path = write(tmp_path, "both.csv", BOTH)
    matrices = [load_matrix("morile-csp"), load_matrix("risk-5x5")]
    from csscore.config.district import district_from_path

    result = compare_methods(path, matrices, ["morile-csp", "risk-5x5"], district_from_path(path))
    assert result.ranks.tolist() == [[1, 2, 3, 4], [2, 1, 3, 4]]
    assert result.tau[0, 1] == pytest.approx(2 / 3)
    assert [result.issues[i] for i in result.movers()] == ["I1", "I2"]
    out = json.loads(
        run(
            "compare-methods",
            path,
            "--matrix",
            "morile-csp",
            "--matrix",
            "risk-5x5",
            "--format",
            "json",
        ).stdout
    )
    assert out["tau"]["matrix"][0][1] == pytest.approx(2 / 3, abs=1e-6)
    assert out["movers"] == ["I1", "I2"]
    assert out["issues"][0] == {
        "issue": "I1", "ranks": {"morile-csp": 1, "risk-5x5": 2},
        "risk": {"morile-csp": 10, "risk-5x5": 4}, "band": {"morile-csp": "low", "risk-5x5": "low"},
        "moves": 1,
    }  # fmt: skip


def test_compare_methods_missing_columns_exit_2_naming_them() -> None:
    result = run("compare-methods", ASHFORD, "--matrix", "morile-csp", "--matrix", "risk-5x5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "missing columns impact, likelihood for matrix risk-5x5" in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_methods_refuses_unknown_columns_and_one_matrix(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", BOTH.replace("impact,", "impakt,", 1))
    result = run("compare-methods", path, "--matrix", "morile-csp", "--matrix", "risk-5x5")
    assert result.exit_code == 2
    assert "unknown column 'impakt' (did you mean \"impact\"?)" in result.stderr
    result = run("compare-methods", ASHFORD, "--matrix", "morile-csp")
    assert result.exit_code == 2
    assert "at least two --matrix" in result.stderr


def test_compare_methods_runs_on_every_sample_file() -> None:
    for path in sorted(SAMPLE.glob("*.csv")):
        result = run(
            "compare-methods",
            path,
            "--matrix",
            "morile-csp",
            "--matrix",
            "morile-csp-vulnerability",
        )
        assert result.exit_code == 0, result.stderr
        assert "Kendall's tau-b" in result.stdout


def test_vulnerability_matrix_weights_the_worked_example() -> None:
    from csscore.config.district import build_assessment
    from csscore.model.district import District
    from support import DOMESTIC_ABUSE, HEADER, raw_table

    matrix = load_matrix("morile-csp-vulnerability")
    a, problems = build_assessment(
        raw_table([DOMESTIC_ABUSE], HEADER), matrix, District("t", "t", "t")
    )
    assert not problems and a is not None
    issue = score_district(a).issue(0)
    # harm 3 + 2*4 + 1 + 2 + 2 = 16; likelihood 5 + 2 + 2*3 = 13; risk 208, band high (>= 160)
    assert (issue.harm, issue.likelihood, issue.risk, issue.band) == (16, 13, 208, "high")


# --- the command line -----------------------------------------------------------------------


def test_sensitivity_same_seed_same_bytes_and_seed_in_provenance() -> None:
    args = ("sensitivity", SAMPLE, "--draws", "2000", "--seed", "9")
    first, second = run(*args), run(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stderr == ""  # no progress bar off a terminal
    assert re.search(r"^seed +9$", first.stdout, re.MULTILINE)
    js = [run(*args, "--format", "json").stdout for _ in range(2)]
    assert js[0] == js[1]
    other = run("sensitivity", SAMPLE, "--draws", "2000", "--seed", "10", "--format", "json").stdout
    assert json.loads(other)["districts"] != json.loads(js[0])["districts"]


def test_sensitivity_json_contract() -> None:
    out = json.loads(run("sensitivity", SAMPLE, "--draws", "1000", "--format", "json").stdout)
    assert (out["seed"], out["draws"], out["top"]) == (0, 1000, 5)
    assert out["matrix"]["name"] == "morile-csp"
    assert out["perturbation"]["low"] == {"p_move": 0.8, "max_step": 2}
    assert out["blank_confidence"] == "low"
    ashford = next(d for d in out["districts"] if d["district"] == "Ashford")
    first = ashford["issues"][0]
    assert set(first) == {"issue", "rank", "risk", "band", "confidence", "p_top", "rank_p5",
                          "rank_median", "rank_p95", "p_high_band"}  # fmt: skip
    assert (first["issue"], first["rank"], first["risk"]) == ("Modern slavery", 1, 128)
    domestic = next(i for i in ashford["issues"] if i["issue"] == "Domestic abuse")
    assert domestic["confidence"] == "high"
    assert len(out["themes"]["csps"]) == 11
    assert all(len(t["p_at_least"]) == 11 for t in out["themes"]["themes"])
    assert {w["factor"] for w in out["weights"]} == {
        "physical", "psychological", "financial", "community", "scope", "frequency", "trend", "vulnerability",
    }  # fmt: skip
    assert [i["kind"] for i in out["provenance"]["inputs"]][-2:] == ["manifest", "csa"]


def test_sensitivity_csv_and_k(tmp_path: Path) -> None:
    out = run("sensitivity", ASHFORD, "--draws", "500", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 22
    assert rows[0]["issue"] == "Modern slavery" and rows[0]["seed"] == "0"
    out = run(
        "sensitivity", SAMPLE, "--draws", "500", "--format", "csv", "--table", "themes"
    ).stdout
    header = next(csv.reader(io.StringIO(out)))
    assert header[:4] == ["theme", "count_at_grades", "mean", "p_at_least_1"]
    assert header[-1] == "p_at_least_11"
    for fmt in ("html", "latex_booktabs", "github"):
        assert run("sensitivity", ASHFORD, "--draws", "50", "--format", fmt).exit_code == 0
        assert run("compare-methods", ASHFORD, "--matrix", "morile-csp", "--matrix",
                   "morile-csp-vulnerability", "--format", fmt).exit_code == 0  # fmt: skip
    themes = run("sensitivity", SAMPLE, "--draws", "500", "--k", "6", "--table", "themes").stdout
    assert "P(>=6)" in themes and "P(>=5)" not in themes
    bad = run("sensitivity", ASHFORD, "--k", "2")
    assert bad.exit_code == 2 and "needs a folder" in bad.stderr
    bad = run("sensitivity", SAMPLE, "--k", "12", "--draws", "10")
    assert bad.exit_code == 2 and "only 11 CSPs" in bad.stderr


def test_sensitivity_bad_input(tmp_path: Path) -> None:
    result = run("sensitivity", ASHFORD, "--draws", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--draws'" in result.stderr
    result = run("sensitivity", tmp_path / "nope.csv")
    assert result.exit_code == 2 and "no such file" in result.stderr
    bad = write(tmp_path, "bad.csv", csv_text([("A", *["x"] * 10, "high", "", "")]))
    result = run("sensitivity", bad)
    assert result.exit_code == 2 and "bad.csv:2:physical" in result.stderr
    result = run("sensitivity")
    assert result.exit_code == 2  # FILE|DIR is required


def test_sensitivity_output_file_and_force(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    assert (
        run("sensitivity", ASHFORD, "--draws", "100", "--format", "json", "-o", target).exit_code
        == 0
    )
    assert json.loads(target.read_text())["draws"] == 100
    again = run("sensitivity", ASHFORD, "--draws", "100", "-o", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert run("sensitivity", ASHFORD, "--draws", "100", "-o", target, "--force").exit_code == 0


def test_matrix_without_perturbations_is_refused(tmp_path: Path) -> None:
    text = TINY.split("[confidence.perturbation.high]")[0]
    matrix = write(tmp_path, "flat.toml", text)
    path = write(tmp_path, "two.csv", "issue,h,l\nA,moderate,mid\n")
    result = run("sensitivity", path, "--matrix", matrix)
    assert result.exit_code == 2
    assert "no [confidence.perturbation.*] tables" in result.stderr


def test_fractional_weights_rank_as_the_plain_scorer(sample: list) -> None:
    odd = with_weight(sample[0].matrix, "psychological", 1.37)
    certain = [replace(a, matrix=odd, confidence=("high",) * len(a.issues)) for a in sample]
    sim = simulate(certain, 50, 0, 5)
    plain = np.concatenate([s.rank for s in score_districts(certain)])
    assert np.array_equal(sim.rank_quantile(0.5), plain)
    moving = [replace(a, matrix=odd) for a in sample[:3]]
    assert 0 < simulate(moving, 500, 0, 5).p_top.sum() <= 5 * 3 * 2


def test_progress_bar_only_on_a_terminal_for_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from csscore.cli.sensitivity import PROGRESS_WORK, _bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _bar("drawing", 10, PROGRESS_WORK - 1, PROGRESS_WORK, False) as update:
        assert update is None
    with _bar("drawing", 10, PROGRESS_WORK, PROGRESS_WORK, True) as update:
        assert update is None  # --quiet
    with _bar("drawing", 10, PROGRESS_WORK, PROGRESS_WORK, False) as update:
        assert update is not None
        update(10)
    assert "drawing" in terminal.getvalue()
