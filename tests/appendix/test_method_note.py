"""The method note says what is true of the county it is printed for: the default matrix is
spoken of only when it was used (else the matrix used is named), and the gradings are said to be
illustrative only when the county's manifest says ``illustrative = true``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import fill_new_county

DEFAULTS = "csscore's documented defaults"


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def method(markdown: str) -> str:
    """The Method section of a Markdown appendix (up to the next section)."""
    (part,) = [p for p in markdown.split("\n## ") if p.startswith("Method")]
    return part


def county(tmp_path: Path, *more: str) -> Path:
    folder = tmp_path / "midshire"
    run("new", folder, "--county", "Midshire", "--district", "Northam", "--district", "Southam",
        *more)  # fmt: skip
    matrix = more[more.index("--matrix") + 1] if "--matrix" in more else "morile-csp"
    fill_new_county(folder, matrix)
    return folder


@pytest.mark.parametrize("audience", ["committee", "analyst"])
def test_a_new_county_on_the_default_matrix(tmp_path: Path, audience: str) -> None:
    note = method(run("appendix", county(tmp_path), "--audience", audience))
    assert "The values of the default matrix (morile-csp 1.0) are " + DEFAULTS in note
    assert "illustrative" not in note.casefold()


@pytest.mark.parametrize("audience", ["committee", "analyst"])
def test_a_new_county_on_another_matrix_names_it(tmp_path: Path, audience: str) -> None:
    folder = county(tmp_path, "--matrix", "morile-csp-vulnerability")
    note = method(run("appendix", folder, "--audience", audience))
    assert "default matrix" not in note and DEFAULTS not in note
    assert "The matrix used is MoRiLE-style matrix weighting victim vulnerability" in note
    assert "(morile-csp-vulnerability 1.0), not csscore's default (morile-csp)" in note
    assert "illustrative" not in note.casefold()


def test_the_sample_is_said_to_be_illustrative_on_the_default_matrix() -> None:
    note = method(run("appendix", "--audience", "committee"))
    assert DEFAULTS in note
    assert "The district gradings are illustrative: the county's manifest says so." in note
