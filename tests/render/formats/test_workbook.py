"""The grading workbook: its formulas as text, its sheets, drop-downs, protection and layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.config.matrix import load_matrix
from csscore.render.formats.workbook import band_colours, blank_rows, grading_workbook
from csscore.render.formats.workbook_formulas import (
    Layout,
    column_letter,
    computed_headers,
    grade_value,
    is_grade,
    number_literal,
    rank_formula,
    row_formulas,
    section_formula,
    text_literal,
    threshold_formula,
)

openpyxl = pytest.importorskip("openpyxl")
MORILE = load_matrix("morile-csp")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- formulas, by hand ----------------------------------------------------------------------


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 2, 26, 27, 52, 702, 703)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
    ]


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_match_openpyxl(n: int) -> None:
    from openpyxl.utils import get_column_letter

    assert column_letter(n) == get_column_letter(n)


def test_literals() -> None:
    assert text_literal('say "hi"') == '"say ""hi"""'
    assert [number_literal(v) for v in (2, 2.0, 0.5, 1e-05, 1e20)] == [
        "2",
        "2",
        "0.5",
        "1E-05",
        "1E+20",
    ]


def test_grade_lookup_compares_labels_without_wildcards() -> None:
    trend = MORILE.scale("trend")
    assert is_grade(trend, "H2") == 'OR(H2={"decreasing","stable","increasing"})'
    assert (
        grade_value(trend, "H2") == 'SUMPRODUCT((H2={"decreasing","stable","increasing"})*{0,1,2})'
    )


def test_bands_nest_from_the_top() -> None:
    assert threshold_formula(MORILE.bands, "Q2") == (
        'IF(ISNUMBER(Q2),IF(Q2>=100,"high",IF(Q2>=50,"medium","low")),"")'
    )


def layout(matrix_name: str = "morile-csp") -> Layout:
    matrix = load_matrix(matrix_name)
    columns = [
        "issue",
        *matrix.factor_ids,
        "confidence",
        "selected",
        "notes",
        *computed_headers(matrix),
    ]
    letters = {c: column_letter(i) for i, c in enumerate(columns, start=1)}
    return Layout(
        {f: letters[f] for f in matrix.factor_ids},
        {c: letters[c] for c in computed_headers(matrix)},
        2,
        23,
    )


def test_rank_counts_the_issues_strictly_ahead() -> None:
    # morile-csp: Harm O, Likelihood P, Risk Q
    assert rank_formula(layout(), 5) == (
        "IF(ISNUMBER(Q5),1+SUMPRODUCT(ISNUMBER(Q$2:Q$23)*((Q$2:Q$23>Q5)+(Q$2:Q$23=Q5)*"
        '((O$2:O$23>O5)+(O$2:O$23=O5)*(P$2:P$23>P5)))),"")'
    )


def test_sections_follow_their_combine_rule() -> None:
    weighted = load_matrix("morile-csp-vulnerability")
    likelihood = section_formula(weighted, "likelihood", layout("morile-csp-vulnerability"), 2)
    assert likelihood.startswith('IF(AND(OR(G2={"rare",')
    assert likelihood.endswith(
        '*1+SUMPRODUCT((I2={"none","limited","moderate","substantial","critical"})*{0,1,2,3,4})*2,"")'
    )
    five = load_matrix("risk-5x5")
    five_layout = Layout({"impact": "B", "likelihood": "C"}, {}, 2, 3)
    assert section_formula(five, "harm", five_layout, 2).endswith(
        '),MAX(SUMPRODUCT((B2={"negligible","minor","moderate","major","severe"})*{1,2,3,4,5})),"")'
    )


def test_row_formulas_cover_every_live_column() -> None:
    formulas = row_formulas(MORILE, layout(), 2)
    assert list(formulas) == list(computed_headers(MORILE))
    assert formulas["Risk"] == '=IF(AND(ISNUMBER(O2),ISNUMBER(P2)),O2*P2,"")'
    assert formulas["Gap"] == '=IF(AND(OR(R2={"high"}),OR(T2={"C"})),"GAP","")'
    assert "Position" not in row_formulas(load_matrix("risk-5x5"), layout("risk-5x5"), 2)


def test_band_colours_run_green_to_red() -> None:
    assert band_colours(3) == ["C6EFCE", "FFEB9C", "FFC7CE"]
    assert band_colours(1) == ["C6EFCE"]
    assert len(set(band_colours(5))) == 5


# --- the workbook -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("init") / "grades.xlsx"
    code, _, err = run("init", "-o", path)
    assert code == 0, err
    return path


def test_sheets_and_header(blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == ["Grades", "Legend", "About", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    sheet = book["Grades"]
    header = [c.value for c in sheet[1]]
    assert header[: 1 + len(MORILE.factors)] == ["issue", *MORILE.factor_ids]
    assert header[-8:] == ["Harm", "Likelihood", "Risk", "Band", "Position", "Grade", "Gap", "Rank"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:V{sheet.max_row}"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"


def test_every_grade_cell_has_its_scales_drop_down_and_meanings(blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    sheet, lists = book["Grades"], book["Lists"]
    header = [c.value for c in sheet[1]]
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    last = sheet.max_row
    for factor in MORILE.factors:
        letter = column_letter(header.index(factor.id) + 1)
        rule = rules[f"{letter}2:{letter}{last}"]
        assert rule.type == "list" and rule.showErrorMessage and rule.showInputMessage
        target = rule.formula1.split("!")[1].replace("$", "")
        labels = [c.value for row in lists[target] for c in row]
        levels = MORILE.scale(factor.scale).levels
        assert labels == [lv.label for lv in levels]
        assert rule.promptTitle == factor.label
        assert all(f"{lv.label}: {lv.description}" in rule.prompt for lv in levels)
    for column in ("confidence", "selected"):
        letter = column_letter(header.index(column) + 1)
        assert rules[f"{letter}2:{letter}{last}"].type == "list"


def test_formula_columns_are_locked_and_input_cells_are_not(blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    sheet = book["Grades"]
    assert sheet.protection.sheet and not sheet.protection.password
    header = [c.value for c in sheet[1]]
    for i, name in enumerate(header, start=1):
        cell = sheet.cell(row=2, column=i)
        if name in computed_headers(MORILE):
            assert cell.data_type == "f" and cell.protection.locked, name
        else:
            assert not cell.protection.locked, name
    assert all(c.protection.locked for c in sheet[1])
    notes = column_letter(header.index("notes") + 1)
    assert sheet.column_dimensions[notes].width == 60
    assert sheet[f"{notes}2"].alignment.wrap_text


def test_band_colours_are_conditional_formats(blank: Path) -> None:
    sheet = openpyxl.load_workbook(blank)["Grades"]
    formulas = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules]
    assert '$R2="high"' in formulas and '$R2="low"' in formulas


def test_legend_and_about(blank: Path) -> None:
    from csscore import __version__
    from csscore.views.legend import legend_tables

    book = openpyxl.load_workbook(blank)
    legend = [c.value for row in book["Legend"].iter_rows() for c in row if c.value is not None]
    for table in legend_tables(MORILE):
        assert table.title in legend
        texts = [c for row in table.rows for c in row if isinstance(c, str) and c]
        numbers = [c for row in table.rows for c in row if not isinstance(c, str)]
        assert all(c in legend for c in texts)
        assert all(any(v == c for v in legend if not isinstance(v, str)) for c in numbers)
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Matrix"] == "morile-csp" and about["Matrix version"] == "1.0"
    assert about["Written by"] == f"csscore {__version__}"
    assert "csscore validate" in about["How to return it"]


def test_the_same_bytes_every_time() -> None:
    rows = blank_rows(MORILE, ["Domestic abuse", "Fraud"])
    assert grading_workbook(MORILE, rows, "1") == grading_workbook(MORILE, rows, "1")


def test_risk_5x5_has_no_position_columns(tmp_path: Path) -> None:
    path = tmp_path / "five.xlsx"
    assert run("init", "--matrix", "risk-5x5", "-o", path)[0] == 0
    header = [c.value for c in openpyxl.load_workbook(path)["Grades"][1]]
    assert header == [
        "issue",
        "impact",
        "likelihood",
        "confidence",
        "selected",
        "notes",
        "Harm",
        "Likelihood",
        "Risk",
        "Band",
        "Rank",
    ]


def test_text_starting_like_a_formula_is_kept_and_marked_as_text(tmp_path: Path) -> None:
    """'+ve parenting' is written as itself with Excel's quote prefix, never as "'+ve parenting",
    so the workbook reads back with the issue and the note a partner wrote."""
    import openpyxl

    source = tmp_path / "d.csv"
    source.write_text(
        "issue,impact,likelihood,notes\n-ve parenting,major,likely,+20% on last year\n"
        "Burglary,minor,rare,plain\n",
        encoding="utf-8",
    )
    book = tmp_path / "d.xlsx"
    code, _, err = run("score", source, "--matrix", "risk-5x5", "--format", "xlsx", "-o", book)
    assert code == 0, err
    sheet = openpyxl.load_workbook(book)["Grades"]
    issue, note = sheet["A2"], sheet["F2"]
    assert (issue.value, note.value) == ("-ve parenting", "+20% on last year")
    assert issue.data_type == note.data_type == "s"
    assert issue.quotePrefix and note.quotePrefix and not sheet["A3"].quotePrefix
    code, out, err = run("score", book, "--matrix", "risk-5x5", "--format", "json")
    assert code == 0, err
    first = json.loads(out)["issues"][0]  # major x likely: 4 x 4
    assert (first["issue"], first["risk"], first["band"]) == ("-ve parenting", 16, "high")
