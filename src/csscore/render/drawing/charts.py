"""Pictures for the appendix, laid out as :class:`~csscore.render.drawing.scene.Scene` objects like
the overlap diagram: a district x issue heat map of risk and a ranked bar chart per district
coloured by band (risk against position is in :mod:`~csscore.render.drawing.position`).

Every label is measured with the font table, so it fits in SVG, PNG and PDF alike; the same
inputs give the same scene.
"""

from __future__ import annotations

import math

import numpy as np

from csscore.county.aggregate import County, issue_keys
from csscore.model.matrix import Matrix, Threshold
from csscore.render.drawing import fonts
from csscore.render.drawing.scene import Item, Rect, Scene, Stroke, Text
from csscore.scoring.score import ScoredDistrict

BAND_COLOURS = ("#4575b4", "#fdae61", "#d73027", "#7f0000")  # low .. highest; colour-blind safe
MARGIN = 6.0  # points round the picture
TITLE, LABEL, SMALL, TINY = 10.5, 8.25, 7.5, 6.75  # font sizes, points
PRINT_TEXT = 8.0  # points: the least text size of a figure laid out for print
INK, MUTED = "#111111", "#555555"
LABEL_ROOM = 150.0  # points: the longest issue label, cut with an ellipsis beyond
SPAN = 0.4  # share of its stretch of the ramp a band's colours take; the rest is the step
KEY_BAND = 36.0  # points: the height of each band in the heat map's key
BAR_PLOT_LEAST = 200.0  # points: the narrowest a bar chart's plot is drawn for print


def band_colours(n: int) -> list[str]:
    """Colours for n bands, lowest first."""
    if n == 1:
        return [BAND_COLOURS[0]]
    if n == 2:
        return [BAND_COLOURS[0], BAND_COLOURS[2]]
    if n <= len(BAND_COLOURS):
        return list(BAND_COLOURS[:n])
    return [ramp(i / (n - 1)) for i in range(n)]


def ramp(t: float) -> str:
    """White-yellow-orange-red ramp for the heat map, t in [0, 1]."""
    stops = ((255, 255, 204), (254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    r, g, b = (round(a + (c - a) * f) for a, c in zip(stops[i], stops[i + 1], strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def band_fill(value: float, mins: list[float], top: float) -> str:
    """The heat map's colour for ``value``: each band a stretch of the ramp, lighter to darker
    across the band, with a step between bands so that a cell's band shows in its colour."""
    n = len(mins)
    i = max(sum(1 for m in mins if value >= m) - 1, 0)
    low, high = mins[i], mins[i + 1] if i + 1 < n else max(top, mins[i])
    f = min(max((value - low) / (high - low), 0.0), 1.0) if high > low else 1.0
    return ramp((i + SPAN * f) / (n - 1 + SPAN)) if n > 1 else ramp(f)


def band_scale(matrix: Matrix | None) -> tuple[list[float], float]:
    """Each band's lowest risk, and the top of the heat map's colours: the matrix's highest
    risk, and at least one above the highest band's threshold so that band has a stretch."""
    mins = [b.min for b in matrix.bands] if matrix else []
    mins = mins or [0.0]
    return mins, max(matrix.risk_range()[1] if matrix else 1.0, mins[-1] + 1)


def band_ticks(
    mins: list[float], low: float, high: float, scale: float, size: float
) -> list[float]:
    """Axis ticks at the thresholds between bands (``mins``: each band's lowest risk) inside
    ``low`` to ``high``, and at the axis's ends where their labels (``size`` points, ``scale``
    points per unit) keep clear of the rest."""
    ticks = sorted({m for m in mins[1:] if low < m < high})

    def clear(value: float) -> bool:
        room = fonts.width(f"{value:g}", size) / 2 + 3
        return all(abs(value - t) * scale >= room + fonts.width(f"{t:g}", size) / 2 for t in ticks)

    return [*([low] if clear(low) else []), *ticks, *([high] if clear(high) else [])]


def ink_on(fill: str) -> str:
    """White or near-black, whichever reads better on ``fill``."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else INK


def shorten(text: str, room: float, size: float, bold: bool = False) -> str:
    """``text``, cut at a word or character and ended with an ellipsis to fit ``room`` points."""
    if fonts.width(text, size, bold) <= room:
        return text
    while text and fonts.width(text + "…", size, bold) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def box(x: float, y: float, w: float, h: float, fill: str) -> Rect:
    """A filled box with square corners and no outline."""
    return Rect(x, y, w, h, fill, fill, 0.0, radius=0.0)


def title(text: str) -> Text:
    return Text(MARGIN, MARGIN + fonts.ascent(TITLE, True), text, TITLE, True)


def key_entry(x: float, y: float, colour: str, label: str, size: float = SMALL) -> list[Item]:
    """A swatch and its label (``size`` points), the swatch's top at ``y``."""
    return [box(x, y, 9, 9, colour), Text(x + 13.5, y + 7.5, label, size)]


def centre_line(y: float, size: float) -> float:
    """The baseline that centres a line of digits or lower case on ``y``."""
    return y + 0.36 * size


#: The slant of a heat map's column headings, degrees anticlockwise.
TURN = 55.0


#: The top of what a chart draws under its title, points.
UNDER_TITLE = MARGIN + fonts.height(1, TITLE, True) + 12


def turned_height(names: list[str], size: float, turn: float = TURN) -> float:
    """How far :func:`turned_headings` reach above the columns' top."""
    return (
        max((fonts.width(n, size) for n in names), default=0.0) * math.sin(math.radians(turn))
        + size
    )


def turned_headings(
    names: list[str], left: float, cell_w: float, size: float, turn: float = TURN
) -> tuple[float, list[Item], float]:
    """Column headings turned ``turn`` degrees under the title, over columns ``cell_w`` wide
    from ``left``: the top of the columns below them, the headings, and their right edge."""
    sin, cos = math.sin(math.radians(turn)), math.cos(math.radians(turn))
    widths = [fonts.width(n, size) for n in names]
    top = UNDER_TITLE + turned_height(names, size, turn)
    items: list[Item] = []
    reach = 0.0
    for i, (name, w) in enumerate(zip(names, widths, strict=True)):
        x = left + cell_w * (i + 0.5) + 0.3 * size  # the letters' middle over the column's
        items.append(Text(x, top - 4.5, name, size, angle=turn))
        reach = max(reach, x + w * cos + size * sin)
    return top, items, reach


def turned_fit(
    names: list[str], left: float, size: float, right: float, turn: float = TURN
) -> float:
    """The widest columns from ``left`` whose :func:`turned_headings` end by ``right``."""
    sin, cos = math.sin(math.radians(turn)), math.cos(math.radians(turn))
    room = (right - left - 0.3 * size - fonts.width(n, size) * cos - size * sin for n in names)
    return min((r / (i + 0.5) for i, r in enumerate(room)), default=math.inf)


def heatmap(county: County) -> Scene:
    """District x issue heat map of risk, issues in county rank order."""
    keys = [r.key for r in county.ranking]
    names = [shorten(r.name, LABEL_ROOM, TINY + 0.75) for r in county.ranking]
    column = {k: i for i, k in enumerate(keys)}
    rows = [s.assessment.district.name for s in county.districts]
    risk = np.full((len(rows), len(keys)), np.nan)
    for d, s in enumerate(county.districts):
        for i, k in enumerate(issue_keys(s, county.csa)):
            risk[d, column[k]] = s.scores.risk[i]
    matrix = county.districts[0].matrix if county.districts else None
    bands = matrix.bands if matrix else ()
    mins, high = band_scale(matrix)
    cell_w, cell_h = 25.5, 18.0
    left = MARGIN + 6 + max((fonts.width(r, LABEL) for r in rows), default=0.0)
    heading = "Risk by district and issue (issues in county rank order)"
    top, columns, reach = turned_headings(names, left, cell_w, TINY + 0.75)
    items: list[Item] = [title(heading), *columns]
    reach = max(reach, MARGIN + fonts.width(heading, TITLE, True))
    for d, row in enumerate(rows):
        y = top + cell_h * d
        items.append(Text(left - 4.5, centre_line(y + cell_h / 2, LABEL), row, LABEL, anchor="end"))
        for i in range(len(keys)):
            x, value = left + cell_w * i, float(risk[d, i])
            fill = band_fill(value, mins, high) if np.isfinite(value) else "#eeeeee"
            items.append(box(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, fill))
            if np.isfinite(value):
                items.append(Text(x + cell_w / 2, centre_line(y + cell_h / 2, TINY), f"{value:g}",
                                  TINY, colour=ink_on(fill), anchor="middle"))  # fmt: skip
    kx = left + cell_w * len(keys) + 15
    key, key_right = band_key(kx, top, bands, high)
    right = max(reach, key_right) + MARGIN
    bottom = max(top + cell_h * len(rows), top + KEY_BAND * len(mins)) + 15
    return Scene(right, bottom, "Heat map of risk by district and issue", tuple(key + items))


def band_key(
    x: float,
    top: float,
    bands: tuple[Threshold, ...],
    high: float,
    least: float = TINY,
    band: float = KEY_BAND,
) -> tuple[list[Item], float]:
    """The heat map's key, its top left at (``x``, ``top``), and its right edge: a stretch of
    colour per band (``band`` points tall), highest on top, each shading from its threshold to the
    next (the last to ``high``), the thresholds written at the steps and the bands' names beside;
    no text smaller than ``least`` points."""
    label_size, value_size = max(SMALL, least), max(TINY, least)
    mins = [b.min for b in bands] or [0.0]
    steps, n = 8, len(mins)
    items: list[Item] = [Text(x, top - 6, "Risk", label_size, True)]
    ends = [*mins[1:], high]
    right = x + fonts.width("Risk", label_size, True)
    for i in range(n):
        y0 = top + band * (n - 1 - i)  # the band's top
        low, span = mins[i], ends[i] - mins[i]
        for k in range(steps):
            value = low + span * (steps - 1 - k + 0.5) / steps
            items.append(box(x, y0 + k * band / steps, 12, band / steps + 0.05,
                             band_fill(value, mins, high)))  # fmt: skip
        if bands:
            name = bands[i].label
            items.append(Text(x + 17, centre_line(y0 + band / 2, label_size), name, label_size, True,
                              MUTED))  # fmt: skip
            right = max(right, x + 17 + fonts.width(name, label_size, True))
    for i, value in enumerate([*mins, ends[-1]]):
        y = top + band * (n - i)
        if 0 < i < n:  # a step between two bands
            items.append(Stroke(((x, y), (x + 12, y)), "#ffffff", 1.0))
        items.append(Stroke(((x + 12, y), (x + 14.5, y)), INK, 0.75))
        label = f"{value:g}"
        items.append(Text(x + 17, centre_line(y, value_size), label, value_size))
        right = max(right, x + 17 + fonts.width(label, value_size))
    return items, right


def bars(scored: ScoredDistrict, width: float | None = None) -> Scene:
    """One district's issues ranked by risk, coloured by band, with the band thresholds. With
    ``width`` (points) laid out for a printed page that wide: no text under ``PRINT_TEXT``, the
    plot narrowed (and the issues' names cut) so that the chart fits."""
    rows = scored.ranked()
    matrix = scored.matrix
    colours = band_colours(len(matrix.bands))
    band_index = {b.label: i for i, b in enumerate(matrix.bands)}
    tiny, small = (TINY, SMALL) if width is None else (PRINT_TEXT, PRINT_TEXT)
    high = max(matrix.risk_range()[1], 1.0)
    values = [f"{r.risk:g}" + (" gap" if r.gap else "") for r in rows]
    key_w = 13.5 + max(fonts.width(b.label, small) for b in matrix.bands)
    beyond = max([fonts.width(f"{high:g}", tiny) / 2 - 3, *(fonts.width(v, small) for v in values)])
    after = 3 + beyond + 12 + key_w + MARGIN  # from the plot's right edge to the page's
    room = LABEL_ROOM + 40  # the most an issue's name takes
    if width is not None:  # names cut to leave the plot BAR_PLOT_LEAST wide, if they must be
        prefix = max(fonts.width(f"{r.rank}. ", LABEL) for r in rows)
        room = min(room, max(width - after - BAR_PLOT_LEAST - MARGIN - 6 - prefix, 60.0))
    labels = [f"{r.rank}. {shorten(r.issue, room, LABEL)}" for r in rows]
    left = MARGIN + 6 + max((fonts.width(s, LABEL) for s in labels), default=0.0)
    plot_w = 315.0 if width is None else max(min(315.0, width - after - left), BAR_PLOT_LEAST)
    bar_h, top = 13.5, MARGIN + fonts.height(1, TITLE, True) + 20
    scale = plot_w / high
    name = scored.assessment.district.name
    heading = f"{name}: issues ranked by risk"
    if width is not None:
        heading = shorten(heading, width - 2 * MARGIN, TITLE, True)
    items: list[Item] = [title(heading)]
    foot = top + bar_h * len(rows)
    for b in matrix.bands[1:]:
        x = left + b.min * scale
        items.append(Stroke(((x, top - 3), (x, foot)), "#8a8a8a", 0.75, (3.0, 2.25)))
        items.append(Text(x, top - 6, f"{b.label} {b.min:g}", tiny, colour=MUTED, anchor="middle"))
    for k, (r, label, value) in enumerate(zip(rows, labels, values, strict=True)):
        y = top + bar_h * k
        items.append(
            Text(left - 4.5, centre_line(y + bar_h / 2, LABEL), label, LABEL, anchor="end")
        )
        w = max(r.risk * scale, 0.5)
        items.append(box(left, y + 1.5, w, bar_h - 3, colours[band_index[r.band]]))
        baseline = centre_line(y + bar_h / 2, small)
        items.append(box(left + w + 1.5, baseline - fonts.ascent(small) - 1,  # over the thresholds
                         fonts.width(value, small) + 3, fonts.height(1, small) + 2, "#ffffff"))  # fmt: skip
        items.append(Text(left + w + 3, baseline, value, small))
    axis_y = foot + 3
    items.append(Stroke(((left, axis_y), (left + plot_w, axis_y)), "#333333", 0.75))
    for tick in band_ticks([b.min for b in matrix.bands], 0.0, high, scale, tiny):
        x = left + tick * scale
        items.append(Stroke(((x, axis_y), (x, axis_y + 3)), "#333333", 0.75))
        items.append(Text(x, axis_y + 12, f"{tick:g}", tiny, anchor="middle"))
    items.append(Text(left + plot_w / 2, axis_y + 25, "Risk (harm x likelihood)", LABEL,
                      anchor="middle"))  # fmt: skip
    values_end = max((left + max(r.risk * scale, 0.5) + 3 + fonts.width(v, small)
                      for r, v in zip(rows, values, strict=True)), default=left)  # fmt: skip
    lx = max(left + plot_w + fonts.width(f"{high:g}", tiny) / 2, values_end) + 12
    for i, b in enumerate(reversed(matrix.bands)):
        items += key_entry(lx, top + i * 13.5, colours[len(matrix.bands) - 1 - i], b.label, small)
    right = max(lx + key_w, MARGIN + fonts.width(heading, TITLE, True))
    return Scene(right + MARGIN, axis_y + 33, f"{name}: bar chart of risk by issue", tuple(items))
