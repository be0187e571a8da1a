"""XLSX outputs fit for Excel: sheet names it accepts, numbers as numbers, print setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.render.formats.files import as_number, sheet_name

openpyxl = pytest.importorskip("openpyxl")


def valid_sheet_name(name: str) -> bool:
    return (
        0 < len(name) <= 31
        and not any(c in name for c in "[]:*?/\\")
        and not name.startswith("'")
        and not name.endswith("'")
        and name.casefold() != "history"
    )


def test_sheet_names_by_hand() -> None:
    used: set[str] = set()
    assert sheet_name("district-ashford", used) == "ashford"
    assert sheet_name("Ashford", used) == "Ashford-2"
    assert sheet_name("a[b]:c*d?e/f\\g", used) == "a-b--c-d-e-f-g"
    assert sheet_name("History", used) == "History-1"
    assert sheet_name("'quoted'", used) == "quoted"
    assert sheet_name("x" * 40, used) == "x" * 28


@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_names_become_distinct_names_excel_accepts(slugs: list[str]) -> None:
    used: set[str] = set()
    names = [sheet_name(s, used) for s in slugs]
    assert all(valid_sheet_name(n) for n in names), names
    assert len({n.casefold() for n in names}) == len(names)


def test_formatted_numbers_become_numbers_with_their_format() -> None:
    assert as_number("73%") == (0.73, "0%")
    assert as_number("0.745") == (0.745, "0.000")
    assert as_number("12") == (12, "0")
    assert as_number("n/a") == ("n/a", None)
    assert as_number("< 0.001") == ("< 0.001", None)
    assert as_number(2.5) == (2.5, "0.0##")


def test_the_appendix_workbook_is_fit_for_excel(tmp_path: Path) -> None:
    target = tmp_path / "appendix.xlsx"
    result = CliRunner().invoke(cli, ["appendix", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert all(valid_sheet_name(n) for n in book.sheetnames)
    proposed = book["proposed-set"]
    header = [c.value for c in proposed[2]]
    share = proposed.cell(row=3, column=header.index("Share") + 1)
    assert (share.value, share.number_format) == (0.73, "0%")
    assert proposed["A2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert proposed.auto_filter.ref.startswith("A2:")
    assert proposed.print_title_rows == "$2:$2"
    assert proposed.page_setup.orientation == "landscape"
    assert proposed.sheet_properties.pageSetUpPr.fitToPage
    agreement = book["agreement"]
    values = {r[0].value: r[1].value for r in agreement.iter_rows(min_row=3, max_row=6)}
    assert isinstance(values["Kendall's W"], float)
    long_text = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=3)
        for c in row[1:]  # notes under a table stand in column A
        if isinstance(c.value, str) and len(c.value) > 50
    ]
    assert long_text and all(c.alignment.wrap_text for c in long_text)
