"""Properties that hold for every input, checked with hypothesis over built-in and random matrices,
random district tables and random counties (strategies in tests/strategies.py).

How many examples each runs is fixed by the profiles in strategies.py
(``CSSCORE_PROPERTY_EXAMPLES`` raises it).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.district import build_assessment
from csscore.config.tables import read_table
from csscore.county.aggregate import County, aggregate, issue_keys
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.render.formats.table import render_csv, render_table, render_tables, to_json
from csscore.render.safety import FORMULA_TRIGGERS, md_escape, neutralise
from csscore.scoring.score import score_districts, score_values
from csscore.views.county import county_json, county_tables
from csscore.views.table import Table
from strategies import (
    BUILTIN,
    PROPERTIES,
    CountyDistrict,
    DistrictTable,
    counties,
    district_tables,
    district_toml,
    grades,
    hostile_text,
    matrices,
    scaled,
    shuffled_columns,
    write_county,
)
from support import assessment_of, csv_text, raw_table, serialise

CSA = load_csa("kent-2017")
COUNTY_MATRICES = st.sampled_from([BUILTIN["morile-csp"], BUILTIN["risk-5x5"]])


def values_of(matrix: Matrix, levels: np.ndarray) -> np.ndarray:
    return matrix.value_table[np.arange(len(matrix.factors)), levels]


def assess(table: DistrictTable, district: District | None = None) -> DistrictAssessment:
    return assessment_of(raw_table(table.rows, table.header), table.matrix, district)


# --- raising any harm or likelihood grade never lowers risk ------------------------------------


@PROPERTIES
@given(matrices.flatmap(lambda m: st.tuples(st.just(m), grades(m, 5))), st.data())
def test_raising_any_harm_or_likelihood_grade_never_lowers_risk(
    case: tuple[Matrix, np.ndarray], data: st.DataObject
) -> None:
    matrix, levels = case
    factor = data.draw(st.integers(0, len(matrix.factors) - 1), label="factor")
    top = int(matrix.level_counts[factor]) - 1
    raised = levels.copy()
    raised[:, factor] = np.minimum(raised[:, factor] + data.draw(st.integers(1, 3)), top)
    before = score_values(matrix, values_of(matrix, levels))
    after = score_values(matrix, values_of(matrix, raised))
    section = matrix.factors[factor].section
    if section == "position":
        # organisational position says how well placed the partnership is, not how big the risk
        np.testing.assert_array_equal(after.risk, before.risk)
        assert before.position is not None and after.position is not None
        assert np.all(after.position >= before.position)
        return
    assert np.all(after.risk >= before.risk)
    assert np.all(after.band >= before.band)
    assert np.all(getattr(after, section) >= getattr(before, section))


# --- tied issues always share a rank -----------------------------------------------------------


@PROPERTIES
@given(matrices.flatmap(lambda m: district_tables(m, max_issues=12)), st.data())
def test_tied_issues_share_a_rank_and_top_n_keeps_ties(
    table: DistrictTable, data: st.DataObject
) -> None:
    scored = score_districts([assess(table)])[0]
    s, rank = scored.scores, scored.rank
    keys = [(-s.risk[i], -s.harm[i], -s.likelihood[i]) for i in range(len(rank))]
    for i, key in enumerate(keys):
        assert rank[i] == 1 + sum(other < key for other in keys)  # competition ranking
        for j, other in enumerate(keys):
            if other == key:
                assert rank[i] == rank[j]
    top = data.draw(st.integers(1, len(rank)))
    kept = {r.issue for r in scored.ranked(top)}
    assert kept == {table.issues[i] for i in range(len(rank)) if rank[i] <= top}


# --- CSV -> model -> CSV is lossless -----------------------------------------------------------


def load_text(tmp: Path, name: str, content: str | bytes, matrix: Matrix) -> DistrictAssessment:
    path = tmp / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assessment, problems = build_assessment(read_table(path), matrix, District("d", "d", "d"))
    assert assessment is not None, problems
    return assessment


def same_model(a: DistrictAssessment, b: DistrictAssessment) -> None:
    assert a.issues == b.issues
    np.testing.assert_array_equal(a.levels, b.levels)
    assert (a.confidence, a.selected, a.notes) == (b.confidence, b.selected, b.notes)


@PROPERTIES
@given(matrices.flatmap(lambda m: district_tables(m)), st.data())
def test_csv_to_model_to_csv_is_lossless(
    tmp_path: Path, table: DistrictTable, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(table.header))), label="column order")
    delimiter = data.draw(st.sampled_from([",", ";"]), label="delimiter")
    newline = data.draw(st.sampled_from(["\n", "\r\n"]), label="line end")
    shuffled = shuffled_columns(table, order)
    text = csv_text(shuffled.rows, shuffled.header, delimiter, newline)
    if delimiter == ";" and text.splitlines()[0].count(";") <= text.splitlines()[0].count(","):
        delimiter, text = ",", csv_text(shuffled.rows, shuffled.header)  # header decides
    first = load_text(tmp_path, "d.csv", text, table.matrix)
    assert first.issues == table.issues
    np.testing.assert_array_equal(first.levels, table.levels)
    assert first.confidence == table.confidence
    assert first.selected == table.selected
    assert first.notes == table.notes
    written = serialise(first)
    second = load_text(tmp_path, "e.csv", written, table.matrix)
    same_model(first, second)
    assert serialise(second) == written


@scaled(0.3)
@given(st.sampled_from(list(BUILTIN.values())).flatmap(lambda m: district_tables(m)))
def test_toml_and_xlsx_read_as_the_same_model_as_csv(tmp_path: Path, table: DistrictTable) -> None:
    import openpyxl

    from_csv = load_text(tmp_path, "d.csv", csv_text(table.rows, table.header), table.matrix)
    from_toml = load_text(tmp_path, "d.toml", district_toml(table), table.matrix)
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (table.header, *table.rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = load_text(tmp_path, "d.xlsx", buffer.getvalue(), table.matrix)
    same_model(from_csv, from_toml)
    same_model(from_csv, from_xlsx)


# --- the county -------------------------------------------------------------------------------


def county_of(districts: list[CountyDistrict], top: int, by: str = "theme") -> County:
    assessments = [
        assess(d.table, District(d.id, d.name, d.csp, d.population, "", d.in_csa))
        for d in districts
    ]
    return aggregate(score_districts(assessments), CSA, top=top, by=by)


def county_text(county: County) -> str:
    return to_json(county_json(county)) + render_tables(county_tables(county), "github")


@PROPERTIES
@given(
    COUNTY_MATRICES.flatmap(lambda m: counties(m, max_districts=5)),
    st.integers(1, 6),
    st.sampled_from(["theme", "issue"]),
    st.data(),
)
def test_county_result_does_not_depend_on_the_order_of_districts(
    districts: list[CountyDistrict], top: int, by: str, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(districts))), label="order")
    first = county_of(districts, top, by)
    again = county_of([districts[i] for i in order], top, by)
    assert county_text(again) == county_text(first)
    np.testing.assert_array_equal(again.tau, first.tau)
    assert again.concordance == first.concordance


@PROPERTIES
@given(COUNTY_MATRICES.flatmap(lambda m: counties(m)), st.integers(1, 6))
def test_every_count_lies_between_zero_and_the_number_of_csps(
    districts: list[CountyDistrict], top: int
) -> None:
    county = county_of(districts, top)
    included = [s for s in county.districts]
    csps = {s.assessment.district.csp for s in included}
    assert set(county.csps) == csps
    for row in county.counts:
        assert 0 < row.count <= len(csps)
        assert row.count == len(row.csps) == len(set(row.csps))
    for row in county.top_issues:
        assert 0 < row.count <= len(included)
    for proposal in county.proposed:
        assert 0 <= proposal.count <= len(csps)
        assert 0.0 <= proposal.share <= 1.0
    # each theme's count is the number of CSPs with a district identifying an issue it covers
    expected = {}
    for theme in CSA.themes:
        hit = {
            s.assessment.district.csp
            for s in included
            if set(county.identified[s.assessment.district.id]) & set(theme.covers)
        }
        if hit:
            expected[theme.name] = len(hit)
    got = {row.name: row.count for row in county.counts if row.name != "Unclassified"}
    assert got == expected
    # tied county issues share a rank
    for a in county.ranking:
        for b in county.ranking:
            if a.borda == b.borda:
                assert a.rank == b.rank
    for s in included:
        keys = issue_keys(s, CSA)
        assert set(county.identified[s.assessment.district.id]) <= set(keys)


@scaled(0.1)
@given(counties(BUILTIN["morile-csp"], min_districts=2, max_districts=4), st.data())
def test_aggregate_output_does_not_depend_on_the_order_of_manifest_entries(
    tmp_path: Path, districts: list[CountyDistrict], data: st.DataObject
) -> None:
    import shutil

    order = data.draw(st.permutations(range(len(districts))), label="manifest order")
    for sub in ("a", "b"):
        shutil.rmtree(tmp_path / sub, ignore_errors=True)
    write_county(tmp_path / "a", districts, list(range(len(districts))))
    write_county(tmp_path / "b", districts, list(order))
    outputs = []
    for sub in ("a", "b"):
        result = CliRunner().invoke(cli, ["aggregate", str(tmp_path / sub), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


# --- output safety -----------------------------------------------------------------------------


@PROPERTIES
@given(hostile_text)
def test_neutralise_never_leaves_a_formula_trigger_first(text: str) -> None:
    out = neutralise(text)
    assert not out.startswith(FORMULA_TRIGGERS)
    assert out == text or out == "'" + text
    assert neutralise(out) == out  # idempotent


def unescaped(text: str, char: str) -> int:
    """How many times ``char`` appears without a backslash escaping it."""
    count = 0
    for match in re.finditer(re.escape(char), text):
        backslashes = len(text[: match.start()]) - len(text[: match.start()].rstrip("\\"))
        count += backslashes % 2 == 0
    return count


@PROPERTIES
@given(hostile_text)
def test_md_escape_leaves_no_unescaped_pipe_or_angle_bracket(text: str) -> None:
    out = md_escape(text)
    assert unescaped(out, "|") == 0
    assert not re.search(r"(?<!\\)(?:\\\\)*<[A-Za-z/?!]", out)  # nothing opens HTML
    assert not re.search(r"&(?:lt|gt|amp);", out.replace("\\&", ""))  # no entity made
    assert "\n" not in out and "\r" not in out


@PROPERTIES
@given(st.lists(hostile_text, min_size=1, max_size=4), hostile_text)
def test_tables_hold_hostile_text_safely_in_every_format(cells: list[str], title: str) -> None:
    columns = tuple(f"c{i}" for i in range(len(cells)))
    table = Table(title, columns, (tuple(cells), tuple(reversed(cells))), notes=(title,))
    # CSV: every text cell comes back as written, neutralised (its line breaks as LF)
    rows = list(csv.reader(io.StringIO(render_csv(table), newline="")))
    written = [
        [neutralise(c).replace("\r\n", "\n").replace("\r", "\n") for c in r] for r in table.rows
    ]
    assert rows[1:] == written
    assert all(not c.startswith(FORMULA_TRIGGERS) for r in rows for c in r)
    # GitHub Markdown: each body line has exactly one unescaped pipe more than it has columns
    markdown = render_table(table, "github")
    body = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(body) == 2 + len(table.rows)  # header, rule, rows: no cell broke a line
    assert all(unescaped(line, "|") == len(columns) + 1 for line in body)
    assert not re.search(r"(?<!\\)(?:\\\\)*<[A-Za-z/?!]", markdown)  # nothing opens HTML
    # HTML: no tag but the table's own
    html = render_table(table, "html")
    stripped = re.sub(
        r"</?(table|thead|tbody|tr|th|td|caption)( [^<>]*)?>|<p class=\"note\">|</p>", "", html
    )
    assert "<" not in stripped


@PROPERTIES
@given(hostile_text)
def test_xlsx_cells_are_text_never_formulas(text: str) -> None:
    import openpyxl

    from csscore.render.formats.workbook_sheets import put_text
    from csscore.render.safety import xml_text

    cell = openpyxl.Workbook().active["A1"]
    put_text(cell, text)  # a worksheet must accept every text
    assert cell.data_type == "s" and cell.value == xml_text(text)
    assert bool(cell.quotePrefix) == text.startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_built_in_matrix_scores_its_own_extremes(name: str) -> None:
    """The lowest and highest grades of every factor score to finite values in the range."""
    matrix = BUILTIN[name]
    low = np.zeros((1, len(matrix.factors)), dtype=np.int64)
    high = (matrix.level_counts - 1).reshape(1, -1)
    for levels in (low, high):
        scores = score_values(matrix, values_of(matrix, levels))
        lo, hi = matrix.risk_range()
        assert np.all(np.isfinite(scores.risk)) and lo <= scores.risk[0] <= hi
