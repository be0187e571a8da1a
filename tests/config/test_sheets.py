"""Reading workbooks as analysts keep them, and csscore's own grading workbook, back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.matrix import load_matrix
from csscore.config.sheets import header_matcher

openpyxl = pytest.importorskip("openpyxl")
SAMPLE = Path(__file__).parents[2] / "data" / "districts" / "ashford.csv"
MORILE = load_matrix("morile-csp")
LINES = SAMPLE.read_text(encoding="utf-8").splitlines()
HEADER = LINES[0].split(",")


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def score_csv(path: Path, *extra: object) -> tuple[int, str, str]:
    return run("score", path, "--format", "csv", *extra)


def expected_scores() -> str:
    code, out, _ = score_csv(SAMPLE)
    assert code == 0
    return out


def rows_of_sample() -> list[list[str]]:
    import csv

    return list(csv.reader(LINES))


@pytest.fixture
def rows() -> list[list[object]]:
    """The sample district's header and rows, as cells a test may change."""
    return [list(r) for r in rows_of_sample()]


def write_book(
    path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


# --- the header ------------------------------------------------------------------------------


def test_header_matcher_takes_ids_or_labels() -> None:
    matches = header_matcher(MORILE)
    labels = ["Issue", *(f.label for f in MORILE.factors)]
    assert matches(labels)
    assert matches([c.upper().replace(" ", "  ") for c in labels])
    assert not matches(labels[:-1])
    assert not matches(["Ashford strategic assessment 2025"])


def test_title_rows_above_the_header_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "ashford.csv"
    path.write_text("Ashford CSP strategic assessment 2025\n\n" + "\n".join(LINES) + "\n")
    code, out, err = score_csv(path)
    assert code == 0, err
    assert out == expected_scores()
    assert err == (
        f"warning: {path}: skipped row 1 above the header (row 3):"
        " 'Ashford CSP strategic assessment 2025'\n"
    )


def test_labels_as_the_legend_prints_them_name_the_columns(tmp_path: Path) -> None:
    labels = [
        "Issue",
        *(f.label.upper() for f in MORILE.factors),
        "Confidence",
        "Selected",
        "Notes",
    ]
    path = tmp_path / "ashford.csv"
    path.write_text("\n".join([",".join(labels), *LINES[1:]]) + "\n")
    code, out, err = score_csv(path)
    assert (code, err) == (0, "")
    assert out == expected_scores()


def test_tsv_tab_separated_csv_crlf_cells_and_trailing_empty_columns(tmp_path: Path) -> None:
    rows = rows_of_sample()
    tsv = tmp_path / "ashford.tsv"
    tsv.write_text("\n".join("\t".join(r) for r in rows) + "\n")
    tabbed = tmp_path / "ashford.csv"
    tabbed.write_text("\n".join("\t".join(r) for r in rows) + "\n")
    padded = tmp_path / "padded.csv"
    padded.write_text("\n".join(",".join(r) + ",," for r in rows) + "\n,,,\n\n")
    for path in (tsv, tabbed, padded):
        code, out, err = score_csv(path)
        assert (code, err) == (0, ""), path
        assert out.replace("padded", "ashford") == expected_scores()
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(
        ("\r\n".join(LINES[:2]) + "\r\nFraud" + ",1" * 10 + ',high,,"two\r\nlines"\r\n').encode()
    )
    code, out, err = run("explain", quoted, "Fraud")
    assert code == 0, err
    assert "two" in out and "lines" in out


def excel_escaped_cr(path: Path) -> None:
    """Rewrite a workbook's CR characters as Excel writes them (``_x000D_``)."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data.replace(b"&#13;", b"_x000D_"))


@pytest.mark.parametrize("escaped", [False, True], ids=["cr-character", "excel-x000D"])
def test_crlf_and_a_lone_cr_in_xlsx_text_cells_read_as_lf(
    tmp_path: Path, escaped: bool, rows: list[list[object]]
) -> None:
    from csscore.api import read_district

    notes = HEADER.index("notes")
    rows[1][notes] = "pasted\r\nfrom Word"
    rows[2][notes] = "typed\ron a Mac"
    rows[3][0] = rows[3][0] + "\r\n"  # a trailing break after the issue's name, as pasted
    path = write_book(tmp_path / "cover.xlsx", {"Scores": rows})
    if escaped:
        excel_escaped_cr(path)
        assert b"_x000D_" in __import__("zipfile").ZipFile(path).read("xl/worksheets/sheet1.xml")
    district = read_district(path)
    assert district.notes[:2] == ("pasted\nfrom Word", "typed\non a Mac")
    assert district.issues[2] == read_district(SAMPLE).issues[2]
    code, out, err = score_csv(path)
    assert (code, err) == (0, "")
    assert out.replace("cover", "ashford") == expected_scores()


def test_a_title_and_no_header_names_the_likely_cause(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "cover.xlsx", {"Cover": [["Ashford 2025"], [], ["prepared by"], ["x", "y"]]}
    )
    code, _, err = score_csv(path)
    assert code == 2
    assert err == (
        f"error: {path}:1: row 1 looks like a title; no header row found in the first 20 rows of"
        " sheet 'Cover' (a header names the issue column and every factor)\n"
    )


def test_a_one_line_cover_before_a_sheet_that_does_not_match_is_named(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    rows[0][1] = "Bodily harm"  # no sheet's header names every factor
    path = write_book(tmp_path / "cover.xlsx", {"Cover": [["Ashford 2025"]], "Grades": rows})
    code, _, err = score_csv(path)
    assert code == 2
    assert err == (
        f"error: {path}:1: row 1 looks like a title; no header row found in the first 20 rows of"
        " sheet 'Cover' (a header names the issue column and every factor)\n"
    )


def test_the_first_sheet_whose_header_matches_is_read(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    path = write_book(
        tmp_path / "ashford.xlsx",
        {"Cover": [["Ashford 2025"], ["read me"]], "Old": rows, "Grades": [["Ashford"], *rows]},
        hidden=("Old",),
    )
    code, out, err = score_csv(path)
    assert code == 0, err
    assert out == expected_scores()
    assert err == (
        f"warning: {path}: skipped hidden sheet 'Old'\n"
        f"warning: {path}: skipped row 1 above the header (row 2) of sheet 'Grades': 'Ashford'\n"
    )
    code, out, err = score_csv(path, "--sheet", "Old")
    assert (code, err) == (0, "")
    code, _, err = score_csv(path, "--sheet", "Nope")
    assert code == 2 and "no sheet 'Nope'; the workbook has 'Cover', 'Old', 'Grades'" in err


def test_a_problem_on_a_later_sheet_names_the_sheet(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    rows[3][HEADER.index("psychological")] = "awful"  # spreadsheet row 4
    path = write_book(
        tmp_path / "cover-bad.xlsx", {"Cover": [["Ashford CSP"]], "Scores 2017": rows}
    )
    code, out, err = score_csv(path)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}[Scores 2017]:4:psychological: 'awful' is not a grade of scale severity"
        " (none=0, limited=1, moderate=2, substantial=3, critical=4)\n"
    )


def test_several_matching_sheets_say_which_was_read(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    path = write_book(
        tmp_path / "years.xlsx",
        {"Cover": [["Ashford"]], "2016": rows, "2017": rows, "Old": rows, "2018": rows},
        hidden=("Old",),
    )
    code, out, err = score_csv(path)
    assert (code, out.replace("years", "ashford")) == (0, expected_scores())
    assert err == (
        f"warning: {path}: read sheet '2016'; '2017', '2018' also match; --sheet NAME reads"
        " another\n"
    )
    code, _, err = score_csv(path, "--sheet", "2017")
    assert (code, err) == (0, "")  # chosen: nothing to say
    single = write_book(tmp_path / "two.xlsx", {"2016": rows, "2017": rows})
    _, _, err = score_csv(single)
    assert (
        err
        == f"warning: {single}: read sheet '2016'; '2017' also matches; --sheet NAME reads another\n"
    )


def test_score_on_a_county_workbook_says_which_district_sheet_it_read(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    index = [["id", "name"], ["ashford", "Ashford"], ["dover", "Dover"], ["swale", "Swale"]]
    path = write_book(
        tmp_path / "kent.xlsx", {"Districts": index, "ashford": rows, "dover": rows, "swale": rows}
    )
    code, out, err = score_csv(path)
    assert (code, out.replace("kent", "ashford")) == (0, expected_scores())
    assert err == (
        f"warning: {path}: a county workbook (it has a Districts sheet); read its first district"
        " sheet, 'ashford', alone; --sheet NAME reads another ('dover', 'swale')\n"
    )
    code, _, err = score_csv(path, "--sheet", "dover")
    assert (code, err) == (0, "")


def test_a_macro_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "ashford.xlsm"
    path.write_bytes(b"PK\x03\x04 not really")
    code, out, err = score_csv(path)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}: workbooks with macros are not read; save it as an Excel workbook (.xlsx)\n"
    )


# --- csscore's own workbook, back -----------------------------------------------------------


@pytest.fixture()
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "ashford.xlsx"
    code, _, err = run("score", SAMPLE, "--format", "xlsx", "-o", path)
    assert code == 0, err
    return path


def test_the_filled_workbook_reads_back_to_the_same_scores(filled: Path) -> None:
    code, out, err = score_csv(filled)
    assert (code, err) == (0, "")
    assert out == expected_scores()
    code, _, err = run("validate", filled)
    assert (code, err) == (0, "ok: 1 file valid\n")


def test_the_blank_workbook_asks_for_grades_not_columns(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    assert run("init", "-o", path)[0] == 0
    code, out, _ = run("validate", path)
    assert code == 2
    assert "unknown column" not in out
    assert out.splitlines()[0].startswith(
        f"{path}[Grades]:2:physical: missing grade (scale severity"
    )


def test_overwritten_formulas_are_reported_and_the_grades_used(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    sheet = book["Grades"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Risk") + 1, value=999)
    sheet.cell(row=3, column=header.index("Band") + 1, value="high")
    sheet.cell(row=2, column=header.index("Rank") + 1, value=2)  # Domestic abuse is 2nd: agrees
    book.save(filled)
    code, out, err = score_csv(filled)
    assert code == 0
    assert out == expected_scores()
    assert err.splitlines() == [
        f"warning: {filled}[Grades]:2:Risk: Risk says '999' but the grades give 120; csscore uses its own score",
        f"warning: {filled}[Grades]:3:Band: Band says 'high' but the grades give 'medium'; csscore uses its own score",
    ]


def test_a_grade_outside_the_drop_down_is_refused_by_cell(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["Grades"]["B4"] = "huge"
    book.save(filled)
    code, _, err = score_csv(filled)
    assert code == 2
    assert err.startswith(
        f"error: {filled}[Grades]:4:physical: 'huge' is not a grade of scale severity"
    )
    assert len(err.splitlines()) == 1


def test_the_workbook_file_must_be_named(tmp_path: Path) -> None:
    code, out, err = run("score", SAMPLE, "--format", "xlsx")
    assert (code, out) == (2, "")
    assert err == f"error: {SAMPLE}: an .xlsx workbook is not printed; give -o FILE.xlsx\n"
    code, _, err = run("score", SAMPLE, "--format", "xlsx", "-o", tmp_path / "x.csv")
    assert code == 2 and not (tmp_path / "x.csv").exists()


def test_a_folder_of_workbooks_aggregates(tmp_path: Path, filled: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(filled, folder / "ashford.xlsx")
    shutil.copy(SAMPLE.parent / "dover.csv", folder / "dover.csv")
    code, _, err = run("aggregate", folder, "--table", "counts")
    assert (code, err) == (0, "")


def test_compare_methods_reads_the_workbook_too(filled: Path) -> None:
    code, out, err = run(
        "compare-methods", filled, "--matrix", "morile-csp", "--matrix", "morile-csp-vulnerability"
    )
    assert (code, err) == (0, "")
    assert "Modern slavery" in out
