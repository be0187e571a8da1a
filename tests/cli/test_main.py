"""The command line: score, validate, explain, matrices, matrix show, init; errors end in one line."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tomllib

import pytest
from click.testing import CliRunner, Result

from csscore.cli.main import cli
from csscore.config.vocabulary import load_vocabulary
from support import (
    ASHFORD,
    DOMESTIC_ABUSE,
    DOMESTIC_ABUSE_JSON,
    HEADER,
    MODERN_SLAVERY,
    MODERN_SLAVERY_JSON,
    SAMPLE,
    csv_text,
    edited_matrix,
    write,
)

A = str(ASHFORD)
JSON_KEYS = [
    "issue",
    "harm",
    "likelihood",
    "risk",
    "band",
    "position",
    "grade",
    "gap",
    "confidence",
    "selected",
    "rank",
]
#: Ashford's ranks in listing order: ties at 13 (County lines, Gangs) and 17 (Burglary, Violent crime).
ASHFORD_RANKS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 15, 16, 17, 17, 19, 20, 21, 22]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="csscore")


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.output
    return result


def fails(*args: str) -> str:
    """Run a command that must fail: exit 2, one line on stderr starting 'error:', no traceback."""
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert result.stderr.endswith("\n")
    return lines[0]


def cells(line: str) -> list[str]:
    """Cells of a 'simple' table line (columns are separated by two or more spaces)."""
    return re.split(r"\s{2,}", line.strip())


# --- score --------------------------------------------------------------------------------------


def test_score_prints_a_ranked_table():
    lines = ok("score", A).stdout.splitlines()
    assert lines[0] == "Ashford: 22 issues scored with morile-csp 1.0"
    assert lines[1] == ""
    assert cells(lines[2]) == [
        "Rank",
        "Issue",
        "Harm",
        "Likelihood",
        "Risk",
        "Band",
        "Position",
        "Grade",
        "Gap",
        "Confidence",
        "Selected",
    ]
    assert set(lines[3]) == {"-", " "}
    assert cells(lines[4]) == [
        "1",
        "Modern slavery",
        "16",
        "8",
        "128",
        "high",
        "5",
        "C",
        "GAP",
        "low",
        "yes",
    ]
    assert cells(lines[5]) == [
        "2",
        "Domestic abuse",
        "12",
        "10",
        "120",
        "high",
        "2",
        "B",
        "high",
        "yes",
    ]
    assert cells(lines[6]) == [
        "3",
        "Child sexual exploitation",
        "12",
        "9",
        "108",
        "high",
        "2",
        "B",
        "medium",
        "yes",
    ]
    assert cells(lines[7]) == [
        "4",
        "Substance misuse",
        "12",
        "8",
        "96",
        "medium",
        "2",
        "B",
        "medium",
        "yes",
    ]
    assert cells(lines[16])[:2] == ["13", "County lines"]
    assert cells(lines[17])[:2] == ["13", "Gangs"]
    assert cells(lines[18])[:2] == ["15", "Missing children"]
    assert cells(lines[25]) == [
        "22",
        "Community confidence",
        "6",
        "4",
        "24",
        "low",
        "2",
        "B",
        "medium",
    ]
    # The legend beneath makes the table readable without the docs.
    legend = lines[27:]
    assert legend[0].startswith(
        "Risk = harm x likelihood. Ranked by risk, then harm, then likelihood"
    )
    assert legend[1] == "Band: high >= 100, medium >= 50, low below."
    assert legend[2].startswith("Grade: A Well placed (position 0-1); B Partly placed")
    assert legend[3].startswith("Gap: band high and grade C")


def test_score_json_contract():
    data = json.loads(ok("score", A, "--format", "json").stdout)
    assert list(data) == ["district", "matrix", "issues"]
    assert data["district"] == "Ashford"
    assert data["matrix"] == {"name": "morile-csp", "version": "1.0"}
    assert len(data["issues"]) == 22
    for issue in data["issues"]:
        assert list(issue) == JSON_KEYS
    assert [i["rank"] for i in data["issues"]] == ASHFORD_RANKS
    assert data["issues"][0] == MODERN_SLAVERY_JSON
    assert data["issues"][1] == DOMESTIC_ABUSE_JSON
    assert [i["issue"] for i in data["issues"][12:14]] == ["County lines", "Gangs"]
    assert [i["issue"] for i in data["issues"] if i["selected"]] == [
        "Modern slavery",
        "Domestic abuse",
        "Child sexual exploitation",
        "Substance misuse",
        "Reoffending",
        "Organised crime groups",
        "Anti-social behaviour",
        "Vulnerable people",
    ]


@pytest.mark.parametrize(("top", "count"), [(1, 1), (3, 3), (12, 12), (13, 14), (17, 18), (99, 22)])
def test_top_keeps_ties(top, count):
    data = json.loads(ok("score", A, "--format", "json", "--top", str(top)).stdout)
    ranks = [i["rank"] for i in data["issues"]]
    assert len(ranks) == count
    assert ranks == ASHFORD_RANKS[:count]
    assert all(r <= top for r in ranks)


def test_top_in_the_table_title():
    lines = ok("score", A, "--top", "3").stdout.splitlines()
    assert lines[0] == "Ashford: top 3 of 22 issues scored with morile-csp 1.0"
    assert [cells(line)[1] for line in lines[4:7]] == [
        "Modern slavery",
        "Domestic abuse",
        "Child sexual exploitation",
    ]
    assert lines[7] == ""


def test_top_must_be_positive():
    result = run("score", A, "--top", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--top'" in result.stderr
    assert "Traceback" not in result.output


def test_format_github():
    out = ok("score", A, "--format", "github", "--top", "2").stdout
    lines = out.splitlines()
    assert lines[0] == "## Ashford: top 2 of 22 issues scored with morile-csp 1.0"
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:6]]
    assert rows[0][:3] == ["Rank", "Issue", "Harm"]
    assert set(lines[3]) <= {"|", "-", ":"}
    assert rows[2] == [
        "1",
        "Modern slavery",
        "16",
        "8",
        "128",
        "high",
        "5",
        "C",
        "GAP",
        "low",
        "yes",
    ]
    assert rows[3] == [
        "2",
        "Domestic abuse",
        "12",
        "10",
        "120",
        "high",
        "2",
        "B",
        "",
        "high",
        "yes",
    ]
    assert "Band: high >= 100, medium >= 50, low below." in lines


def test_format_html():
    out = ok("score", A, "--format", "html", "--top", "2").stdout
    assert out.startswith(
        "<table>\n<caption>Ashford: top 2 of 22 issues scored with morile-csp 1.0</caption>"
    )
    rows = [
        [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", out)
    ]
    assert rows[0][:2] == ["Rank", "Issue"]
    assert rows[1] == [
        "1",
        "Modern slavery",
        "16",
        "8",
        "128",
        "high",
        "5",
        "C",
        "GAP",
        "low",
        "yes",
    ]
    assert rows[2] == [
        "2",
        "Domestic abuse",
        "12",
        "10",
        "120",
        "high",
        "2",
        "B",
        "",
        "high",
        "yes",
    ]
    assert '<p class="note">Band: high &gt;= 100, medium &gt;= 50, low below.</p>' in out


def test_format_latex_booktabs():
    out = ok("score", A, "--format", "latex_booktabs", "--top", "2").stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert lines[0] == "% Ashford: top 2 of 22 issues scored with morile-csp 1.0"
    assert lines[1] == "\\begin{tabular}{rlrrrlrllll}"
    assert "\\toprule" in lines and "\\bottomrule" in lines
    assert "1 & Modern slavery & 16 & 8 & 128 & high & 5 & C & GAP & low & yes \\\\" in lines
    assert "2 & Domestic abuse & 12 & 10 & 120 & high & 2 & B & & high & yes \\\\" in lines


def test_format_csv():
    rows = list(csv.reader(io.StringIO(ok("score", A, "--format", "csv").stdout)))
    assert rows[0] == [
        "rank",
        "issue",
        "harm",
        "likelihood",
        "risk",
        "band",
        "position",
        "grade",
        "gap",
        "confidence",
        "selected",
    ]
    assert rows[1] == [
        "1",
        "Modern slavery",
        "16",
        "8",
        "128",
        "high",
        "5",
        "C",
        "yes",
        "low",
        "yes",
    ]
    assert rows[2] == [
        "2",
        "Domestic abuse",
        "12",
        "10",
        "120",
        "high",
        "2",
        "B",
        "no",
        "high",
        "yes",
    ]
    assert len(rows) == 23
    assert [int(r[0]) for r in rows[1:]] == ASHFORD_RANKS


def test_format_simple_is_the_default():
    assert ok("score", A, "--format", "simple").stdout == ok("score", A).stdout


def test_csv_output_neutralises_formula_cells(tmp_path):
    # "-" may lead an issue name, but a spreadsheet would run it: the CSV gets a leading apostrophe.
    path = write(tmp_path, "d.csv", csv_text([("-Cuckooing", *DOMESTIC_ABUSE[1:])]))
    rows = list(csv.reader(io.StringIO(ok("score", str(path), "--format", "csv").stdout)))
    assert rows[1][1] == "'-Cuckooing"


def test_output_file_and_force(tmp_path):
    out = tmp_path / "ashford.json"
    result = ok("score", A, "--format", "json", "-o", str(out))
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == ok("score", A, "--format", "json").stdout
    before = out.read_bytes()
    line = fails("score", A, "--top", "3", "-o", str(out))  # JSON, as the suffix says
    assert line == f"error: {out}: already exists; use --force to overwrite it"
    assert out.read_bytes() == before
    ok("score", A, "--top", "3", "-o", str(out), "--force")
    assert (
        out.read_text(encoding="utf-8") == ok("score", A, "--top", "3", "--format", "json").stdout
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ashford.json"]  # no temporary left


def test_output_into_a_missing_folder(tmp_path):
    out = tmp_path / "no" / "such.json"
    assert fails("score", A, "-o", str(out)) == (
        f"error: {out}: folder {str(out.parent)!r} does not exist"
    )
    assert not out.parent.exists()


RISK_5X5 = csv_text(
    [("Flooding", "severe", "likely"), ("Litter", "minor", "almost certain"), ("Fire", "4", "4")],
    header=("issue", "impact", "likelihood"),
)


def test_matrix_by_name(tmp_path):
    path = write(tmp_path, "five.csv", RISK_5X5)
    data = json.loads(ok("score", str(path), "--matrix", "risk-5x5", "--format", "json").stdout)
    assert data["matrix"] == {"name": "risk-5x5", "version": "1.0"}
    got = [
        (i["issue"], i["risk"], i["band"], i["rank"], i["grade"], i["position"])
        for i in data["issues"]
    ]
    assert got == [
        ("Flooding", 20, "extreme", 1, None, None),
        ("Fire", 16, "high", 2, None, None),
        ("Litter", 10, "high", 3, None, None),
    ]
    table = ok("score", str(path), "--matrix", "risk-5x5").stdout.splitlines()
    assert cells(table[2]) == [  # columns take the matrix's section labels
        "Rank",
        "Issue",
        "Impact",
        "Likelihood",
        "Risk",
        "Band",
        "Confidence",
        "Selected",
    ]


def test_matrix_by_path(tmp_path):
    matrix = edited_matrix(
        tmp_path,
        ('id = "physical"\n', 'id = "physical"\nweight = 2\n'),
        ('label = "Harm"\ncombine = "sum"', 'label = "Harm"\ncombine = "weighted_sum"'),
        ('name = "morile-csp"', 'name = "mine"'),
    )
    data = json.loads(ok("score", A, "--matrix", str(matrix), "--format", "json").stdout)
    assert data["matrix"] == {"name": "mine", "version": "1.0"}
    by_issue = {i["issue"]: i for i in data["issues"]}
    # Physical counts twice: DA harm 12 + 3 = 15, risk 150; MS harm 16 + 4 = 20, risk 160.
    assert (by_issue["Domestic abuse"]["harm"], by_issue["Domestic abuse"]["risk"]) == (15, 150)
    assert (by_issue["Modern slavery"]["harm"], by_issue["Modern slavery"]["risk"]) == (20, 160)


def test_manifest_matrix_is_used_for_a_lone_file(tmp_path):
    write(tmp_path, "five.csv", RISK_5X5)
    write(
        tmp_path,
        "districts.toml",
        '[[district]]\nid = "five"\nname = "Fivetown"\nfile = "five.csv"\nmatrix = "risk-5x5"\n',
    )
    data = json.loads(ok("score", str(tmp_path / "five.csv"), "--format", "json").stdout)
    assert data["district"] == "Fivetown"
    assert data["matrix"]["name"] == "risk-5x5"


# --- every bad input ends in one line, exit 2, no output file -----------------------------------


def _row(**changes: str) -> list[str]:
    row = list(MODERN_SLAVERY)
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


BAD_FILES = {
    "wrong-header": (
        csv_text([DOMESTIC_ABUSE], header=["Issue name", *HEADER[1:]]),
        "{p}:1:Issue name: unknown column 'Issue name' (did you mean \"issue\"?) for matrix morile-csp (and 1 more problem)",
    ),
    "unknown-factor": (
        csv_text([DOMESTIC_ABUSE], header=["issue", "physcial", *HEADER[2:]]),
        "{p}:1:physcial: unknown column 'physcial' (did you mean \"physical\"?) for matrix morile-csp (and 1 more problem)",
    ),
    "grade-not-on-scale": (
        csv_text([DOMESTIC_ABUSE, _row(financial="limitted")]),
        "{p}:3:financial: 'limitted' is not a grade of scale severity (none=0, limited=1, moderate=2, substantial=3, critical=4) (did you mean \"limited\"?)",
    ),
    "number-out-of-range": (
        csv_text([_row(frequency="6")]),
        "{p}:2:frequency: 6 is out of range for scale frequency (rare=1, unlikely=2, possible=3, likely=4, almost-certain=5)",
    ),
    "duplicate-issue": (
        csv_text([DOMESTIC_ABUSE, MODERN_SLAVERY, ("modern  SLAVERY ", *MODERN_SLAVERY[1:])]),
        "{p}:4:issue: duplicate issue 'modern SLAVERY' (first at row 3 as 'Modern slavery')",
    ),
    "empty": (b"", "{p}: file is empty"),
    "header-only": (csv_text([]), "{p}:2: no issues: the file has a header but no rows"),
    "latin-1": (
        csv_text([DOMESTIC_ABUSE, ("Café", *MODERN_SLAVERY[1:])]).encode("latin-1"),
        "{p}:3: not UTF-8 text (byte 0xe9); save it as CSV UTF-8",
    ),
    "utf-16": (csv_text([DOMESTIC_ABUSE]).encode("utf-16"), "{p}: file is UTF-16 text; save it as CSV UTF-8"),
    "formula": (
        csv_text([('=HYPERLINK("http://example.com","x")', *DOMESTIC_ABUSE[1:])]),
        "{p}:2:issue: issue name starts with '=', which spreadsheets run as a formula",
    ),
    "look-alike": (
        csv_text([("Mоdern slavery", *MODERN_SLAVERY[1:])]),  # Cyrillic о
        "{p}:2:issue: issue name mixes Cyrillic and Latin letters (look-alike characters?)",
    ),
    "ragged": (
        csv_text([DOMESTIC_ABUSE]).rstrip("\n") + ",extra\n",
        "{p}:2: row has 15 cells but the header has 14",
    ),
    "over-long-cell": (
        csv_text([(*DOMESTIC_ABUSE[:-1], "n" * 10_001)]),
        "{p}:2:notes: cell holds 10,001 characters; the limit is 10,000",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("fmt", ["simple", "json"])
def test_bad_input_ends_in_one_line(tmp_path, case, fmt):
    content, expected = BAD_FILES[case]
    path = write(tmp_path, "d.csv", content)
    out = tmp_path / "out.txt"
    line = fails("score", str(path), "--format", fmt, "-o", str(out))
    assert line == "error: " + expected.format(p=path)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv"]


def test_missing_file(tmp_path):
    path, out = tmp_path / "nowhere.csv", tmp_path / "out.txt"
    assert fails("score", str(path), "-o", str(out)) == f"error: {path}: no such file"
    assert not out.exists()


def test_folder_instead_of_a_file(tmp_path):
    assert (
        fails("score", str(tmp_path)) == f"error: {tmp_path}: is a folder; give one district file"
    )


def test_matrix_with_a_syntax_error(tmp_path):
    matrix = edited_matrix(tmp_path, ('name = "morile-csp"', 'name = "morile-csp'))
    out = tmp_path / "out.json"
    line = fails("score", A, "--matrix", str(matrix), "--format", "json", "-o", str(out))
    assert line == (
        f"error: {matrix}: TOML syntax error: Illegal character '\\n' (at line 8, column 19)"
    )
    assert not out.exists()


def test_invalid_matrix_names_the_key(tmp_path):
    matrix = edited_matrix(tmp_path, ('bands = ["high"]', 'bands = ["hgh"]'))
    assert fails("score", A, "--matrix", str(matrix)) == (
        f"error: {matrix}:gap.bands: unknown band 'hgh' (did you mean \"high\"?)"
    )


def test_unknown_matrix_name():
    assert fails("score", A, "--matrix", "morile") == (
        "error: morile: no built-in matrices file named 'morile' (did you mean \"morile-csp\"?)"
    )


def test_district_graded_for_another_matrix():
    line = fails("score", A, "--matrix", "risk-5x5")
    assert line == (
        f"error: {A}:1:physical: unknown column 'physical' for matrix risk-5x5 (and 11 more problems)"
    )


# --- validate -----------------------------------------------------------------------------------


def test_validate_good_file_and_folder():
    result = ok("validate", A)
    assert (result.stdout, result.stderr) == ("", "ok: 1 file valid\n")
    result = ok("validate", str(SAMPLE))
    # 12 district files, two partner files for Sevenoaks, the manifest and the horizon file
    assert (result.stdout, result.stderr) == ("", "ok: 16 files valid\n")


def test_validate_lists_every_problem(tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    a = write(
        folder,
        "a.csv",
        csv_text([_row(trend="soaring"), ("Arson", *_row(selected="maybe", confidence="hgh")[1:])]),
    )
    b = write(folder, "b.csv", b"")
    write(folder, "c.csv", csv_text([DOMESTIC_ABUSE]))
    missing = tmp_path / "gone.csv"
    result = run("validate", str(folder), str(missing))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{a}:2:trend: 'soaring' is not a grade of scale trend (decreasing=0, stable=1, increasing=2)",
        f"{a}:3:issue: unknown issue 'Arson'",
        f"{a}:3:confidence: confidence 'hgh' is not one of high, medium, low (did you mean \"high\"?)",
        f"{a}:3:selected: selected 'maybe' must be yes/no, true/false, 1/0 or blank",
        f"{b}: file is empty",
        f"{missing}: no such file",
    ]
    assert result.stderr == "error: 6 problems in 3 of 4 files\n"
    assert "Traceback" not in result.output
    for line in result.stdout.splitlines():
        assert re.match(r"^[^:]+(:\d+)?(:[a-z]+)?: \S", line), line


def test_validate_bad_manifest(tmp_path):
    write(tmp_path, "districts.toml", '[[district]]\nid = "a"\nfile = "a.csv"\nin-csa = false\n')
    write(tmp_path, "a.csv", csv_text([DOMESTIC_ABUSE]))
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == (
        f"{tmp_path / 'districts.toml'}:district[1]: unknown key 'in-csa' (did you mean \"in_csa\"?)\n"
    )
    assert result.stderr == "error: 1 problem in 1 file\n"  # the manifest was checked


def test_validate_with_a_bad_matrix(tmp_path):
    matrix = edited_matrix(tmp_path, ('name = "morile-csp"', 'name = "morile-csp'))
    result = run("validate", A, "--matrix", str(matrix))
    assert result.exit_code == 2
    assert result.stdout == (
        f"{matrix}: TOML syntax error: Illegal character '\\n' (at line 8, column 19)\n"
    )
    assert result.stderr == "error: 1 problem in 1 of 2 files\n"  # the matrix and the district


def test_validate_needs_a_path():
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


# --- explain ------------------------------------------------------------------------------------


def test_explain_values_contributions_and_neighbours():
    out = ok("explain", A, "Domestic abuse").stdout
    lines = out.splitlines()
    assert lines[0] == "Domestic abuse in Ashford (morile-csp 1.0)"
    rows = {cells(line)[1]: cells(line) for line in lines[4:14]}
    # Section, factor, grade, value, contribution, risk share (the weight column is blank for a sum)
    assert rows["Physical harm"] == ["Harm", "Physical harm", "substantial", "3", "3", "30"]
    assert rows["Psychological harm"] == ["Harm", "Psychological harm", "critical", "4", "4", "40"]
    assert rows["Geographic scope"] == ["Harm", "Geographic scope", "district", "2", "2", "20"]
    assert rows["Frequency"] == ["Likelihood", "Frequency", "almost-certain", "5", "5", "60"]
    assert rows["Trend"] == ["Likelihood", "Trend", "increasing", "2", "2", "24"]
    assert rows["Victim vulnerability"] == [
        "Likelihood",
        "Victim vulnerability",
        "substantial",
        "3",
        "3",
        "36",
    ]
    assert rows["Capacity"] == ["Organisational position", "Capacity", "partial", "1", "1"]
    harm_shares = sum(int(r[5]) for r in rows.values() if r[0] == "Harm")
    likelihood_shares = sum(int(r[5]) for r in rows.values() if r[0] == "Likelihood")
    assert harm_shares == likelihood_shares == 120
    measures = {cells(line)[0]: cells(line)[1:] for line in lines if line[:1].isupper()}
    assert measures["Harm"] == ["12", "sum of the harm factors"]
    assert measures["Likelihood"] == ["10", "sum of the likelihood factors"]
    assert measures["Risk"] == ["120", "harm x likelihood = 12 x 10"]
    assert measures["Band"][0] == "high"
    assert measures["Position"][0] == "2"
    assert measures["Grade"][0] == "B"
    assert measures["Gap"][0] == "no"
    assert measures["Rank"] == ["2 of 22"]
    why = lines[lines.index("Why this rank") :]
    assert cells(why[4]) == [
        "Modern slavery",
        "1",
        "128",
        "16",
        "8",
        "risk: 128 is higher than 120",
    ]
    assert cells(why[5]) == [
        "Child sexual exploitation",
        "3",
        "108",
        "12",
        "9",
        "risk: 108 is lower than 120",
    ]


def test_explain_a_tied_issue():
    out = ok("explain", A, "GANGS").stdout  # the name is matched case-insensitively
    lines = out.splitlines()
    assert lines[0] == "Gangs in Ashford (morile-csp 1.0)"
    why = lines[lines.index("Why this rank") :]
    assert cells(why[4]) == [
        "County lines",
        "13",
        "66",
        "11",
        "6",
        "equal risk, harm and likelihood: shares the rank, listed alphabetically",
    ]
    assert cells(why[5]) == ["Missing children", "15", "64", "8", "8", "risk: 64 is lower than 66"]


def test_explain_equal_risk_decided_by_harm():
    out = ok("explain", A, "Fraud and scams").stdout
    why = out.splitlines()[out.splitlines().index("Why this rank") :]
    assert cells(why[4])[-1] == "harm: 12 is higher than 9"  # Road safety, risk 72 as well
    assert cells(why[5])[-1] == "harm: 8 is lower than 9"  # Anti-social behaviour, risk 72


def test_explain_weighted_sum_shows_weight_and_contribution(tmp_path):
    matrix = edited_matrix(
        tmp_path,
        ('id = "physical"\n', 'id = "physical"\nweight = 2\n'),
        ('label = "Harm"\ncombine = "sum"', 'label = "Harm"\ncombine = "weighted_sum"'),
    )
    lines = ok("explain", A, "Domestic abuse", "--matrix", str(matrix)).stdout.splitlines()
    rows = {cells(line)[1]: cells(line) for line in lines[4:14]}
    # physical: value 3 x weight 2 = 6 of harm 15; risk share 6 x likelihood 10 = 60
    assert rows["Physical harm"] == ["Harm", "Physical harm", "substantial", "3", "2", "6", "60"]
    assert rows["Psychological harm"] == [
        "Harm",
        "Psychological harm",
        "critical",
        "4",
        "1",
        "4",
        "40",
    ]
    assert rows["Frequency"] == ["Likelihood", "Frequency", "almost-certain", "5", "5", "75"]
    assert ["Risk", "150", "harm x likelihood = 15 x 10"] in [cells(line) for line in lines]


def test_explain_max_rule(tmp_path):
    path = write(tmp_path, "five.csv", RISK_5X5)
    lines = ok("explain", str(path), "flooding", "--matrix", "risk-5x5").stdout.splitlines()
    assert cells(lines[4]) == ["Impact", "Impact", "severe", "5", "5", "20"]
    assert cells(lines[5]) == ["Likelihood", "Likelihood", "likely", "4", "4", "20"]
    assert "Position" not in "".join(lines)


def test_explain_unknown_issue_did_you_mean():
    assert fails("explain", A, "domestc abuse") == (
        f"error: {A}:issue: no issue 'domestc abuse' in this file (did you mean \"Domestic abuse\"?)"
    )


def test_explain_github_format():
    out = ok("explain", A, "Modern slavery", "--format", "github").stdout
    assert out.startswith("## Modern slavery in Ashford (morile-csp 1.0)\n")
    assert "| Harm" in out


# --- matrices and matrix show -------------------------------------------------------------------


def test_matrices():
    lines = ok("matrices").stdout.splitlines()
    assert cells(lines[0]) == ["Name", "Version", "Factors", "Title"]
    rows = {cells(line)[0]: cells(line) for line in lines[2:]}
    assert rows["morile-csp"] == [
        "morile-csp",
        "1.0",
        "10",
        "MoRiLE-style matrix for Community Safety Partnerships (csscore default)",
    ]
    assert rows["risk-5x5"] == [
        "risk-5x5",
        "1.0",
        "2",
        "Classic 5x5 likelihood x impact risk matrix",
    ]


def test_matrix_show_morile_csp():
    out = ok("matrix", "show", "morile-csp").stdout
    lines = out.splitlines()
    assert lines[0] == (
        "morile-csp 1.0: MoRiLE-style matrix for Community Safety Partnerships (csscore default)"
    )
    rows = [cells(line) for line in lines]
    assert [
        "Harm",
        "Physical harm",
        "physical",
        "Severity",
        "1",
        "Injury, ill health or death",
    ] in rows
    assert [
        "Likelihood",
        "Victim vulnerability",
        "vulnerability",
        "Severity",
        "1",
        "How vulnerable the victims typically are",
    ] in rows
    assert ["Severity", "critical", "4", "Life-changing or life-threatening harm"] in rows
    assert ["Frequency", "almost-certain", "5", "Continuous or daily"] in rows
    assert ["Trend", "decreasing", "0", "Falling over the assessment period"] in rows
    assert ["Organisational provision", "none", "3", "No capacity or capability"] in rows
    assert ["high", "100", "Risk 100 or more: candidate priority"] in rows
    assert ["C", "4", "Poorly placed (position 4-6)"] in rows
    assert "Harm = sum of its factors." in lines
    assert "Risk ranges from 1 to 220." in lines
    assert "Gap: band high with grade C." in lines


def test_matrix_show_csv_and_by_path(tmp_path):
    out = ok("matrix", "show", "risk-5x5", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert ["Impact", "severe", "5", ""] in rows
    assert ["extreme", "20", "20-25"] in rows
    matrix = edited_matrix(tmp_path, ('name = "morile-csp"', 'name = "mine"'))
    assert ok("matrix", "show", str(matrix)).stdout.startswith("mine 1.0: ")


def test_matrix_show_unknown():
    assert fails("matrix", "show", "risk-4x4") == (
        "error: risk-4x4: no built-in matrices file named 'risk-4x4' (did you mean \"risk-5x5\"?)"
    )


# --- init ---------------------------------------------------------------------------------------

VOCABULARY = [issue.label for issue in load_vocabulary().issues]


def test_init_prints_a_csv_template_with_the_vocabulary():
    rows = list(csv.reader(io.StringIO(ok("init").stdout)))
    assert rows[0] == list(HEADER)
    assert [r[0] for r in rows[1:]] == VOCABULARY
    assert all(r[1:] == [""] * 13 for r in rows[1:])
    for label in ("Domestic abuse", "Modern slavery", "Anti-social behaviour", "County lines"):
        assert label in VOCABULARY


def test_init_risk_5x5_template():
    rows = list(csv.reader(io.StringIO(ok("init", "--matrix", "risk-5x5").stdout)))
    assert rows[0] == ["issue", "impact", "likelihood", "confidence", "selected", "notes"]


def test_init_toml(tmp_path):
    out = tmp_path / "template.toml"
    result = ok("init", "-o", str(out))
    assert result.stderr.startswith(f"wrote {out}: fill in one grade per factor")
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["matrix"] == "morile-csp"
    assert [i["issue"] for i in data["issue"]] == VOCABULARY
    assert list(data["issue"][0]) == list(HEADER)


COMPUTED = ["Harm", "Likelihood", "Risk", "Band", "Position", "Grade", "Gap", "Rank"]


def test_init_xlsx(tmp_path):
    import openpyxl

    out = tmp_path / "template.xlsx"
    ok("init", "-o", str(out))
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Grades", "Legend", "About", "Lists"]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert list(rows[0]) == [*HEADER, *COMPUTED]
    assert [r[0] for r in rows[1:]] == VOCABULARY


def test_init_refuses_to_overwrite(tmp_path):
    out = tmp_path / "template.csv"
    ok("init", "-o", str(out))
    out.write_text("my work\n", encoding="utf-8")
    assert (
        fails("init", "-o", str(out))
        == f"error: {out}: already exists; use --force to overwrite it"
    )
    assert out.read_text(encoding="utf-8") == "my work\n"
    ok("init", "-o", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("issue,physical,")


def test_init_unsupported_type(tmp_path):
    out = tmp_path / "template.txt"
    line = fails("init", "-o", str(out))
    assert "unsupported template type 'txt'; use csv, toml, xlsx" in line
    assert not out.exists()


def test_a_filled_template_scores(tmp_path):
    rows = list(csv.reader(io.StringIO(ok("init").stdout)))
    grades = [
        "moderate",
        "limited",
        "none",
        "limited",
        "district",
        "possible",
        "stable",
        "moderate",
        "partial",
        "full",
    ]
    filled = [[r[0], *grades, "medium", "no", ""] for r in rows[1:]]
    path = write(tmp_path, "filled.csv", csv_text(filled))
    ok("validate", str(path))
    data = json.loads(ok("score", str(path), "--format", "json").stdout)
    # Every issue graded alike: harm 2+1+0+1+2 = 6, likelihood 3+1+2 = 6, risk 36, all tied at 1.
    assert {
        (i["harm"], i["likelihood"], i["risk"], i["band"], i["rank"]) for i in data["issues"]
    } == {(6, 6, 36, "low", 1)}
    names = [i["issue"] for i in data["issues"]]
    assert names == sorted(names, key=str.casefold)


# --- the command as a process -------------------------------------------------------------------


def test_python_dash_m_help():
    result = subprocess.run(
        [sys.executable, "-m", "csscore", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: python -m csscore [OPTIONS] COMMAND [ARGS]...")
    for command in ("score", "validate", "explain", "init", "matrices", "matrix"):
        assert re.search(rf"^  {command}\s", result.stdout, re.MULTILINE), command
    assert result.stderr == ""


def test_error_as_a_process_is_one_line(tmp_path):
    missing = tmp_path / "missing.csv"
    result = subprocess.run(
        [sys.executable, "-m", "csscore", "score", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {missing}: no such file\n"


def test_score_does_not_import_heavy_modules(tmp_path):
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['csscore', 'score', {A!r}, '--format', 'json']\n"
        "try:\n"
        "    runpy.run_module('csscore', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('scipy', 'networkx', 'matplotlib', 'PIL', 'openpyxl'))\n"
        "print('HEAVY=' + ','.join(heavy), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["issues"][0]["issue"] == "Modern slavery"
    assert result.stderr.strip() == "HEAVY="


def test_a_toml_file_declaring_its_matrix_is_scored_with_it(tmp_path):
    path = tmp_path / "five.toml"
    path.write_text(
        'matrix = "risk-5x5"\n[[issue]]\nissue = "Flooding"\nimpact = "severe"\nlikelihood = "likely"\n'
    )
    data = json.loads(ok("score", str(path), "--format", "json").stdout)
    assert data["matrix"]["name"] == "risk-5x5"
    assert data["issues"][0]["risk"] == 20
    result = CliRunner().invoke(
        cli, ["sensitivity", str(path), "--draws", "10", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert "risk-5x5" in result.stdout


@pytest.mark.parametrize(
    ("args", "said", "help_of"),
    [
        (["sensitivity", "--draws", "0"], "Invalid value for '--draws': 0 is not in the range x>=1.", "csscore sensitivity"),
        (["scor"], "No such command 'scor'. Did you mean 'score'?", "csscore"),
        (["--bogus"], "No such option '--bogus'.", "csscore"),
        (["score"], "Missing argument 'FILE'.", "csscore score"),
        (["evidence", "pol"], "No such command 'pol'.", "csscore evidence"),
        (["aggregate", "--top", "x"], "Invalid value for '--top': 'x' is not a valid integer range.", "csscore aggregate"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_naming_the_help(args: list[str], said: str, help_of: str):
    result = CliRunner().invoke(cli, args, prog_name="csscore")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {said} (see '{help_of} --help')\n"


@pytest.mark.parametrize("group", [[], ["evidence"], ["matrix"]])
def test_a_group_run_bare_prints_its_help(group: list[str]):
    result = CliRunner().invoke(cli, group, prog_name="csscore")
    assert result.output.startswith(f"Usage: {' '.join(['csscore', *group])} [OPTIONS] COMMAND")
    assert "Commands:" in result.output and "error:" not in result.output


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (["score", A], "s.xlsx", b"PK"),
        (["score", A], "s.json", b"{"),
        (["score", A], "s.csv", b"rank,issue,"),
        (["score", A], "s.html", b"<table>"),
        (["score", A, "--format", "simple"], "s.md", b"Ashford"),
        (["aggregate"], "a.json", b"{"),
        (["appendix"], "a.html", b"<!DOCTYPE html>"),
        (["appendix"], "a.docx", b"PK"),
        (["appendix"], "a.md", b"# "),
    ],
)
def test_an_output_is_what_its_suffix_says(tmp_path, args, name, starts):
    out = tmp_path / name
    ok(*args, "-o", str(out))
    assert out.read_bytes().startswith(starts)


@pytest.mark.parametrize(
    ("args", "name", "said"),
    [
        (["score", A, "--format", "json"], "t.csv", "a .csv file, but --format json writes JSON (.json)"),
        (["appendix", "--format", "docx"], "x.pdf", "a .pdf file, but --format docx writes a Word file (.docx)"),
        (["aggregate"], "g.xlsx", "aggregate does not write (--format simple, github, html, latex_booktabs, csv, json)"),
    ],
)  # fmt: skip
def test_an_output_named_for_another_kind_of_file_is_refused(tmp_path, args, name, said):
    out = tmp_path / name
    line = fails(*args, "-o", str(out))
    assert line.startswith(f"error: {out}: a {out.suffix} file") and line.endswith(said)
    assert not out.exists()


def test_validate_counts_the_matrix_file_a_manifest_names(tmp_path):
    """The manifest's matrix file is among the files counted, valid or not."""
    import shutil

    county = tmp_path / "county"
    shutil.copytree(SAMPLE, county)
    manifest = county / "districts.toml"
    manifest.write_text('matrix = "m.toml"\n' + manifest.read_text("utf-8"), "utf-8")
    files = int(run("validate", str(SAMPLE)).stderr.split()[1])  # "ok: 16 files valid"
    edited_matrix(county, name="m.toml")
    assert run("validate", str(county)).stderr == f"ok: {files + 1} files valid\n"
    matrix = edited_matrix(county, ('name = "morile-csp"', 'name = "morile-csp'), name="m.toml")
    result = run("validate", str(county))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{matrix}: TOML syntax error")
    assert re.fullmatch(r"error: 1 problem in 1 of \d+ files\n", result.stderr)
