"""The two-sided overlap diagram: CSA priorities and cross-cutting themes on the left, plan
priorities grouped by kind on the right, joined by lines as wide as the issues they share.

With two plans the CSA sits in the middle, the first plan on the left and the second on the
right. Laid out on an A4 page in points (1/72 in), so the font sizes are the printed sizes, as a
:class:`~csscore.render.drawing.scene.Scene` that is then written as SVG (directly), PNG (Pillow) or PDF
(matplotlib).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from csscore import __version__
from csscore.model.plan import PLAN_KINDS
from csscore.overlap.graph import Overlap
from csscore.render.drawing import fonts, spread
from csscore.render.drawing.files import PLOT_FORMATS, draw_scene
from csscore.render.drawing.scene import Item, Rect, Scene, Stroke, Text

A4 = (8.27, 11.69)  # inches, portrait: one plan
A3 = (11.69, 16.54)  # two plans side by side
MARGIN = 30.0  # points
BOTTOM = 20.0  # margin under the footer line
FONT_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)  # tried in turn until the columns fit the page
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
THEME_COLOURS = ("#5a5a5a", "#7a6a2a", "#2a6a6a", "#6a2a5a")
GAP = "#c0392b"
MUTED = "#8a8a8a"
PAD = 3.5  # points inside a box
FOOTER_SIZE = 8.0  # points: the line naming csscore and the configurations
KEY_LEAST = 8.0  # points: the key is a point under the boxes' text, never under this


def plot_format(path: Path) -> str | None:
    return PLOT_FORMATS.get(path.suffix.lower())


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
    reach: float = 0.0  # the edge its lines need: the box is at least this tall


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
    if not o.rows:  # no CSA, or one that declares nothing
        boxes.append(_Box("", "(none declared)", muted=True))
    return boxes


def _plan_column(o: Overlap) -> list[_Box]:
    boxes = [_Box("", o.plan.title, heading=1)]
    gaps = {p.id for p in o.plan_gaps}
    for kind in o.plan.kinds():
        boxes.append(_Box("", PLAN_KINDS[kind], heading=2))
        for p in o.plan.priorities:
            if p.kind == kind:
                boxes.append(_Box(p.id, p.text, tag=p.id, muted=not p.covers, gap=p.id in gaps))
    if not o.plan.priorities:  # a plan with no priorities (an empty template)
        boxes += [_Box("", "Priorities", heading=2), _Box("", "(none declared)", muted=True)]
    return boxes


def _tint(colour: str, amount: float = 0.86) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _font(box: _Box, size: float) -> float:
    return size + (2.0 if box.heading == 1 else 0.5 if box.heading == 2 else 0.0)


def _layout(columns: list[list[_Box]], xs: list[tuple[float, float]], size: float) -> None:
    """Wrap each column's boxes and stack them from y = 0 (the column title first)."""
    for n, (boxes, (x, w)) in enumerate(zip(columns, xs, strict=True)):
        tags = [b.tag for b in boxes if b.tag]
        gutter = max((fonts.width(t, size, True) + 0.55 * size for t in tags), default=0.0)
        # A column title may reach over the gap to the next column.
        room = xs[n + 1][0] - x - 2 * size if n + 1 < len(xs) else w
        y = 0.0
        for i, box in enumerate(boxes):
            fs = _font(box, size)
            if box.heading:
                box.lines = fonts.wrap(box.text, room if i == 0 else w, fs, True)
                box.h = fonts.height(len(box.lines), fs, True)
                y += size if i else 0
            else:
                box.gutter = gutter if box.tag else 0.0
                box.lines = fonts.wrap(box.text, w - 2 * PAD - box.gutter, fs)
                box.h = max(fonts.height(len(box.lines), fs) + 2 * PAD, box.reach)
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
    x: float,
    top: float,
    lines: Sequence[str],
    size: float,
    bold: bool = False,
    colour: str = "#111111",
) -> list[Item]:
    """Lines of text from ``top`` down, each on its own baseline, so that texts side by side
    line up exactly."""
    first = top + fonts.ascent(size, bold)
    step = size * fonts.LINESPACING
    return [Text(x, first + n * step, line, size, bold, colour) for n, line in enumerate(lines)]


def _draw_box(box: _Box, size: float) -> list[Item]:
    fs = _font(box, size)
    if box.heading:
        colour = "#111111" if box.heading == 1 else "#555555"
        return _text(box.x, box.y, box.lines, fs, True, colour)
    edge = GAP if box.gap else (MUTED if box.muted else box.colour)
    width = 1.8 if box.gap else 0.9
    dash = (4 * width, 2 * width) if box.dashed or box.muted else None
    face = "#ffffff" if box.muted else box.face
    items: list[Item] = [Rect(box.x, box.y, box.w, box.h, face, edge, width, dash)]
    colour = MUTED if box.muted else "#111111"
    if box.tag:
        items += _text(box.x + PAD, box.y + PAD, [box.tag], fs, True, colour)
    items += _text(box.x + PAD + box.gutter, box.y + PAD, box.lines, fs, False, colour)
    return items


Link = tuple[_Box, _Box, int, bool]  # left box, right box, issues shared, dashed


def _end(link: Link, side: int) -> _Box:
    """The link's left box (``side`` 0) or right box (1)."""
    return link[0] if side == 0 else link[1]


def _ends(links: list[Link], side: int) -> dict[int, list[int]]:
    """The links meeting each box's right edge (``side`` 0: their left boxes) or left edge
    (``side`` 1), by the box's id, in the links' order."""
    out: dict[int, list[int]] = {}
    for n, link in enumerate(links):
        out.setdefault(id(_end(link, side)), []).append(n)
    return out


def _reserve(links: list[Link]) -> None:
    """Make each box tall enough for the lines meeting either of its edges to lie apart."""
    for side in (0, 1):
        for members in _ends(links, side).values():
            box = _end(links[members[0]], side)
            need = spread.needed([_line_width(links[n][2]) for n in members])
            box.reach = max(box.reach, need)


def _connect(links: list[Link], csa_on_left: bool) -> list[Item]:
    """Curves from the left boxes' right edges to the right boxes' left edges, the lines meeting
    one edge spread along it in the order of their other ends."""
    ys = ([0.0] * len(links), [0.0] * len(links))
    for side in (0, 1):
        for members in _ends(links, side).values():
            box = _end(links[members[0]], side)
            far = [_end(links[n], 1 - side) for n in members]
            widths = [_line_width(links[n][2]) for n in members]
            order = [f.y + f.h / 2 for f in far]
            for n, y in zip(members, spread.ends(box.y, box.h, widths, order), strict=True):
                ys[side][n] = y
    items: list[Item] = []
    for n, (a, b, weight, dashed) in enumerate(links):
        csa_box = a if csa_on_left else b
        x0, x1 = a.x + a.w, b.x
        span = x1 - x0
        y0, y1 = ys[0][n], ys[1][n]
        points = ((x0, y0), (x0 + span * 0.45, y0), (x1 - span * 0.45, y1), (x1, y1))
        width = _line_width(weight)
        dash = (5 * width, 2 * width) if dashed else None
        items.append(Stroke(points, _tint(csa_box.colour, 0.2), width, dash, curve=True))
    return items


def _line_width(weight: int) -> float:
    return 1.0 + 1.6 * (min(weight, 4) - 1)


KEY = (
    "Line colour: the CSA item's. Grey dashed box: a plan priority with no issue links "
    "(organisational). Red outline: a gap, linked to nothing on the other side."
)


#: The key's sample lines: line width, dash and label.
SAMPLES: tuple[tuple[float, tuple[float, float] | None, str], ...] = (
    *((_line_width(w), None, t) for w, t in ((1, "1 shared issue"), (2, "2"), (3, "3"),
                                            (4, "4 or more"))),
    (1.2, (6.0, 2.4), "from a cross-cutting theme"),
)  # fmt: skip


def _sample_places(size: float, width: float) -> list[tuple[float, int]]:
    """Where each of the key's sample lines starts, (x from the key's left, row), a row
    holding as many as fit in ``width``."""
    places: list[tuple[float, int]] = []
    x, row = 0.0, 0
    for _, _, text in SAMPLES:
        room = 27 + fonts.width(text, size)
        if x > 0 and x + room > width:
            x, row = 0.0, row + 1
        places.append((x, row))
        x += room + 14
    return places


def _legend_height(size: float, width: float) -> float:
    row = fonts.height(1, size) * 1.6
    rows = _sample_places(size, width)[-1][1] + 1
    return row * (rows - 0.4) + fonts.height(len(fonts.wrap(KEY, width, size)), size)


def _legend(x: float, y: float, size: float, width: float) -> list[Item]:
    """The key, the centre of its first row of sample lines on ``y``."""
    items: list[Item] = []
    row = fonts.height(1, size) * 1.6
    places = _sample_places(size, width)
    for (line_width, dash, text), (dx, r) in zip(SAMPLES, places, strict=True):
        cy = y + r * row
        items.append(Stroke(((x + dx, cy), (x + dx + 22, cy)), "#555555", line_width, dash))
        items.append(Text(x + dx + 27, cy + 0.36 * size, text, size))  # centred on the line
    items += _text(x, y + row * (places[-1][1] + 0.6), fonts.wrap(KEY, width, size), size)
    return items


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


def _columns(
    overlaps: Sequence[Overlap], text_width: float = A4[0] * 72 - 2 * MARGIN
) -> tuple[list[list[_Box]], list[tuple[float, float]]]:
    """The boxes of each column and each column's x and width (points): CSA | plan across
    ``text_width``, or plan | CSA | plan on A3."""
    o = overlaps[0]
    if len(overlaps) == 2:
        page_w = A3[0] * 72 - 2 * MARGIN
        cw, mid = page_w * 0.31, page_w * 0.21
        gap = (page_w - 2 * cw - mid) / 2
        xs = [(MARGIN, cw), (MARGIN + cw + gap, mid), (MARGIN + cw + 2 * gap + mid, cw)]
        return [_plan_column(overlaps[0]), _csa_column(overlaps), _plan_column(overlaps[1])], xs
    page_w = text_width
    xs = [(MARGIN, page_w * 0.31), (MARGIN + page_w * 0.49, page_w * 0.51)]
    return [_csa_column(overlaps), _plan_column(o)], xs


def _links(columns: list[list[_Box]], overlaps: Sequence[Overlap]) -> list[tuple[list[Link], bool]]:
    """Each plan's links as (left box, right box, weight, dashed), with whether the CSA is on
    their left; every box made tall enough for the lines it meets."""
    two = len(overlaps) == 2
    plans = [columns[0], columns[2]] if two else [columns[1]]
    csa_boxes = {b.key: b for b in columns[1 if two else 0] if not b.heading}
    sides: list[tuple[list[Link], bool]] = []
    for side, (plan_boxes, ov) in enumerate(zip(plans, overlaps, strict=True)):
        by_id = {b.key: b for b in plan_boxes if not b.heading}
        flip = two and side == 0  # the first of two plans is on the CSA's left
        links: list[Link] = []
        for k in ov.links:
            c, p = csa_boxes[k.csa], by_id[k.plan]
            links.append((p, c, k.weight, c.dashed) if flip else (c, p, k.weight, c.dashed))
        _reserve(links)
        sides.append((links, not flip))
    return sides


def scene(
    overlaps: Sequence[Overlap], text_width: float | None = None, text_height: float | None = None
) -> Scene:
    """Lay out one overlap (two columns) or two (plan, CSA, plan) on a page: A4 (A3 for two),
    or for one plan what it draws ``text_width`` by ``text_height`` points, the room a printed
    page gives a figure, so that it prints at its drawn size (no text under 8 pt; at 8 pt and
    still too tall, it is drawn taller)."""
    two = len(overlaps) == 2
    width, height = (A3 if two else A4)[0] * 72, (A3 if two else A4)[1] * 72
    if text_width is not None and not two:
        width = text_width + 2 * MARGIN
    if text_height is not None and not two:
        height = text_height + MARGIN + BOTTOM
    page_w = width - 2 * MARGIN
    o = overlaps[0]
    columns, xs = _columns(overlaps, page_w)
    title, note = _title(overlaps)
    title_lines = fonts.wrap(title, page_w, 14, True)
    sides = _links(columns, overlaps)
    top = MARGIN + fonts.height(len(title_lines), 14, True) + 6
    for size in FONT_SIZES:
        note_lines = fonts.wrap(note, page_w, size)
        _layout(columns, xs, size)
        bottom = _place(columns, top + fonts.height(len(note_lines), size) + 2 * size, size)
        reserve = _legend_height(max(size - 1, KEY_LEAST), page_w) + 2 * size + 17
        if bottom + reserve + BOTTOM <= height:
            break
    height = max(height, bottom + reserve + BOTTOM)
    items: list[Item] = _text(MARGIN, MARGIN, title_lines, 14, True)
    items += _text(MARGIN, top, note_lines, size)
    for links, csa_on_left in sides:
        items += _connect(links, csa_on_left)
    for boxes in columns:  # boxes over the ends of the lines
        for box in boxes:
            items += _draw_box(box, size)
    key_top = bottom + 2 * size
    items += _legend(MARGIN, key_top, max(size - 1, KEY_LEAST), page_w)
    # Each configuration as the appendix's provenance names it: 'kent-2017 (built in)' or a path.
    made = f"csscore {__version__}: {o.csa.file or 'no CSA'} with " + ", ".join(
        ov.plan.file for ov in overlaps
    )
    used = _legend_height(max(size - 1, KEY_LEAST), page_w)
    items += _text(MARGIN, key_top + used + 8, fonts.wrap(made, page_w, FOOTER_SIZE), FOOTER_SIZE,
                   colour=MUTED)  # fmt: skip
    return Scene(width, height, f"{title}. {note}", tuple(items))


def render_plot(overlaps: Sequence[Overlap], fmt: str) -> bytes:
    """Draw one overlap (two columns) or two (plan, CSA, plan) and return the file's bytes."""
    return draw_scene(scene(overlaps), fmt)
