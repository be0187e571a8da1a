"""The appendix as one self-contained HTML file: inline CSS, pictures as SVG data URIs with alt
text, tables with captions and header cells, and print styles for A4."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

from csscore.appendix.model import Figure, Report, Section, provenance_table
from csscore.render.formats.table import render_table
from csscore.views.table import Table

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --accent: #1d4f91; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 1100px; padding: 1.5rem 2rem 3rem; line-height: 1.45; font-size: 15px; }
h1 { color: var(--accent); font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { margin-top: 1.6rem; }
p.subtitle { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0 0.3rem; font-size: 0.85rem; width: auto; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.55rem; vertical-align: top; }
th { background: #eef2f8; text-align: left; }
td[style*="right"], th[style*="right"] { font-variant-numeric: tabular-nums; }
p.note { color: var(--muted); font-size: 0.8rem; margin: 0.1rem 0; }
figure { margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figure img.print { display: none; border: 0; }
figcaption { color: var(--muted); font-size: 0.85rem; }
span.whole { white-space: nowrap; }
nav ol { columns: 2; font-size: 0.9rem; }
.table-wrap { overflow-x: auto; }
table.grid td.band { text-align: center; }
table.grid td.band-high, table.grid td.band-extreme { background: #f4c7c3; }
table.grid td.band-medium { background: #fce8b2; }
table.grid td.band-low { background: #d9ead3; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { page-break-before: always; break-before: page; }
  main > section:first-of-type > h2 { page-break-before: avoid; break-before: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  h2 + p, h3 + p, h4 + p { break-before: avoid; page-break-before: avoid; }
  table { page-break-inside: auto; font-size: 8pt; }
  caption { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; break-after: avoid; page-break-after: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  tbody tr:first-child { break-before: avoid; page-break-before: avoid; }
  .table-wrap { overflow: visible; }
  td, th { overflow-wrap: normal; word-break: normal; hyphens: manual; }
  figure img.screen { display: none; }
  figure img.print { display: block; }
}
"""

Drawer = Callable[[Figure], str | None]


#: A cell's text (escaped, no markup inside) and, in it, a word holding a hyphen: an id such as
#: 'pcc-2' or a word such as 're-offending', which a browser would break after the hyphen.
_CELL = re.compile(r"(<td[^>]*>)([^<]*)(</td>)")
_HYPHENED = re.compile(r"(?<![\w-])[\w.]+(?:-[\w.]+)+(?![\w-])")
#: A cell or hyphened word of at most this many characters is kept on one line ('Tonbridge and
#: Malling', 'pcc-2'); a longer one (a theme's name, a path, a digest) may break.
WHOLE = 24


def _keep_whole(cell: re.Match[str]) -> str:
    """A short cell kept on one line, and in a longer one each short hyphened word."""
    text = cell[2].strip()
    if len(html.unescape(text)) <= WHOLE:
        return f'{cell[1]}<span class="whole">{text}</span>{cell[3]}' if text else cell[0]
    text = _HYPHENED.sub(
        lambda w: f'<span class="whole">{w[0]}</span>' if len(w[0]) <= WHOLE else w[0], text
    )
    return cell[1] + text + cell[3]


def _table(table: Table) -> str:
    body = _CELL.sub(_keep_whole, render_table(table, "html"))
    return f'<div class="table-wrap">\n{body}</div>\n'


def _grid(table: Table) -> str:
    """A partners x issues grid, each cell shaded by its band."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        first, *cells = (html.escape(str(c)) for c in row)
        tds = "".join(f'<td class="band band-{_slug(c)}">{c}</td>' for c in cells)
        rows.append(f'<tr><th scope="row">{first}</th>{tds}</tr>')
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in table.notes)
    return (
        f'<div class="table-wrap">\n<table class="grid" id="{html.escape(table.key)}">\n'
        f"<caption>{html.escape(table.title)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>{''.join(rows)}</tbody>\n</table>\n{notes}</div>\n"
    )


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.casefold())


def _image(svg: str, alt: str, kind: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="{kind}" src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}">\n'


def _figure(figure: Figure, draw: Drawer | None, print_draw: Drawer | None) -> str:
    """A figure and its caption: the screen's picture, and where ``print_draw`` gives one, the
    picture laid out for print, which the print styles show instead (so it prints unshrunk)."""
    svg = draw(figure) if draw else None
    if svg is None:
        return ""
    printed = print_draw(figure) if print_draw else None
    images = _image(svg, figure.alt, "screen")
    if printed is not None:
        images += _image(printed, figure.alt, "print")
    return (
        f'<figure id="figure-{html.escape(figure.kind)}{"-" + html.escape(figure.district) if figure.district else ""}">\n'
        f"{images}<figcaption>{html.escape(figure.caption)}</figcaption>\n</figure>\n"
    )


def _section(section: Section, level: int, draw: Drawer | None, print_draw: Drawer | None) -> str:
    tag = f"h{min(level, 6)}"
    parts = [
        f'<section id="{html.escape(section.id)}">\n<{tag}>{html.escape(section.heading)}</{tag}>\n'
    ]
    parts += [f"<p>{html.escape(p)}</p>\n" for p in section.paragraphs]
    if section.bullets:
        items = "".join(f"<li>{html.escape(b)}</li>" for b in section.bullets)
        parts.append(f"<ul>{items}</ul>\n")
    parts += [_table(t) for t in section.tables[:1]]
    parts += [_figure(f, draw, print_draw) for f in section.figures]
    parts += [_table(t) for t in section.tables[1:]]
    parts += [_grid(t) for t in section.grids]
    parts += [_section(s, level + 1, draw, print_draw) for s in section.subsections]
    parts.append("</section>\n")
    return "".join(parts)


def to_html(report: Report, draw: Drawer | None, print_draw: Drawer | None = None) -> str:
    """The whole report; ``draw`` returns SVG for a figure (None to leave it out), and
    ``print_draw`` the SVG printed in its place (None: the screen's is printed)."""
    nav = "".join(
        f'<li><a href="#{html.escape(s.id)}">{html.escape(s.heading)}</a></li>'
        for s in report.sections
    )
    body = "".join(_section(s, 2, draw, print_draw) for s in report.sections)
    provenance = _section(
        Section("provenance", "Provenance", (), (provenance_table(report),)), 2, None, None
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{html.escape(report.title)}</h1>\n"
        + (f'<p class="subtitle">{html.escape(report.subtitle)}</p>\n' if report.subtitle else "")
        + f"</header>\n<nav><ol>{nav}</ol></nav>\n<main>\n{body}{provenance}</main>\n</body>\n</html>\n"
    )
