"""``sensitivity --from partners``: each grade drawn from one partner's, uniformly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from csscore.api import read_district
from csscore.cli.main import cli
from csscore.uncertainty.montecarlo import simulate
from csscore.uncertainty.partners import moving_rows, partner_laws

HEADER = "issue,partner,impact,likelihood,confidence\n"


def _district(tmp_path: Path, rows: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "d.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return read_district(path, "risk-5x5")


def test_laws_weigh_each_partner_who_graded_the_same(tmp_path: Path) -> None:
    a = _district(tmp_path, "X,P,minor,rare,high\nX,Q,minor,,high\nX,R,severe,likely,high\n")
    impact, likelihood = partner_laws([a], np.array([0, 1]), np.array([5, 5]))
    assert impact.tolist() == [[0, 2 / 3, 0, 0, 1 / 3]]  # minor twice, severe once
    assert likelihood.tolist() == [[0.5, 0, 0, 0.5, 0]]  # Q's blank does not count
    assert moving_rows([impact, likelihood]).tolist() == [True]


def test_two_partners_split_an_issue_half_and_half(tmp_path: Path) -> None:
    # X: impact minor (2) or severe (5) with likelihood possible (3): risk 6 or 15, half each;
    # Y: moderate x possible = 9 in every draw. X is first in half the draws.
    a = _district(
        tmp_path,
        "X,P,minor,possible,high\nX,Q,severe,possible,high\n"
        "Y,P,moderate,possible,high\nY,Q,moderate,possible,high\n",
    )
    sim = simulate([a], 4000, 3, 1, source="partners")
    assert abs(sim.p_top[0] - 0.5) < 0.05 and abs(sim.p_top[1] - 0.5) < 0.05
    assert sim.p_top[0] + sim.p_top[1] == 1.0


def test_agreeing_partners_give_certain_probabilities(tmp_path: Path) -> None:
    a = _district(
        tmp_path,
        "X,P,minor,possible,low\nX,Q,minor,possible,low\n"
        "Y,P,moderate,possible,low\nY,Q,moderate,possible,\n",
    )
    sim = simulate([a], 500, 1, 1, source="partners")
    assert sim.p_top.tolist() == [0.0, 1.0]
    assert set(sim.p_high_band.tolist()) <= {0.0, 1.0}
    # the confidence model, the default, does move these low-confidence grades
    moved = simulate([a], 500, 1, 1)
    assert 0 < moved.p_top[0] < 1


def test_command_line_from_partners(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(HEADER + "X,P,minor,rare,high\nX,Q,major,rare,high\n", encoding="utf-8")
    args = ["sensitivity", str(path), "--matrix", "risk-5x5", "--draws", "100", "--format", "json"]
    plain = json.loads(CliRunner().invoke(cli, args).stdout)
    drawn = json.loads(CliRunner().invoke(cli, [*args, "--from", "partners"]).stdout)
    assert "draws_from" not in plain and drawn["draws_from"] == "partners"
