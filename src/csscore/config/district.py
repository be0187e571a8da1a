"""A district's strategic assessment: its graded issues, validated against a matrix.

:func:`build_assessment` checks every cell of a :class:`~csscore.config.tables.RawTable` and reports
every problem at once; :func:`load_assessment` reads a file and raises on the first batch.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from csscore.config.sheets import column_names
from csscore.config.tables import RawTable, read_table
from csscore.errors import InputError, Problem, did_you_mean
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.model.text import (
    character_problem,
    formula_problem,
    issue_key,
    label_key,
    length_problem,
)
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


_SEPARATORS = re.compile(r"[\s_\-]+")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _scripts(text: str) -> set[str]:
    out = set()
    for ch in text:
        if ch.isalpha():
            out.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return out


@lru_cache(maxsize=16384)  # the districts of a county share most issue names
def check_text(cell: str, what: str) -> str | None:
    """A problem with free text (issue names, notes, district names), or None: the one check of
    text read from a data file (``formula_problem`` for its first character)."""
    formula = formula_problem(cell, what) or length_problem(cell, what)
    if formula:
        return formula
    if cell.isascii():  # the common case: no look-alikes or invisible characters possible
        return f"{what} holds a control character" if _ASCII_CONTROL.search(cell) else None
    character = character_problem(cell, what)
    if character:
        return character
    hidden = next((ch for ch in cell if unicodedata.category(ch) == "Cf"), None)
    if hidden is not None:  # zero-width spaces, direction overrides: names that look alike
        return f"{what} holds an invisible character (U+{ord(hidden):04X})"
    scripts = _scripts(cell) - {"UNKNOWN"}
    if len(scripts) > 1 and "LATIN" in scripts:
        return f"{what} mixes {' and '.join(sorted(s.title() for s in scripts))} letters (look-alike characters?)"
    return None


def _width(file: str, cells: Sequence[str], header: Sequence[str], row: int) -> Problem | None:
    """A row whose cells do not match the header's columns, or None."""
    if len(cells) == len(header):
        return None
    return Problem(file, f"row has {len(cells)} cells but the header has {len(header)}", row)


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
    problems: list[Problem] = []
    factor_ids = matrix.factor_ids
    known = ("issue", *factor_ids, *OPTIONAL_COLUMNS)
    if table.matrix and table.matrix != matrix.name:
        message = f"file declares matrix {table.matrix!r} but is scored with {matrix.name!r}"
        return None, [Problem(file, message, column="matrix")]
    header = [h.strip().casefold() for h in table.header]
    names = column_names(matrix)
    positions: dict[str, int] = {}
    stated: dict[str, int] = {}  # the live score columns of a grading workbook, by header
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
            hint = did_you_mean(header[i], known)
            problems.append(
                Problem(file, f"unknown column {label!r}{hint} for matrix {matrix.name}", at, label)
            )
    for required in ("issue", *factor_ids):
        if required not in positions:
            problems.append(
                Problem(file, f"missing column {required!r} (matrix {matrix.name})", at, required)
            )
    if problems:
        return None, problems
    if not table.rows:
        return None, [Problem(file, "no issues: the file has a header but no rows", at + 1)]
    if "partner" in positions and not partner_rows:
        from csscore.config.partners import build_partnered

        ragged = [_width(file, cells, header, n) for n, cells in table.rows]
        if any(ragged):  # before the rows are split by partner, so none is lost
            return None, [p for p in ragged if p is not None]
        return build_partnered(
            table, matrix, district, positions["partner"], positions["issue"], vocabulary
        )

    scales = [matrix.scale(f.scale) for f in matrix.factors]
    issue_at = positions["issue"]
    factor_at = [positions[f.id] for f in matrix.factors]
    confidence_levels = {label_key(c): c for c in matrix.confidence}
    issues: list[str] = []
    levels: list[list[int]] = []
    confidence: list[str] = []
    selected: list[bool] = []
    notes: list[str] = []
    rows: list[int] = []
    first_row: dict[str, tuple[int, str]] = {}
    for number, cells in table.rows:
        width = _width(file, cells, header, number)
        if width is not None:
            problems.append(width)
            continue

        def cell(column: str, _cells: tuple[str, ...] = cells) -> str:
            return _cells[positions[column]].strip() if column in positions else ""

        name = " ".join(cells[issue_at].split())
        if not name:
            problems.append(Problem(file, "empty issue name", number, "issue"))
            continue
        problem = check_text(name, "issue name")
        if problem is None and len(name) > MAX_ISSUE_CHARS:
            problem = f"issue name is {len(name)} characters; the limit is {MAX_ISSUE_CHARS}"
        if problem:
            problems.append(Problem(file, problem, number, "issue"))
            continue
        key = issue_key(name)
        if key in first_row:
            first, first_name = first_row[key]
            problems.append(
                Problem(
                    file,
                    f"duplicate issue {name!r} (first at row {first} as {first_name!r})",
                    number,
                    "issue",
                )
            )
            continue
        first_row[key] = (number, name)
        unknown = vocabulary.unknown(name) if vocabulary is not None else None
        if unknown:
            problems.append(Problem(file, unknown, number, "issue"))
        row_levels = []
        for factor, scale, at in zip(matrix.factors, scales, factor_at, strict=True):
            text = cells[at].strip()
            index = scale.parse(text) if text else None
            if index is None and not (partner_rows and not text):
                problems.append(
                    Problem(
                        file,
                        _grade_problem(
                            text, scale.id, scale.describe(), [lv.label for lv in scale.levels]
                        ),
                        number,
                        factor.id,
                    )
                )
            row_levels.append(-1 if index is None else index)
        conf = cell("confidence")
        if conf and label_key(conf) not in confidence_levels:
            hint = did_you_mean(conf.casefold(), matrix.confidence)
            problems.append(
                Problem(
                    file,
                    f"confidence {conf!r} is not one of {', '.join(matrix.confidence)}{hint}",
                    number,
                    "confidence",
                )
            )
        sel = cell("selected").casefold()
        if sel not in TRUE_WORDS | FALSE_WORDS:
            problems.append(
                Problem(
                    file,
                    f"selected {cell('selected')!r} must be yes/no, true/false, 1/0 or blank",
                    number,
                    "selected",
                )
            )
        note = cell("notes")
        problem = check_text(note, "note") if note else None
        if problem:
            problems.append(Problem(file, problem, number, "notes"))
        issues.append(name)
        levels.append(row_levels)
        confidence.append(confidence_levels.get(label_key(conf), "") if conf else "")
        selected.append(sel in TRUE_WORDS)
        notes.append(note)
        rows.append(number)
    if problems:
        return None, problems
    assessment = DistrictAssessment(
        district,
        file,
        table.sha256,
        matrix,
        tuple(issues),
        np.array(levels, dtype=np.int64).reshape(len(issues), len(matrix.factors)),
        tuple(confidence),
        tuple(selected),
        tuple(notes),
        tuple(rows),
    )
    if stated and not partner_rows:
        from csscore.config.stated import report_disagreements

        report_disagreements(table, assessment, stated)
    return assessment, []


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
