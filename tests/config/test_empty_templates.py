"""Empty CSA and plan files (the commented templates a new county starts from) are valid: an empty
CSA counts as none (CSPs counted by issue under the manifest's heading), a plan with no
priorities gives no Appendix D and an empty column in the overlap diagram."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.plan import load_plan
from csscore.errors import ConfigError
from support import SAMPLE

TEMPLATE = '# A template: every key below is commented out.\n# name = "exshire-2026"\n'


def test_an_empty_csa_file_declares_nothing(tmp_path: Path) -> None:
    for text in ("", TEMPLATE, "\n\n# only comments\n"):
        path = tmp_path / "csa.toml"
        path.write_text(text, encoding="utf-8")
        csa = load_csa(str(path))
        assert csa.empty and csa.title == "" and csa.name == "csa"
        assert csa.file == str(path) and len(csa.sha256) == 64


def test_a_csa_with_a_name_and_no_priorities_is_valid_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "csa.toml"
    path.write_text('name = "exshire"\ntitle = "Exshire CSA"\n', encoding="utf-8")
    csa = load_csa(str(path))
    assert csa.empty and csa.title == "Exshire CSA"


def test_a_csa_that_declares_something_still_needs_a_name(tmp_path: Path) -> None:
    path = tmp_path / "csa.toml"
    path.write_text('title = "Exshire CSA"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"csa.toml:\(top level\): missing required key 'name'"):
        load_csa(str(path))


def test_empty_plan_files_are_plans_with_no_priorities(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    for text in (TEMPLATE, 'name = "p"\ntitle = "P"\n', 'name = "p"\npriority = []\n'):
        path.write_text(text, encoding="utf-8")
        plan = load_plan(str(path))
        assert plan.priorities == () and plan.issues == ()
    path.write_text(TEMPLATE, encoding="utf-8")
    assert load_plan(str(path)).name == "plan"  # named after its file


def _county(tmp_path: Path) -> Path:
    """Two sample districts under a manifest that declares the two templates."""
    folder = tmp_path / "county"
    folder.mkdir()
    for name in ("dover.csv", "thanet.csv"):
        shutil.copy(SAMPLE / name, folder / name)
    (folder / "csa.toml").write_text(TEMPLATE, encoding="utf-8")
    (folder / "plan.toml").write_text(TEMPLATE, encoding="utf-8")
    entries = "".join(
        f'[[district]]\nid = "{n}"\nname = "{n.title()}"\nfile = "{n}.csv"\n\n'
        for n in ("dover", "thanet")
    )
    manifest = 'county = "Exshire"\nyear = "2026-27"\ncsa = "csa.toml"\nplan = "plan.toml"\n\n'
    (folder / "districts.toml").write_text(manifest + entries, encoding="utf-8")
    return folder


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_a_county_of_templates_validates_and_has_an_appendix(tmp_path: Path) -> None:
    folder = _county(tmp_path)
    code, _, err = run("validate", folder)
    assert code == 0 and err == "ok: 5 files valid\n"  # manifest, two districts, CSA, plan
    code, out, err = run("appendix", folder)
    assert code == 0, err
    assert out.startswith("# Exshire Community Safety Agreement 2026-27: appendices\n")
    assert "Appendix D" not in out and "Printed in" not in out and "Kent" not in out
    assert "csa, which declares no priorities or themes: CSPs counted by issue" in out
    assert "| plan: plan.toml" in out  # read, and recorded, though it adds nothing


def test_the_overlap_diagram_of_a_plan_with_no_priorities(tmp_path: Path) -> None:
    folder = _county(tmp_path)
    plot = tmp_path / "o.svg"
    code, out, err = run("overlap", folder, "--plot", plot)
    assert code == 0, err
    assert "Plan priorities: plan" in out
    drawn = plot.read_text(encoding="utf-8")
    assert drawn.count("(none declared)") == 2  # no CSA items, no plan priorities
    assert "Kent" not in drawn
