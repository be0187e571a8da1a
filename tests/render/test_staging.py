"""One place decides what is written and when (render/output.py): every output of a command is
staged, checked as it is named, and written only once the whole command has succeeded; a commit
that fails half-way puts back what it had replaced."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from csscore.cli.options import CsscoreGroup, announce
from csscore.errors import CsscoreError, OutputError
from csscore.render.output import Outputs, current_run, staged_run, write_file, write_folder


def hidden(folder: Path) -> list[str]:
    """Temporary (.part) and backup (.old) files left behind."""
    return sorted(p.name for p in folder.rglob(".*"))


def test_nothing_is_written_before_commit_and_everything_after(tmp_path: Path) -> None:
    run = Outputs()
    run.file(tmp_path / "a.csv", "a\n", force=False)
    run.folder(tmp_path / "tables", {"01-x.csv": "x\n", "02-y.csv": b"y\n"}, force=False)
    assert list(tmp_path.iterdir()) == [] and len(run) == 2
    run.commit()
    assert (tmp_path / "a.csv").read_text() == "a\n"
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["01-x.csv", "02-y.csv"]
    assert hidden(tmp_path) == [] and len(run) == 0


def test_a_destination_is_checked_when_it_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("mine")
    run = Outputs()
    with pytest.raises(OutputError, match="already exists; use --force"):
        run.file(tmp_path / "a.csv", "new", force=False)
    run.file(tmp_path / "b.csv", "b", force=False)
    with pytest.raises(OutputError, match="names the same file as another output"):
        run.file(tmp_path / "." / "b.csv", "again", force=True)


def test_a_file_made_after_staging_is_not_overwritten(tmp_path: Path) -> None:
    run = Outputs()
    run.file(tmp_path / "a.csv", "a", force=False)
    run.file(tmp_path / "b.csv", "b", force=False)
    (tmp_path / "b.csv").write_text("made meanwhile")
    with pytest.raises(OutputError, match=r"b\.csv: already exists"):
        run.commit()
    assert not (tmp_path / "a.csv").exists()
    assert (tmp_path / "b.csv").read_text() == "made meanwhile"
    assert hidden(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError(5, "Input/output error"), KeyboardInterrupt()])
def test_a_commit_that_fails_half_way_puts_back_what_it_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    (tmp_path / "old.csv").write_text("old file")
    write_folder(tmp_path / "tables", {"01-old.csv": "old table"})
    run = Outputs()
    run.file(tmp_path / "old.csv", "new file", force=True)  # replaces a file
    run.folder(tmp_path / "tables", {"01-new.csv": "new table"}, force=True)  # and a folder
    run.file(tmp_path / "fresh.csv", "fresh", force=False)  # a new file
    run.file(tmp_path / "last.csv", "last", force=False)  # its rename fails
    real = os.replace

    def last_fails(src: object, dst: object) -> None:
        if str(dst).endswith("last.csv"):
            raise failure
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", last_fails)
    with pytest.raises(OutputError if isinstance(failure, OSError) else KeyboardInterrupt) as e:
        run.commit()
    if isinstance(failure, OSError):
        assert str(e.value) == f"{tmp_path / 'last.csv'}: cannot write: Input/output error"
    assert (tmp_path / "old.csv").read_text() == "old file"
    assert [p.name for p in (tmp_path / "tables").iterdir()] == ["01-old.csv"]
    assert not (tmp_path / "fresh.csv").exists() and not (tmp_path / "last.csv").exists()
    assert hidden(tmp_path) == []


def test_a_failed_temporary_write_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = os.fsync

    def second_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", second_full)
    run = Outputs()
    run.file(tmp_path / "a.csv", "a", force=False)
    run.file(tmp_path / "b.csv", "b", force=False)
    with pytest.raises(OutputError, match=r"b\.csv: cannot write: No space left on device"):
        run.commit()
    assert list(tmp_path.iterdir()) == []


def test_a_run_writes_on_success_and_discards_on_failure(tmp_path: Path) -> None:
    assert current_run() is None
    with staged_run() as run:
        write_file(tmp_path / "a.csv", "a")
        assert current_run() is run and not (tmp_path / "a.csv").exists()
    assert (tmp_path / "a.csv").read_text() == "a" and current_run() is None
    with pytest.raises(CsscoreError), staged_run():
        write_file(tmp_path / "b.csv", "b")
        raise CsscoreError.at("later.csv", "a later step fails")
    assert not (tmp_path / "b.csv").exists() and current_run() is None


def test_outside_a_run_a_write_lands_at_once(tmp_path: Path) -> None:
    write_file(tmp_path / "a.csv", "a")
    assert (tmp_path / "a.csv").read_text() == "a"


# --- on the command line: a step after an output fails, the output never appears ----------------


def command_line(tmp_path: Path) -> click.Group:
    @click.group(cls=CsscoreGroup)
    def group() -> None:
        pass

    @group.command("two")
    @click.argument("then")
    def two(then: str) -> None:
        write_file(tmp_path / "first.csv", "first")
        announce("wrote first.csv")
        write_file(tmp_path / "second.csv", "second")
        announce("wrote second.csv")
        if then == "fail":
            raise CsscoreError.at("third.toml", "a later step fails")
        if then == "interrupt":
            raise KeyboardInterrupt

    return group


def test_a_command_that_fails_after_staging_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(command_line(out), ["two", "fail"])
    assert (result.exit_code, result.stderr) == (2, "error: third.toml: a later step fails\n")
    assert list(out.iterdir()) == []


def test_a_command_interrupted_after_staging_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(command_line(out), ["two", "interrupt"])
    assert (result.exit_code, result.stderr) == (130, "interrupted\n")
    assert list(out.iterdir()) == []


def test_a_command_that_succeeds_writes_everything_then_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(command_line(out), ["two", "succeed"])
    assert result.exit_code == 0
    assert result.stderr == "wrote first.csv\nwrote second.csv\n"
    assert sorted(p.name for p in out.iterdir()) == ["first.csv", "second.csv"]


def test_overlap_whose_table_cannot_land_leaves_no_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csscore.cli.main import cli

    graph, table = tmp_path / "plan.graphml", tmp_path / "overlap.txt"
    real = os.replace

    def table_fails(src: object, dst: object) -> None:
        if str(dst) == str(table):
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", table_fails)
    result = CliRunner().invoke(cli, ["overlap", "--graph-out", str(graph), "-o", str(table)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {table}: cannot write: No space left on device\n"
    assert list(tmp_path.iterdir()) == []  # the graph, renamed first, was taken back
    monkeypatch.setattr(os, "replace", real)
    result = CliRunner().invoke(cli, ["overlap", "--graph-out", str(graph), "-o", str(table)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {graph}\nwrote {table}\n"
