"""Checking the score cells a file states (the grading workbook's live columns) against csscore.

csscore scores the grades and never the stated scores; where a stated cell holds a value that
differs from csscore's own (a formula overwritten by hand, a workbook kept by other means), each
such cell is reported as a notice on stderr. Empty cells (formulas never calculated) are skipped.
"""

from __future__ import annotations

import math

from csscore.config.tables import RawTable
from csscore.errors import Problem, notice
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import fmt_number
from csscore.model.numbers import read_number
from csscore.model.text import label_key

#: At most this many disagreeing cells are listed one by one.
MAX_LISTED = 10
_TRUE = {"gap", "yes", "y", "true", "1", "x"}


def _expected(assessment: DistrictAssessment) -> dict[str, list[str | float | bool]]:
    from csscore.scoring.score import score_district

    scored = score_district(assessment)
    rows = [scored.issue(i) for i in range(len(assessment.issues))]
    out: dict[str, list[str | float | bool]] = {
        "Harm": [r.harm for r in rows],
        "Likelihood": [r.likelihood for r in rows],
        "Risk": [r.risk for r in rows],
        "Band": [r.band for r in rows],
        "Gap": [r.gap for r in rows],
        "Rank": [float(r.rank) for r in rows],
    }
    if assessment.matrix.has_position:
        out["Position"] = [r.position if r.position is not None else math.nan for r in rows]
        out["Grade"] = [r.grade or "" for r in rows]
    return out


def _agrees(text: str, want: str | float | bool) -> bool:
    if isinstance(want, bool):
        return (label_key(text) in _TRUE) == want
    if isinstance(want, float):
        got = read_number(text)
        if got is None:
            return False
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return label_key(text) == label_key(want)


def _shown(want: str | float | bool) -> str:
    if isinstance(want, bool):
        return "a gap" if want else "no gap"
    if isinstance(want, float):
        return fmt_number(want)
    return repr(want)


def disagreements(
    table: RawTable, assessment: DistrictAssessment, stated: dict[str, int]
) -> list[Problem]:
    """One problem per stated score cell that differs from csscore's own score."""
    expected = _expected(assessment)
    by_row = {number: cells for number, cells in table.rows}
    out = []
    for i, number in enumerate(assessment.rows):
        cells = by_row[number]
        for header, column in stated.items():
            if header not in expected or column >= len(cells):
                continue
            text, want = cells[column].strip(), expected[header][i]
            if text == "" or (isinstance(want, float) and math.isnan(want)):
                continue
            if not _agrees(text, want):
                out.append(
                    Problem(
                        table.file,
                        f"{header} says {text!r} but the grades give {_shown(want)}",
                        number,
                        table.header[column],
                    )
                )
    return out


def report_disagreements(
    table: RawTable, assessment: DistrictAssessment, stated: dict[str, int]
) -> None:
    """Report disagreeing score cells as notices (the scores used are csscore's own)."""
    found = disagreements(table, assessment, stated)
    for problem in found[:MAX_LISTED]:
        notice(f"{problem}; csscore uses its own score")
    if len(found) > MAX_LISTED:
        notice(f"{table.file}: {len(found) - MAX_LISTED} more score cells disagree with the grades")
