"""Plain-text and Markdown tables: padded by csscore, byte for byte as tabulate lays them out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from csscore.render.formats.table import _grid, render_table
from csscore.views.table import Table

# Text with the characters that matter to layout: spaces at either end, wide and combining
# characters, Markdown specials, and now and then a line break or an escape (tabulate's path).
_cell = st.text(alphabet=st.sampled_from([*"ab Z9.-|*\\_<>&é", "\u00a0", "\t", "\n", "\x1b"]))


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[list[str]], list[str], list[str]]:
    width = draw(st.integers(1, 5))
    columns = draw(st.lists(_cell, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_cell, min_size=width, max_size=width), max_size=6))
    align = draw(st.lists(st.sampled_from(["left", "right"]), min_size=width, max_size=width))
    return rows, columns, align


@settings(max_examples=400, deadline=None)
@given(_tables(), st.sampled_from(["simple", "github"]))
def test_grid_is_tabulates_layout(
    table: tuple[list[list[str]], list[str], list[str]], fmt: str
) -> None:
    rows, columns, align = table
    expected = tabulate(rows, headers=columns, tablefmt=fmt, colalign=align, disable_numparse=True)
    cells = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    assert _grid(cells, len(rows), columns, align, fmt) == expected


def test_a_column_mixing_flags_and_numbers_shows_each_cell_as_itself() -> None:
    # True == 1 == 1.0 in Python: the column is shown cell by cell, not by distinct value;
    # numbers take the column's kind (1.5 needs one decimal), the flag shows as yes/no
    table = Table("", ("Value",), ((True,), (1,), (1.5,), (None,), (False,)))
    assert [line.strip() for line in render_table(table, "simple").splitlines()] == [
        "Value",
        "-------",
        "yes",
        "1.0",
        "1.5",
        "",
        "no",
    ]


def test_worked_example_simple() -> None:
    table = Table("", ("Issue", "Risk"), (("Burglary", 120), (" ASB ", 7)))
    assert render_table(table, "simple") == (
        "Issue       Risk\n--------  ------\nBurglary     120\nASB            7\n"
    )


def test_worked_example_github_without_rows() -> None:
    # with no rows tabulate sets every heading flush left, whatever the column's alignment
    table = Table("", ("Issue", "Risk"), (), align=("left", "right"))
    assert render_table(table, "github") == ("| Issue   | Risk   |\n|---------|--------|\n")


def test_a_row_of_a_measure_shows_in_its_own_kind() -> None:
    """By hand: W to three decimals, chi-square to two, a p-value below 0.001 as '< 0.001', a
    count whole; every other column keeps its own kind."""
    table = Table(
        "Agreement",
        ("Measure", "Value"),
        (("W", 0.7451), ("chi-square", 187.714), ("p", 0.0004), ("Districts", 12), ("none", "n/a")),
        row_kinds=("fixed3", "fixed2", "pvalue", "integer", ""),
    )
    shown = [line.split("  ")[-1].strip() for line in render_table(table, "simple").splitlines()]
    assert shown[4:] == ["0.745", "187.71", "< 0.001", "12", "n/a"]


def test_the_method_table_gives_the_chance_a_grade_moves_as_a_percentage() -> None:
    """morile-csp: p_move 0.0, 0.5 and 0.8 for high, medium and low confidence."""
    from csscore.api import load_matrix
    from csscore.views.legend import legend_tables

    table = legend_tables(load_matrix("morile-csp"))[-1]
    assert table.columns[1] == "Chance a grade moves"
    text = render_table(table, "github")
    for confidence, chance in (("high", "0%"), ("medium", "50%"), ("low", "80%")):
        assert any(
            line.startswith(f"| {confidence} ") and f" {chance} |" in line
            for line in text.splitlines()
        ), text
