"""The terminal sanitiser: data files cannot act on the terminal that shows a report."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.render.safety import terminal_safe


def test_escape_sequences_are_shown_not_obeyed() -> None:
    assert terminal_safe("red \x1b[31mtext\x1b[0m") == "red \\x1b[31mtext\\x1b[0m"
    assert terminal_safe("bell\x07 del\x7f c1\x9b") == "bell\\x07 del\\x7f c1\\x9b"
    assert terminal_safe("abc\u202edcba") == "abc\\u202edcba"  # right-to-left override


def test_tabs_and_line_ends_pass() -> None:
    text = "a\tb\nc\r\nd"
    assert terminal_safe(text) == text
    assert terminal_safe("over\rwrite") == "over\\x0dwrite"  # a bare CR would overprint


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = terminal_safe(text)
    for ch in shown:
        code = ord(ch)
        assert code in (9, 10, 13) or not (code < 32 or 0x7F <= code <= 0x9F)
        assert not 0x202A <= code <= 0x202E and not 0x2066 <= code <= 0x2069
    assert "\r" not in shown.replace("\r\n", "")


def test_a_file_name_holding_an_escape_sequence_is_shown_escaped(tmp_path: Path) -> None:
    # click drops ANSI sequences only when not writing to a terminal; csscore shows every control
    # character as its escape wherever it prints
    path = tmp_path / "Ash\x1b[2Jford.csv"
    path.write_text("issue,physical\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stdout + result.stderr
    assert "Ash\\x1b[2Jford.csv:1:psychological: missing column" in result.stdout
