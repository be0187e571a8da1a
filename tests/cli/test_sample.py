"""``csscore sample``: the bundled sample county copied out, never over a file (CliRunner)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from csscore.cli.main import cli
from support import SAMPLE


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def shipped() -> dict[str, bytes]:
    """The sample's files as the checkout holds them: data and READMEs, not the package's
    ``__init__.py``."""
    return {
        p.relative_to(SAMPLE).as_posix(): p.read_bytes()
        for p in SAMPLE.rglob("*")
        if p.is_file() and p.suffix in (".csv", ".toml", ".md")
    }


def held(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_sample_copies_every_file_of_the_bundled_county(tmp_path: Path) -> None:
    target = tmp_path / "county"
    result = run("sample", target)
    assert result.exit_code == 0, result.output
    assert held(target) == shipped()
    assert "police-uk/2023-04-kent-street-sample.csv" in held(target)
    assert "districts.toml" in held(target) and "ashford.csv" in held(target)
    assert result.stderr.startswith(f"wrote {len(shipped())} files in {target}")


def test_the_copy_gives_the_appendix_of_the_bundled_sample_byte_for_byte(tmp_path: Path) -> None:
    assert run("sample", tmp_path / "county").exit_code == 0
    for fmt in ("markdown", "json"):
        bundled = run("appendix", "--format", fmt)
        copied = run("appendix", tmp_path / "county", "--format", fmt)
        assert bundled.exit_code == copied.exit_code == 0, copied.output
        assert copied.stdout_bytes == bundled.stdout_bytes


def test_the_copy_validates_and_reads_its_police_uk_month(tmp_path: Path) -> None:
    county = tmp_path / "county"
    assert run("sample", county).exit_code == 0
    assert run("validate", county).exit_code == 0
    month = county / "police-uk" / "2023-04-kent-street-sample.csv"
    result = run("evidence", "police-uk", month, "--districts", county / "districts.toml")
    assert result.exit_code == 0, result.output
    assert "783 rows" in result.stderr


def test_an_empty_existing_folder_is_filled(tmp_path: Path) -> None:
    result = run("sample", tmp_path)
    assert result.exit_code == 0, result.output
    assert held(tmp_path) == shipped()


def test_a_folder_that_is_not_empty_is_refused_without_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run("sample", tmp_path)
    assert result.exit_code == 2
    assert "is not empty; use --force" in result.stderr
    assert held(tmp_path) == {"notes.txt": b"mine\n"}


def test_force_adds_only_the_missing_files_and_keeps_every_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "county"
    assert run("sample", target).exit_code == 0
    (target / "ashford.csv").write_text("my own grades\n")
    (target / "swale.csv").unlink()
    (target / "police-uk" / "README.md").unlink()
    result = run("sample", target, "--force")
    assert result.exit_code == 0, result.output
    expected = shipped() | {"ashford.csv": b"my own grades\n"}
    assert held(target) == expected
    assert f"kept {target / 'ashford.csv'}" in result.stderr
    assert result.stderr.rstrip().endswith(
        f"wrote 2 files in {target}: try `csscore validate {target}` and "
        f"`csscore appendix {target}`"
    )


def test_force_on_a_complete_copy_writes_nothing(tmp_path: Path) -> None:
    assert run("sample", tmp_path).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    result = run("sample", tmp_path, "--force")
    assert result.exit_code == 0
    assert "wrote 0 files" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_a_file_in_the_place_of_a_folder_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "county").write_text("a file\n")
    result = run("sample", tmp_path / "county")
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    (tmp_path / "county").unlink()
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "police-uk").write_text("a file\n")
    result = run("sample", tmp_path / "county", "--force")
    assert result.exit_code == 2
    assert f"{tmp_path / 'county' / 'police-uk'}: is not a folder" in result.stderr
    assert held(tmp_path / "county") == {"police-uk": b"a file\n"}


def test_a_missing_parent_folder_is_refused(tmp_path: Path) -> None:
    result = run("sample", tmp_path / "no" / "county")
    assert result.exit_code == 2
    assert f"folder {str(tmp_path / 'no')!r} does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_a_folder_needs_naming() -> None:
    result = run("sample")
    assert result.exit_code == 2 and "Missing argument 'FOLDER'" in result.output
