"""Round trips through csscore's workbooks and partners' files, checked with hypothesis on random
district tables, partners' gradings and counties (strategies in tests/strategies.py):

- a district written as the grading workbook (``score FILE --format xlsx``) reads back as the
  same district: the same issues, grades, confidence, selected and notes, the same scores;
- a district graded by partners gives, through the workbook, the scores of its combined grades;
- the order partners' files are listed in a manifest's ``files``, and whether they name their
  partner in the entry or in a ``partner`` column, never changes a county result;
- a county written as a county workbook (a ``Districts`` sheet and a sheet per district) gives
  the county result of the same county written as a folder.

Each runs a fraction of ``CSSCORE_PROPERTY_EXAMPLES`` (the file takes well under a minute).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.config.tables import read_table
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix
from strategies import (
    BUILTIN,
    VOCABULARY,
    VOCABULARY_NAMES,
    CountyDistrict,
    DistrictTable,
    counties,
    district_tables,
    grading_rows,
    gradings,
    issue_names,
    scaled,
    toml_string,
    write_county,
)
from support import assessment_of, csv_text

#: Issues of the built-in vocabulary, which a county's partners' files must grade.
ISSUES = [issue.label for issue in VOCABULARY.issues[:5]]
MATRICES = st.sampled_from([BUILTIN[n] for n in ("morile-csp", "risk-5x5")])
#: Issue names as analysts write them, "+ve parenting" and "-20% on last year" among them.
leading_names = st.one_of(
    issue_names, issue_names.map(lambda s: f"+{s}"), issue_names.map(lambda s: f"- {s}")
)


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def read(path: Path, matrix: Matrix) -> DistrictAssessment:
    return assessment_of(read_table(path, matrix=matrix), matrix)


# --- the grading workbook ----------------------------------------------------------------------


@scaled(0.3)
@given(MATRICES.flatmap(lambda m: district_tables(m, names=leading_names)))
def test_the_grading_workbook_reads_back_as_the_same_district(
    tmp_path: Path, table: DistrictTable
) -> None:
    source = fresh(tmp_path / "csv") / "d.csv"
    source.write_text(csv_text(table.rows, table.header), encoding="utf-8")
    book = fresh(tmp_path / "xlsx") / "d.xlsx"
    matrix = table.matrix
    run("score", source, "--matrix", matrix.name, "--format", "xlsx", "-o", book)
    first, again = read(source, matrix), read(book, matrix)
    assert again.issues == first.issues == table.issues  # "+ve", "- x" kept, no apostrophe
    assert np.array_equal(again.levels, first.levels)
    assert again.confidence == first.confidence and again.selected == first.selected
    assert again.notes == first.notes
    scores = [run("score", p, "--matrix", matrix.name, "--format", "json") for p in (source, book)]
    assert scores[0].stdout == scores[1].stdout
    assert " says " not in scores[1].stderr  # no stated score disagrees with csscore's


def partner_csv(matrix: Matrix, partners: list[str], levels: np.ndarray,
                confidence: list[list[str]], order: list[int], column: bool = True) -> str:  # fmt: skip
    """One file of the partners in ``order`` (a ``partner`` column unless ``column`` is off)."""
    header = ("issue", *(("partner",) if column else ()), *matrix.factor_ids, "confidence")
    return csv_text(
        grading_rows(matrix, partners, levels, confidence, order, ISSUES, column), header
    )


def without_contested(text: str) -> object:
    doc = json.loads(text)
    for issue in doc["issues"]:
        issue.pop("contested", None)
    return doc


@scaled(0.3)
@given(data=st.data(), matrix=MATRICES)
def test_partners_give_the_workbook_their_combined_grades(
    tmp_path: Path, data: st.DataObject, matrix: Matrix
) -> None:
    partners, levels, confidence = data.draw(gradings(matrix))
    rule = data.draw(st.sampled_from(["median", "mean", "max"]))
    source = fresh(tmp_path / "csv") / "d.csv"
    order = list(range(len(partners)))
    source.write_text(partner_csv(matrix, partners, levels, confidence, order), "utf-8")
    book = fresh(tmp_path / "xlsx") / "d.xlsx"
    run("score", source, "--matrix", matrix.name, "--combine", rule, "--format", "xlsx", "-o", book)
    combined = run("score", source, "--matrix", matrix.name, "--combine", rule, "--format", "json")
    again = run("score", book, "--matrix", matrix.name, "--format", "json")
    assert without_contested(again.stdout) == without_contested(combined.stdout)


# --- partners' files in a manifest -------------------------------------------------------------


def partner_county(
    folder: Path,
    matrix: Matrix,
    grading: tuple[list[str], np.ndarray, list[list[str]]],
    order: list[int],
    named_in: list[bool],
    one_file: bool = False,
) -> Path:
    """A county of two districts: north graded by partners, one file each listed by ``files`` in
    ``order`` (partner named in the entry where ``named_in``, else in a ``partner`` column), or
    all in one file with a partner column; south graded alone."""
    partners, levels, confidence = grading
    fresh(folder)
    entries = []
    if one_file:
        (folder / "north.csv").write_text(
            partner_csv(matrix, partners, levels, confidence, order), "utf-8"
        )
        files = 'file = "north.csv"'
    else:
        for p in order:
            name = f"north-{p}.csv"
            text = partner_csv(matrix, partners, levels, confidence, [p], column=not named_in[p])
            (folder / name).write_text(text, "utf-8")
            entries.append(
                f"{{ file = {toml_string(name)}, partner = {toml_string(partners[p])} }}"
                if named_in[p]
                else toml_string(name)
            )
        files = f"files = [{', '.join(entries)}]"
    south = [(ISSUES[i], *(matrix.scale(f.scale).levels[0].label for f in matrix.factors))
             for i in range(levels.shape[1])]  # fmt: skip
    (folder / "south.csv").write_text(csv_text(south, ("issue", *matrix.factor_ids)), "utf-8")
    (folder / "districts.toml").write_text(
        f"matrix = {toml_string(matrix.name)}\n\n"
        f'[[district]]\nid = "north"\nname = "North"\ncsp = "North CSP"\n{files}\n\n'
        '[[district]]\nid = "south"\nname = "South"\ncsp = "South CSP"\nfile = "south.csv"\n',
        "utf-8",
    )
    return folder


@scaled(0.2)
@given(data=st.data(), matrix=MATRICES)
def test_the_order_and_form_of_partners_files_never_change_a_county_result(
    tmp_path: Path, data: st.DataObject, matrix: Matrix
) -> None:
    grading = data.draw(gradings(matrix))
    n = len(grading[0])
    order = data.draw(st.permutations(range(n)), label="files order")
    named_in = data.draw(st.lists(st.booleans(), min_size=n, max_size=n), label="named in entry")
    rule = data.draw(st.sampled_from(["median", "mean", "max"]))
    folders = [
        partner_county(tmp_path / "one", matrix, grading, list(range(n)), [True] * n, True),
        partner_county(tmp_path / "listed", matrix, grading, list(range(n)), [True] * n),
        partner_county(tmp_path / "shuffled", matrix, grading, list(order), named_in),
    ]
    for command in (["aggregate", "--format", "json"], ["agreement", "--format", "json"]):
        outputs = {run(command[0], f, *command[1:], "--combine", rule).stdout for f in folders}
        assert len(outputs) == 1, command


# --- the county workbook -----------------------------------------------------------------------


def write_book(path: Path, districts: list[CountyDistrict], titles: int) -> Path:
    """The same county as one workbook: ``titles`` title rows above the Districts header, each
    district's table on a sheet named by its ``sheet`` cell (a sheet per district)."""
    import openpyxl

    book = openpyxl.Workbook()
    index = book.active
    index.title = "Districts"
    for t in range(titles):
        index.append([f"County districts, part {t}"] if t == 0 else [])
    index.append(["id", "sheet", "name", "csp", "population", "in_csa"])
    for k, d in enumerate(districts):
        sheet = f"Sheet {k}"
        index.append([d.id, sheet, d.name, d.csp, d.population, "yes" if d.in_csa else "no"])
        grades = book.create_sheet(sheet)
        grades.append(list(d.table.header))
        for row in d.table.rows:
            grades.append(list(row))
    fresh(path.parent)
    book.save(path)
    return path


@scaled(0.2)
@given(counties(BUILTIN["morile-csp"], 1, 4, st.sampled_from(VOCABULARY_NAMES)), st.integers(0, 3))
def test_a_county_workbook_gives_the_result_of_the_same_county_as_a_folder(
    tmp_path: Path, districts: list[CountyDistrict], titles: int
) -> None:
    folder = write_county(fresh(tmp_path / "folder"), districts)
    book = write_book(tmp_path / "book" / "county.xlsx", districts, titles)
    for args in (["aggregate", "--format", "json"], ["aggregate", "--table", "ranking"]):
        from_folder = run(args[0], folder, *args[1:])
        from_book = run(args[0], book, "--matrix", "morile-csp", *args[1:])
        assert from_book.stdout == from_folder.stdout
