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
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.render.formats.workbook_formulas import (
    Layout,
    column_letter,
    computed_headers,
    row_formulas,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

GRADES_SHEET = "Grades"
LISTS_SHEET = "Lists"
YES_NO = ("yes", "no")
HEADER_FILL = "DDEBF7"
LIVE_FILL = "E7E6E6"  # the header of the live (formula) columns
#: Band fills from the lowest band to the highest: green, amber, red, interpolated between.
_RAMP = ((0xC6, 0xEF, 0xCE), (0xFF, 0xEB, 0x9C), (0xFF, 0xC7, 0xCE))
RETURN_HOW = (
    "Grade every issue on the Grades sheet with the drop-downs (the note on each cell says what "
    "each grade means), give your confidence and, where the partnership agreed it, mark the issue "
    "selected; write the reasons in notes. Harm, Likelihood, Risk, Band and Rank update as you go. "
    "Save the file as an Excel workbook (.xlsx, not .xlsm or .csv) under its own name and send "
    "it back to the analyst who sent it. They check it with `csscore validate FILE.xlsx`."
)


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


def band_colours(count: int) -> list[str]:
    """Hex fills for ``count`` bands, from green through amber to red."""
    out = []
    for i in range(count):
        t = 0.0 if count == 1 else i * (len(_RAMP) - 1) / (count - 1)
        low = min(int(t), len(_RAMP) - 2)
        f = t - low
        rgb = (round(a + (b - a) * f) for a, b in zip(_RAMP[low], _RAMP[low + 1], strict=True))
        out.append("".join(f"{c:02X}" for c in rgb))
    return out


def header(matrix: Matrix) -> tuple[str, ...]:
    return (
        "issue",
        *matrix.factor_ids,
        "confidence",
        "selected",
        "notes",
        *computed_headers(matrix),
    )


def _text(value: str) -> str:
    from csscore.render.formats.files import neutralise

    return neutralise(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def grading_workbook(
    matrix: Matrix, rows: Sequence[GradeRow], version: str, name: str = "workbook.xlsx"
) -> bytes:
    """The workbook's bytes (the same for the same inputs)."""
    try:
        import openpyxl
    except ImportError:
        raise OutputError.at(
            name, "writing .xlsx needs openpyxl: pip install 'csscore[excel]'"
        ) from None
    from csscore.render.formats.files import _fixed_zip

    book = openpyxl.Workbook()
    grades = book.active
    grades.title = GRADES_SHEET
    lists = _write_lists(book, matrix)
    _write_grades(grades, matrix, rows, lists)
    _write_legend(book, matrix)
    _write_about(book, matrix, version)
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    book.calculation.fullCalcOnLoad = True
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    book.properties.creator = "csscore"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


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
        sheet.cell(row=1, column=i, value=_text(key))
        for j, value in enumerate(values, start=2):
            sheet.cell(row=j, column=i, value=_text(value))
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
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = header(matrix)
    letters = {name: column_letter(i) for i, name in enumerate(columns, start=1)}
    first, last = 2, max(2, len(rows) + 1)
    computed = computed_headers(matrix)
    layout = Layout(
        {f: letters[f] for f in matrix.factor_ids}, {c: letters[c] for c in computed}, first, last
    )
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    live_fill = PatternFill("solid", fgColor=LIVE_FILL)
    for i, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=name)
        cell.font, cell.fill = bold, live_fill if name in computed else fill
        cell.alignment = Alignment(
            vertical="top", horizontal="center" if name in computed else None
        )
    # a style is built once on a prototype cell and copied (assigning one per cell costs a lookup)
    wrap_in, top_in, centred = (sheet.cell(row=first, column=i) for i in (1, 2, len(columns)))
    wrap_in.protection = top_in.protection = Protection(locked=False)
    wrap_in.alignment = Alignment(wrap_text=True, vertical="top")
    top_in.alignment = Alignment(vertical="top")
    centred.alignment = Alignment(vertical="top", horizontal="center")
    styles = {
        "input": copy(top_in._style),
        "wrapped": copy(wrap_in._style),
        "live": copy(centred._style),
    }
    for r, item in enumerate(rows, start=first):
        values: list[str] = [
            _text(item.issue),
            *item.grades,
            item.confidence,
            "yes" if item.selected else "",
            _text(item.notes),
        ]
        for i, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=i, value=_text(value) if value else None)
            cell._style = copy(
                styles["wrapped" if columns[i - 1] in ("notes", "issue") else "input"]
            )
        if "\n" in item.notes or len(item.notes) > 60 or len(item.issue) > 40:
            sheet.row_dimensions[r].height = max(
                row_height(item.notes, 60), row_height(item.issue, 40)
            )
        for header_name, formula in row_formulas(matrix, layout, r).items():
            cell = sheet[f"{letters[header_name]}{r}"]
            cell.value = formula
            cell._style = copy(styles["live"])

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
        sheet.conditional_formatting.add(
            cells("Gap"),
            FormulaRule(
                formula=[f'${letters["Gap"]}{first}<>""'], font=Font(bold=True, color="9C0006")
            ),
        )
    _fit_widths(sheet, matrix, columns, rows)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{letters[columns[-1]]}{last}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    _print_setup(sheet)


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


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _write_legend(book: Workbook, matrix: Matrix) -> None:
    """What ``csscore matrix show`` prints, one table under another."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from csscore.views.legend import legend_tables

    sheet = book.create_sheet("Legend")
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    widths: dict[int, int] = {}
    colours = dict(
        zip((b.label for b in matrix.bands), band_colours(len(matrix.bands)), strict=True)
    )
    for n, table in enumerate(legend_tables(matrix)):
        if n:
            sheet.append([])
        sheet.append([_text(table.title)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([_text(c) for c in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = bold, fill
        for row in table.rows:
            sheet.append([_text(c) if isinstance(c, str) else c for c in row])
            if table.title == "Risk bands" and row and row[0] in colours:
                colour = str(colours[str(row[0])])
                sheet.cell(row=sheet.max_row, column=1).fill = PatternFill(
                    "solid", start_color=colour, end_color=colour
                )
        for note in table.notes:
            sheet.append([_text(note)])
        for row in table.rows:
            for i, value in enumerate(row, start=1):
                widths[i] = max(widths.get(i, 8), len(str(value)) + 2)
        for i, column in enumerate(table.columns, start=1):
            widths[i] = max(widths.get(i, 8), len(column) + 2)
    for i, width in widths.items():
        sheet.column_dimensions[column_letter(i)].width = min(width, 60)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = wrap
    sheet.protection.sheet = True
    _print_setup(sheet)


def _write_about(book: Workbook, matrix: Matrix, version: str) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet("About")
    rows = (
        ("Matrix", matrix.name),
        ("Matrix version", matrix.version),
        ("Matrix title", matrix.title),
        ("Written by", f"csscore {version}"),
        ("How to return it", RETURN_HOW),
        (
            "What csscore checks",
            "It reads the grades, not the formulas: every grade must be one of its scale's "
            "labels, and csscore recomputes the scores and says where a score cell disagrees.",
        ),
    )
    for key, value in rows:
        sheet.append([key, _text(value)])
        sheet.row_dimensions[sheet.max_row].height = row_height(value, 90)
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    sheet.protection.sheet = True
    _print_setup(sheet)


def row_height(text: str, width: float) -> float:
    """Points for a row whose wrapped text of ``width`` characters a line holds (a spreadsheet
    does not grow a row for wrapped text it did not type itself)."""
    lines = sum(max(1, -(-len(part) // max(1, int(width * 0.95)))) for part in text.split("\n"))
    return 15.0 * max(1, lines)
