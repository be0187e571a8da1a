"""The heat map drawn for a printed page (Word, LaTeX): one row per issue, one column per district
(the screen's heat map turned, since a county has fewer districts than issues), laid out for the
page's text width so that, printed at its own size, no text is smaller than ``PRINT_TEXT``.

The issue names read across, not slanted; the cells narrow to fit the width, never below their
widest number; a county too wide even so is narrowed to the text width by the paper that prints it.
"""

from __future__ import annotations

import math

import numpy as np

from csscore.county.aggregate import County, issue_keys
from csscore.render.drawing import fonts
from csscore.render.drawing.charts import (
    KEY_BAND,
    LABEL_ROOM,
    MARGIN,
    TITLE,
    band_fill,
    band_key,
    band_scale,
    box,
    ink_on,
    shorten,
    title,
)
from csscore.render.drawing.scene import Item, Scene, Text

#: The least text size of a printed figure, points, and the size of its row and column labels.
PRINT_TEXT, PRINT_LABEL = 8.0, 8.5
#: The widest a cell is drawn, its height, and the slant of the district names, degrees.
CELL_W, CELL_H, TURN = 25.5, 15.0, 55.0
KEY_GAP = 15.0  # points between the cells and the key


def _middle(y: float, size: float) -> float:
    """The baseline that centres a line of digits or lower case on ``y``."""
    return y + 0.36 * size


def print_heatmap(county: County, width: float) -> Scene:
    """Issue x district heat map of risk, issues in county rank order, at most ``width`` points
    wide where the cells can narrow that far; every text at least ``PRINT_TEXT`` points."""
    keys = [r.key for r in county.ranking]
    issues = [shorten(r.name, LABEL_ROOM, PRINT_LABEL) for r in county.ranking]
    districts = [s.assessment.district.name for s in county.districts]
    row = {k: i for i, k in enumerate(keys)}
    risk = np.full((len(keys), len(districts)), np.nan)
    for d, s in enumerate(county.districts):
        for i, k in enumerate(issue_keys(s, county.csa)):
            risk[row[k], d] = s.scores.risk[i]
    matrix = county.districts[0].matrix if county.districts else None
    mins, high = band_scale(matrix)
    bands = matrix.bands if matrix else ()
    values = [f"{v:g}" for v in risk.flat if np.isfinite(v)]
    least = max((fonts.width(v, PRINT_TEXT) for v in values), default=0.0) + 4
    left = MARGIN + 6 + max((fonts.width(n, PRINT_LABEL) for n in issues), default=0.0)
    _, key_w = band_key(0.0, 0.0, bands, high, PRINT_TEXT)
    room = width - left - KEY_GAP - key_w - MARGIN
    cell_w = min(CELL_W, max(least, room / max(len(districts), 1)))
    sin, cos = math.sin(math.radians(TURN)), math.cos(math.radians(TURN))
    names = [fonts.width(n, PRINT_LABEL) for n in districts]
    top = MARGIN + fonts.height(1, TITLE, True) + 12 + max(names, default=0.0) * sin + PRINT_LABEL
    heading = "Risk by issue and district (issues in county rank order)"
    items: list[Item] = [title(heading)]
    reach = MARGIN + fonts.width(heading, TITLE, True)
    for d, (name, w) in enumerate(zip(districts, names, strict=True)):
        x = left + cell_w * (d + 0.5) + 0.3 * PRINT_LABEL  # the letters' middle over the column's
        items.append(Text(x, top - 4.5, name, PRINT_LABEL, angle=TURN))
        reach = max(reach, x + w * cos + PRINT_LABEL * sin)
    for i, issue in enumerate(issues):
        y = top + CELL_H * i
        middle = y + CELL_H / 2
        items.append(
            Text(left - 4.5, _middle(middle, PRINT_LABEL), issue, PRINT_LABEL, anchor="end")
        )
        for d in range(len(districts)):
            x, value = left + cell_w * d, float(risk[i, d])
            fill = band_fill(value, mins, high) if np.isfinite(value) else "#eeeeee"
            items.append(box(x + 0.5, y + 0.5, cell_w - 1, CELL_H - 1, fill))
            if np.isfinite(value):
                items.append(Text(x + cell_w / 2, _middle(middle, PRINT_TEXT), f"{value:g}",
                                  PRINT_TEXT, colour=ink_on(fill), anchor="middle"))  # fmt: skip
    kx = left + cell_w * len(districts) + KEY_GAP
    key, key_right = band_key(kx, top, bands, high, PRINT_TEXT)
    right = max(reach, key_right) + MARGIN
    bottom = max(top + CELL_H * len(issues), top + KEY_BAND * len(mins)) + 15
    return Scene(right, bottom, "Heat map of risk by issue and district", tuple(key + items))
