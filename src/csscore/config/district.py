"""A district's strategic assessment: its graded issues, validated against a matrix.

:func:`build_assessment` checks every cell of a :class:`~csscore.config.tables.RawTable` and reports
every problem at once; :func:`load_assessment` reads a file and raises on the first batch.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from csscore.config.sheets import column_names
from csscore.config.tables import RawTable, read_table
from csscore.errors import InputError, Problem, did_you_mean
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.model.text import character_problem, issue_key, label_key, text_problem
from csscore.model.vocabulary import Vocabulary

OPTIONAL_COLUMNS = ("confidence", "selected", "notes", "partner")
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}
MAX_ISSUE_CHARS = 200
#: The live score columns of csscore's grading workbook: recognised, checked, never trusted.
LIVE = {
    label_key(h): h
    for h in ("Harm", "Likelihood", "Risk", "Band", "Position", "Grade", "Gap", "Rank")
}


#: The one check of text read from a data file (issue names, notes, district names): the rule of
#: every text csscore reads (model/text.py ``text_problem``), under the name its readers use.
check_text = text_problem


def _width(file: str, cells: tuple[str, ...], header_width: int, row: int) -> Problem | None:
    """A row whose cells do not match the header's columns, or None."""
    if len(cells) == header_width:
        return None
    return Problem(file, f"row has {len(cells)} cells but the header has {header_width}", row)


def build_assessment(
    table: RawTable,
    matrix: Matrix,
    district: District,
    partner_rows: bool = False,
    vocabulary: Vocabulary | None = None,
) -> tuple[DistrictAssessment | None, list[Problem]]:
    """Validate a raw table against the matrix (and, given a vocabulary, every issue name
    against it); return the assessment or every problem found.
    A table with a ``partner`` column holds several partners' gradings, combined by the median
    (:mod:`csscore.config.partners`); ``partner_rows`` reads one partner's rows, blanks allowed."""
    file = table.file
    if table.matrix and table.matrix != matrix.name:
        message = f"file declares matrix {table.matrix!r} but is scored with {matrix.name!r}"
        return None, [Problem(file, message, column="matrix")]
    positions, stated, problems = _columns(table, matrix)
    if problems:
        return None, problems
    if not table.rows:
        return None, [
            Problem(file, "no issues: the file has a header but no rows", table.header_row + 1)
        ]
    if "partner" in positions and not partner_rows:
        from csscore.config.partners import build_partnered

        ragged = [_width(file, cells, len(table.header), n) for n, cells in table.rows]
        if any(ragged):  # before the rows are split by partner, so none is lost
            return None, [p for p in ragged if p is not None]
        return build_partnered(
            table, matrix, district, positions["partner"], positions["issue"], vocabulary
        )
    reader = _RowReader(file, matrix, positions, len(table.header), partner_rows, vocabulary)
    rows: list[_Row] = []
    first_row: dict[str, tuple[int, str]] = {}
    for number, cells in table.rows:
        row = reader.read(number, cells, problems)
        if row is None:
            continue
        key = issue_key(row.issue)
        if key in first_row:
            first, first_name = first_row[key]
            message = f"duplicate issue {row.issue!r} (first at row {first} as {first_name!r})"
            problems.append(Problem(file, message, number, "issue"))
            continue
        first_row[key] = (number, row.issue)
        reader.check(row, problems)
        rows.append(row)
    if problems:
        return None, problems
    assessment = DistrictAssessment(
        district,
        file,
        table.sha256,
        matrix,
        tuple(r.issue for r in rows),
        np.array([r.levels for r in rows], dtype=np.int64).reshape(len(rows), len(matrix.factors)),
        tuple(r.confidence for r in rows),
        tuple(r.selected for r in rows),
        tuple(r.note for r in rows),
        tuple(r.number for r in rows),
        file=table.input_name,
    )
    if stated and not partner_rows:
        from csscore.config.stated import report_disagreements

        report_disagreements(table, assessment, stated)
    return assessment, []


def _columns(
    table: RawTable, matrix: Matrix
) -> tuple[dict[str, int], dict[str, int], list[Problem]]:
    """(the position of each column by its id, the live score columns of a grading workbook by
    header, the header's problems)."""
    file = table.file
    problems: list[Problem] = []
    known = ("issue", *matrix.factor_ids, *OPTIONAL_COLUMNS)
    names = column_names(matrix)
    positions: dict[str, int] = {}
    stated: dict[str, int] = {}
    at = table.header_row
    for i, text in enumerate(table.header):
        label = text or f"column {i + 1}"
        folded = label_key(text)
        name = names.get(folded)
        live = LIVE.get(folded)
        if not folded:
            problems.append(Problem(file, "empty column name", at, f"column {i + 1}"))
        elif name is not None and name not in positions:
            positions[name] = i
        elif live is not None and live not in stated:
            stated[live] = i
        elif name is not None or live is not None:
            problems.append(Problem(file, f"duplicate column {label!r}", at, label))
        else:
            hint = did_you_mean(text.strip().casefold(), known)
            problems.append(
                Problem(file, f"unknown column {label!r}{hint} for matrix {matrix.name}", at, label)
            )
    for required in ("issue", *matrix.factor_ids):
        if required not in positions:
            problems.append(
                Problem(file, f"missing column {required!r} (matrix {matrix.name})", at, required)
            )
    return positions, stated, problems


@dataclass(slots=True)
class _Row:
    """One issue's row as read: its name, level indexes (-1 where blank) and the rest."""

    number: int
    issue: str
    levels: list[int]
    confidence: str  # the matrix's level ('' where blank or not a level)
    selected: bool
    note: str
    cells: tuple[str, ...]
    confidence_text: str  # as written
    selected_text: str


class _RowReader:
    """Reads and checks the rows of one district table against its matrix."""

    def __init__(
        self,
        file: str,
        matrix: Matrix,
        positions: dict[str, int],
        header_width: int,
        partner_rows: bool,
        vocabulary: Vocabulary | None,
    ) -> None:
        self.file = file
        self.matrix = matrix
        self.positions = positions
        self.header_width = header_width
        self.partner_rows = partner_rows
        self.vocabulary = vocabulary
        self.scales = [matrix.scale(f.scale) for f in matrix.factors]
        self.factor_at = [positions[f.id] for f in matrix.factors]
        self.confidence_levels = {label_key(c): c for c in matrix.confidence}

    def cell(self, cells: tuple[str, ...], column: str) -> str:
        at = self.positions.get(column)
        return cells[at].strip() if at is not None else ""

    def read(self, number: int, cells: tuple[str, ...], problems: list[Problem]) -> _Row | None:
        """The row, or None (with its problem) when its shape or issue name cannot be read."""
        file = self.file
        width = _width(file, cells, self.header_width, number)
        if width is not None:
            problems.append(width)
            return None
        name = " ".join(cells[self.positions["issue"]].split())
        if not name:
            problems.append(Problem(file, "empty issue name", number, "issue"))
            return None
        problem = check_text(name, "issue name")
        if problem is None and len(name) > MAX_ISSUE_CHARS:
            problem = f"issue name is {len(name)} characters; the limit is {MAX_ISSUE_CHARS}"
        if problem:
            problems.append(Problem(file, problem, number, "issue"))
            return None
        levels = []
        for scale, at in zip(self.scales, self.factor_at, strict=True):
            text = cells[at].strip()
            index = scale.parse(text) if text else None
            levels.append(-1 if index is None else index)
        conf = self.cell(cells, "confidence")
        sel = self.cell(cells, "selected")
        return _Row(
            number,
            name,
            levels,
            self.confidence_levels.get(label_key(conf), "") if conf else "",
            sel.casefold() in TRUE_WORDS,
            self.cell(cells, "notes"),
            cells,
            conf,
            sel,
        )

    def check(self, row: _Row, problems: list[Problem]) -> None:
        """Every problem of a row whose issue name was read: the name against the vocabulary,
        each grade against its scale, confidence, selected and the note."""
        file, number, cells = self.file, row.number, row.cells
        unknown = self.vocabulary.unknown(row.issue) if self.vocabulary is not None else None
        if unknown:
            problems.append(Problem(file, unknown, number, "issue"))
        for i, level in enumerate(row.levels):
            if level >= 0:
                continue
            text = cells[self.factor_at[i]].strip()
            if not (self.partner_rows and not text):
                scale = self.scales[i]
                labels = [lv.label for lv in scale.levels]
                message = _grade_problem(text, scale.id, scale.describe(), labels)
                problems.append(Problem(file, message, number, self.matrix.factors[i].id))
        conf = row.confidence_text
        if conf and label_key(conf) not in self.confidence_levels:
            hint = did_you_mean(conf.casefold(), self.matrix.confidence)
            choices = ", ".join(self.matrix.confidence)
            message = f"confidence {conf!r} is not one of {choices}{hint}"
            problems.append(Problem(file, message, number, "confidence"))
        sel = row.selected_text
        if sel.casefold() not in TRUE_WORDS | FALSE_WORDS:
            message = f"selected {sel!r} must be yes/no, true/false, 1/0 or blank"
            problems.append(Problem(file, message, number, "selected"))
        problem = check_text(row.note, "note") if row.note else None
        if problem:
            problems.append(Problem(file, problem, number, "notes"))


def _grade_problem(text: str, scale: str, legend: str, labels: Sequence[str]) -> str:
    if not text:
        return f"missing grade (scale {scale}: {legend})"
    try:
        number = float(text)
    except ValueError:
        keys = {label_key(label): label for label in labels}
        match = difflib.get_close_matches(label_key(text), list(keys), n=1, cutoff=0.6)
        hint = f' (did you mean "{keys[match[0]]}"?)' if match else ""
        return f"{text!r} is not a grade of scale {scale} ({legend}){hint}"
    if number != number or number in (float("inf"), float("-inf")):
        return f"{text!r} is not a number a grade can take (scale {scale}: {legend})"
    return f"{text} is out of range for scale {scale} ({legend})"


def district_from_path(path: Path) -> District:
    """The district a lone file describes: its name is the file's stem (a name that is not
    UTF-8 shows its undecodable bytes as U+FFFD, and a control character or a noncharacter in it
    shows as U+FFFD too, so every output can be written and no escape reaches a terminal)."""
    stem = path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    stem = "".join("\ufffd" if character_problem(ch, "") else ch for ch in stem)
    return District(stem, stem, stem)


def load_assessment(
    path: Path, matrix: Matrix, district: District | None = None, display: str | None = None
) -> DistrictAssessment:
    """Read and validate one district file; raise InputError listing every problem."""
    table = read_table(path, display, matrix)
    assessment, problems = build_assessment(table, matrix, district or district_from_path(path))
    if assessment is None:
        raise InputError(problems)
    return assessment
