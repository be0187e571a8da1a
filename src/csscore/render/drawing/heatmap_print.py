"""The heat map drawn for a printed page (Word, LaTeX): one row per issue, one column per district
(the screen's heat map turned, since a county has fewer districts than issues), laid out for the
page's text width so that, printed at its own size, no text is smaller than ``PRINT_TEXT``.

The issue names read across, the district names slanted (each cut with an ellipsis past 150 pt);
the cells narrow to fit the width, never below their widest number. Where they would have to,
the key moves from beside the cells to the corner above the issue names (where the district
names leave it room) or under the cells, and then the district names stand upright; the rows
flatten to fit the height. A county too large even so (about 18 districts or more on A4
portrait) is narrowed to the page by the paper that prints it.
"""

from __future__ import annotations

import math

import numpy as np

from csscore.county.aggregate import County, issue_keys
from csscore.render.drawing import fonts
from csscore.render.drawing.charts import (
    LABEL_ROOM,
    MARGIN,
    PRINT_TEXT,
    TITLE,
    TURN,
    UNDER_TITLE,
    band_fill,
    band_key,
    band_scale,
    box,
    centre_line,
    ink_on,
    shorten,
    title,
    turned_fit,
    turned_headings,
    turned_height,
)
from csscore.render.drawing.scene import Item, Scene, Text

#: The size of the row and column labels, points.
PRINT_LABEL = 8.5
#: The widest a cell is drawn, its height, and the least it is drawn to fit a page's height.
CELL_W, CELL_H, CELL_H_LEAST = 25.5, 15.0, 11.0
KEY_GAP = 15.0  # points between the cells and the key
KEY_BAND = 24.0  # points: the height of each band in the key (the screen's is 36)


def print_heatmap(county: County, width: float, height: float = math.inf) -> Scene:
    """Issue x district heat map of risk, issues in county rank order, at most ``width`` points
    wide and ``height`` tall where the cells can narrow and flatten that far; every text at
    least ``PRINT_TEXT`` points."""
    keys = [r.key for r in county.ranking]
    issues = [shorten(r.name, LABEL_ROOM, PRINT_LABEL) for r in county.ranking]
    districts = [
        shorten(s.assessment.district.name, LABEL_ROOM, PRINT_LABEL) for s in county.districts
    ]
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
    _, key_w = band_key(0.0, 0.0, bands, high, PRINT_TEXT, KEY_BAND)
    n = max(len(districts), 1)

    key_h = KEY_BAND * len(mins) + 12  # the key with its "Risk" and its last threshold

    def widest(turn: float, key: str) -> float:
        """The widest cell with the headings turned ``turn`` degrees, the key ``beside`` the
        cells, in the ``corner`` left of their headings or ``under`` them."""
        room = width - left - MARGIN - (KEY_GAP + key_w if key == "beside" else 0.0)
        if key == "corner" and (
            key_w > left - MARGIN - 6 or turned_height(districts, PRINT_LABEL, turn) < key_h
        ):
            return 0.0  # no room for it there
        return min(CELL_W, turned_fit(districts, left, PRINT_LABEL, width - MARGIN, turn), room / n)

    # The key beside the cells; above their names or under them, to leave them room; the
    # headings upright as well.
    layouts = tuple((t, k) for t in (TURN, 90.0) for k in ("beside", "corner", "under"))
    turn, key_at = next((t for t in layouts if widest(*t) >= least), layouts[-1])
    cell_w = max(widest(turn, key_at), least)
    heading = "Risk by issue and district (issues in county rank order)"
    top, columns, reach = turned_headings(districts, left, cell_w, PRINT_LABEL, turn)
    items: list[Item] = [title(heading), *columns]
    reach = max(reach, MARGIN + fonts.width(heading, TITLE, True))
    under = KEY_GAP + 15 + KEY_BAND * len(mins) if key_at == "under" else 0.0
    room = (height - top - under - 15) / max(len(issues), 1)
    cell_h = min(CELL_H, max(CELL_H_LEAST, room))
    for i, issue in enumerate(issues):
        y = top + cell_h * i
        middle = y + cell_h / 2
        items.append(
            Text(left - 4.5, centre_line(middle, PRINT_LABEL), issue, PRINT_LABEL, anchor="end")
        )
        for d in range(len(districts)):
            x, value = left + cell_w * d, float(risk[i, d])
            fill = band_fill(value, mins, high) if np.isfinite(value) else "#eeeeee"
            items.append(box(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, fill))
            if np.isfinite(value):
                items.append(Text(x + cell_w / 2, centre_line(middle, PRINT_TEXT), f"{value:g}",
                                  PRINT_TEXT, colour=ink_on(fill), anchor="middle"))  # fmt: skip
    foot = top + cell_h * len(issues)
    kx, ky = {
        "beside": (left + cell_w * n + KEY_GAP, top),
        "corner": (MARGIN, UNDER_TITLE + 10),
        "under": (left, foot + KEY_GAP + 15),
    }[key_at]
    key, key_right = band_key(kx, ky, bands, high, PRINT_TEXT, KEY_BAND)
    right = max(reach, key_right, left + cell_w * len(districts)) + MARGIN
    bottom = max(foot, ky + KEY_BAND * len(mins)) + 15
    return Scene(right, bottom, "Heat map of risk by issue and district", tuple(key + items))
