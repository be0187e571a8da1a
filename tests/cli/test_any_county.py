"""Any county, not only Kent: a folder counted against the CSA and plan its manifest declares or
the command line names, else against none, with no Kent text anywhere in what it writes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import DOMESTIC_ABUSE, MODERN_SLAVERY, SAMPLE, csv_text

#: Text that would mean a user's folder was counted as Kent's.
KENT = re.compile(r"kent|printed in", re.IGNORECASE)
HEADING = "Exshire Community Safety Agreement 2026-27"
MANIFEST = """county = "Exshire"
year = "2026-27"

[[district]]
id = "north"
name = "North Moor"
csp = "North Moor CSP"
file = "north.csv"

[[district]]
id = "south"
name = "South Vale"
csp = "South Vale CSP"
file = "south.csv"
"""
PLAN = """name = "exshire-plan"
title = "Exshire Police and Crime Plan"
period = "2026 to 2029"

[[priority]]
id = "p1"
kind = "core"
text = "Tackle domestic abuse"
covers = ["domestic-abuse"]
reason = "The plan names domestic abuse."
"""
CSA = """name = "exshire-2026"
title = "Exshire Community Safety Agreement"
edition = "2026-27"

[[priority]]
id = "harm"
name = "Hidden Harm"
covers = ["domestic-abuse", "modern-slavery"]
"""


def _row(base: tuple[str, ...], issue: str, selected: str) -> tuple[str, ...]:
    return (issue, *base[1:12], selected, "")


def exshire(root: Path, manifest: str = MANIFEST) -> Path:
    """Two districts of a made-up county. Identified (selected): North Moor, domestic abuse and
    burglary; South Vale, domestic abuse and modern slavery. So, by hand, per issue: domestic
    abuse 2 CSPs, burglary 1, modern slavery 1."""
    folder = root / "exshire"
    folder.mkdir()
    north = [
        _row(DOMESTIC_ABUSE, "Domestic abuse", "yes"),
        _row(DOMESTIC_ABUSE, "Burglary", "yes"),
        _row(MODERN_SLAVERY, "Modern slavery", "no"),
    ]
    south = [
        _row(DOMESTIC_ABUSE, "Domestic abuse", "yes"),
        _row(MODERN_SLAVERY, "Modern slavery", "yes"),
        _row(MODERN_SLAVERY, "Burglary", "no"),
    ]
    (folder / "north.csv").write_text(csv_text(north), encoding="utf-8")
    (folder / "south.csv").write_text(csv_text(south), encoding="utf-8")
    (folder / "districts.toml").write_text(manifest, encoding="utf-8")
    (root / "plan.toml").write_text(PLAN, encoding="utf-8")
    return folder


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _office_text(path: Path) -> str:
    """Every XML part of an .xlsx or .docx file, as text."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )


def assert_not_kent(text: str) -> None:
    found = KENT.search(text)
    assert found is None, text[max(0, found.start() - 80) : found.end() + 80]


def test_counts_by_issue_under_the_manifest_heading(tmp_path: Path) -> None:
    folder = exshire(tmp_path)
    code, out, err = run("aggregate", folder, "--format", "json")
    assert code == 0, err
    assert_not_kent(out)
    county = json.loads(out)
    counts = {c["name"]: c["count"] for c in county["counts"]}
    assert counts == {"Domestic abuse": 2, "Burglary": 1, "Modern slavery": 1}  # by hand
    code, out, err = run("aggregate", folder)
    assert code == 0, err
    assert_not_kent(out)
    assert f"Appendix A: strategic assessments: {HEADING}" in out
    assert "Issue" in out.splitlines()[2]  # counted by issue, not by theme


@pytest.mark.parametrize("fmt", ["markdown", "html", "latex", "json"])
def test_appendix_text_formats_have_no_kent(tmp_path: Path, fmt: str) -> None:
    folder = exshire(tmp_path)
    code, out, err = run("appendix", folder, "--format", fmt)
    assert code == 0, err
    assert_not_kent(out)
    assert f"{HEADING}: appendices" in out
    assert "Appendix D" not in out  # no plan, no Appendix D


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_appendix_files_have_no_kent(tmp_path: Path, fmt: str) -> None:
    pytest.importorskip({"csv": "csv", "xlsx": "openpyxl", "docx": "docx"}[fmt])
    folder = exshire(tmp_path)
    target = tmp_path / ("csv" if fmt == "csv" else f"a.{fmt}")
    code, _, err = run("appendix", folder, "--format", fmt, "-o", target)
    assert code == 0, err
    if fmt == "csv":
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(target.iterdir()))
    else:
        text = _office_text(target)
    assert_not_kent(text)
    assert fmt == "csv" or HEADING in text  # CSV files carry no titles


def test_appendix_committee_paper_has_no_kent(tmp_path: Path) -> None:
    code, out, err = run("appendix", exshire(tmp_path), "--audience", "committee")
    assert code == 0, err
    assert_not_kent(out)


def test_a_folder_with_no_manifest_has_neutral_headings(tmp_path: Path) -> None:
    folder = exshire(tmp_path)
    (folder / "districts.toml").unlink()
    code, out, err = run("appendix", folder)
    assert code == 0, err
    assert_not_kent(out)
    assert out.startswith("# Community Safety Agreement: appendices\n")


def test_overlap_needs_a_plan_and_takes_one(tmp_path: Path) -> None:
    folder = exshire(tmp_path)
    code, out, err = run("overlap", folder)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {folder / 'districts.toml'}:plan: no Police and Crime Plan")
    code, out, err = run("overlap", folder, "--plan", tmp_path / "plan.toml")
    assert code == 0, err
    assert_not_kent(out)
    assert "Exshire Police and Crime Plan" in out
    graph, plot = tmp_path / "g.graphml", tmp_path / "p.svg"
    args = ("--plan", tmp_path / "plan.toml", "--graph-out", graph, "--plot", plot)
    code, out, err = run("overlap", folder, "--format", "json", *args)
    assert code == 0, err
    for text in (out, graph.read_text(encoding="utf-8"), plot.read_text(encoding="utf-8")):
        assert_not_kent(text)


def test_sensitivity_and_compare_have_no_kent(tmp_path: Path) -> None:
    folder = exshire(tmp_path)
    code, out, err = run("sensitivity", folder, "--draws", "20")
    assert code == 0, err
    assert_not_kent(out)
    assert "Domestic abuse" in out
    code, out, err = run("compare", folder, folder, "--all")
    assert code == 0, err
    assert_not_kent(out)


def test_the_manifest_plan_gives_appendix_d(tmp_path: Path) -> None:
    folder = exshire(tmp_path, 'plan = "plan.toml"\n' + MANIFEST)
    (folder / "plan.toml").write_text(PLAN, encoding="utf-8")
    code, out, err = run("appendix", folder)
    assert code == 0, err
    assert_not_kent(out)
    assert "## Appendix D: Police and Crime Plan" in out
    assert "Tackle domestic abuse" in out
    code, out, err = run("overlap", folder)  # the manifest's plan, no --plan needed
    assert code == 0, err
    code, out, err = run("appendix", folder, "--plan", "none")
    assert code == 0, err
    assert "Appendix D" not in out


def test_the_manifest_csa_file_and_the_command_line_that_wins(tmp_path: Path) -> None:
    folder = exshire(tmp_path, 'csa = "csa.toml"\n' + MANIFEST)
    (folder / "csa.toml").write_text(CSA, encoding="utf-8")
    code, out, err = run("aggregate", folder, "--format", "json")
    assert code == 0, err
    counts = {c["name"]: c["count"] for c in json.loads(out)["counts"]}
    # Hidden Harm covers domestic abuse and modern slavery: both CSPs; burglary is unclassified
    assert counts == {"Hidden Harm": 2, "Unclassified": 1}
    code, out, err = run("appendix", folder)
    assert code == 0, err
    assert out.startswith("# Exshire Community Safety Agreement: appendices\n\n2026-27\n")
    code, out, err = run("appendix", folder, "--format", "json")
    assert code == 0, err
    inputs = {i["kind"]: i["name"] for i in json.loads(out)["inputs"]}
    assert inputs["csa"] == "csa.toml" and "plan" not in inputs  # named inside the folder
    code, out, err = run("aggregate", folder, "--csa", "none", "--format", "json")
    assert code == 0, err
    assert {c["name"] for c in json.loads(out)["counts"]} == {
        "Domestic abuse",
        "Burglary",
        "Modern slavery",
    }
    code, out, err = run("aggregate", folder, "--csa", "kent-2017", "--table", "counts")
    assert code == 0, err
    assert "Printed in kent-2017" in out  # the command line wins over the manifest


def test_a_manifest_csa_that_is_missing_is_refused_naming_the_manifest(tmp_path: Path) -> None:
    folder = exshire(tmp_path, 'csa = "csa.toml"\n' + MANIFEST)
    code, out, err = run("aggregate", folder)
    assert code == 2 and out == ""
    assert err == f"error: {folder / 'districts.toml'}:csa: csa file 'csa.toml' does not exist\n"
    code, out, err = run("validate", folder)
    assert code == 2
    assert out == f"{folder / 'districts.toml'}:csa: csa file 'csa.toml' does not exist\n"


@pytest.mark.parametrize(
    "args",
    [
        ("aggregate",),
        ("appendix",),
        ("overlap",),
        ("sensitivity", "--draws", "20"),
        ("compare", SAMPLE),
    ],
    ids=lambda a: a[0],
)
def test_csa_none_on_the_sample(args: tuple[object, ...]) -> None:
    code, out, err = run(args[0], SAMPLE, *args[1:], "--csa", "none")
    assert code == 0, err
    assert "Printed in" not in out
    assert re.search(r"(?<![\w-])kent-2017", out) is None  # the CSA (the plan is the manifest's)
    if args[0] in ("aggregate", "appendix"):
        assert "Kent Community Safety Agreement" not in out
        assert "Kent and Medway strategic assessments 2016-17 (illustrative sample)" in out


def test_validate_checks_the_csa_and_plan_files_the_manifest_names(tmp_path: Path) -> None:
    manifest = 'csa = "csa.toml"\nplan = "plan.toml"\n' + MANIFEST
    folder = exshire(tmp_path, manifest)
    (folder / "csa.toml").write_text(CSA, encoding="utf-8")
    (folder / "plan.toml").write_text(PLAN.replace('kind = "core"', 'kind = "cor"'), "utf-8")
    code, out, err = run("validate", folder)
    assert code == 2
    assert (
        out
        == f"{folder / 'plan.toml'}:priority[0].kind: unknown kind 'cor' (did you mean \"core\"?)\n"
    )
    assert err == "error: 1 problem in 1 of 5 files\n"  # manifest, two districts, CSA, plan
    (folder / "plan.toml").write_text(PLAN, encoding="utf-8")
    code, out, err = run("validate", folder)
    assert code == 0 and err == "ok: 5 files valid\n"
