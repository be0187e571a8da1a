"""The appendix as Markdown, LaTeX (booktabs) and JSON."""

from __future__ import annotations

from typing import Any

from csscore.appendix.model import Report, Section, provenance_table
from csscore.render.formats.table import render_table, to_json
from csscore.render.safety import latex_escape, md_escape
from csscore.views.table import Table


def _md_table(table: Table) -> str:
    body = render_table(Table("", table.columns, table.rows, (), table.align), "github").strip()
    caption = f"**{md_escape(table.title)}**\n\n" if table.title else ""
    notes = "".join(f"\n{md_escape(n)}\n" for n in table.notes)
    return f"{caption}{body}\n{notes}"


def _md_section(section: Section, level: int) -> str:
    parts = [f"{'#' * level} {md_escape(section.heading)}\n"]
    parts += [f"{md_escape(p)}\n" for p in section.paragraphs]
    if section.bullets:
        parts.append("".join(f"- {md_escape(b)}\n" for b in section.bullets))
    parts += [_md_table(t) for t in section.tables]
    parts += [_md_section(s, level + 1) for s in section.subsections]
    return "\n".join(parts)


def to_markdown(report: Report) -> str:
    """GitHub-flavoured Markdown; all user text escaped."""
    head = f"# {md_escape(report.title)}\n\n" + (
        f"{md_escape(report.subtitle)}\n\n" if report.subtitle else ""
    )
    body = "\n".join(_md_section(s, 2) for s in report.sections)
    return (
        head
        + body
        + "\n"
        + _md_section(Section("provenance", "Provenance", (), (provenance_table(report),)), 2)
    )


def _latex_table(table: Table) -> str:
    body = render_table(
        Table("", table.columns, table.rows, (), table.align), "latex_booktabs"
    ).strip()
    notes = "".join(f"\\par\\footnotesize {latex_escape(n)}\n" for n in table.notes)
    caption = f"\\caption*{{{latex_escape(table.title)}}}\n" if table.title else ""
    return (
        "\\begin{table}[htbp]\n\\centering\\small\n"
        + caption
        + "\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n"
        + body
        + "}\n"
        + notes
        + "\\end{table}\n"
    )


def _latex_section(section: Section, level: int) -> str:
    command = ("section", "subsection", "subsubsection")[min(level, 2)]
    parts = [f"\\{command}*{{{latex_escape(section.heading)}}}\n"]
    parts += [f"{latex_escape(p)}\n" for p in section.paragraphs]
    if section.bullets:
        items = "".join(f"\\item {latex_escape(b)}\n" for b in section.bullets)
        parts.append(f"\\begin{{itemize}}\n{items}\\end{{itemize}}\n")
    parts += [_latex_table(t) for t in section.tables]
    parts += [_latex_section(s, level + 1) for s in section.subsections]
    return "\n".join(parts)


def to_latex(report: Report) -> str:
    """A standalone LaTeX document of booktabs tables (A4)."""
    preamble = (
        "\\documentclass[a4paper,10pt]{article}\n"
        "\\usepackage[margin=2cm]{geometry}\n"
        "\\usepackage{booktabs}\n\\usepackage{graphicx}\n\\usepackage{caption}\n"
        "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        f"\\title{{{latex_escape(report.title)}}}\n\\date{{{latex_escape(report.subtitle)}}}\n"
        "\\begin{document}\n\\maketitle\n"
    )
    body = "\n".join(_latex_section(s, 0) for s in report.sections)
    tail = _latex_section(Section("provenance", "Provenance", (), (provenance_table(report),)), 0)
    return preamble + body + "\n" + tail + "\\end{document}\n"


def _json_table(table: Table) -> dict[str, Any]:
    return {
        "title": table.title,
        "columns": list(table.columns),
        "rows": [[_json_cell(c) for c in row] for row in table.rows],
        "notes": list(table.notes),
    }


def _json_cell(cell: Any) -> Any:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def _json_section(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "heading": section.heading,
        "paragraphs": list(section.paragraphs),
        "bullets": list(section.bullets),
        "tables": [_json_table(t) for t in section.tables],
        "sections": [_json_section(s) for s in section.subsections],
    }


def to_json_report(report: Report) -> str:
    """Every section and table as JSON, with the provenance and input hashes."""
    from csscore.views.county import county_json

    return to_json(
        {
            "title": report.title,
            "subtitle": report.subtitle,
            "illustrative": report.illustrative,
            "sections": [_json_section(s) for s in report.sections],
            "county": county_json(report.county),
            "provenance": {label: value for label, value in report.provenance},
            "inputs": [{"kind": k, "name": n, "sha256": h} for k, n, h in report.inputs],
        }
    )
