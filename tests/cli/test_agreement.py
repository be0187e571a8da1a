"""``csscore agreement`` and the partner column through score and explain (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from csscore.cli.main import cli

HEADER = "issue,partner,impact,likelihood,confidence,selected,notes\n"
# Two partners, three issues. Impact: P 0 1 2 against Q 0 1 1; likelihood: all rare.
# Overall units (6): P 0 1 2 0 0 0, Q 0 1 1 0 0 0. o00 = 8, o11 = 2, o12 = o21 = 1;
# n = (8, 3, 1), n = 12. d12 = 4, d01 = 30.25, d02 = 56.25. Do = 8/12, De = 2 (8 x 3 x 30.25 +
# 8 x 56.25 + 3 x 4) / 132 = 18: alpha = 1 - (2/3) / 18 = 26/27 = 0.962963.
TWO = HEADER + (
    "X,P,negligible,rare,high,yes,\n"
    "Y,P,minor,rare,high,,p says\n"
    "Z,P,moderate,rare,medium,,\n"
    "X,Q,negligible,rare,high,,\n"
    "Y,Q,minor,rare,,no,q says\n"
    "Z,Q,minor,rare,high,,\n"
)


def _run(tmp_path: Path, text: str, *args: str, name: str = "d.csv") -> tuple[int, str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, [args[0], str(tmp_path / name), "--matrix", "risk-5x5", *args[1:]]
    )
    # its made-up issue names (X, Y, Z) are warned of as unknown on stderr
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_agreement_json_contract(tmp_path: Path) -> None:
    code, out = _run(tmp_path, TWO, "agreement", "--format", "json")
    assert code == 0, out
    assert json.loads(out) == {
        "district": "d",
        "partners": ["P", "Q"],
        "alpha": {"impact": 0.777778, "likelihood": None, "overall": 0.962963},
        "issues": [
            {"issue": "X", "partners": 2, "contested": False,
             "spread": {"impact": 0, "likelihood": 0}},
            {"issue": "Y", "partners": 2, "contested": False,
             "spread": {"impact": 0, "likelihood": 0}},
            {"issue": "Z", "partners": 2, "contested": False,
             "spread": {"impact": 1, "likelihood": 0}},
        ],
    }  # fmt: skip


def test_agreement_table_gives_reasons_and_partner_bands(tmp_path: Path) -> None:
    code, out = _run(tmp_path, TWO, "agreement")
    assert code == 0, out
    assert "no variation" in out
    # Z: P's own grades moderate x rare = 3 (low), Q's minor x rare = 2 (low)
    z = next(line for line in out.splitlines() if line.startswith("Z "))
    assert z.split()[-2:] == ["low", "low"]


def test_contested_and_combined_scores(tmp_path: Path) -> None:
    text = HEADER + (
        "X,A,negligible,likely,high,,\nX,B,moderate,likely,high,,\nX,C,severe,likely,high,,\n"
        "Y,A,minor,rare,high,,\nY,B,minor,rare,high,,\nY,C,minor,unlikely,high,,\n"
    )
    code, out = _run(tmp_path, text, "score", "--format", "json")
    assert code == 0, out
    issues = {i["issue"]: i for i in json.loads(out)["issues"]}
    assert issues["X"]["harm"] == 3 and issues["X"]["contested"] is True  # median of 1 3 5
    assert issues["Y"]["likelihood"] == 1 and issues["Y"]["contested"] is False
    code, out = _run(tmp_path, text, "score", "--combine", "max", "--format", "json")
    issues = {i["issue"]: i for i in json.loads(out)["issues"]}
    assert issues["X"]["harm"] == 5 and issues["Y"]["likelihood"] == 2
    code, out = _run(tmp_path, text, "score", "--combine", "mean", "--format", "json")
    assert {i["issue"]: i["harm"] for i in json.loads(out)["issues"]}["X"] == 3
    code, out = _run(tmp_path, text, "agreement", "--format", "json")
    report = json.loads(out)
    assert [i["contested"] for i in report["issues"]] == [True, False]
    assert report["issues"][0]["spread"] == {"impact": 4, "likelihood": 0}


def test_score_without_partners_has_no_contested_key(tmp_path: Path) -> None:
    text = "issue,impact,likelihood\nX,minor,rare\n"
    code, out = _run(tmp_path, text, "score", "--format", "json")
    assert code == 0 and "contested" not in out


def test_explain_shows_each_partner_beside_the_combined(tmp_path: Path) -> None:
    code, out = _run(tmp_path, TWO, "explain", "Y")
    assert code == 0, out
    table = out[out.index("Each partner's grades") :]
    impact = next(line for line in table.splitlines() if line.startswith("Impact  "))
    assert impact.split() == ["Impact", "minor", "minor", "minor", "0"]
    confidence = next(line for line in table.splitlines() if line.startswith("Confidence  "))
    assert confidence.split() == ["Confidence", "high", "(blank)", "low"]
    assert "p says" in out and "q says" in out


def test_selected_and_confidence_combined(tmp_path: Path) -> None:
    code, out = _run(tmp_path, TWO, "score", "--format", "json")
    assert code == 0, out
    issues = {i["issue"]: i for i in json.loads(out)["issues"]}
    assert issues["X"]["selected"] is True  # given by P only
    assert issues["Y"]["selected"] is False
    assert issues["Y"]["confidence"] == "low"  # Q's blank counts as low
    assert issues["Z"]["confidence"] == "medium"


def test_partner_order_does_not_change_the_output(tmp_path: Path) -> None:
    lines = TWO.splitlines(keepends=True)
    shuffled = lines[0] + "".join(lines[4:]) + "".join(lines[1:4])  # Q's rows first
    for command in ("agreement", "score"):
        a = _run(tmp_path, TWO, command, "--format", "json")
        b = _run(tmp_path, shuffled, command, "--format", "json")
        assert a == b


def test_file_without_partners_is_refused(tmp_path: Path) -> None:
    code, out = _run(tmp_path, "issue,impact,likelihood\nX,minor,rare\n", "agreement")
    assert code == 2 and "d.csv" in out and "no partners" in out
