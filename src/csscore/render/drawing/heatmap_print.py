"""The heat map drawn for a printed page (Word, LaTeX): one row per issue, one column per district
(the screen's heat map turned, since a county has fewer districts than issues), laid out for the
page's text width so that, printed at its own size, no text is smaller than ``PRINT_TEXT``.

The issue names read across, the district names slanted (each cut with an ellipsis past 150 pt);
the cells narrow to fit the width, never below their widest number. Where they would have to,
the key moves from beside the cells to under them, and then the district names stand upright;
a county too wide even so (about 18 districts or more on A4 portrait) is narrowed to the text
width by the paper that prints it.
"""

from __future__ import annotations

import numpy as np

from csscore.county.aggregate import County, issue_keys
from csscore.render.drawing import fonts
from csscore.render.drawing.charts import (
    KEY_BAND,
    LABEL_ROOM,
    MARGIN,
    PRINT_TEXT,
    TITLE,
    TURN,
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
)
from csscore.render.drawing.scene import Item, Scene, Text

#: The size of the row and column labels, points.
PRINT_LABEL = 8.5
#: The widest a cell is drawn and its height.
CELL_W, CELL_H = 25.5, 15.0
KEY_GAP = 15.0  # points between the cells and the key


def print_heatmap(county: County, width: float) -> Scene:
    """Issue x district heat map of risk, issues in county rank order, at most ``width`` points
    wide where the cells can narrow that far; every text at least ``PRINT_TEXT`` points."""
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
    _, key_w = band_key(0.0, 0.0, bands, high, PRINT_TEXT)
    n = max(len(districts), 1)

    def widest(turn: float, beside: bool) -> float:
        """The widest cell with the headings turned ``turn`` degrees, the key ``beside`` them."""
        room = width - left - MARGIN - (KEY_GAP + key_w if beside else 0.0)
        return min(CELL_W, turned_fit(districts, left, PRINT_LABEL, width - MARGIN, turn), room / n)

    # The key beside the cells; under them, to leave them room; the headings upright as well.
    layouts = ((TURN, True), (TURN, False), (90.0, False))
    turn, beside = next((t for t in layouts if widest(*t) >= least), layouts[-1])
    cell_w = max(widest(turn, beside), least)
    heading = "Risk by issue and district (issues in county rank order)"
    top, columns, reach = turned_headings(districts, left, cell_w, PRINT_LABEL, turn)
    items: list[Item] = [title(heading), *columns]
    reach = max(reach, MARGIN + fonts.width(heading, TITLE, True))
    for i, issue in enumerate(issues):
        y = top + CELL_H * i
        middle = y + CELL_H / 2
        items.append(
            Text(left - 4.5, centre_line(middle, PRINT_LABEL), issue, PRINT_LABEL, anchor="end")
        )
        for d in range(len(districts)):
            x, value = left + cell_w * d, float(risk[i, d])
            fill = band_fill(value, mins, high) if np.isfinite(value) else "#eeeeee"
            items.append(box(x + 0.5, y + 0.5, cell_w - 1, CELL_H - 1, fill))
            if np.isfinite(value):
                items.append(Text(x + cell_w / 2, centre_line(middle, PRINT_TEXT), f"{value:g}",
                                  PRINT_TEXT, colour=ink_on(fill), anchor="middle"))  # fmt: skip
    foot = top + CELL_H * len(issues)
    kx, ky = (left + cell_w * n + KEY_GAP, top) if beside else (left, foot + KEY_GAP + 15)
    key, key_right = band_key(kx, ky, bands, high, PRINT_TEXT)
    right = max(reach, key_right, left + cell_w * len(districts)) + MARGIN
    bottom = max(foot, ky + KEY_BAND * len(mins)) + 15
    return Scene(right, bottom, "Heat map of risk by issue and district", tuple(key + items))
