"""Reading several partners' gradings of one district: a ``partner`` column (one row per issue per
partner), or several files, one per partner (a manifest's ``files``). Each partner's rows are read
as a district file of their own (a blank grade allowed), then checked against each other and
combined by the median (:mod:`csscore.model.partners`).

Refused, each as file:row:column: an empty or formula-leading partner name, a partner grading an
issue twice, partners grading different issues, ``selected`` given differently by two partners,
a factor no partner grades.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from csscore.config.tables import RawTable
from csscore.errors import Problem
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.model.partners import (
    PartnerGrading,
    Partnership,
    combine_levels,
    combined_notes,
    lowest_confidence,
)
from csscore.model.text import issue_key, label_key
from csscore.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from csscore.config.folder import PartnerFile

PARTNER = "partner"
MAX_PARTNER_CHARS = 100
_TRUE = {"yes", "y", "true", "1", "x"}


@dataclass(frozen=True)
class Part:
    """One partner's rows of one file (the file's header kept)."""

    partner: str
    table: RawTable
    first_row: int  # where the partner is first named, for messages


def partner_problem(name: str) -> str | None:
    """What is wrong with a partner's name, or None."""
    from csscore.config.district import check_text

    if not name:
        return "empty partner name (every row needs one when any row names a partner)"
    problem = check_text(name, "partner name")
    if problem is None and len(name) > MAX_PARTNER_CHARS:
        problem = f"partner name is {len(name)} characters; the limit is {MAX_PARTNER_CHARS}"
    return problem


def split_table(
    table: RawTable, column: int, issue: int | None = None
) -> tuple[list[Part], list[Problem]]:
    """A table's rows grouped by the partner each names (first spelling kept); a partner naming
    an issue (column ``issue``) twice is refused."""
    problems: list[Problem] = []
    groups: dict[str, tuple[str, int, list[tuple[int, tuple[str, ...]]]]] = {}
    graded: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        if column >= len(cells):
            continue  # a short row: reported by the district reader
        name = " ".join(cells[column].split())
        problem = partner_problem(name)
        if problem:
            problems.append(Problem(table.file, problem, number, PARTNER))
            continue
        key = label_key(name)
        if issue is not None and issue < len(cells) and cells[issue].strip():
            pair = (key, issue_key(" ".join(cells[issue].split())))
            if pair in graded:
                message = (
                    f"partner {name!r} grades {cells[issue].strip()!r} twice "
                    f"(first at row {graded[pair]})"
                )
                problems.append(Problem(table.file, message, number, PARTNER))
                continue
            graded[pair] = number
        if key not in groups:
            groups[key] = (name, number, [])
        groups[key][2].append((number, cells))
    parts = [
        Part(name, replace(table, rows=tuple(rows)), first) for name, first, rows in groups.values()
    ]
    return parts, problems


def whole_table(table: RawTable, partner: str) -> Part:
    """A file without a partner column, all of it one partner's (named in the manifest)."""
    first = table.rows[0][0] if table.rows else table.header_row
    return Part(partner, table, first)


def build_partnered(
    table: RawTable,
    matrix: Matrix,
    district: District,
    column: int,
    issue: int,
    vocabulary: Vocabulary | None = None,
) -> tuple[DistrictAssessment | None, list[Problem]]:
    """A file with a partner column: its partners' grades, combined by the median (each issue
    name checked against ``vocabulary`` where given)."""
    parts, problems = split_table(table, column, issue)
    if problems:
        return None, problems
    return join_parts(parts, matrix, district, vocabulary)


def _selected(table: RawTable, matrix: Matrix) -> dict[int, bool | None]:
    """Each row's ``selected`` as given (None where blank), by row number."""
    from csscore.config.sheets import column_names

    names = column_names(matrix)
    at = next((i for i, h in enumerate(table.header) if names.get(label_key(h)) == "selected"), -1)
    out: dict[int, bool | None] = {}
    for number, cells in table.rows:
        text = cells[at].strip().casefold() if 0 <= at < len(cells) else ""
        out[number] = None if not text else text in _TRUE
    return out


def join_parts(
    parts: Sequence[Part],
    matrix: Matrix,
    district: District,
    vocabulary: Vocabulary | None = None,
) -> tuple[DistrictAssessment | None, list[Problem]]:
    """Read each partner's rows (issue names checked against ``vocabulary`` where given), check
    them against each other and combine them (median)."""
    read, problems = _read_parts(parts, matrix, district, vocabulary)
    if problems:
        return None, problems
    read.sort(key=lambda pa: (pa[0].partner, label_key(pa[0].partner)))
    problems = _unmatched_issues(read)
    if problems:
        return None, problems
    first = read[0][1]
    order = {issue_key(name): i for i, name in enumerate(first.issues)}
    gradings = [_aligned(part, a, order, matrix) for part, a in read]
    partnership = Partnership(tuple(gradings))
    levels = combine_levels(partnership.stack)
    problems += _blank_factors(levels, first, matrix)
    selected, found = _agreed_selection(gradings)
    problems += found
    if problems:
        return None, problems
    count = len(first.issues)
    assessment = DistrictAssessment(
        district,
        first.source,
        first.sha256,
        matrix,
        first.issues,
        levels,
        tuple(
            lowest_confidence([g.confidence[i] for g in gradings], matrix.confidence)
            for i in range(count)
        ),
        selected,
        tuple(combined_notes([g.notes[i] for g in gradings]) for i in range(count)),
        first.rows,
        partnership,
        first.input_name,
    )
    return assessment, []


def _read_parts(
    parts: Sequence[Part], matrix: Matrix, district: District, vocabulary: Vocabulary | None
) -> tuple[list[tuple[Part, DistrictAssessment]], list[Problem]]:
    """Each partner's rows read as a district of their own; a partner named twice is refused."""
    from csscore.config.district import build_assessment

    problems: list[Problem] = []
    read: list[tuple[Part, DistrictAssessment]] = []
    seen: dict[str, Part] = {}
    for part in parts:
        key = label_key(part.partner)
        if key in seen:
            other = seen[key]
            where = "" if other.table.file == part.table.file else f" of {other.table.file}"
            message = (
                f"partner {part.partner!r} is given twice (also at row {other.first_row}{where})"
            )
            problems.append(Problem(part.table.file, message, part.first_row, PARTNER))
            continue
        seen[key] = part
        assessment, found = build_assessment(
            part.table, matrix, district, partner_rows=True, vocabulary=vocabulary
        )
        problems += [_named(p, part) for p in found]
        if assessment is not None:
            read.append((part, assessment))
    return read, problems


def _unmatched_issues(read: Sequence[tuple[Part, DistrictAssessment]]) -> list[Problem]:
    """Every issue one partner grades and the first (by name) does not, or the other way."""
    problems: list[Problem] = []
    first_part, first = read[0]
    order = {issue_key(name) for name in first.issues}
    for part, a in read[1:]:
        keys = {issue_key(name) for name in a.issues}
        for name, row in zip(a.issues, a.rows, strict=True):
            if issue_key(name) not in order:
                message = (
                    f"issue {name!r} is graded by partner {part.partner!r} but not by "
                    f"{first_part.partner!r}; every partner must grade the same issues"
                )
                problems.append(Problem(a.source, message, row, "issue"))
        for name, row in zip(first.issues, first.rows, strict=True):
            if issue_key(name) not in keys:
                message = (
                    f"issue {name!r} is graded by partner {first_part.partner!r} but not by "
                    f"{part.partner!r}; every partner must grade the same issues"
                )
                problems.append(Problem(first.source, message, row, "issue"))
    return problems


def _aligned(
    part: Part, a: DistrictAssessment, order: dict[str, int], matrix: Matrix
) -> PartnerGrading:
    """A partner's grading with its issues in ``order`` (the first partner's)."""
    at = np.array([order[issue_key(name)] for name in a.issues])
    place = np.empty(len(at), dtype=np.int64)
    place[at] = np.arange(len(at))
    given = _selected(part.table, matrix)
    return PartnerGrading(
        part.partner,
        a.source,
        a.input_name,
        a.sha256,
        a.levels[place],
        tuple(a.confidence[i] for i in place),
        tuple(given[a.rows[i]] for i in place),
        tuple(a.notes[i] for i in place),
        tuple(a.rows[i] for i in place),
    )


def _named(problem: Problem, part: Part) -> Problem:
    """A problem in one partner's rows, saying whose."""
    return replace(problem, message=f"{problem.message} (partner {part.partner!r})")


def _blank_factors(levels: np.ndarray, first: DistrictAssessment, matrix: Matrix) -> list[Problem]:
    out = []
    for i, f in zip(*np.nonzero(levels < 0), strict=True):
        factor = matrix.factors[int(f)]
        scale = matrix.scale(factor.scale)
        message = f"no partner grades {factor.id} (scale {scale.id}: {scale.describe()})"
        out.append(Problem(first.source, message, first.rows[int(i)], factor.id))
    return out


def _agreed_selection(
    gradings: Sequence[PartnerGrading],
) -> tuple[tuple[bool, ...], list[Problem]]:
    """Each issue's ``selected``: as the partners who give it agree (False where none does)."""
    out: list[bool] = []
    problems: list[Problem] = []
    for i in range(len(gradings[0].rows)):
        given = [(g, g.selected[i]) for g in gradings if g.selected[i] is not None]
        if any(value != given[0][1] for _, value in given):
            (a, va), (b, vb) = given[0], next(x for x in given if x[1] != given[0][1])
            where = "" if a.source == b.source else f" of {a.source}"
            message = (
                f"selected differs between partners: {a.name!r} (row {a.rows[i]}{where}) "
                f"says {'yes' if va else 'no'}, {b.name!r} (row {b.rows[i]}) says "
                f"{'yes' if vb else 'no'}"
            )
            problems.append(Problem(b.source, message, b.rows[i], "selected"))
        out.append(bool(given and given[0][1]))
    return tuple(out), problems


def read_partner_files(
    files: Sequence[PartnerFile],
    matrix: Matrix,
    district: District,
    vocabulary: Vocabulary | None = None,
) -> tuple[DistrictAssessment | None, list[Problem]]:
    """A district graded in several files, one per partner (named in the file's partner column
    or in the manifest), combined by the median."""
    from csscore.config.sheets import column_names
    from csscore.config.tables import read_table
    from csscore.errors import InputError

    names = column_names(matrix)
    parts: list[Part] = []
    problems: list[Problem] = []
    for f in files:
        try:
            table = read_table(f.path, f.display, matrix)
        except InputError as exc:
            problems += exc.problems
            continue
        found_columns = {
            names.get(label_key(h)): i for i, h in reversed(list(enumerate(table.header)))
        }
        column = found_columns.get(PARTNER)
        if column is None:
            if f.partner is None:
                message = (
                    f"file {f.display!r} names no partner: give it a partner column, or list it "
                    "as { file = ..., partner = ... }"
                )
                problems.append(Problem(f.manifest, message, f.row, "files"))
            else:
                problem = partner_problem(" ".join(f.partner.split()))
                if problem:
                    problems.append(Problem(f.manifest, problem, f.row, "files"))
                else:
                    parts.append(whole_table(table, " ".join(f.partner.split())))
            continue
        found, wrong = split_table(table, column, found_columns.get("issue"))
        problems += wrong
        for part in found:
            if f.partner is not None and label_key(part.partner) != label_key(f.partner):
                message = f"partner {part.partner!r} differs from the manifest's {f.partner!r}"
                problems.append(Problem(table.file, message, part.first_row, PARTNER))
        parts += found
    if problems:
        return None, problems
    return join_parts(parts, matrix, district, vocabulary)
