"""``csscore new``: a county folder that validates and runs once graded; never over a file."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.matrix import load_matrix
from support import fill_new_county

SCAFFOLD = ("README.md", "csa.toml", "districts.toml", "horizon.toml", "plan.toml")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def new(folder: Path, *more: str) -> tuple[int, str, str]:
    return run("new", folder, "--county", "Midshire", *more)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_csv_folder_validates_and_runs_once_graded(tmp_path: Path) -> None:
    folder = tmp_path / "midshire"
    code, out, err = new(folder, "--district", "North Down", "--district", "South Vale")
    assert (code, out) == (0, "")
    assert listing(folder) == sorted([*SCAFFOLD, "North Down.csv", "South Vale.csv"])
    assert f"wrote 7 files in {folder}" in err
    assert run("validate", folder)[0] == 2  # blank grades are refused until filled in
    fill_new_county(folder)
    assert run("validate", folder)[:2] == (0, "")
    code, out, _ = run("aggregate", folder, "--format", "json")
    assert code == 0 and '"North Down"' in out and '"South Vale"' in out
    code, out, err = run("appendix", folder)
    assert code == 0, err
    assert "North Down" in out


def test_year_and_matrix_are_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    assert new(folder, "--district", "Ashford", "--year", "2025-26", "--matrix", "risk-5x5")[0] == 0
    doc = tomllib.loads((folder / "districts.toml").read_text(encoding="utf-8"))
    assert (doc["year"], doc["matrix"], doc["district"][0]["year"]) == (
        "2025-26",
        "risk-5x5",
        "2025-26",
    )
    with (folder / "Ashford.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[1:-3] == list(load_matrix("risk-5x5").factor_ids)
    assert "2025-26" in (folder / "csa.toml").read_text(encoding="utf-8")
    fill_new_county(folder, "risk-5x5")
    assert run("validate", folder)[0] == 0


def test_a_matrix_file_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support import builtin_matrix_text

    (tmp_path / "mine.toml").write_text(builtin_matrix_text("risk-5x5"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert new(Path("c"), "--district", "Ashford", "--matrix", "mine.toml")[0] == 0
    doc = tomllib.loads((tmp_path / "c" / "districts.toml").read_text(encoding="utf-8"))
    assert doc["matrix"] == str((tmp_path / "mine.toml").resolve())


def test_xlsx_writes_one_county_workbook_that_reads_alone_and_in_its_folder(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    folder = tmp_path / "c"
    code, _, err = new(
        folder, "--district", "North/East", "--district", "Legend", "--format", "xlsx"
    )
    assert code == 0, err
    assert listing(folder) == sorted([*SCAFFOLD, "districts.xlsx"])
    fill_new_county(folder)
    assert run("validate", folder)[:2] == (0, "")
    assert run("validate", folder / "districts.xlsx")[:2] == (0, "")
    code, out, _ = run("aggregate", folder / "districts.xlsx", "--format", "json")
    assert code == 0 and '"North/East"' in out and '"Legend"' in out
    assert run("appendix", folder)[0] == 0
    code, out, _ = run("score", folder / "districts.xlsx", "--sheet", "legend-2")
    assert code == 0 and out.startswith("Legend: 6 issues scored")  # named by the manifest


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = new(tmp_path, "--district", "Ashford")
    assert code == 2 and out == ""
    assert (
        err
        == f"error: {tmp_path}: is not empty; use --force to add the missing files (existing files are kept)\n"
    )
    assert listing(tmp_path) == ["notes.txt"]


def test_force_adds_the_missing_files_and_keeps_every_existing_one(tmp_path: Path) -> None:
    (tmp_path / "csa.toml").write_text('name = "ours"\n', encoding="utf-8")
    (tmp_path / "Ashford.csv").write_bytes(b"graded already")
    code, _, err = new(tmp_path, "--district", "Ashford", "--district", "Dover", "--force")
    assert code == 0
    assert (tmp_path / "csa.toml").read_text(encoding="utf-8") == 'name = "ours"\n'
    assert (tmp_path / "Ashford.csv").read_bytes() == b"graded already"
    assert listing(tmp_path) == sorted([*SCAFFOLD, "Ashford.csv", "Dover.csv"])
    kept = sorted(line for line in err.splitlines() if line.startswith("kept "))
    assert kept == [
        f"kept {tmp_path / 'Ashford.csv'} (it exists; csscore new never replaces a file)",
        f"kept {tmp_path / 'csa.toml'} (it exists; csscore new never replaces a file)",
    ]
    assert f"wrote 5 files in {tmp_path}" in err


def test_force_names_a_new_district_file_the_kept_manifest_does_not_list(tmp_path: Path) -> None:
    assert new(tmp_path, "--district", "Ashford", "--district", "Dover")[0] == 0
    manifest = (tmp_path / "districts.toml").read_bytes()
    (tmp_path / "Dover.csv").unlink()  # made again, and listed already
    code, _, err = new(tmp_path, *("--district", "Ashford", "--district", "Dover"),
                       *("--district", "Thanet", "--force"))  # fmt: skip
    assert code == 0
    assert (tmp_path / "districts.toml").read_bytes() == manifest
    assert listing(tmp_path) == sorted([*SCAFFOLD, "Ashford.csv", "Dover.csv", "Thanet.csv"])
    unlisted = [line for line in err.splitlines() if "does not list" in line]
    assert unlisted == [
        f"the kept {tmp_path / 'districts.toml'} does not list Thanet.csv: add a [[district]] "
        "entry for it, or its grades are not read"
    ]


def test_force_says_when_the_kept_manifest_does_not_read(tmp_path: Path) -> None:
    manifest = tmp_path / "districts.toml"
    manifest.write_text('csa = "kentt"\n\n[[district]]\nid = "a"\nfile = "a.csv"\n', "utf-8")
    code, _, err = new(tmp_path, "--district", "Ashford", "--force")
    assert code == 0
    assert manifest.read_text("utf-8").startswith('csa = "kentt"')  # kept as it was
    said = [line for line in err.splitlines() if "does not read" in line]
    assert said == [
        f"the kept {manifest} does not read ({manifest}:csa: no built-in csa file named 'kentt'"
        f" (available: kent-2016, kent-2017, or none)); `csscore validate {tmp_path}` names every"
        " problem"
    ]


def test_unsafe_names_get_safe_files_and_keep_their_names(tmp_path: Path) -> None:
    long = "Upper " * 50  # 300 characters
    folder = tmp_path / "c"
    code, _, err = new(
        folder, "--district", "North/East", "--district", long, "--district", "Tab\there"
    )
    assert code == 0, err
    files = [p for p in folder.iterdir() if p.suffix == ".csv"]
    assert sorted(len(p.name) for p in files) == sorted(
        [len("North-East.csv"), len("Tab-here.csv"), 104]
    )
    doc = tomllib.loads((folder / "districts.toml").read_text(encoding="utf-8"))
    assert [d["name"] for d in doc["district"]] == ["North/East", long, "Tab\there"]
    fill_new_county(folder)
    assert run("validate", folder)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--district", "Bell\x07End"],
            "error: --district: district name holds a control character: 'Bell\\x07End'",
        ),
        (
            ["--district", "Dover", "--district", "dover"],
            "error: --district: district 'dover' is given twice (as 'Dover')",
        ),
        (["--district", "=1+1"], "error: --district: district name starts with '='"),
        (
            ["--district", "Ashford", "--year", "\x1b[2J"],
            "error: --year: year holds a control character",
        ),
        (["--district", "Ashford", "--matrix", "morile-cps"], "error: "),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = new(tmp_path / "c", *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / "c").exists()


def test_an_empty_county_name_or_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    code, _, err = run("new", tmp_path / "c", "--county", " ", "--district", "Ashford")
    assert (code, err) == (2, "error: --county: county name is empty\n")
    (tmp_path / "f").write_text("", encoding="utf-8")
    code, _, err = new(tmp_path / "f", "--district", "Ashford")
    assert (code, err) == (
        2,
        f"error: {tmp_path / 'f'}: is not a folder; give a new or empty folder\n",
    )
    code, _, err = new(tmp_path / "no" / "c", "--district", "Ashford")
    assert (code, err) == (
        2,
        f"error: {tmp_path / 'no' / 'c'}: folder {str(tmp_path / 'no')!r} does not exist\n",
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_new_county_runs_to_its_appendix_with_no_kent_text(tmp_path: Path, fmt: str) -> None:
    """The issue's end to end: new, grades filled in, validate, appendix; the templates add
    nothing (no CSA, no Appendix C or D) and nothing of the bundled Kent county shows."""
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    folder = tmp_path / "exshire"
    districts = ("--district", "Northam", "--district", "Southam")
    assert new(folder, *districts, "--year", "2026-27", "--format", fmt)[0] == 0
    fill_new_county(folder)
    # manifest, two districts (files or sheets), CSA, plan and horizon
    assert run("validate", folder) == (0, "", "ok: 6 files valid\n")
    for args in (["--format", "markdown"], ["--format", "json"], ["--audience", "committee"]):
        code, out, err = run("appendix", folder, *args)
        assert code == 0, err
        assert "kent" not in (out + err).casefold()
        assert "Midshire Community Safety Agreement 2026-27" in out
        assert "Northam" in out and "Southam" in out
        if args[1] == "markdown":
            assert "Appendix A" in out and "Appendix C" not in out and "Appendix D" not in out


@pytest.mark.parametrize("matrix", [None, "risk-5x5"])
def test_every_whole_command_the_folders_readme_quotes_runs_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matrix: str | None
) -> None:
    """The README's quoted commands that need nothing filled in (no FILE or NAME to replace)
    run as written in the new folder; ``csscore new`` is named, not run, and ``validate``
    refuses the folder until it is graded."""
    import re
    import shlex

    folder = tmp_path / "c"
    assert new(folder, "--district", "Ashford", *(("--matrix", matrix) if matrix else ()))[0] == 0
    readme = (folder / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(r"`(csscore [^`]*)`", readme)
    whole = [c for c in quoted if not re.search(r"\b[A-Z]{3,}\b", c) and c != "csscore new"]
    whole = [c for c in whole if "validate" not in c]
    assert any(c.startswith("csscore matrix show") for c in whole)
    monkeypatch.chdir(folder)
    for command in whole:
        code, out, err = run(*shlex.split(command)[1:])
        assert code == 0, (command, err)
        assert out
