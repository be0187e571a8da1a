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
from csscore.render.drawing import fonts
from csscore.render.drawing.scene import Item, Rect, Scene, Stroke, Text
from csscore.scoring.score import ScoredDistrict

BAND_COLOURS = ("#4575b4", "#fdae61", "#d73027", "#7f0000")  # low .. highest; colour-blind safe
MARGIN = 6.0  # points round the picture
TITLE, LABEL, SMALL, TINY = 10.5, 8.25, 7.5, 6.75  # font sizes, points
INK, MUTED = "#111111", "#555555"
LABEL_ROOM = 150.0  # points: the longest issue label, cut with an ellipsis beyond


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


def key_entry(x: float, y: float, colour: str, label: str) -> list[Item]:
    """A swatch and its label, the swatch's top at ``y``."""
    return [box(x, y, 9, 9, colour), Text(x + 13.5, y + 7.5, label, SMALL)]


def _middle(y: float, size: float) -> float:
    """The baseline that centres a line of digits or lower case on ``y``."""
    return y + 0.36 * size


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
    high = float(np.nanmax(risk)) if np.isfinite(risk).any() else 1.0
    cell_w, cell_h, turn, size = 25.5, 18.0, 55.0, TINY + 0.75
    left = MARGIN + 6 + max((fonts.width(r, LABEL) for r in rows), default=0.0)
    sin, cos = math.sin(math.radians(turn)), math.cos(math.radians(turn))
    widths = [fonts.width(n, size) for n in names]
    top = MARGIN + fonts.height(1, TITLE, True) + 12 + max(widths, default=0.0) * sin + size
    items: list[Item] = [title("Risk by district and issue (issues in county rank order)")]
    reach = left
    for i, (name, w) in enumerate(zip(names, widths, strict=True)):
        x = left + cell_w * (i + 0.5) + 0.3 * size  # the letters' middle over the column's
        items.append(Text(x, top - 4.5, name, size, angle=turn))
        reach = max(reach, x + w * cos + size * sin)
    for d, row in enumerate(rows):
        y = top + cell_h * d
        items.append(Text(left - 4.5, _middle(y + cell_h / 2, LABEL), row, LABEL, anchor="end"))
        for i in range(len(keys)):
            x, value = left + cell_w * i, risk[d, i]
            filled = np.isfinite(value)
            items.append(box(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1,
                             ramp(value / high) if filled else "#eeeeee"))  # fmt: skip
            if filled:
                ink = "#ffffff" if value > 0.62 * high else INK
                items.append(Text(x + cell_w / 2, _middle(y + cell_h / 2, TINY), f"{value:g}",
                                  TINY, colour=ink, anchor="middle"))  # fmt: skip
    kx, steps, step_h = left + cell_w * len(keys) + 15, 10, 10.5
    items.append(Text(kx, top - 6, "Risk", SMALL, True))
    for step in range(steps):
        items.append(box(kx, top + step * step_h, 12, step_h, ramp(1 - step / (steps - 1))))
    items.append(Text(kx + 16.5, top + 7.5, f"{high:g}", SMALL))
    items.append(Text(kx + 16.5, top + steps * step_h, "0", SMALL))
    right = max(reach, kx + 16.5 + fonts.width(f"{high:g}", SMALL)) + MARGIN
    bottom = max(top + cell_h * len(rows), top + steps * step_h) + 15
    return Scene(right, bottom, "Heat map of risk by district and issue", tuple(items))


def bars(scored: ScoredDistrict) -> Scene:
    """One district's issues ranked by risk, coloured by band, with the band thresholds."""
    rows = scored.ranked()
    matrix = scored.matrix
    colours = band_colours(len(matrix.bands))
    band_index = {b.label: i for i, b in enumerate(matrix.bands)}
    labels = [f"{r.rank}. {shorten(r.issue, LABEL_ROOM + 40, LABEL)}" for r in rows]
    left = MARGIN + 6 + max((fonts.width(s, LABEL) for s in labels), default=0.0)
    plot_w, bar_h, top = 315.0, 13.5, MARGIN + fonts.height(1, TITLE, True) + 20
    high = max(matrix.risk_range()[1], 1.0)
    scale = plot_w / high
    name = scored.assessment.district.name
    items: list[Item] = [title(f"{name}: issues ranked by risk")]
    foot = top + bar_h * len(rows)
    for b in matrix.bands[1:]:
        x = left + b.min * scale
        items.append(Stroke(((x, top - 3), (x, foot)), "#8a8a8a", 0.75, (3.0, 2.25)))
        items.append(Text(x, top - 6, f"{b.label} {b.min:g}", TINY, colour=MUTED, anchor="middle"))
    for k, (r, label) in enumerate(zip(rows, labels, strict=True)):
        y = top + bar_h * k
        baseline = _middle(y + bar_h / 2, LABEL)
        items.append(Text(left - 4.5, baseline, label, LABEL, anchor="end"))
        w = max(r.risk * scale, 0.5)
        items.append(box(left, y + 1.5, w, bar_h - 3, colours[band_index[r.band]]))
        value = f"{r.risk:g}" + (" gap" if r.gap else "")
        items.append(Text(left + w + 3, _middle(y + bar_h / 2, SMALL), value, SMALL))
    axis_y = foot + 3
    items.append(Stroke(((left, axis_y), (left + plot_w, axis_y)), "#333333", 0.75))
    for tick in np.linspace(0, high, 5):
        x = left + tick * scale
        items.append(Stroke(((x, axis_y), (x, axis_y + 3)), "#333333", 0.75))
        items.append(Text(x, axis_y + 12, f"{tick:g}", TINY, anchor="middle"))
    items.append(Text(left + plot_w / 2, axis_y + 25, "Risk (harm x likelihood)", LABEL,
                      anchor="middle"))  # fmt: skip
    values_end = max((left + max(r.risk * scale, 0.5) + 3 + fonts.width(f"{r.risk:g} gap", SMALL)
                      for r in rows), default=left)  # fmt: skip
    lx = max(left + plot_w + fonts.width(f"{high:g}", TINY) / 2, values_end) + 12
    for i, b in enumerate(reversed(matrix.bands)):
        items += key_entry(lx, top + i * 13.5, colours[len(matrix.bands) - 1 - i], b.label)
    right = lx + 13.5 + max(fonts.width(b.label, SMALL) for b in matrix.bands)
    return Scene(right + MARGIN, axis_y + 33, f"{name}: bar chart of risk by issue", tuple(items))
