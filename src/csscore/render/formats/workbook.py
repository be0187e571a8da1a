"""The grading workbook: ``Grades`` (drop-downs, notes, live scores), ``Legend``, ``About``.

``csscore init -o FILE.xlsx`` writes it blank; ``csscore score FILE --format xlsx`` writes it
filled in. The live columns are the formulas of :mod:`csscore.render.formats.workbook_formulas`;
they and the header are locked (sheet protection without a password), the cells a partner fills
in are not. Lists for the drop-downs live on a hidden, protected ``Lists`` sheet. openpyxl (the
``excel`` extra) is imported inside the functions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from csscore.errors import OutputError
from csscore.extras import require_extra
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.render.formats.workbook_formulas import (
    Layout,
    column_letter,
    computed_headers,
    row_formulas,
)
from csscore.render.formats.workbook_sheets import (
    HEADER_FILL,
    RETURN_HOW,
    band_colours,
    print_setup,
    put_text,
    row_height,
    safe_text,
    write_about,
    write_legend,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

GRADES_SHEET = "Grades"
LISTS_SHEET = "Lists"
YES_NO = ("yes", "no")
LIVE_FILL = "E7E6E6"  # the header of the live (formula) columns
GRADE_FILL = "FFF9E5"  # the grade cells


@dataclass(frozen=True)
class GradeRow:
    """One issue row as written: the labels of its grades ('' where not yet graded)."""

    issue: str
    grades: tuple[str, ...]
    confidence: str = ""
    selected: bool = False
    notes: str = ""


def blank_rows(matrix: Matrix, issues: Sequence[str]) -> list[GradeRow]:
    return [GradeRow(issue, ("",) * len(matrix.factors)) for issue in issues]


def assessment_rows(assessment: DistrictAssessment) -> list[GradeRow]:
    """The rows of a read assessment, each grade written as its level's label."""
    m = assessment.matrix
    scales = [m.scale(f.scale) for f in m.factors]
    return [
        GradeRow(
            issue,
            tuple(
                s.levels[int(k)].label for s, k in zip(scales, assessment.levels[i], strict=True)
            ),
            assessment.confidence[i],
            assessment.selected[i],
            assessment.notes[i],
        )
        for i, issue in enumerate(assessment.issues)
    ]


def header(matrix: Matrix) -> tuple[str, ...]:
    return (
        "issue",
        *matrix.factor_ids,
        "confidence",
        "selected",
        "notes",
        *computed_headers(matrix),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def grading_workbook(
    matrix: Matrix, rows: Sequence[GradeRow], version: str, name: str = "workbook.xlsx"
) -> bytes:
    """The workbook's bytes (the same for the same inputs)."""
    return save_book(grading_book(matrix, [(GRADES_SHEET, rows)], version, name))


def grading_book(
    matrix: Matrix,
    sheets: Sequence[tuple[str, Sequence[GradeRow]]],
    version: str,
    name: str,
    how: str = RETURN_HOW,
) -> Workbook:
    """A workbook with a grading sheet per (title, rows), then ``Legend``, ``About`` (``how``
    says how to return it) and the hidden ``Lists`` the drop-downs read."""
    require_extra("openpyxl", "excel", "writing .xlsx", name)
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    lists = _write_lists(book, matrix)
    for i, (title, rows) in enumerate(sheets):
        sheet = first if i == 0 else book.create_sheet(title)
        sheet.title = title
        _write_grades(sheet, matrix, rows, lists)
    write_legend(book, matrix)
    write_about(book, matrix, version, how)
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    return book


def save_book(book: Workbook) -> bytes:
    """A workbook's bytes, recalculated when opened, the same for the same content."""
    from csscore.render.formats.archive import fixed_zip

    book.calculation.fullCalcOnLoad = True
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    book.properties.creator = "csscore"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue())


def write_filled(assessment: DistrictAssessment, output: Path | None, force: bool) -> None:
    """``csscore score FILE --format xlsx -o OUT.xlsx``: the grading workbook, filled in."""
    from csscore import __version__
    from csscore.render.output import write_file

    if output is None:
        raise OutputError.at(
            assessment.source, "an .xlsx workbook is not printed; give -o FILE.xlsx"
        )
    if output.suffix.lower() != ".xlsx":
        raise OutputError.at(str(output), "the workbook is written to an .xlsx file")
    rows = assessment_rows(assessment)
    write_file(output, grading_workbook(assessment.matrix, rows, __version__, str(output)), force)


def _write_lists(book: Workbook, matrix: Matrix) -> dict[str, str]:
    """A hidden sheet with one column per drop-down list; {list key: range reference}."""
    sheet = book.create_sheet(LISTS_SHEET)
    refs = {}
    columns = [(f"scale:{s.id}", [lv.label for lv in s.levels]) for s in matrix.scales]
    columns += [("confidence", list(matrix.confidence)), ("selected", list(YES_NO))]
    for i, (key, values) in enumerate(columns, start=1):
        letter = column_letter(i)
        sheet.cell(row=1, column=i, value=safe_text(key))
        for j, value in enumerate(values, start=2):
            sheet.cell(row=j, column=i, value=safe_text(value))
        refs[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    return refs


def _prompt(matrix: Matrix, factor_index: int) -> tuple[str, str]:
    """(title, message) of a grade cell's input message: each level and its meaning."""
    factor = matrix.factors[factor_index]
    levels = matrix.scale(factor.scale).levels
    lines = [f"{lv.label}: {lv.description}" if lv.description else lv.label for lv in levels]
    message = "\n".join(lines)
    if len(message) > 255:
        message = ", ".join(lv.label for lv in levels)
    return _clip(factor.label, 32), _clip(message, 255)


def _write_grades(
    sheet: Worksheet, matrix: Matrix, rows: Sequence[GradeRow], lists: dict[str, str]
) -> None:
    """The grading sheet: its header, a row per issue with the live score formulas, the
    drop-downs, the band colours, and the protection that leaves only the inputs open."""
    columns = header(matrix)
    letters = {name: column_letter(i) for i, name in enumerate(columns, start=1)}
    first, last = 2, max(2, len(rows) + 1)
    computed = computed_headers(matrix)
    layout = Layout(
        {f: letters[f] for f in matrix.factor_ids}, {c: letters[c] for c in computed}, first, last
    )
    _write_header(sheet, columns, computed)
    _write_rows(sheet, matrix, rows, layout, letters)
    _add_drop_downs(sheet, matrix, lists, letters, (first, last))
    _add_band_colours(sheet, matrix, letters, (first, last))
    _fit_widths(sheet, matrix, columns, rows)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{letters[columns[-1]]}{last}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    print_setup(sheet)


def _write_header(sheet: Worksheet, columns: Sequence[str], computed: Sequence[str]) -> None:
    """Row 1: bold names, the live (computed) columns shaded and centred."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    live_fill = PatternFill("solid", fgColor=LIVE_FILL)
    for i, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=name)
        cell.font, cell.fill = bold, live_fill if name in computed else fill
        cell.alignment = Alignment(
            vertical="top", horizontal="center" if name in computed else None
        )


def _write_rows(
    sheet: Worksheet,
    matrix: Matrix,
    rows: Sequence[GradeRow],
    layout: Layout,
    letters: dict[str, str],
) -> None:
    """A row per issue: its inputs (unlocked, grades shaded) and its live score formulas."""
    from openpyxl.styles import Alignment, PatternFill, Protection

    columns = list(letters)
    first = layout.first_row
    # a style is built once on a prototype cell and copied (assigning one per cell costs a lookup)
    wrap_in, top_in, centred = (sheet.cell(row=first, column=i) for i in (1, 2, len(columns)))
    wrap_in.protection = top_in.protection = Protection(locked=False)
    wrap_in.alignment = Alignment(wrap_text=True, vertical="top")
    top_in.alignment = Alignment(vertical="top")
    centred.alignment = Alignment(vertical="top", horizontal="center")
    styles = {"input": copy(top_in._style), "wrapped": copy(wrap_in._style)}
    top_in.fill = PatternFill("solid", fgColor=GRADE_FILL)  # where a partner picks a grade
    styles["grade"] = copy(top_in._style)
    styles["live"] = copy(centred._style)
    kind = {f: "grade" for f in matrix.factor_ids} | {"notes": "wrapped", "issue": "wrapped"}
    for r, item in enumerate(rows, start=first):
        values: list[str] = [
            item.issue,
            *item.grades,
            item.confidence,
            "yes" if item.selected else "",
            item.notes,
        ]
        for i, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=i)
            cell._style = copy(styles[kind.get(columns[i - 1], "input")])
            if value:  # after the style, which would drop the quote prefix
                put_text(cell, value)
        if "\n" in item.notes or len(item.notes) > 60 or len(item.issue) > 40:
            sheet.row_dimensions[r].height = max(
                row_height(item.notes, 60), row_height(item.issue, 40)
            )
        for header_name, formula in row_formulas(matrix, layout, r).items():
            cell = sheet[f"{letters[header_name]}{r}"]
            cell.value = formula
            cell._style = copy(styles["live"])


def _add_drop_downs(
    sheet: Worksheet,
    matrix: Matrix,
    lists: dict[str, str],
    letters: dict[str, str],
    span: tuple[int, int],
) -> None:
    """A list validation per factor (its scale's grades), confidence and selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = span

    def cells(name: str) -> str:
        return f"{letters[name]}{first}:{letters[name]}{last}"

    for i, factor in enumerate(matrix.factors):
        title, prompt = _prompt(matrix, i)
        legend = matrix.scale(factor.scale).describe()
        rule = DataValidation(
            type="list",
            formula1=lists[f"scale:{factor.scale}"],
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=title,
            prompt=prompt,
            errorTitle=_clip(f"Not a {factor.label} grade", 32),
            error=_clip(f"Choose one of: {legend}", 255),
        )
        rule.add(cells(factor.id))
        sheet.add_data_validation(rule)
    for key, what in (("confidence", "confidence"), ("selected", "selected")):
        rule = DataValidation(
            type="list",
            formula1=lists[key],
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=_clip(what.capitalize(), 32),
            prompt=_clip(
                "How sure the partners are of these grades"
                if key == "confidence"
                else "yes: a locally agreed priority",
                255,
            ),
        )
        rule.add(cells(key))
        sheet.add_data_validation(rule)


def _add_band_colours(
    sheet: Worksheet, matrix: Matrix, letters: dict[str, str], span: tuple[int, int]
) -> None:
    """Risk and Band cells coloured by band; a gap in bold red."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    first, last = span
    colours = band_colours(len(matrix.bands))
    band_col = letters["Band"]
    for band, colour in zip(matrix.bands, colours, strict=True):
        literal = band.label.replace('"', '""')
        sheet.conditional_formatting.add(
            f"{letters['Risk']}{first}:{band_col}{last}",
            FormulaRule(
                formula=[f'${band_col}{first}="{literal}"'],
                fill=PatternFill("solid", start_color=colour, end_color=colour),
            ),
        )
    if "Gap" in letters:
        gap = letters["Gap"]
        sheet.conditional_formatting.add(
            f"{gap}{first}:{gap}{last}",
            FormulaRule(formula=[f'${gap}{first}<>""'], font=Font(bold=True, color="9C0006")),
        )


def _fit_widths(
    sheet: Worksheet, matrix: Matrix, columns: Sequence[str], rows: Sequence[GradeRow]
) -> None:
    longest = max([len("issue"), *(len(r.issue) for r in rows)])
    widths: dict[str, float] = {"issue": min(longest + 2, 42)}
    for factor in matrix.factors:
        longest = max(len(lv.label) for lv in matrix.scale(factor.scale).levels)
        widths[factor.id] = max(len(factor.id), longest) + 4  # room for the drop-down arrow
    widths["confidence"] = max(len("confidence"), *(len(c) for c in matrix.confidence)) + 4
    widths["selected"] = len("selected") + 4
    widths["notes"] = 60
    for name in computed_headers(matrix):
        widths[name] = max(len(name) + 3, 8)
    widths["Band"] = max(widths["Band"], max(len(b.label) for b in matrix.bands) + 3)
    if matrix.grades:
        widths["Grade"] = max(widths["Grade"], max(len(g.label) for g in matrix.grades) + 3)
    for i, name in enumerate(columns, start=1):
        sheet.column_dimensions[column_letter(i)].width = min(widths.get(name, 12), 60)
