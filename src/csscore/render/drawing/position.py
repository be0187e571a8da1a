"""Risk against organisational position for every district's issues, laid out as a
:class:`~csscore.render.drawing.scene.Scene`: the gap region shaded, each gap crossed and named on
the right."""

from __future__ import annotations

import math

from csscore.county.aggregate import County
from csscore.render.drawing import fonts
from csscore.render.drawing.charts import (
    INK,
    LABEL,
    MARGIN,
    PRINT_TEXT,
    SMALL,
    TITLE,
    band_ticks,
    centre_line,
    shorten,
    title,
)
from csscore.render.drawing.scene import NONE, Dot, Item, Rect, Scene, Stroke, Text

DOT = "#4575b4"
GAP = "#a50f15"
POSITION_PLOT_LEAST = 260.0  # points: the narrowest the plot is drawn for print


def _cross(x: float, y: float, half: float = 3.75) -> list[Item]:
    return [
        Stroke(((x - half, y - half), (x + half, y + half)), GAP, 1.9),
        Stroke(((x - half, y + half), (x + half, y - half)), GAP, 1.9),
    ]


def _gap_name(issue: str, district: str, room: float = math.inf, size: float = SMALL) -> str:
    """A gap as it is named on the right, "issue (district)", in ``room`` points at ``size``:
    the issue's name cut first, so the district stays whole where it can."""
    whole = f"{issue} ({district})"
    if fonts.width(whole, size) <= room:
        return whole
    tail = f" ({district})"
    keep = room - fonts.width(tail, size)
    if keep >= fonts.width("Gangs…", size):
        return shorten(issue, keep, size) + tail
    return shorten(whole, room, size)


def _gaps(county: County) -> list[str]:
    """The name of every gap."""
    return [
        _gap_name(name, s.assessment.district.name)
        for s in county.districts
        for name, gap in zip(s.assessment.issues, s.scores.gap, strict=True)
        if gap
    ]


def position(county: County, width: float | None = None) -> Scene | None:
    """Risk against organisational position, gaps marked and named (None without positions).
    With ``width`` (points) laid out for a printed page that wide: no text under ``PRINT_TEXT``,
    the plot narrowed (and the gaps' names cut) so that the chart fits."""
    if not county.districts or county.districts[0].scores.position is None:
        return None
    matrix = county.districts[0].matrix
    p_low, p_high = matrix.section_range("position")
    r_high = matrix.risk_range()[1]
    small = SMALL if width is None else PRINT_TEXT
    left, top, plot_w = 52.5, MARGIN + fonts.height(1, TITLE, True) + 15, 420.0
    room = math.inf  # the most a gap's name takes
    if (
        width is not None
    ):  # the gaps' names cut to leave the plot POSITION_PLOT_LEAST wide, if they must be
        names = max((fonts.width(n, small) for n in _gaps(county)), default=0.0)
        room = max(width - MARGIN - 9 - left - POSITION_PLOT_LEAST, 60.0)
        plot_w = max(min(plot_w, width - MARGIN - 9 - left - min(names, room)), POSITION_PLOT_LEAST)
    plot_h = plot_w * 0.75
    sx = plot_w / (p_high - p_low + 1)
    sy = plot_h / max(r_high, 1.0)

    def px(x: float) -> float:
        return left + (x - p_low + 0.5) * sx

    def py(y: float) -> float:
        return top + plot_h - y * sy

    items: list[Item] = [title("Risk against organisational position, all districts")]
    gap_grades = [g.min for g in matrix.grades if g.label in matrix.gap_grades]
    gap_bands = [b.min for b in matrix.bands if b.label in matrix.gap_bands]
    if gap_grades and gap_bands:
        x0, y0 = px(min(gap_grades) - 0.5), py(r_high)
        shade = "#fee0d2"
        items.append(Rect(x0, y0, left + plot_w - x0, py(min(gap_bands)) - y0, shade, shade, 0.0,
                          radius=0.0))  # fmt: skip
        items.append(Text(left + plot_w - 4.5, y0 + 12, "gap: high risk, poorly placed", LABEL,
                          colour=GAP, anchor="end"))  # fmt: skip
    for b in matrix.bands[1:]:  # each threshold across the plot, under the dots
        if 0 < b.min < r_high:
            line = ((left, py(b.min)), (left + plot_w, py(b.min)))
            items.append(Stroke(line, "#b0b0b0", 0.6, (3.0, 2.25)))
    items.append(Rect(left, top, plot_w, plot_h, NONE, "#333333", 0.75, radius=0.0))
    for tick in range(int(p_low), int(p_high) + 1):
        items.append(Text(px(tick), top + plot_h + 12, str(tick), small, anchor="middle"))
    for level in band_ticks([b.min for b in matrix.bands], 0.0, r_high, sy, small):
        items.append(Stroke(((left - 3, py(level)), (left, py(level))), "#333333", 0.75))
        items.append(
            Text(left - 4.5, centre_line(py(level), small), f"{level:g}", small, anchor="end")
        )
    items.append(Text(left + plot_w / 2, top + plot_h + 27,
                      "Organisational position (higher = worse placed)", LABEL,
                      anchor="middle"))  # fmt: skip
    items.append(Text(MARGIN + 7.5, top + plot_h / 2, "Risk", LABEL, anchor="middle", angle=90))
    gaps: list[tuple[float, float, str]] = []
    for d, s in enumerate(county.districts):
        assert s.scores.position is not None
        for i, name in enumerate(s.assessment.issues):
            jitter = ((d * 7 + i * 13) % 11 - 5) * 0.05 * sx
            x, y = px(float(s.scores.position[i])) + jitter, py(float(s.scores.risk[i]))
            if s.scores.gap[i]:
                gaps.append((y, x, _gap_name(name, s.assessment.district.name, room, small)))
            else:
                items.append(Dot(x, y, 2.4, DOT, 0.55))
    heading = fonts.width("Risk against organisational position, all districts", TITLE, True)
    label_x, label_y, right = left + plot_w + 9, top + 10.5, max(left + plot_w, MARGIN + heading)
    for y, x, label in sorted(gaps):
        ly = max(label_y, y)
        items += _cross(x, y)
        items.append(Stroke(((x + 4.5, y), (label_x - 3, ly)), GAP, 0.5))
        items.append(Text(label_x, centre_line(ly, small), label, small, colour=GAP))
        right = max(right, label_x + fonts.width(label, small))
        label_y = ly + 11.25
    key_y = top + plot_h + 43.5
    items.append(Dot(left + 7.5, key_y, 2.4, DOT))
    items.append(
        Text(left + 13.5, centre_line(key_y, small), "an issue in a district", small, colour=INK)
    )
    sample_x = left + 27 + fonts.width("an issue in a district", small) + 15
    items += _cross(sample_x, key_y, 3)
    items.append(
        Text(
            sample_x + 7.5, centre_line(key_y, small), "gap (named on the right)", small, colour=GAP
        )
    )
    height = max(key_y + 12, label_y + 7.5)
    texts = [i for i in items if isinstance(i, Text)]  # over every dot, line and box, as in PNG
    shapes = [i for i in items if not isinstance(i, Text)]
    return Scene(right + MARGIN, height, "Risk against organisational position", (*shapes, *texts))
