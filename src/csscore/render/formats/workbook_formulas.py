"""Excel formulas that reproduce a matrix's scoring in the grading workbook's live columns.

Pure string building, no openpyxl: :func:`row_formulas` gives, for one row of the ``Grades``
sheet, the formulas of the columns ``Harm``, ``Likelihood``, ``Risk``, ``Band`` (and, where the
matrix has organisational position, ``Position``, ``Grade``, ``Gap``) and ``Rank``. They use only
functions that Excel and LibreOffice evaluate alike (IF, AND, OR, ISNUMBER, MAX, SUMPRODUCT),
compare grade labels with ``=`` (no wildcards, case ignored) and rank as
:func:`csscore.scoring.score.rank_issues` does: risk, then harm, then likelihood, descending,
equal issues sharing the best rank of their group. A row with a blank or unknown grade shows
blank scores and takes no part in the ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from csscore.model.matrix import Matrix, Scale, Threshold

#: The live columns' headers, in sheet order (those of position only where the matrix has it).
COMPUTED = ("Harm", "Likelihood", "Risk", "Band", "Position", "Grade", "Gap", "Rank")
POSITION_ONLY = ("Position", "Grade", "Gap")
#: What the ``Gap`` column shows for a gap (as ``csscore score`` does) and otherwise.
GAP_MARK = "GAP"


def computed_headers(matrix: Matrix) -> tuple[str, ...]:
    """The live columns a workbook for ``matrix`` has."""
    return tuple(c for c in COMPUTED if matrix.has_position or c not in POSITION_ONLY)


def column_letter(index: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_literal(text: str) -> str:
    """A formula string literal: double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def number_literal(value: float) -> str:
    """A formula number: 12, 0.5, 1E-05 (Python's shortest round-trip form)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).upper()


def _array(items: Sequence[str]) -> str:
    return "{" + ",".join(items) + "}"


def labels_array(scale: Scale) -> str:
    return _array([text_literal(level.label) for level in scale.levels])


def is_grade(scale: Scale, ref: str) -> str:
    """TRUE when the cell holds one of the scale's labels (any case)."""
    return f"OR({ref}={labels_array(scale)})"


def grade_value(scale: Scale, ref: str) -> str:
    """The value of the label the cell holds."""
    values = _array([number_literal(level.value) for level in scale.levels])
    return f"SUMPRODUCT(({ref}={labels_array(scale)})*{values})"


@dataclass(frozen=True)
class Layout:
    """Where things are on the ``Grades`` sheet: a column letter per factor id and per live
    column header, and the first and last issue rows."""

    factors: Mapping[str, str]
    computed: Mapping[str, str]
    first_row: int
    last_row: int


def section_formula(matrix: Matrix, section_id: str, layout: Layout, row: int) -> str:
    """The section's combined value, or blank while a grade is missing or unknown."""
    section = matrix.section(section_id)
    rule = section.combine if section else "sum"
    factors = [f for f in matrix.factors if f.section == section_id]
    refs = [(matrix.scale(f.scale), f"{layout.factors[f.id]}{row}", f.weight) for f in factors]
    checks = ",".join(is_grade(scale, ref) for scale, ref, _ in refs)
    values = [grade_value(scale, ref) for scale, ref, _ in refs]
    if rule == "weighted_sum":
        body = "+".join(
            f"{v}*{number_literal(w)}" for v, (_, _, w) in zip(values, refs, strict=True)
        )
    elif rule == "max":
        body = f"MAX({','.join(values)})"
    elif rule == "product":
        body = "*".join(values)
    else:
        body = "+".join(values)
    return f'IF(AND({checks}),{body},"")'


def threshold_formula(thresholds: Sequence[Threshold], ref: str) -> str:
    """The label of the last threshold at or below the score, blank for no score."""
    body = text_literal(thresholds[0].label)
    for threshold in thresholds[1:]:
        body = f"IF({ref}>={number_literal(threshold.min)},{text_literal(threshold.label)},{body})"
    return f'IF(ISNUMBER({ref}),{body},"")'


def rank_formula(layout: Layout, row: int) -> str:
    """1 + the number of scored issues strictly ahead on (risk, harm, likelihood)."""

    def column(header: str) -> str:
        letter = layout.computed[header]
        return f"{letter}${layout.first_row}:{letter}${layout.last_row}"

    risk, harm, likelihood = (column(h) for h in ("Risk", "Harm", "Likelihood"))
    r, h, li = (f"{layout.computed[c]}{row}" for c in ("Risk", "Harm", "Likelihood"))
    ahead = f"({risk}>{r})+({risk}={r})*(({harm}>{h})+({harm}={h})*({likelihood}>{li}))"
    return f'IF(ISNUMBER({r}),1+SUMPRODUCT(ISNUMBER({risk})*({ahead})),"")'


def gap_formula(matrix: Matrix, layout: Layout, row: int) -> str:
    band, grade = (f"{layout.computed[c]}{row}" for c in ("Band", "Grade"))
    if not matrix.gap_bands or not matrix.gap_grades:
        return '""'
    bands = _array([text_literal(b.label) for b in matrix.bands if b.label in matrix.gap_bands])
    grades = _array([text_literal(g.label) for g in matrix.grades if g.label in matrix.gap_grades])
    return f'IF(AND(OR({band}={bands}),OR({grade}={grades})),{text_literal(GAP_MARK)},"")'


def row_formulas(matrix: Matrix, layout: Layout, row: int) -> dict[str, str]:
    """{live column header: formula (with its leading '=')} for one issue row."""
    at = {h: f"{letter}{row}" for h, letter in layout.computed.items()}
    out = {
        "Harm": section_formula(matrix, "harm", layout, row),
        "Likelihood": section_formula(matrix, "likelihood", layout, row),
        "Risk": f"IF(AND(ISNUMBER({at['Harm']}),ISNUMBER({at['Likelihood']})),"
        f'{at["Harm"]}*{at["Likelihood"]},"")',
        "Band": threshold_formula(matrix.bands, at["Risk"]),
    }
    if matrix.has_position:
        out["Position"] = section_formula(matrix, "position", layout, row)
        out["Grade"] = threshold_formula(matrix.grades, at["Position"])
        out["Gap"] = gap_formula(matrix, layout, row)
    out["Rank"] = rank_formula(layout, row)
    return {header: "=" + formula for header, formula in out.items()}
