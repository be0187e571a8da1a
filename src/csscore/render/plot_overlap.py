"""The two-sided overlap diagram: CSA priorities and cross-cutting themes on the left, plan
priorities grouped by kind on the right, joined by lines as wide as the issues they share.

With two plans the CSA sits in the middle, the first plan on the left and the second on the
right. Drawn on an A4 page in points (1/72 in), so the font sizes are the printed sizes.
matplotlib (the ``plot`` extra) is imported inside the functions, with the Agg canvas only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csscore import __version__
from csscore.errors import OutputError
from csscore.overlap import Overlap
from csscore.plan import PLAN_KINDS

PLOT_FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
A4 = (8.27, 11.69)  # inches, portrait: one plan
A3 = (11.69, 16.54)  # two plans side by side
PNG_DPI = 150
MARGIN = 30.0  # points
BOTTOM = 20.0  # margin under the footer line
FONT_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)  # tried in turn until the columns fit the page
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
THEME_COLOURS = ("#5a5a5a", "#7a6a2a", "#2a6a6a", "#6a2a5a")
GAP = "#c0392b"
MUTED = "#8a8a8a"
LINESPACING = 1.25  # baseline to baseline, in font sizes
PAD = 3.5  # points inside a box
WIDEN = 1.01  # measured widths ignore kerning: err a little wide
INSTALL_HINT = "drawing needs matplotlib: pip install 'csscore[plot]'"


def plot_format(path: Path) -> str | None:
    return PLOT_FORMATS.get(path.suffix.lower())


def require_matplotlib() -> None:
    """Fail early, with the install hint, where matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise OutputError.at("--plot", INSTALL_HINT) from None


@dataclass
class _Box:
    key: str
    text: str
    tag: str = ""  # the plan priority's id, set in a gutter
    colour: str = "#444444"
    face: str = "#f5f5f5"
    heading: int = 0  # 1: column title, 2: group heading
    muted: bool = False
    gap: bool = False
    dashed: bool = False
    lines: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    gutter: float = 0.0


class _Measure:
    """Text widths and line heights in points. Widths add up the glyphs' advances (read once per
    character from the font matplotlib uses), which is fast and errs wide (kerning ignored)."""

    def __init__(self, figure: Any) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.font_manager import FontProperties, findfont, get_font

        self.renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
        self.scale: float = 72.0 / float(figure.dpi)
        self.font = FontProperties
        self.faces = {
            bold: get_font(findfont(FontProperties(weight="bold" if bold else "normal")))
            for bold in (False, True)
        }
        self.advances: dict[tuple[str, bool], float] = {}
        self.lp: dict[tuple[float, bool], tuple[float, float]] = {}

    def _advance(self, char: str, bold: bool) -> float:
        """A character's advance at 1 pt."""
        if (char, bold) not in self.advances:
            from matplotlib import ft2font

            flags = getattr(ft2font, "LoadFlags", None)  # matplotlib >= 3.10; before, an int
            no_hinting: Any = flags.NO_HINTING if flags else getattr(ft2font, "LOAD_NO_HINTING", 2)
            face = self.faces[bold]
            face.set_size(72.0, 72.0)
            glyph = face.load_char(ord(char), flags=no_hinting)
            self.advances[char, bold] = glyph.linearHoriAdvance / 65536 / 72.0
        return self.advances[char, bold]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return size * sum(self._advance(c, bold) for c in text) * WIDEN

    def metrics(self, size: float, bold: bool = False) -> tuple[float, float]:
        """Ascent and descent of a line (points)."""
        if (size, bold) not in self.lp:
            prop = self.font(size=size, weight="bold" if bold else "normal")
            _, h, d = self.renderer.get_text_width_height_descent("lp", prop, False)
            self.lp[size, bold] = float(h - d) * self.scale, float(d) * self.scale
        return self.lp[size, bold]

    def height(self, lines: int, size: float, bold: bool = False) -> float:
        """The height of a block of ``lines`` lines drawn by :func:`_text`."""
        ascent, descent = self.metrics(size, bold)
        return ascent + descent + max(lines - 1, 0) * size * LINESPACING

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if line and self.width(trial, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line] if line else lines


def _csa_column(overlaps: Sequence[Overlap]) -> list[_Box]:
    """The CSA's priorities, then its cross-cutting themes; a gap is linked to no plan shown."""
    o = overlaps[0]
    boxes = [_Box("", o.csa.title, heading=1), _Box("", "Priorities", heading=2)]
    linked = {k.csa for ov in overlaps for k in ov.links}
    colours, themes = iter(PALETTE * 4), iter(THEME_COLOURS * 8)
    for item in o.rows:
        theme = item.kind != "priority"
        if theme and not any(b.dashed for b in boxes):
            boxes.append(_Box("", "Cross-cutting themes", heading=2))
        colour = next(themes) if theme else next(colours)
        gap = item.id not in linked
        boxes.append(_Box(item.id, item.name, "", colour, _tint(colour), gap=gap, dashed=theme))
    return boxes


def _plan_column(o: Overlap) -> list[_Box]:
    boxes = [_Box("", o.plan.title, heading=1)]
    gaps = {p.id for p in o.plan_gaps}
    for kind in o.plan.kinds():
        boxes.append(_Box("", PLAN_KINDS[kind], heading=2))
        for p in o.plan.priorities:
            if p.kind == kind:
                boxes.append(_Box(p.id, p.text, tag=p.id, muted=not p.covers, gap=p.id in gaps))
    return boxes


def _tint(colour: str, amount: float = 0.86) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _font(box: _Box, size: float) -> float:
    return size + (2.0 if box.heading == 1 else 0.5 if box.heading == 2 else 0.0)


def _layout(
    columns: list[list[_Box]], xs: list[tuple[float, float]], size: float, m: _Measure
) -> None:
    """Wrap each column's boxes and stack them from y = 0 (the column title first)."""
    for n, (boxes, (x, w)) in enumerate(zip(columns, xs, strict=True)):
        tags = [b.tag for b in boxes if b.tag]
        gutter = max((m.width(t, size, True) + 0.55 * size for t in tags), default=0.0)
        # A column title may reach over the gap to the next column.
        room = xs[n + 1][0] - x - 2 * size if n + 1 < len(xs) else w
        y = 0.0
        for i, box in enumerate(boxes):
            fs = _font(box, size)
            if box.heading:
                box.lines = m.wrap(box.text, room if i == 0 else w, fs, True)
                box.h = m.height(len(box.lines), fs, True)
                y += size if i else 0
            else:
                box.gutter = gutter if box.tag else 0.0
                box.lines = m.wrap(box.text, w - 2 * PAD - box.gutter, fs)
                box.h = m.height(len(box.lines), fs) + 2 * PAD
                y += size * 0.3
            box.x, box.y, box.w = x, y, w
            y += box.h


def _place(columns: list[list[_Box]], top: float, size: float) -> float:
    """Column titles side by side at ``top``, the bodies below them, each centred on the
    tallest; return the bottom of the tallest body."""
    title_h = max(c[0].h for c in columns)
    body_top = top + title_h + size * 0.8
    used = [c[-1].y + c[-1].h - c[1].y for c in columns]
    tallest = max(used)
    for boxes, height in zip(columns, used, strict=True):
        first = boxes[1].y
        boxes[0].y = top
        for box in boxes[1:]:
            box.y += body_top + (tallest - height) / 2 - first
    return body_top + tallest


def _text(
    ax: Any, m: _Measure, x: float, top: float, lines: Sequence[str], size: float, **style: Any
) -> None:
    """Draw lines of text from ``top`` down, each on its own baseline, so that texts side by
    side line up exactly."""
    ascent, _ = m.metrics(size, style.get("fontweight") == "bold")
    for n, line in enumerate(lines):
        ax.text(x, top + ascent + n * size * LINESPACING, line, fontsize=size, va="baseline",
                ha="left", **style)  # fmt: skip


def _draw_box(ax: Any, box: _Box, size: float, m: _Measure) -> None:
    from matplotlib.patches import FancyBboxPatch

    fs = _font(box, size)
    if box.heading:
        colour = "#111111" if box.heading == 1 else "#555555"
        _text(ax, m, box.x, box.y, box.lines, fs, fontweight="bold", color=colour)
        return
    edge = GAP if box.gap else (MUTED if box.muted else box.colour)
    ax.add_patch(
        FancyBboxPatch(
            (box.x, box.y),
            box.w,
            box.h,
            boxstyle="round,pad=0,rounding_size=4",
            facecolor="white" if box.muted else box.face,
            edgecolor=edge,
            linewidth=1.8 if box.gap else 0.9,
            linestyle=(0, (4, 2)) if box.dashed or box.muted else "solid",
            zorder=3,
        )
    )
    colour = MUTED if box.muted else "#111111"
    if box.tag:
        _text(ax, m, box.x + PAD, box.y + PAD, [box.tag], fs, fontweight="bold", color=colour,
              zorder=4)  # fmt: skip
    _text(ax, m, box.x + PAD + box.gutter, box.y + PAD, box.lines, fs, color=colour, zorder=4)


def _anchors(box: _Box, others: list[float]) -> list[float]:
    """Spread the ends of a box's lines down its edge, in the order of their other ends."""
    n = len(others)
    if n <= 1:
        return [box.y + box.h / 2] * n
    out = [0.0] * n
    for rank, i in enumerate(sorted(range(n), key=lambda i: others[i])):
        out[i] = box.y + box.h * (0.15 + 0.7 * rank / (n - 1))
    return out


def _connect(ax: Any, links: list[tuple[_Box, _Box, int, bool]], csa_on_left: bool) -> None:
    """Draw curves from the left boxes' right edges to the right boxes' left edges."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    by_left: dict[int, list[int]] = {}
    by_right: dict[int, list[int]] = {}
    for n, (a, b, _, _) in enumerate(links):
        by_left.setdefault(id(a), []).append(n)
        by_right.setdefault(id(b), []).append(n)
    ya = [0.0] * len(links)
    yb = [0.0] * len(links)
    for group, ends, side in ((by_left, ya, 0), (by_right, yb, 1)):
        for members in group.values():
            box = links[members[0]][0] if side == 0 else links[members[0]][1]
            far = [links[n][1] if side == 0 else links[n][0] for n in members]
            for n, y in zip(members, _anchors(box, [f.y + f.h / 2 for f in far]), strict=True):
                ends[n] = y
    for n, (a, b, weight, dashed) in enumerate(links):
        csa_box = a if csa_on_left else b
        x0, x1 = a.x + a.w, b.x
        span = x1 - x0
        path = MPath(
            [(x0, ya[n]), (x0 + span * 0.45, ya[n]), (x1 - span * 0.45, yb[n]), (x1, yb[n])],
            [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4],
        )
        ax.add_patch(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=csa_box.colour,
                linewidth=_line_width(weight),
                alpha=0.8,
                linestyle=(0, (5, 2)) if dashed else "solid",
                capstyle="butt",
                zorder=2,
            )
        )


def _line_width(weight: int) -> float:
    return 1.0 + 1.6 * (min(weight, 4) - 1)


def _legend(ax: Any, x: float, y: float, size: float, m: _Measure, width: float) -> float:
    """Draw the key from ``y`` down (only measure it if ``ax`` is None); return its height."""
    from matplotlib.lines import Line2D

    row = m.height(1, size) * 1.6
    key = (
        "Line colour: the CSA item's. Grey dashed box: a plan priority with no issue links "
        "(organisational). Red outline: a gap, linked to nothing on the other side."
    )
    wrapped = m.wrap(key, width, size)
    if ax is None:  # measuring only
        return row * 0.6 + m.height(len(wrapped), size)
    cx = x
    for weight, text in ((1, "1 shared issue"), (2, "2"), (3, "3"), (4, "4 or more")):
        ax.add_line(
            Line2D(
                [cx, cx + 22],
                [y, y],
                linewidth=_line_width(weight),
                color="#555555",
                solid_capstyle="butt",
            )
        )
        ax.text(cx + 27, y, text, fontsize=size, va="center")
        cx += 27 + m.width(text, size) + 14
    ax.add_line(
        Line2D([cx, cx + 22], [y, y], linewidth=1.2, color="#555555", linestyle=(0, (5, 2)))
    )
    ax.text(cx + 27, y, "from a cross-cutting theme", fontsize=size, va="center")
    _text(ax, m, x, y + row * 0.6, wrapped, size)
    return row * 0.6 + m.height(len(wrapped), size)


def _title(overlaps: Sequence[Overlap]) -> tuple[str, str]:
    csa = overlaps[0].csa
    plans = " and ".join(o.plan.title for o in overlaps)
    title = f"{csa.title} and {plans}"
    parts = [f"CSA: {csa.edition}." if csa.edition else ""]
    for n, o in enumerate(overlaps):
        which = ("Left" if n == 0 else "Right") + " plan" if len(overlaps) == 2 else "Plan"
        who = f", {o.plan.commissioner}" if o.plan.commissioner else ""
        parts.append(f"{which}: {o.plan.period or o.plan.name}{who}.")
    parts.append(
        f"Lines join a CSA item and a plan priority that cover the same issues of the "
        f"{csa.vocabulary.name} taxonomy; line width = number of issues shared."
    )
    return title, " ".join(p for p in parts if p)


def _columns(overlaps: Sequence[Overlap]) -> tuple[list[list[_Box]], list[tuple[float, float]]]:
    """The boxes of each column and each column's x and width (points): CSA | plan, or
    plan | CSA | plan on A3."""
    o = overlaps[0]
    if len(overlaps) == 2:
        page_w = A3[0] * 72 - 2 * MARGIN
        cw, mid = page_w * 0.31, page_w * 0.21
        gap = (page_w - 2 * cw - mid) / 2
        xs = [(MARGIN, cw), (MARGIN + cw + gap, mid), (MARGIN + cw + 2 * gap + mid, cw)]
        return [_plan_column(overlaps[0]), _csa_column(overlaps), _plan_column(overlaps[1])], xs
    page_w = A4[0] * 72 - 2 * MARGIN
    xs = [(MARGIN, page_w * 0.31), (MARGIN + page_w * 0.49, page_w * 0.51)]
    return [_csa_column(overlaps), _plan_column(o)], xs


def warm_up() -> None:
    """Import and prime what drawing needs (the plot worker does this while the data loads)."""
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
    from matplotlib.figure import Figure

    _Measure(Figure(figsize=A4, dpi=PNG_DPI)).width("Aa", 11)


def render_plot(overlaps: Sequence[Overlap], fmt: str) -> bytes:
    """Draw one overlap (two columns) or two (plan, CSA, plan) and return the file's bytes."""
    require_matplotlib()
    from matplotlib import rc_context

    if fmt not in PLOT_FORMATS.values():
        raise ValueError(f"unknown plot format {fmt!r}")
    # Unhinted glyphs match the widths measured for wrapping, and draw faster; a fixed salt
    # gives an SVG the same ids in every run.
    with rc_context({"text.hinting": "no_hinting", "svg.hashsalt": "csscore"}):
        return _render(overlaps, fmt)


def _render(overlaps: Sequence[Overlap], fmt: str) -> bytes:
    from matplotlib.figure import Figure

    two = len(overlaps) == 2
    width, height = A3 if two else A4
    figure = Figure(figsize=(width, height), dpi=PNG_DPI)
    m = _Measure(figure)
    page_w = width * 72 - 2 * MARGIN
    o = overlaps[0]
    columns, xs = _columns(overlaps)
    title, note = _title(overlaps)
    title_lines = m.wrap(title, page_w, 14, True)
    top = MARGIN + m.height(len(title_lines), 14, True) + 6
    for size in FONT_SIZES:
        note_lines = m.wrap(note, page_w, size)
        _layout(columns, xs, size, m)
        bottom = _place(columns, top + m.height(len(note_lines), size) + 2 * size, size)
        reserve = _legend(None, MARGIN, 0.0, size - 1, m, page_w) + 2 * size + 17
        if bottom + reserve + BOTTOM <= height * 72:
            break
    height = max(height, (bottom + reserve + BOTTOM) / 72)
    figure.set_size_inches(width, height)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width * 72)
    ax.set_ylim(height * 72, 0)
    ax.axis("off")
    _text(ax, m, MARGIN, MARGIN, title_lines, 14, fontweight="bold")
    _text(ax, m, MARGIN, top, note_lines, size)
    for boxes in columns:
        for box in boxes:
            _draw_box(ax, box, size, m)
    plans = [columns[0], columns[2]] if two else [columns[1]]
    csa_boxes = {b.key: b for b in columns[1 if two else 0] if not b.heading}
    for side, (plan_boxes, ov) in enumerate(zip(plans, overlaps, strict=True)):
        by_id = {b.key: b for b in plan_boxes if not b.heading}
        flip = two and side == 0  # the first of two plans is on the CSA's left
        links = []
        for k in ov.links:
            c, p = csa_boxes[k.csa], by_id[k.plan]
            links.append((p, c, k.weight, c.dashed) if flip else (c, p, k.weight, c.dashed))
        _connect(ax, links, csa_on_left=not flip)
    key_top = bottom + 2 * size
    used = _legend(ax, MARGIN, key_top, size - 1, m, page_w)
    made = f"csscore {__version__}: {o.csa.name} ({o.csa.file}) with " + ", ".join(
        f"{ov.plan.name} ({ov.plan.file})" for ov in overlaps
    )
    _text(ax, m, MARGIN, key_top + used + 8, m.wrap(made, page_w, 7), 7, color=MUTED)
    buffer = io.BytesIO()
    if fmt == "png":  # fast zlib level: the picture is mostly flat colour
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
    else:  # no creation date: the same input gives the same file
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
