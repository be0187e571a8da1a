"""The appendix as a LaTeX document for pdflatex, using only packages of TeX Live's
latex-base and latex-recommended: tables as longtables (:mod:`.latex_table`), tables too wide
for a portrait page on landscape pages (the headings that lead into them with them), figures
included from PDF files written beside the ``.tex``, headings kept with what follows them, and
PDF bookmarks for every heading.

:func:`latex_files` gives the ``.tex`` and its figure files; :func:`to_latex` the ``.tex`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from csscore.appendix.model import Figure, Report, Section, provenance_table
from csscore.render.formats.latex_table import column_groups, layout, longtable
from csscore.render.page import TEXT_WIDTH
from csscore.render.safety import latex_escape
from csscore.views.table import Table

PREAMBLE = r"""\documentclass[a4paper,10pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
\usepackage{textcomp}
\usepackage[margin=2cm]{geometry}
\usepackage{array}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{graphicx}
\usepackage{pdflscape}
\usepackage[font=small,labelfont=bf,textfont=bf,justification=raggedright,singlelinecheck=false]{caption}
\usepackage{parskip}
\usepackage[hidelinks]{hyperref}
\setlength{\LTleft}{0pt}
\setlength{\LTright}{\fill}
\setlength{\LTcapwidth}{\linewidth}
\captionsetup[longtable]{margin=0pt}
\newlength{\csstw}
\makeatletter
% \keeplines{N}: start a new page unless N lines fit on this one (needspace.sty's \Needspace)
\newcommand{\keeplines}[1]{\par\penalty-100\begingroup\setlength{\dimen@}{#1\baselineskip}%
  \dimen@ii\pagegoal\advance\dimen@ii-\pagetotal
  \ifdim\dimen@>\dimen@ii\ifdim\dimen@ii>\z@\vfil\fi\break\fi\endgroup}
\makeatother
"""
#: Lines that must fit below a heading, or before a table, for it to start on this page.
HEADING_LINES, TABLE_LINES = 10, 7
#: The largest a figure is drawn: the text width, and this share of the text height (the
#: printed figures are laid out to fit it: csscore.render.figures.PRINT_HEIGHT).
FIGURE_HEIGHT = 0.9
HEADINGS = ("section", "subsection", "subsubsection")


@dataclass(frozen=True)
class _Item:
    """One piece of the document in reading order: a heading, text, a table or a figure."""

    kind: str  # "heading", "text", "table", "figure"
    latex: str
    landscape: bool = False


#: Where a figure's file is and how wide it is drawn, points: its name beside the .tex, or None
#: when figures are not written.
Placer = Callable[[Figure], tuple[str, float] | None]


def _size(width: float) -> str:
    """A figure printed at its own size (so its text prints at the size it was drawn): narrowed
    to the line only where it is wider, and to ``FIGURE_HEIGHT`` of the page where taller."""
    across = f"{width:.2f}pt" if width < TEXT_WIDTH else "\\linewidth"
    return f"width={across},height={FIGURE_HEIGHT}\\textheight,keepaspectratio"


def _figure(figure: Figure, place: Placer) -> _Item:
    placed = place(figure)
    caption = latex_escape(f"Figure: {figure.caption}")
    if placed is None:
        return _Item("text", f"% {caption} (drawn only when the LaTeX is written with -o)\n")
    name, width = placed
    return _Item(
        "figure",
        "\\noindent\\begin{minipage}{\\linewidth}\\centering\n"
        f"\\includegraphics[{_size(width)}]{{{name}}}\n"
        f"\\captionof*{{figure}}{{{caption}}}\n\\end{{minipage}}\n",
    )


def _tables(table: Table) -> list[_Item]:
    """A table as one longtable, or several where its columns are too many for one page."""
    items = []
    for part in column_groups(table):
        shape = layout(part)
        items.append(_Item("table", longtable(part, shape), shape.landscape))
    return items


def _section(section: Section, level: int, place: Placer, out: list[_Item]) -> None:
    heading = latex_escape(section.heading)
    command = HEADINGS[min(level, 2)]
    out.append(
        _Item(
            "heading",
            f"\\{command}*{{{heading}}}\n"
            f"\\pdfbookmark[{min(level, 2)}]{{{heading}}}{{s{len(out)}}}\n",
        )
    )
    out += [_Item("text", f"{latex_escape(p)}\n") for p in section.paragraphs]
    if section.bullets:
        items = "".join(f"\\item {latex_escape(b)}\n" for b in section.bullets)
        out.append(_Item("text", f"\\begin{{itemize}}\n{items}\\end{{itemize}}\n"))
    out += [item for t in section.tables[:1] for item in _tables(t)]
    out += [_figure(f, place) for f in section.figures]
    out += [item for t in section.tables[1:] for item in _tables(t)]
    for sub in section.subsections:
        _section(sub, level + 1, place, out)


def _landscape_runs(items: list[_Item]) -> list[tuple[int, int]]:
    """The spans [start, end) set on landscape pages: from the headings that lead straight into
    a landscape table to the last landscape table before the next portrait one, with the
    figures straight after it."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(items):
        if not (items[i].kind == "table" and items[i].landscape):
            i += 1
            continue
        start = i
        while start > 0 and items[start - 1].kind == "heading":
            start -= 1
        if runs and start < runs[-1][1]:
            start = runs[-1][1]
        end, j = i + 1, i + 1
        while j < len(items) and not (items[j].kind == "table" and not items[j].landscape):
            if items[j].kind == "table":
                end = j + 1
            j += 1
        while end < len(items) and items[end].kind == "figure":
            end += 1
        runs.append((start, end))
        i = end
    return runs


def _join(items: list[_Item]) -> str:
    """The items as LaTeX: landscape spans wrapped, space kept below headings and before
    tables, consecutive headings never parted."""
    starts = {s: e for s, e in _landscape_runs(items)}
    ends = set(starts.values())
    parts: list[str] = []
    previous = ""
    for i, item in enumerate(items):
        if i in ends:
            parts.append("\\end{landscape}\n")
        if i in starts:
            parts.append("\\begin{landscape}\n")
        if item.kind == "heading" and previous != "heading":
            parts.append(f"\\keeplines{{{HEADING_LINES}}}\n")
        elif item.kind == "table" and previous not in ("heading", ""):
            parts.append(f"\\keeplines{{{TABLE_LINES}}}\n")
        parts.append(item.latex)
        previous = item.kind
    if len(items) in ends:
        parts.append("\\end{landscape}\n")
    return "\n".join(parts)


def to_latex(report: Report, place: Placer | None = None) -> str:
    """The appendix as one LaTeX document (A4). ``place`` names each figure's file; without
    it figures are left out (a comment marks each)."""
    title = latex_escape(report.title)
    head = (
        PREAMBLE
        + f"\\hypersetup{{pdftitle={{{title}}}}}\n"
        + f"\\title{{{title}}}\n\\author{{}}\n\\date{{{latex_escape(report.subtitle)}}}\n"
        + "\\begin{document}\n\\maketitle\n"
    )
    items: list[_Item] = []
    for section in report.sections:
        _section(section, 0, place or (lambda _: None), items)
    provenance = Section("provenance", "Provenance", (), (provenance_table(report),))
    _section(provenance, 0, lambda _: None, items)
    return head + _join(items) + "\n\\end{document}\n"


def _figures(section: Section) -> list[Figure]:
    return [*section.figures, *(f for s in section.subsections for f in _figures(s))]


def figure_prefix(stem: str) -> str:
    """The start of the figure files' names: the .tex's stem in plain letters, digits, '-' and
    '_' (names pdflatex includes without quoting)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "appendix"


def latex_files(report: Report, tex_name: str = "appendix.tex") -> dict[str, str | bytes]:
    """``{file name: content}``: the .tex, and each figure as a PDF named
    ``PREFIX-KIND[-DISTRICT].pdf`` (PREFIX the .tex's stem, :func:`figure_prefix`) that the
    .tex includes."""
    from pathlib import PurePath

    from csscore.render.drawing.files import draw_scene
    from csscore.render.figures import figure_scenes

    scene_of = figure_scenes(report, TEXT_WIDTH)
    prefix = figure_prefix(PurePath(tex_name).stem)
    files: dict[str, str | bytes] = {}
    names: dict[Figure, tuple[str, float]] = {}
    for figure in (f for s in report.sections for f in _figures(s)):
        if figure in names:
            continue
        scene = scene_of(figure)
        if scene is None:
            continue
        data = draw_scene(scene, "pdf")
        base = figure_prefix("-".join(p for p in (prefix, figure.kind, figure.district) if p))
        name, n = f"{base}.pdf", 2
        while name in files:
            name, n = f"{base}-{n}.pdf", n + 1
        files[name] = data
        names[figure] = (name, scene.width)
    return {tex_name: to_latex(report, names.get), **files}
