"""The one progress bar: on a terminal only, never with --quiet, never on a pipe."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.cli.options import progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_counts_every_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("reading", at_least=2) as advance:
        assert advance is not None
        for _ in range(3):  # first phase: 3 steps
            advance(1, 3)
        advance(1, 1)  # second phase: 1 step, below at_least: no bar
        for _ in range(2):  # third phase: 2 steps
            advance(1, 2)
    shown = terminal.getvalue()
    assert shown.count("reading") >= 2
    assert "100%" in shown


def test_quiet_or_a_pipe_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("drawing", 10, quiet=True) as advance:
        assert advance is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    with progress_bar("drawing", 10) as advance:
        assert advance is None
    assert terminal.getvalue() == ""


def test_reading_a_large_county_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sample = Path(__file__).resolve().parents[2] / "data" / "districts"
    folder = tmp_path / "county"
    folder.mkdir()
    source = (sample / "ashford.csv").read_text()
    entries = []
    for d in range(200):  # PROGRESS_DISTRICTS: the first size that shows a bar
        (folder / f"d{d}.csv").write_text(source)
        entries.append(f'[[district]]\nid = "d{d}"\nname = "D{d}"\nfile = "d{d}.csv"\n')
    (folder / "districts.toml").write_text("\n".join(entries))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    runner = CliRunner()
    # CliRunner swaps sys.stderr for its own capture, which is no terminal: call the reader
    # the way the command does, inside its bar
    from csscore.api import read_folder
    from csscore.cli.options import reading

    with reading(quiet=False) as progress:
        districts = read_folder(folder, None, progress=progress)
    assert len(districts.assessments) == 200
    assert "reading" in terminal.getvalue()
    with reading(quiet=True) as progress:
        assert progress is None
    # and through the command line, piped: no bar, the same output with and without --quiet
    plain = runner.invoke(cli, ["aggregate", str(folder), "--format", "json"])
    quiet = runner.invoke(cli, ["aggregate", str(folder), "--format", "json", "--quiet"])
    assert plain.exit_code == quiet.exit_code == 0
    assert plain.stdout == quiet.stdout
    assert "reading" not in plain.stderr
