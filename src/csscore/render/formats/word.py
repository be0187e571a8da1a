"""The appendix as a Word file (python-docx, ``csscore[word]``): a title page, Word's heading
styles (so its navigation pane and contents work), Word tables whose header row repeats and
whose rows do not split across pages, figures as PNG at print resolution with captions, page
numbers in the footer, and the provenance at the end."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from csscore.appendix.model import Figure, Report, Section, provenance_table
from csscore.extras import require_extra
from csscore.render.formats.table import display_rows
from csscore.render.page import LANDSCAPE_WIDTH, TEXT_WIDTH
from csscore.render.safety import property_text, xml_text
from csscore.views.table import Table

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as WordTable


def _require_docx() -> None:
    require_extra("docx", "word", "writing .docx", "--format docx")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return xml_text(str(value))


def _row_flags(table: WordTable) -> None:
    """Mark the first row to repeat on each page and every row not to split."""
    from docx.oxml import OxmlElement

    for i, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if i == 0:
            properties.append(OxmlElement("w:tblHeader"))
        for cell in row.cells:  # keep a row's lines with the next, so a short table stays whole
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = (
                    i < len(table.rows) - 1 and len(table.rows) < 25
                )


def _shown(table: Table) -> list[list[str]]:
    """The cells as Word prints them: numbers as every displayed format shows them (one kind
    per column), a yes/no as "yes" or blank."""
    return [
        [_cell_text(v) if isinstance(v, bool) else xml_text(t) for v, t in zip(r, d, strict=True)]
        for r, d in zip(table.rows, display_rows(table), strict=True)
    ]


#: Table text size, points; a cell's left and right margins together (Word's 0.19 cm each), points.
TABLE_SIZE, CELL_PADDING = 8.0, 2 * 0.19 / 2.54 * 72 + 2
#: A text column is never narrower than this (or its longest text, if narrower), points.
MIN_TEXT = 60.0


def _natural_and_least(table: Table) -> tuple[list[float], list[float]]:
    """Each column's width in points as wide as its longest text (headings in bold), and its
    least width: its longest word (a number: its whole text), so that no heading, number or id
    (such as 'pcc-2') breaks. Measured at 8 pt with DejaVu Sans, which sets a little wider
    than Arial, so a column errs wide."""
    from csscore.render.drawing.fonts import width

    shown = _shown(table)
    natural, minimum = [], []
    for c, heading in enumerate(table.columns):
        cells = [r[c] for r in shown]
        number = all(isinstance(r[c], int | float) for r in table.rows if r[c] not in (None, ""))
        head = width(heading, TABLE_SIZE, True)
        head_word = max((width(w, TABLE_SIZE, True) for w in heading.split()), default=0.0)
        widest = max((width(t, TABLE_SIZE) for t in cells), default=0.0)
        words = [w for t in cells for w in t.split()]
        word = max((width(w, TABLE_SIZE) for w in words), default=0.0)
        natural.append(max(widest, head) + CELL_PADDING)
        least = widest if number else max(word, min(widest, MIN_TEXT))
        minimum.append(max(least, head_word) + CELL_PADDING)
    return natural, minimum


def wide(table: Table) -> bool:
    """Whether the table's columns cannot all have their least width across a portrait page
    (it is then set on a landscape page)."""
    return sum(_natural_and_least(table)[1]) > TEXT_WIDTH


def column_widths(table: Table, room: float = TEXT_WIDTH) -> list[float]:
    """Each column's width in points across ``room``: as wide as its text where the table
    fits; else the wide columns narrowed, none below its least width (and, were even those
    too wide, every column in proportion)."""
    from csscore.render.formats.columns import fill

    widths = fill(*_natural_and_least(table), room)
    total = sum(widths)
    return [w * room / total for w in widths] if total > room else widths


def _widths(word: WordTable, table: Table, room: float) -> None:
    """Set every column's width (the table's grid and each cell, which Word and LibreOffice
    each read) and a fixed layout, so both print the same columns."""
    from docx.shared import Pt

    word.autofit = False
    for c, points in enumerate(column_widths(table, room)):
        width = Pt(round(points, 1))
        word.columns[c].width = width
        for cell in word.columns[c].cells:
            cell.width = width


def _table(document: Document, table: Table, room: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if table.title:
        caption = document.add_paragraph(xml_text(table.title), style="Caption")
        caption.paragraph_format.keep_with_next = True
    word = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    word.style = "Table Grid"
    numeric = [
        bool(table.rows)
        and all(
            isinstance(r[c], int | float) and not isinstance(r[c], bool)
            for r in table.rows
            if r[c] not in (None, "")
        )
        for c in range(len(table.columns))
    ]
    shown = _shown(table)
    for r, values in enumerate((table.columns, *shown)):
        for c, value in enumerate(values):
            cell = word.cell(r, c)
            paragraph = cell.paragraphs[0]
            paragraph.style = TABLE_STYLE  # an empty cell's line as high as the others
            run = paragraph.add_run(_cell_text(value))
            run.bold = r == 0
            if numeric[c] or (table.align and table.align[c] == "right"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(word, table, room)
    _row_flags(word)
    for n, note in enumerate(table.notes):
        paragraph = document.add_paragraph(xml_text(note), style=NOTE_STYLE)
        if n == 0:
            paragraph.paragraph_format.space_before = Pt(4)


def print_width() -> float:
    """The width figures are laid out for: the text width less the white the PNG keeps round
    what it draws beyond the figure's own margin (``CROP_MARGIN`` less ``MARGIN``, each side)."""
    from csscore.render.drawing.charts import MARGIN
    from csscore.render.drawing.png import CROP_MARGIN

    return TEXT_WIDTH - 2 * (CROP_MARGIN - MARGIN)


def png_width(png: bytes) -> float:
    """A PNG's width in points at the resolution figures are drawn (``PNG_DPI``), from its
    header."""
    from csscore.render.drawing.files import PNG_DPI

    pixels = int.from_bytes(png[16:20], "big")  # IHDR's width, after the signature
    return pixels * 72 / PNG_DPI


def png_height(png: bytes) -> float:
    """A PNG's height in points at ``PNG_DPI``, from its header."""
    from csscore.render.drawing.files import PNG_DPI

    return int.from_bytes(png[20:24], "big") * 72 / PNG_DPI


def _figure(
    document: Document, figure: Figure, draw: Callable[[Figure], bytes | None], room: float
) -> None:
    """A figure at its own size (so its text prints at the size it was drawn), narrowed to
    ``room`` only where it is wider, and to ``PRINT_HEIGHT`` where taller (it keeps a page)."""
    from docx.shared import Pt

    from csscore.render.page import PRINT_HEIGHT

    png = draw(figure)
    if png is None:
        return
    width, height = png_width(png), png_height(png)
    across = min(width, room, PRINT_HEIGHT * width / height)
    document.add_picture(io.BytesIO(png), width=Pt(round(across, 1)))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(xml_text(f"Figure: {figure.caption}"), style="Caption")


def landscape(section: Section) -> bool:
    """Whether a section is set on landscape pages: one of its tables is :func:`wide`, or it
    holds no table or figure of its own and its first subsection is (so a heading is never
    left alone on the page before)."""
    if section.tables or section.figures:
        return any(wide(t) for t in section.tables)
    return bool(section.subsections) and landscape(section.subsections[0])


def _orient(document: Document, wanted: bool) -> None:
    """Start a new page in ``wanted`` orientation (landscape if True) unless the last is so;
    its footer, the page number, carries on."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    if (document.sections[-1].orientation == WD_ORIENT.LANDSCAPE) == wanted:
        return
    part = document.add_section(WD_SECTION.NEW_PAGE)
    part.orientation = WD_ORIENT.LANDSCAPE if wanted else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    part.page_width, part.page_height = (long, short) if wanted else (short, long)
    part.left_margin = part.right_margin = Cm(2)


def _section(
    document: Document, section: Section, level: int, draw: Callable[[Figure], bytes | None]
) -> None:
    """A section and its subsections: its tables on landscape pages where it is
    :func:`landscape`, its figures always on portrait pages (they are laid out for them)."""
    turn = landscape(section)
    _orient(document, turn)
    room = LANDSCAPE_WIDTH if turn else TEXT_WIDTH
    heading = document.add_heading(xml_text(section.heading), level=min(level, 9))
    heading.paragraph_format.keep_with_next = True
    follows = bool(section.tables or section.figures)
    for text in section.paragraphs:  # an introduction stays on the page of what it introduces
        document.add_paragraph(xml_text(text)).paragraph_format.keep_with_next = follows
    for text in section.bullets:
        document.add_paragraph(xml_text(text), style="List Bullet")
    for table in section.tables[:1]:
        _table(document, table, room)
    for figure in section.figures:  # on a portrait page, the one figures are laid out for
        _orient(document, False)
        _figure(document, figure, draw, TEXT_WIDTH)
    if section.tables[1:]:
        _orient(document, turn)
    for table in section.tables[1:]:
        _table(document, table, room)
    for sub in section.subsections:
        _section(document, sub, level + 1, draw)


def _page_numbers(document: Document) -> None:
    """'Page N' in the footer, N a PAGE field Word and LibreOffice fill in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            value = OxmlElement("w:t")
            value.text = text
            run._r.append(value)


#: The paper's one font: Arial, as council papers are set (LibreOffice prints it in Liberation
#: Sans, drawn to Arial's widths, so both lay the tables out alike).
FONT = "Arial"
#: The paragraph style of a table's cells: the table size, no space above or below.
TABLE_STYLE = "Table Text"
#: The paragraph style of the notes under a table: 8 pt, close together.
NOTE_STYLE = "Table Note"


def _fonts(document: Document) -> None:
    """Every style the paper uses in ``FONT``: the theme's fonts (Calibri, Cambria) dropped, so
    that a computer without them does not print another font of other widths."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for key in list(fonts.attrib):
            if key.endswith("Theme"):
                del fonts.attrib[key]
        for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(key), FONT)
    document.styles["Normal"].font.name = FONT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    cells = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = document.styles["Normal"]
    cells.font.size = Pt(TABLE_SIZE)
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(0)
    notes = document.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    notes.base_style = document.styles["Normal"]
    notes.font.size = Pt(8)
    notes.paragraph_format.space_before, notes.paragraph_format.space_after = Pt(0), Pt(3)


def csa_printed(report: Report) -> str:
    """The CSA as it prints itself, its title and edition ('Kent Community Safety Agreement,
    April 2017'), and for a county counted by issue, that it is."""
    csa = report.county.csa
    named = csa.title + (f", {csa.edition}" if csa.edition else "")
    if not csa.by_issue:
        return named
    if csa.file:
        return f"{named}, which declares no priorities or themes: CSPs counted by issue"
    return "none: CSPs counted by issue"


def _title_page(document: Document, report: Report) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph(xml_text(report.title), style="Title")
    if report.subtitle:
        document.add_paragraph(xml_text(report.subtitle), style="Subtitle")
    facts = dict(report.provenance)
    document.add_paragraph(xml_text(f"Community Safety Agreement: {csa_printed(report)}"))
    for label in ("Districts", "CSPs"):
        if label in facts:
            document.add_paragraph(xml_text(f"{label}: {facts[label]}"))
    document.add_paragraph(
        "The district gradings are illustrative, not the districts' own assessments."
        if report.illustrative
        else "Prepared with csscore from the county's strategic assessment files."
    )
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def to_docx(report: Report) -> bytes:
    """The whole report as the bytes of a .docx file (the same bytes for the same report)."""
    _require_docx()
    import docx
    from docx.shared import Cm

    from csscore.render.figures import scene_drawer

    document = docx.Document()
    for part in document.sections:
        part.page_height, part.page_width = Cm(29.7), Cm(21.0)
        part.left_margin = part.right_margin = Cm(2)
    core = document.core_properties
    core.title = property_text(report.title)
    core.subject = property_text(report.subtitle)
    core.author = "csscore"
    import datetime

    fixed = datetime.datetime(2000, 1, 1)  # fixed times: same inputs, same bytes
    core.created = core.modified = fixed
    core.last_modified_by = "csscore"
    core.revision = 1
    _fonts(document)
    _title_page(document, report)
    _page_numbers(document)
    draw = scene_drawer(report, "png", print_width())
    for section in report.sections:
        _section(document, section, 1, draw)
    provenance = replace(provenance_table(report), title="")  # the heading names it, once
    _section(document, Section("provenance", "Provenance", (), (provenance,)), 1, draw)
    out = io.BytesIO()
    document.save(out)
    from csscore.render.formats.archive import fixed_zip

    return fixed_zip(out.getvalue())
