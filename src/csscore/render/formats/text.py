"""The appendix as Markdown and JSON (LaTeX: :mod:`csscore.render.formats.latex`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from csscore.appendix.model import Report, Section, provenance_table
from csscore.render.formats.table import render_table, to_json
from csscore.render.safety import md_escape
from csscore.views.table import Table


def _md_table(table: Table) -> str:
    body = render_table(replace(table, title="", notes=()), "github").strip()
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
    """Every section and table as JSON, with the provenance and input hashes; the analysts'
    appendix also carries the county's own JSON (``csscore aggregate --format json``), which
    the committee paper, free of rank statistics, leaves out."""
    from csscore.views.county import county_json

    county = {} if report.audience == "committee" else {"county": county_json(report.county)}
    return to_json(
        {
            "title": report.title,
            "subtitle": report.subtitle,
            "illustrative": report.illustrative,
            "sections": [_json_section(s) for s in report.sections],
            **county,
            "provenance": {label: value for label, value in report.provenance},
            "inputs": [{"kind": k, "name": n, "sha256": h} for k, n, h in report.inputs],
        }
    )
