"""District files: CSV, TOML and XLSX into one validated model; bad input located exactly."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csscore.config.district import MAX_ISSUE_CHARS, build_assessment, load_assessment
from csscore.config.folder import folder_matrix, load_folder, read_folder
from csscore.config.matrix import load_matrix
from csscore.config.tables import MAX_CELL_CHARS, MAX_DISTRICT_BYTES, read_bytes, read_table
from csscore.errors import InputError
from csscore.model.district import District
from support import (
    DOMESTIC_ABUSE,
    HEADER,
    MODERN_SLAVERY,
    REPO,
    SAMPLE,
    csv_text,
    raw_table,
    serialise,
    write,
)

MORILE = load_matrix("morile-csp")
#: Level indices of the spec's worked examples, factor by factor.
DA_LEVELS = [3, 4, 1, 2, 1, 4, 2, 3, 1, 1]
MS_LEVELS = [4, 4, 3, 2, 2, 1, 2, 4, 2, 3]


def load(path: Path):
    return load_assessment(path, MORILE)


def problems_of(path: Path) -> list[str]:
    """Every problem loading a file raises, as the command line would print each one."""
    with pytest.raises(InputError) as info:
        load(path)
    assert "\n" not in str(info.value)
    return [str(p) for p in info.value.problems]


def only_problem(path: Path) -> str:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


# --- CSV variants -------------------------------------------------------------------------------


def test_plain_csv(tmp_path):
    a = load(write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY])))
    assert a.issues == ("Domestic abuse", "Modern slavery")
    assert a.levels.tolist() == [DA_LEVELS, MS_LEVELS]
    assert a.confidence == ("high", "low")
    assert a.selected == (True, True)
    assert a.rows == (2, 3)
    assert a.district.name == "d"  # a lone file is named after its stem


def test_csv_with_bom_crlf_and_semicolons(tmp_path):
    text = csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY], delimiter=";", newline="\r\n")
    assert text.startswith("issue;physical;")
    a = load(write(tmp_path, "d.csv", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert a.issues == ("Domestic abuse", "Modern slavery")
    assert a.levels.tolist() == [DA_LEVELS, MS_LEVELS]
    assert a.notes == ("", "")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_line_break_in_a_quoted_cell_reads_as_lf_whatever_the_line_ends(tmp_path, newline):
    # the csv module keeps a quoted cell's characters as written: "a\rb" stays a CR unless read
    rows = [
        (*DOMESTIC_ABUSE[:-1], "pasted\r\nfrom Word"),
        (*MODERN_SLAVERY[:-1], "typed\ron a Mac, then\r\rtwice"),
    ]
    text = csv_text(rows, newline=newline)
    assert text.count('"typed\ron a Mac, then\r\rtwice"') == 1  # quoted, as written
    a = load(write(tmp_path, "cr.csv", text))
    assert a.notes == ("pasted\nfrom Word", "typed\non a Mac, then\n\ntwice")
    assert a.issues == ("Domestic abuse", "Modern slavery")
    assert a.levels.tolist() == [DA_LEVELS, MS_LEVELS]


@pytest.mark.parametrize(
    "cell",
    [
        "almost-certain",
        "Almost Certain",
        "almost_certain",
        "ALMOST-CERTAIN",
        "  almost   certain ",
        "5",
    ],
)
def test_grade_labels_are_case_space_hyphen_underscore_insensitive(tmp_path, cell):
    row = list(DOMESTIC_ABUSE)
    row[HEADER.index("frequency")] = cell
    a = load(write(tmp_path, "d.csv", csv_text([row])))
    assert a.levels[0, 5] == 4
    assert a.values[0, 5] == 5.0


def test_numbers_instead_of_labels(tmp_path):
    # Values of each scale: severity 3 = substantial, scope 2 = district, trend 2 = increasing,
    # provision 1 = partial; "3.0" is the same number.
    row = ("Domestic abuse", "3", "4", "1", "2", "2", "5", "2", "3.0", "1", "1", "", "", "")
    a = load(write(tmp_path, "d.csv", csv_text([row])))
    assert a.levels.tolist() == [DA_LEVELS]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("yes", True),
        ("YES", True),
        ("true", True),
        ("True", True),
        ("1", True),
        ("no", False),
        ("No", False),
        ("false", False),
        ("0", False),
        ("", False),
        ("  ", False),
    ],
)
def test_selected_values(tmp_path, cell, expected):
    row = list(DOMESTIC_ABUSE)
    row[HEADER.index("selected")] = cell
    assert load(write(tmp_path, "d.csv", csv_text([row]))).selected == (expected,)


def test_optional_columns_may_be_left_out(tmp_path):
    header = HEADER[:11]
    a = load(write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE[:11]], header=header)))
    assert (a.confidence, a.selected, a.notes) == (("",), (False,), ("",))


def test_header_names_ignore_case_and_surrounding_spaces(tmp_path):
    header = ["ISSUE ", *HEADER[1:]]
    header[HEADER.index("frequency")] = " Frequency"
    a = load(write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE], header=header)))
    assert a.levels.tolist() == [DA_LEVELS]


# --- TOML and XLSX load into the same model -----------------------------------------------------

TOML_DISTRICT = """\
name = "Testshire"

[[issue]]
issue = "Domestic abuse"
physical = "substantial"
psychological = "Critical"
financial = 1
community = "moderate"
scope = "district"
frequency = "almost certain"
trend = "increasing"
vulnerability = 3
capacity = "partial"
capability = 1.0
confidence = "high"
selected = true

[[issue]]
issue = "Modern slavery"
physical = 4
psychological = 4
financial = 3
community = 2
scope = "county"
frequency = "unlikely"
trend = "increasing"
vulnerability = "critical"
capacity = "limited"
capability = "none"
confidence = "low"
selected = "yes"
notes = "Hidden harm"
"""


def test_toml_district_file(tmp_path):
    a = load(write(tmp_path, "testshire.toml", TOML_DISTRICT))
    assert a.issues == ("Domestic abuse", "Modern slavery")
    assert a.levels.tolist() == [DA_LEVELS, MS_LEVELS]
    assert a.confidence == ("high", "low")
    assert a.selected == (True, True)
    assert a.notes == ("", "Hidden harm")
    assert a.rows == (1, 2)  # in TOML a "row" is the n-th [[issue]] table


def test_toml_problem_names_the_issue_table_and_key(tmp_path):
    path = write(tmp_path, "t.toml", TOML_DISTRICT.replace('scope = "county"', 'scope = "planet"'))
    assert only_problem(path) == (
        f"{path}:2:scope: 'planet' is not a grade of scale scope "
        "(local=1, district=2, county=3, national=4)"
    )


def test_toml_unknown_top_level_key(tmp_path):
    path = write(tmp_path, "t.toml", 'titel = "x"\n' + TOML_DISTRICT)
    assert only_problem(path) == (
        f"{path}:titel: unknown top-level key 'titel'; issues go in [[issue]] tables"
    )


def test_toml_value_must_be_a_scalar(tmp_path):
    path = write(tmp_path, "t.toml", TOML_DISTRICT.replace('notes = "Hidden harm"', "notes = [1]"))
    assert only_problem(path) == (
        f"{path}:2:notes: value of 'notes' must be text, a number or true/false"
    )


def write_xlsx(path: Path, header, rows, strip_dimension: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "issues"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.create_sheet("ignored").append(["not", "read"])  # only the first sheet counts
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if strip_dimension:  # as some producers write it: no <dimension>, rows end at their last cell
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    assert b"<dimension" in content
                    content = re.sub(rb"<dimension[^>]*/>", b"", content)
                target.writestr(item, content)
        data = out.getvalue()
    path.write_bytes(data)
    return path


XLSX_ROWS = [
    # numbers as spreadsheet numbers, selected as a spreadsheet boolean, blanks as empty cells
    ("Domestic abuse", 3, "critical", 1, "moderate", "district", "Almost Certain", 2, 3, 1, 1, "high", True, None),
    ("Modern slavery", 4, 4, 3, 2, "county", "unlikely", "increasing", "critical", "limited", "none", "low", "yes", "Hidden harm"),
]  # fmt: skip


@pytest.mark.parametrize("strip_dimension", [False, True])
def test_xlsx_district_file(tmp_path, strip_dimension):
    path = write_xlsx(tmp_path / "d.xlsx", HEADER, XLSX_ROWS, strip_dimension)
    a = load(path)
    assert a.issues == ("Domestic abuse", "Modern slavery")
    assert a.levels.tolist() == [DA_LEVELS, MS_LEVELS]
    assert a.selected == (True, True)
    assert a.notes == ("", "Hidden harm")
    assert a.rows == (2, 3)


def test_xlsx_problem_names_sheet_row_and_column(tmp_path):
    rows = [XLSX_ROWS[0], (*XLSX_ROWS[1][:6], 9, *XLSX_ROWS[1][7:])]
    path = write_xlsx(tmp_path / "d.xlsx", HEADER, rows)
    assert only_problem(path) == (
        f"{path}[issues]:3:frequency: 9 is out of range for scale frequency "
        "(rare=1, unlikely=2, possible=3, likely=4, almost-certain=5)"
    )


def test_damaged_xlsx(tmp_path):
    path = write(tmp_path, "d.xlsx", b"PK\x03\x04 not really a workbook")
    assert only_problem(path) == f"{path}: not a readable .xlsx workbook (BadZipFile)"


def test_csv_toml_and_xlsx_give_the_same_model(tmp_path):
    from_csv = load(write(tmp_path, "a.csv", csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY])))
    from_toml = load(write(tmp_path, "b.toml", TOML_DISTRICT))
    from_xlsx = load(write_xlsx(tmp_path / "c.xlsx", HEADER, XLSX_ROWS))
    for other in (from_toml, from_xlsx):
        assert other.issues == from_csv.issues
        np.testing.assert_array_equal(other.levels, from_csv.levels)
        assert other.confidence == from_csv.confidence
        assert other.selected == from_csv.selected


# --- round trip ---------------------------------------------------------------------------------


# one grading per file: a file with a partner column holds several (docs/partners.md)
ONE_GRADING = [p for p in sorted(SAMPLE.glob("*.csv")) if ",partner," not in p.read_text()[:200]]


@pytest.mark.parametrize("path", ONE_GRADING, ids=lambda p: p.name)
def test_round_trip_of_the_sample_is_lossless(path):
    a = load(path)
    assert serialise(a) == path.read_text(encoding="utf-8")


SPELLINGS = {
    # a scale label can be written in many ways; all must come back as the same grade
    "case": str.upper,
    "title": str.title,
    "spaces": lambda s: s.replace("-", " "),
    "underscores": lambda s: s.replace("-", "_"),
    "padded": lambda s: f"  {s} ",
}
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
issue_names = st.lists(words, min_size=1, max_size=3).map(" ".join)
notes = (
    st.text(alphabet="abc xyz,;\"'0123456789.", max_size=30)
    .map(str.strip)
    .filter(lambda s: not s.startswith(("=", "+", "@")))
)


@st.composite
def districts(draw):
    names = draw(st.lists(issue_names, min_size=1, max_size=8, unique_by=str.casefold))
    rows, levels = [], []
    for name in names:
        row, grades = [name], []
        for factor in MORILE.factors:
            scale = MORILE.scale(factor.scale)
            k = draw(st.integers(0, len(scale.levels) - 1))
            level = scale.levels[k]
            how = draw(st.sampled_from([*SPELLINGS, "number"]))
            row.append(str(int(level.value)) if how == "number" else SPELLINGS[how](level.label))
            grades.append(k)
        row.append(draw(st.sampled_from(["high", "Medium", "LOW", ""])))
        row.append(draw(st.sampled_from(["yes", "no", "TRUE", "false", "1", "0", ""])))
        row.append(draw(notes))
        rows.append(row)
        levels.append(grades)
    return rows, levels


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(districts())
def test_round_trip_csv_model_csv_is_lossless(tmp_path, district):
    rows, levels = district
    first = load(write(tmp_path, "d.csv", csv_text(rows)))
    assert first.levels.tolist() == levels
    assert first.issues == tuple(r[0] for r in rows)
    assert first.notes == tuple(r[-1] for r in rows)
    text = serialise(first)
    second = load(write(tmp_path, "e.csv", text))
    assert second.issues == first.issues
    np.testing.assert_array_equal(second.levels, first.levels)
    assert second.confidence == first.confidence
    assert second.selected == first.selected
    assert second.notes == first.notes
    assert serialise(second) == text


# --- bad input: each names the file, and where it applies the row and column --------------------


def test_wrong_header(tmp_path):
    header = ["Issue name", *HEADER[1:]]
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE], header=header))
    assert problems_of(path) == [
        f"{path}:1:Issue name: unknown column 'Issue name' (did you mean \"issue\"?) "
        "for matrix morile-csp",
        f"{path}:1:issue: missing column 'issue' (matrix morile-csp)",
    ]


def test_unknown_factor_column_did_you_mean(tmp_path):
    header = ["issue", "physcial", *HEADER[2:]]
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE], header=header))
    assert problems_of(path) == [
        f"{path}:1:physcial: unknown column 'physcial' (did you mean \"physical\"?) "
        "for matrix morile-csp",
        f"{path}:1:physical: missing column 'physical' (matrix morile-csp)",
    ]


def test_missing_factor_column(tmp_path):
    keep = [i for i, c in enumerate(HEADER) if c != "trend"]
    path = write(
        tmp_path,
        "d.csv",
        csv_text([[DOMESTIC_ABUSE[i] for i in keep]], header=[HEADER[i] for i in keep]),
    )
    assert only_problem(path) == f"{path}:1:trend: missing column 'trend' (matrix morile-csp)"


def test_duplicate_column(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([(*DOMESTIC_ABUSE, "x")], header=(*HEADER, "Trend")))
    assert only_problem(path) == f"{path}:1:Trend: duplicate column 'Trend'"


def test_grade_not_on_the_scale(tmp_path):
    row = list(MODERN_SLAVERY)
    row[HEADER.index("financial")] = "limitted"
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE, row]))
    assert only_problem(path) == (
        f"{path}:3:financial: 'limitted' is not a grade of scale severity "
        "(none=0, limited=1, moderate=2, substantial=3, critical=4) "
        '(did you mean "limited"?)'
    )


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("frequency", "7", "7 is out of range for scale frequency (rare=1, unlikely=2, possible=3, likely=4, almost-certain=5)"),
        ("scope", "0", "0 is out of range for scale scope (local=1, district=2, county=3, national=4)"),
        ("trend", "-1", "-1 is out of range for scale trend (decreasing=0, stable=1, increasing=2)"),
        ("capacity", "1.5", "1.5 is out of range for scale provision (full=0, partial=1, limited=2, none=3)"),
        ("physical", "nan", "'nan' is not a number a grade can take (scale severity: none=0, limited=1, moderate=2, substantial=3, critical=4)"),
        ("physical", "", "missing grade (scale severity: none=0, limited=1, moderate=2, substantial=3, critical=4)"),
    ],
)  # fmt: skip
def test_number_out_of_range(tmp_path, column, cell, message):
    row = list(DOMESTIC_ABUSE)
    row[HEADER.index(column)] = cell
    path = write(tmp_path, "d.csv", csv_text([row]))
    assert only_problem(path) == f"{path}:2:{column}: {message}"


@pytest.mark.parametrize(
    "spelling",
    ["Domestic abuse", "domestic ABUSE", "Domestic abuse   ", "Domestic  abuse", "domestic_abuse"],
)
def test_duplicate_issue(tmp_path, spelling):
    again = (spelling, *MODERN_SLAVERY[1:])
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY, again]))
    shown = " ".join(spelling.split())
    assert only_problem(path) == (
        f"{path}:4:issue: duplicate issue '{shown}' (first at row 2 as 'Domestic abuse')"
    )


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n"], ids=["empty", "blank-lines"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path, "d.csv", content)
    assert only_problem(path) == f"{path}: file is empty"


def test_header_only(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([]))
    assert only_problem(path) == f"{path}:2: no issues: the file has a header but no rows"


def test_latin_1_bytes(tmp_path):
    text = csv_text([DOMESTIC_ABUSE, ("Café crime", *MODERN_SLAVERY[1:])])
    path = write(tmp_path, "d.csv", text.encode("latin-1"))
    assert only_problem(path) == f"{path}:3: not UTF-8 text (byte 0xe9); save it as CSV UTF-8"


def test_utf_16(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE]).encode("utf-16"))
    assert only_problem(path) == f"{path}: file is UTF-16 text; save it as CSV UTF-8"


def test_utf_16_without_bom(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE]).encode("utf-16-le"))
    assert only_problem(path) == f"{path}: file holds binary data (NUL bytes), not text"


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.csv"
    assert only_problem(path) == f"{path}: no such file"


def test_folder_given_as_a_file(tmp_path):
    path = tmp_path / "folder.csv"
    path.mkdir()
    assert only_problem(path) == f"{path}: not a regular file"


def test_unsupported_file_type(tmp_path):
    path = write(tmp_path, "d.txt", csv_text([DOMESTIC_ABUSE]))
    assert (
        only_problem(path)
        == f"{path}: unsupported file type '.txt'; use .csv, .tsv, .toml or .xlsx"
    )


@pytest.mark.parametrize("name", ['=HYPERLINK("http://example.com","click")', "@SUM(A1:A2)"])
def test_formula_leading_issue_name(tmp_path, name):
    path = write(tmp_path, "d.csv", csv_text([(name, *DOMESTIC_ABUSE[1:])]))
    assert only_problem(path) == (
        f"{path}:2:issue: issue name starts with {name[0]!r}, which spreadsheets run as a formula"
    )


@pytest.mark.parametrize("name", ["+ve parenting", "-cmd|' /C calc'!A0", "+20% on last year"])
def test_plus_and_minus_leading_text_is_read(tmp_path, name):
    """A leading '+' or '-' is text (neutralised in CSV and XLSX output), in names and notes."""
    path = write(tmp_path, "d.csv", csv_text([(name, *DOMESTIC_ABUSE[1:-1], name)]))
    assessment = load_assessment(path, load_matrix("morile-csp"))
    assert assessment.issues == (name,) and assessment.notes == (name,)


def test_formula_leading_note(tmp_path):
    row = (*DOMESTIC_ABUSE[:-1], "=1+1")
    path = write(tmp_path, "d.csv", csv_text([row]))
    assert only_problem(path) == (
        f"{path}:2:notes: note starts with '=', which spreadsheets run as a formula"
    )


def test_latin_cyrillic_look_alike_issue_name(tmp_path):
    name = "Dоmestic abuse"  # the first "о" is CYRILLIC SMALL LETTER O
    assert name != "Domestic abuse"
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE, (name, *MODERN_SLAVERY[1:])]))
    assert only_problem(path) == (
        f"{path}:3:issue: issue name mixes Cyrillic and Latin letters (look-alike characters?)"
    )


def test_control_character_in_issue_name(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([("Domestic\x07abuse", *DOMESTIC_ABUSE[1:])]))
    assert only_problem(path) == f"{path}:2:issue: issue name holds a control character"


def test_ragged_row(tmp_path):
    text = csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY]).rstrip("\n") + ",extra\n"
    path = write(tmp_path, "d.csv", text)
    assert only_problem(path) == f"{path}:3: row has 15 cells but the header has 14"


def test_short_row(tmp_path):
    path = write(tmp_path, "d.csv", csv_text([DOMESTIC_ABUSE[:5]]))
    assert only_problem(path) == f"{path}:2: row has 5 cells but the header has 14"


def test_over_long_cell(tmp_path):
    row = (*DOMESTIC_ABUSE[:-1], "x" * (MAX_CELL_CHARS + 1))
    path = write(tmp_path, "d.csv", csv_text([MODERN_SLAVERY, row]))
    assert (
        only_problem(path) == f"{path}:3:notes: cell holds 10,001 characters; the limit is 10,000"
    )


def test_over_long_issue_name(tmp_path):
    name = "a" * (MAX_ISSUE_CHARS + 1)
    path = write(tmp_path, "d.csv", csv_text([(name, *DOMESTIC_ABUSE[1:])]))
    assert only_problem(path) == f"{path}:2:issue: issue name is 201 characters; the limit is 200"


def test_malformed_csv(tmp_path):
    text = csv_text([DOMESTIC_ABUSE]) + '"Unclosed, quote\n'
    path = write(tmp_path, "d.csv", text)
    assert only_problem(path) == f"{path}:3: malformed CSV: unexpected end of data"


def test_every_problem_of_a_file_is_reported(tmp_path):
    bad_grade = list(DOMESTIC_ABUSE)
    bad_grade[HEADER.index("trend")] = "soaring"
    bad_selected = list(MODERN_SLAVERY)
    bad_selected[HEADER.index("selected")] = "maybe"
    bad_selected[HEADER.index("confidence")] = "hgh"
    path = write(tmp_path, "d.csv", csv_text([bad_grade, bad_selected]))
    assert problems_of(path) == [
        f"{path}:2:trend: 'soaring' is not a grade of scale trend "
        "(decreasing=0, stable=1, increasing=2)",
        f"{path}:3:confidence: confidence 'hgh' is not one of high, medium, low "
        '(did you mean "high"?)',
        f"{path}:3:selected: selected 'maybe' must be yes/no, true/false, 1/0 or blank",
    ]


def test_limits():
    assert MAX_DISTRICT_BYTES == 200 * 1024 * 1024
    assert MAX_CELL_CHARS == 10_000
    assert MAX_ISSUE_CHARS == 200


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "d.csv", "x" * 11)
    with pytest.raises(InputError) as info:
        read_bytes(path, "d.csv", limit=10)
    assert str(info.value) == "d.csv: file is 11 bytes; the limit is 10 bytes"


def test_raw_table_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    text = csv_text([DOMESTIC_ABUSE]) + "\n" + csv_text([MODERN_SLAVERY]).split("\n", 1)[1]
    table = read_table(write(tmp_path, "d.csv", text))
    assert [n for n, _ in table.rows] == [2, 4]  # the blank line 3 is skipped, not renumbered


def test_build_assessment_gathers_problems_without_raising():
    bad = list(DOMESTIC_ABUSE)
    bad[HEADER.index("physical")] = "lots"
    assessment, problems = build_assessment(
        raw_table([bad, MODERN_SLAVERY]), MORILE, District("x", "X", "X CSP")
    )
    assert assessment is None
    assert [str(p) for p in problems] == [
        "test.csv:2:physical: 'lots' is not a grade of scale severity "
        "(none=0, limited=1, moderate=2, substantial=3, critical=4)"
    ]


# --- the districts.toml manifest ----------------------------------------------------------------


def test_sample_manifest():
    listing = read_folder(SAMPLE)
    assert listing.title == "Kent and Medway strategic assessments 2016-17 (illustrative sample)"
    by_id = {e.district.id: e.district for e in listing.entries}
    assert len(by_id) == 13
    assert by_id["ashford"].name == "Ashford"
    assert by_id["ashford"].csp == "Ashford CSP"
    assert by_id["ashford"].population == 118000.0
    assert by_id["ashford"].year == "2016-17"
    assert by_id["dartford"].csp == by_id["gravesham"].csp == "Dartford and Gravesham CSP"
    assert [d for d, v in by_id.items() if not v.in_csa] == ["medway"]
    assert len({v.csp for v in by_id.values() if v.in_csa}) == 11
    assert folder_matrix(listing, "x-default") == "x-default"
    _, assessments = load_folder(SAMPLE, MORILE)
    assert [a.district.id for a in assessments] == [e.district.id for e in listing.entries]
    assert all(len(a.issues) == 22 for a in assessments)


def manifest(tmp_path: Path, body: str, files=("a.csv",)) -> Path:
    for name in files:
        write(tmp_path, name, csv_text([DOMESTIC_ABUSE]))
    write(tmp_path, "districts.toml", body)
    return tmp_path / "districts.toml"


def test_manifest_keys_and_matrix(tmp_path):
    body = """\
title = "Testshire"
matrix = "morile-csp"

[[district]]
id = "a"
name = "Aville"
csp = "A and B CSP"
population = 1000
year = "2024-25"
file = "a.csv"
in_csa = false
notes = "anything"
"""
    manifest(tmp_path, body)
    listing = read_folder(tmp_path)
    (entry,) = listing.entries
    assert entry.district == District("a", "Aville", "A and B CSP", 1000.0, "2024-25", False)
    assert folder_matrix(listing, "x-default") == "morile-csp"


def test_manifest_district_matrix(tmp_path):
    body = '[[district]]\nid = "a"\nfile = "a.csv"\nmatrix = "risk-5x5"\n'
    manifest(tmp_path, body)
    listing = read_folder(tmp_path)
    assert listing.entries[0].matrix == "risk-5x5"
    assert listing.entries[0].district.name == "a"  # name defaults to the id, csp to the name
    assert listing.entries[0].district.csp == "a"
    assert folder_matrix(listing, "x-default") == "risk-5x5"


def test_a_manifest_matrix_file_is_read_from_the_manifest_folder(tmp_path, monkeypatch):
    """A relative path is taken from the manifest's folder, as its csa, plan and horizon files
    are, whichever folder the command runs in; the risk-5x5 file's columns are impact and
    likelihood, so reading the folder with it (not the default) shows which was loaded."""
    county = tmp_path / "county"
    county.mkdir()
    matrix = (REPO / "config" / "matrices" / "risk-5x5.toml").read_text(encoding="utf-8")
    write(county, "m.toml", matrix)
    write(county, "a.csv", "issue,impact,likelihood\nDomestic abuse,4,3\n")
    body = 'matrix = "m.toml"\n\n[[district]]\nid = "a"\nfile = "a.csv"\nmatrix = "./m.toml"\n'
    write(county, "districts.toml", body)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    listing = read_folder(Path("../county"))
    assert listing.entries[0].matrix == str(Path("../county") / "m.toml")
    assert folder_matrix(listing, "x-default") == str(Path("../county") / "m.toml")
    from csscore.api import read_folder as read_county

    assert read_county(Path("../county")).matrix.name == "risk-5x5"


@pytest.mark.parametrize("key", ["matrix", "csa", "plan"])
def test_a_mistyped_built_in_name_in_a_manifest_is_refused_wherever_the_command_runs(
    tmp_path, monkeypatch, key
):
    """A file of the working folder named as the typo is no excuse: in a file, only a name
    ending in .toml or holding a separator is a path."""
    (tmp_path / "county").mkdir()
    path = manifest(
        tmp_path / "county", f'{key} = "kentt"\n\n[[district]]\nid = "a"\nfile = "a.csv"\n'
    )
    write(tmp_path, "kentt", "")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        read_folder(path.parent)
    assert f":{key}: no built-in" in str(info.value) and "'kentt'" in str(info.value)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('id = "a"\nfile = "a.csv"\nin-csa = false', "district[1]: unknown key 'in-csa' (did you mean \"in_csa\"?)"),
        ('id = "a"', "district[1]: missing required key 'file'"),
        ('id = "a"\nfile = "../a.csv"', "1:file: file '../a.csv' must be a plain name inside the folder"),
        ('id = "a"\nfile = "b.csv"', "1:file: district 'a': file 'b.csv' does not exist"),
        ('id = "a"\nfile = "a.csv"\nin_csa = "yes"', "1:in_csa: in_csa must be true or false"),
        ('id = "a"\nfile = "a.csv"\npopulation = -5', "1:population: population -5 must be a positive number"),
    ],
)  # fmt: skip
def test_bad_manifest(tmp_path, entry, expected):
    path = manifest(tmp_path, f"[[district]]\n{entry}\n")
    with pytest.raises(InputError) as info:
        read_folder(tmp_path)
    assert str(info.value) == f"{path}:{expected}"


def test_manifest_lists_a_district_twice(tmp_path):
    body = '[[district]]\nid = "a"\nfile = "a.csv"\n\n[[district]]\nid = "a"\nfile = "b.csv"\n'
    path = manifest(tmp_path, body, files=("a.csv", "b.csv"))
    with pytest.raises(InputError) as info:
        read_folder(tmp_path)
    assert str(info.value) == f"{path}:2:id: district 'a' is listed twice (entries 1 and 2)"


def test_folder_without_manifest(tmp_path):
    for name in ("north.csv", "south.toml"):
        write(
            tmp_path, name, csv_text([DOMESTIC_ABUSE]) if name.endswith(".csv") else TOML_DISTRICT
        )
    write(tmp_path, "readme.md", "not a district")
    listing = read_folder(tmp_path)
    assert [(e.district.id, e.district.name, e.district.csp) for e in listing.entries] == [
        ("north", "north", "north"),
        ("south", "south", "south"),
    ]


# --- the apostrophe csscore's CSV outputs put before a leading + or - ---------------------------


def test_a_marked_plus_or_minus_reads_as_its_text_in_every_format(tmp_path: Path) -> None:
    """ "'+ve parenting" (as csscore's CSV outputs write '+ve parenting') reads as
    "+ve parenting" from CSV, TOML and XLSX alike; "'=x" keeps its apostrophe."""
    import openpyxl

    row = ("'+ve parenting", *DOMESTIC_ABUSE[1:-1], "'-20% on last year")
    other = (*MODERN_SLAVERY[:-1], "'=not a formula")
    csv_file = write(tmp_path, "d.csv", csv_text([row, other]))
    book = openpyxl.Workbook()
    for cells in (HEADER, row, other):
        book.active.append(list(cells))
    book.save(tmp_path / "d.xlsx")
    entries = "".join(
        "[[issue]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in zip(HEADER, r, strict=True))
        for r in (row, other)
    )
    toml_file = write(tmp_path, "d.toml", entries)
    for path in (csv_file, tmp_path / "d.xlsx", toml_file):
        assessment = load(path)
        assert assessment.issues == ("+ve parenting", "Modern slavery"), path
        assert assessment.notes == ("-20% on last year", "'=not a formula"), path
