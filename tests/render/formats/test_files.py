"""XLSX outputs fit for Excel: sheet names it accepts, numbers as numbers, print setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.render.formats.files import excel_format, sheet_name

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


def test_each_number_kind_has_its_excel_format() -> None:
    """By hand: Excel shows 0.73 in '0%' as 73%, 0.745 in '0.000' as 0.745; the extremes the
    other formats write as '< 1%', '> 99%' and '< 0.001' are those words, as Excel literals."""
    assert excel_format(0.73, "percent") == "0%"
    assert excel_format(0.0, "percent") == excel_format(1.0, "percent") == "0%"
    assert excel_format(0.004, "percent") == '"< 1%"'
    assert excel_format(0.996, "percent") == '"> 99%"'
    assert excel_format(0.9951, "percent") == '"> 99%"'
    assert excel_format(0.006, "percent") == "0%"  # 1%, in Excel as here
    assert excel_format(0.745, "fixed3") == "0.000"
    assert excel_format(0.57, "fixed2") == "0.00"
    assert excel_format(12, "integer") == "0"
    assert excel_format(0.0004, "pvalue") == '"< 0.001"'
    assert excel_format(0.012, "pvalue") == "0.000"


def test_the_appendix_workbook_is_fit_for_excel(tmp_path: Path) -> None:
    target = tmp_path / "appendix.xlsx"
    result = CliRunner().invoke(cli, ["appendix", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert all(valid_sheet_name(n) for n in book.sheetnames)
    proposed = book["proposed-set"]
    header = [c.value for c in proposed[2]]
    share = proposed.cell(row=3, column=header.index("Share") + 1)
    # 8 of the sample's 11 CSPs: 8 / 11 = 0.7272..., shown 73%
    assert (share.value, share.number_format) == (8 / 11, "0%")
    assert proposed["A2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert proposed.auto_filter.ref.startswith("A2:")
    assert proposed.print_title_rows == "$2:$2"
    assert proposed.page_setup.orientation == "landscape"
    assert proposed.sheet_properties.pageSetUpPr.fitToPage
    agreement = book["agreement"]
    cells = {r[0].value: r[1] for r in agreement.iter_rows(min_row=3, max_row=7)}
    w, p = cells["Kendall's W"], cells["Friedman p-value"]
    assert isinstance(w.value, float) and 0 < w.value < 1 and w.number_format == "0.000"
    assert isinstance(p.value, float) and p.value < 0.001 and p.number_format == '"< 0.001"'
    assert cells["Districts"].value == 12 and cells["Districts"].number_format == "0"
    tau = book["distance-from-county"]
    assert all(
        isinstance(r[1].value, float) and -1 <= r[1].value <= 1 and r[1].number_format == "0.00"
        for r in tau.iter_rows(min_row=3, max_row=14)
    )
    pairwise = book["pairwise-tau"]
    assert pairwise["B3"].value == 1 and pairwise["B3"].number_format == "0.00"  # Ashford, itself
    no_text_numbers = [
        c.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.rstrip("%").replace(".", "", 1).isdigit()
    ]
    assert not no_text_numbers, no_text_numbers
    long_text = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=3)
        for c in row[1:]  # notes under a table stand in column A
        if isinstance(c.value, str) and len(c.value) > 50
    ]
    assert long_text and all(c.alignment.wrap_text for c in long_text)
    for c in long_text:  # a row as tall as its wrapped lines, at 15 points a line
        sheet = c.parent
        width = sheet.column_dimensions[c.column_letter].width
        lines = -(-len(c.value) // int(width))
        assert (sheet.row_dimensions[c.row].height or 15) >= 15 * lines, (sheet.title, c.row)
        assert all(x.alignment.vertical == "top" for x in sheet[c.row] if x.value is not None)


def test_csv_appendix_names_district_tables_that_are_not_file_names(tmp_path: Path) -> None:
    """District ids holding a slash, or 300 characters long, still give one table each, under a
    file name any system accepts (model/text.py file_stem)."""
    import csv
    import hashlib
    import shutil

    from support import TESTS

    county = tmp_path / "county"
    shutil.copytree(TESTS / "corpus" / "base" / "county", county)
    manifest = county / "districts.toml"
    long_id = "e" * 300
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('id = "north"', 'id = "north/west"').replace(
        'id = "east"', f'id = "{long_id}"'
    )
    manifest.write_text(text, encoding="utf-8")
    out = tmp_path / "appendix"
    result = CliRunner().invoke(cli, ["appendix", str(county), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    # the slug "district-<id>": a slash becomes '-'; past 100 characters the stem is cut to 91
    # and ends in '-' and the first 8 hex digits of the slug's sha256
    slug = f"district-{long_id}"
    cut = f"{slug[:91]}-{hashlib.sha256(slug.encode()).hexdigest()[:8]}"
    tables = {n.split("-", 1)[1]: n for n in names}
    assert {"district-north-west.csv", f"{cut}.csv", "district-south.csv"} <= set(tables)
    assert all(len(n) <= 104 + 3 and "/" not in n for n in names)  # 'NN-' + stem + '.csv'
    with (out / tables["district-north-west.csv"]).open(encoding="utf-8") as handle:
        north = list(csv.reader(handle))
    # North's issues (impact x likelihood: 4 x 4, 3 x 5, 2 x 3), not another district's
    assert [row[1] for row in north[1:]] == ["Domestic abuse", "Anti-social behaviour", "Burglary"]
