"""One appendix table as a LaTeX ``longtable`` that fits the page at a readable size.

Every column is a ``p{}`` column (text ragged right, numbers flush right) whose width is worked
out from its cells: each column as wide as its longest cell where the table fits, else the
widest columns narrowed, evenly, until it does, no column below its longest word. A table whose
columns cannot fit a portrait page at 9 pt is set on a landscape page, at 9 pt and then 8 pt;
nothing is set smaller. The header row repeats on every page the table runs onto.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from csscore.render.formats.columns import fill
from csscore.render.formats.table import column_alignment, column_kinds, display_rows
from csscore.render.safety import latex_escape, one_line
from csscore.views.table import Table

#: The text width, in points, of an A4 page with 2 cm margins: portrait (17 cm), landscape (25.7 cm).
TEXT_WIDTH = {False: 481.7, True: 731.5}
#: The LaTeX size commands tried, with their size in points (10 pt document): none below 8 pt.
SIZES = (("small", 9.0), ("footnotesize", 8.0))
#: Space between two columns (2\tabcolsep, 6 pt each side).
GAP = 12.0
#: A text column is never narrower than this many ems (or its longest cell, if narrower).
MIN_TEXT = 7.5
#: Room left in each column beyond its text, in ems.
SLACK = 0.5
#: Headings are set in bold.
HEADING_BOLD = True
#: A word longer than this (a path, a digest) may break after '/', '-', '_' or '.', or every
#: ``PIECE`` characters; shorter words never break, so that ids such as 'pcc-2' stay whole.
LONG_WORD, PIECE = 24, 16
#: A table of at most this many rows is never split across pages.
KEEP_WHOLE = 6


@dataclass(frozen=True)
class Layout:
    """How a table is set: on a landscape page or not, at which size, each column's share of
    the width left for text and whether it is flush right."""

    landscape: bool
    size: str
    shares: tuple[float, ...]
    right: tuple[bool, ...]
    fits: bool = True  # False: too many columns for a landscape page at 8 pt


def _pieces(word: str) -> list[str]:
    """A long word cut where it may break (after '/', '-', '_', '.', or every PIECE characters)."""
    out, current = [], ""
    for ch in word:
        current += ch
        if ch in "/-_." or len(current) == PIECE:
            out.append(current)
            current = ""
    return out + ([current] if current else [])


@lru_cache(maxsize=4)
def _table(size: str, bold: bool) -> dict[str, float]:
    """Each character's width in ems of ``size`` (from latex_metrics, measured with pdflatex)."""
    from csscore.render.formats.latex_metrics import CHARS, WIDTHS

    points = dict(SIZES)[size]
    widths = [int(w) / 1000 / points for w in WIDTHS[(size, bold)].split()]
    table = dict(zip(CHARS, widths, strict=True))
    table["\u00a0"] = table[" "]  # a no-break space is a space
    return table


@lru_cache(maxsize=65536)
def _em(text: str, size: str, bold: bool = False) -> float:
    """The width of ``text`` in ems as pdflatex sets it at ``size`` (kerning aside, which only
    narrows); a character outside the table counts as the widest in it."""
    table = _table(size, bold)
    widest = max(table.values())
    return sum(table.get(ch, widest) for ch in text)


def _widest_word(text: str, size: str, bold: bool = False) -> float:
    """The width in ems of the widest piece of ``text`` that cannot break."""
    pieces = [p for w in text.split() for p in (_pieces(w) if len(w) > LONG_WORD else [w])]
    return max((_em(p, size, bold) for p in pieces), default=0.0)


def _widths(
    table: Table, texts: list[list[str]], right: tuple[bool, ...], size: str
) -> tuple[list[float], list[float]]:
    """Each column's natural and least width, in ems of ``size``: as wide as its widest cell
    or its heading (bold), and no narrower than its widest word (a number, its whole text)."""
    natural: list[float] = []
    minimum: list[float] = []
    for heading, cells, flush in zip(table.columns, texts, right, strict=True):
        head = _em(one_line(heading), size, HEADING_BOLD)
        head_word = _widest_word(heading, size, HEADING_BOLD)
        widest = max((_em(c, size) for c in cells), default=0.0)
        natural.append(max(widest, head) + SLACK)
        if flush:  # numbers do not wrap; their heading may
            minimum.append(max(widest, head_word) + SLACK)
        else:
            word = max((_widest_word(c, size) for c in cells), default=0.0)
            minimum.append(max(word, head_word, min(widest, MIN_TEXT)) + SLACK)
    return natural, minimum


def layout(table: Table) -> Layout:
    """The first of portrait 9 pt, landscape 9 pt and landscape 8 pt at which every column
    gets its minimum (landscape 8 pt if none does)."""
    shown = display_rows(table)
    texts = [[one_line(r[c]) for r in shown] for c in range(len(table.columns))]
    right = tuple(a == "right" for a in column_alignment(table))
    gaps = GAP * max(len(table.columns) - 1, 0)
    choices = [(False, SIZES[0]), (True, SIZES[0]), (True, SIZES[1])]
    widths = [_widths(table, texts, right, size) for _, (size, _) in choices]
    room = [(TEXT_WIDTH[landscape] - gaps) / points for landscape, (_, points) in choices]
    pick = next((i for i, r in enumerate(room) if sum(widths[i][1]) <= r), len(choices) - 1)
    (landscape, (size, _)), budget = choices[pick], room[pick]
    natural, minimum = widths[pick]
    fits = sum(minimum) <= budget
    filled = fill(natural, minimum, budget)
    scale = min(1.0, budget / sum(filled)) if filled else 1.0
    shares = tuple(int(w * scale / budget * 10000) / 10000 for w in filled)  # sum <= 1
    return Layout(landscape, size, shares, right, fits)


def column_groups(table: Table) -> list[Table]:
    """The table whole if it fits a page, else cut into tables of as many columns as fit, each
    repeating the first (the row's name) and titled '(columns 2 to 8 of 15)'."""
    if layout(table).fits or len(table.columns) <= 2:
        return [table]
    groups: list[list[int]] = [[]]
    for c in range(1, len(table.columns)):
        trial = [0, *groups[-1], c]
        if groups[-1] and not layout(_columns(table, trial, "")).fits:
            groups.append([])
        groups[-1].append(c)
    n = len(table.columns)
    return [
        _columns(table, [0, *g], f"{table.title} (columns {g[0] + 1} to {g[-1] + 1} of {n})")
        for g in groups
    ]


def _columns(table: Table, keep: list[int], title: str) -> Table:
    align = tuple(column_alignment(table)[c] for c in keep)
    kinds = column_kinds(table)
    return Table(
        title,
        tuple(table.columns[c] for c in keep),
        tuple(tuple(row[c] for c in keep) for row in table.rows),
        table.notes,
        align,
        table.key,
        tuple(kinds[c] for c in keep),
        table.row_kinds,
    )


def _cell(text: str) -> str:
    """A cell's text escaped, long words given places to break."""
    words = []
    for word in one_line(text).split(" "):
        if len(word) > LONG_WORD:
            words.append(r"\allowbreak{}".join(latex_escape(p) for p in _pieces(word)))
        else:
            words.append(latex_escape(word))
    return " ".join(words)


def _row_end(i: int, count: int) -> str:
    """The end of row ``i``: no page break after it (``\\*``) in a table of at most KEEP_WHOLE
    rows, after the first row or before the last, so no page holds one row of a table alone."""
    alone = count <= KEEP_WHOLE or i == 0 or i >= count - 2
    return " \\\\*\n" if alone and i < count - 1 else " \\\\\n"


def longtable(table: Table, shape: Layout) -> str:
    """The table as a longtable at ``shape``'s size, its caption, header and notes included."""
    n = len(table.columns)
    flush = {True: r"\raggedleft", False: r"\raggedright"}
    specs = "".join(
        f">{{{flush[right]}\\arraybackslash}}p{{{share:.4f}\\csstw}}"
        for share, right in zip(shape.shares, shape.right, strict=True)
    )
    header = " & ".join(f"\\textbf{{{_cell(c)}}}" for c in table.columns) + r" \\"
    title = _cell(table.title)
    caption = f"\\caption*{{{title}}}\\\\\n" if title else ""
    again = f"\\caption*{{{title} (continued)}}\\\\\n" if title else ""
    rows = "".join(
        " & ".join(_cell(c) for c in row) + _row_end(i, len(table.rows))
        for i, row in enumerate(display_rows(table))
    )
    notes = "".join(f"\\par {_cell(note)}\n" for note in table.notes)
    return (
        f"\\begingroup\\{shape.size}\n"
        f"\\setlength{{\\csstw}}{{\\dimexpr\\linewidth-{2 * max(n - 1, 0)}\\tabcolsep\\relax}}\n"
        f"\\begin{{longtable}}{{@{{}}{specs}@{{}}}}\n"
        f"{caption}\\toprule\n{header}\n\\midrule\n\\endfirsthead\n"
        f"{again}\\toprule\n{header}\n\\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n"  # as tall as the last foot, which longtable leaves room for
        "\\bottomrule\n\\endlastfoot\n"
        f"{rows}\\end{{longtable}}\n{notes}\\endgroup\n"
    )
