"""One number format per column: the extremes rule, rounding, and every displayed format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csscore.render.formats.table import display_rows, render_table
from csscore.views.number_format import infer, p_value, percent, show
from csscore.views.table import Table


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.0, "0%"),  # exactly none
        (1.0, "100%"),  # exactly all
        (0.0001, "< 1%"),  # 1 draw in 10,000
        (0.0049, "< 1%"),
        (0.005, "1%"),  # half a per cent rounds up
        (0.0149, "1%"),
        (0.015, "2%"),
        (0.645, "65%"),  # 64.5 rounds half up
        (0.994, "99%"),
        (0.9951, "> 99%"),
        (0.9999, "> 99%"),
    ],
)
def test_percent_extremes_and_rounding(p: float, shown: str) -> None:
    assert percent(p) == shown


@pytest.mark.parametrize(
    ("p", "shown"), [(0.0, "< 0.001"), (0.0009, "< 0.001"), (0.001, "0.001"), (0.0456, "0.046")]
)
def test_p_values(p: float, shown: str) -> None:
    assert p_value(p) == shown


def test_a_column_takes_the_decimals_of_its_most_precise_number() -> None:
    # 4.5 beside 4.58: both to two decimals; 14.5 beside 115: one decimal
    table = Table("t", ("a", "b", "c"), ((4.5, 14.5, 3), (4.58, 115, 12.0)))
    assert display_rows(table) == [["4.50", "14.5", "3"], ["4.58", "115.0", "12"]]
    assert infer([1 / 3]) == "fixed2" and show(1 / 3, "fixed2") == "0.33"
    assert show(-0.001, "fixed2") == "0.00"


def test_a_named_kind_wins() -> None:
    table = Table("t", ("p",), ((1.0,), (0.645,), (0.99995,), (0.0,)), kinds=("percent",))
    assert display_rows(table) == [["100%"], ["65%"], ["> 99%"], ["0%"]]
    markdown = render_table(table, "github")
    assert "| > 99% |" in markdown and "&gt;" not in markdown


def _decimals(text: str) -> int:
    match = re.fullmatch(r"-?\d+(?:\.(\d+))?", text)
    assert match, text
    return len(match.group(1) or "")


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-(10**6), 10**6), min_size=1))
def test_every_cell_of_a_column_has_the_same_decimals(values: list[float]) -> None:
    table = Table("t", ("x",), tuple((v,) for v in values))
    shown = [r[0] for r in display_rows(table)]
    assert len({_decimals(s) for s in shown}) == 1
    for v, s in zip(values, shown, strict=True):
        assert abs(float(s) - v) <= 0.005 + 1e-9 * abs(v)  # rounded, never truncated far


@given(st.lists(st.floats(0, 1), min_size=1))
def test_percentages_never_round_to_the_ends(values: list[float]) -> None:
    for v in values:
        s = percent(v)
        assert (s == "0%") == (v == 0) and (s == "100%") == (v == 1)


def test_no_markdown_output_holds_an_html_entity(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from csscore.cli.main import cli

    folder = tmp_path / "county"
    runner = CliRunner()
    assert runner.invoke(cli, ["sample", str(folder)]).exit_code == 0
    for args in (
        ["appendix", str(folder), "--format", "markdown", "-q"],
        ["aggregate", str(folder), "--table", "all", "--format", "github"],
        ["sensitivity", str(folder), "--format", "github", "--draws", "200"],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert not re.search("&(lt|gt|amp);", result.stdout), args
        assert "< 0.001" in result.stdout or "%" in result.stdout
