"""The grading workbook's Legend and About sheets, and what every sheet of it shares: band
colours, text made formula-safe, print setup and row heights for wrapped text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from csscore.model.matrix import Matrix
from csscore.render.formats.workbook_formulas import column_letter

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = "DDEBF7"
#: Band fills from the lowest band to the highest: green, amber, red, interpolated between.
_RAMP = ((0xC6, 0xEF, 0xCE), (0xFF, 0xEB, 0x9C), (0xFF, 0xC7, 0xCE))
RETURN_HOW = (
    "Grade every issue on the Grades sheet with the drop-downs (the note on each cell says what "
    "each grade means), give your confidence and, where the partnership agreed it, mark the issue "
    "selected; write the reasons in notes. Harm, Likelihood, Risk, Band and Rank update as you go. "
    "Save the file as an Excel workbook (.xlsx, not .xlsm or .csv) under its own name and send "
    "it back to the analyst who sent it. They check it with `csscore validate FILE.xlsx`."
)


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


def safe_text(value: str) -> str:
    """A drop-down list's entry: a text a worksheet can hold, one that a spreadsheet would run
    as a formula prefixed with an apostrophe (a list entry carries no quote prefix)."""
    from csscore.render.safety import neutralise, xml_text

    return xml_text(neutralise(value))


def put_text(cell: Cell, value: str) -> None:
    """Write a text a partner edits and csscore reads back (an issue, a note, a district's name):
    kept as it is, so it reads back unchanged, and always text: a string cell, and one starting
    like a formula (``+ve parenting``, ``-20%``) carries Excel's quote prefix (the ``'`` typed
    before such text, which is not part of it), so it stays text when edited."""
    from csscore.render.safety import FORMULA_TRIGGERS, xml_text

    cell.value = xml_text(value)
    if value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """A row under the sheet's last, each text written as :func:`put_text` writes it."""
    sheet.append([None if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    for i, value in enumerate(values, start=1):
        if isinstance(value, str) and value:
            put_text(sheet.cell(row=row, column=i), value)


def print_setup(sheet: Worksheet, title_row: int | None = 1) -> None:
    """The print setup of every sheet csscore writes: A4 paper (England and Wales print on it;
    a workbook that names no paper size prints on the program's default, US Letter in
    LibreOffice), landscape, fitted to the page width, the header row (``title_row``; None for
    none) repeated on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_row is not None:
        sheet.print_title_rows = f"{title_row}:{title_row}"


def write_legend(book: Workbook, matrix: Matrix) -> None:
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
        append_row(sheet, [table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        append_row(sheet, table.columns)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = bold, fill
        for row in table.rows:
            append_row(sheet, row)
            if table.title == "Risk bands" and row and row[0] in colours:
                colour = str(colours[str(row[0])])
                sheet.cell(row=sheet.max_row, column=1).fill = PatternFill(
                    "solid", start_color=colour, end_color=colour
                )
        for note in table.notes:
            append_row(sheet, [note])
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
    print_setup(sheet)


def write_about(book: Workbook, matrix: Matrix, version: str, how: str = RETURN_HOW) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet("About")
    rows = (
        ("Matrix", matrix.name),
        ("Matrix version", matrix.version),
        ("Matrix title", matrix.title),
        ("Written by", f"csscore {version}"),
        ("How to return it", how),
        (
            "What csscore checks",
            "It reads the grades, not the formulas: every grade must be one of its scale's "
            "labels, and csscore recomputes the scores and says where a score cell disagrees.",
        ),
    )
    for key, value in rows:
        append_row(sheet, [key, value])
        sheet.row_dimensions[sheet.max_row].height = row_height(value, 90)
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    sheet.protection.sheet = True
    print_setup(sheet)


def row_height(text: str, width: float) -> float:
    """Points for a row whose wrapped text of ``width`` characters a line holds (a spreadsheet
    does not grow a row for wrapped text it did not type itself)."""
    lines = sum(max(1, -(-len(part) // max(1, int(width * 0.95)))) for part in text.split("\n"))
    return 15.0 * max(1, lines)
