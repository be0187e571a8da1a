"""The appendix as a Word file (python-docx, ``csscore[word]``): a title page, Word's heading
styles (so its navigation pane and contents work), Word tables whose header row repeats and
whose rows do not split across pages, figures as PNG at print resolution with captions, page
numbers in the footer, and the provenance at the end."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from csscore.appendix.model import Figure, Report, Section, provenance_table
from csscore.extras import require_extra
from csscore.render.formats.table import display_rows
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


def _widths(word: WordTable, table: Table) -> None:
    """Columns as wide as their longest text (within bounds), across 17 cm."""
    from docx.shared import Cm

    lengths = [
        min(max(len(_cell_text(v)) for v in (table.columns[c], *(r[c] for r in _shown(table)))), 45)
        + 3
        for c in range(len(table.columns))
    ]
    total = sum(lengths)
    word.autofit = False
    for c, length in enumerate(lengths):
        width = Cm(17 * length / total)
        word.columns[c].width = width
        for cell in word.columns[c].cells:
            cell.width = width


def _table(document: Document, table: Table) -> None:
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
            run = paragraph.add_run(_cell_text(value))
            run.font.size = Pt(8)
            run.bold = r == 0
            if numeric[c] or (table.align and table.align[c] == "right"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(word, table)
    _row_flags(word)
    for note in table.notes:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(xml_text(note))
        run.font.size = Pt(8)


def _figure(document: Document, figure: Figure, draw: Callable[[Figure], bytes | None]) -> None:
    from docx.shared import Cm

    png = draw(figure)
    if png is None:
        return
    document.add_picture(io.BytesIO(png), width=Cm(16))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(xml_text(f"Figure: {figure.caption}"), style="Caption")


def _section(
    document: Document, section: Section, level: int, draw: Callable[[Figure], bytes | None]
) -> None:
    heading = document.add_heading(xml_text(section.heading), level=min(level, 9))
    heading.paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        document.add_paragraph(xml_text(text))
    for text in section.bullets:
        document.add_paragraph(xml_text(text), style="List Bullet")
    for table in section.tables[:1]:
        _table(document, table)
    for figure in section.figures:
        _figure(document, figure, draw)
    for table in section.tables[1:]:
        _table(document, table)
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


def _title_page(document: Document, report: Report) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph(xml_text(report.title), style="Title")
    if report.subtitle:
        document.add_paragraph(xml_text(report.subtitle), style="Subtitle")
    facts = dict(report.provenance)
    for label in ("Community Safety Agreement", "Districts", "CSPs"):
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
    _title_page(document, report)
    _page_numbers(document)
    draw = scene_drawer(report, "png")
    for section in report.sections:
        _section(document, section, 1, draw)
    _section(
        document, Section("provenance", "Provenance", (), (provenance_table(report),)), 1, draw
    )
    out = io.BytesIO()
    document.save(out)
    from csscore.render.formats.archive import fixed_zip

    return fixed_zip(out.getvalue())
