"""Pictures for the appendix, drawn directly as SVG: a district x issue heat map of risk, a ranked
bar chart per district coloured by band, and risk against organisational position with the gaps
marked. Plain SVG needs no plotting library, renders in any browser and prints sharply; the same
inputs give the same bytes.
"""

from __future__ import annotations

import html
import math

import numpy as np

from csscore.county.aggregate import County, issue_keys
from csscore.scoring.score import ScoredDistrict

BAND_COLOURS = ("#4575b4", "#fdae61", "#d73027", "#7f0000")  # low .. highest; colour-blind safe
FONT = "Arial, Helvetica, sans-serif"
CHAR = 0.56  # average character width as a share of the font size, for layout


def _text(
    x: float, y: float, text: str, size: float = 11, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{extra}>'
        f"{html.escape(text)}</text>"
    )


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img">'
        f"<title>{html.escape(title)}</title>"
        f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def band_colours(n: int) -> list[str]:
    """Colours for n bands, lowest first."""
    if n == 1:
        return [BAND_COLOURS[0]]
    if n == 2:
        return [BAND_COLOURS[0], BAND_COLOURS[2]]
    if n <= len(BAND_COLOURS):
        return list(BAND_COLOURS[:n])
    return [_ramp(i / (n - 1)) for i in range(n)]


def _ramp(t: float) -> str:
    """White-yellow-orange-red ramp for the heat map, t in [0, 1]."""
    stops = ((255, 255, 204), (254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    r, g, b = (round(a + (c - a) * f) for a, c in zip(stops[i], stops[i + 1], strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(county: County) -> str:
    """District x issue heat map of risk, issues in county rank order."""
    keys = [r.key for r in county.ranking]
    names = [r.name for r in county.ranking]
    column = {k: i for i, k in enumerate(keys)}
    rows = [s.assessment.district.name for s in county.districts]
    risk = np.full((len(rows), len(keys)), np.nan)
    for d, s in enumerate(county.districts):
        for i, k in enumerate(issue_keys(s, county.csa)):
            risk[d, column[k]] = s.scores.risk[i]
    high = float(np.nanmax(risk)) if np.isfinite(risk).any() else 1.0
    cell_w, cell_h = 34, 24
    left = 12 + CHAR * 11 * max((len(r) for r in rows), default=4)
    label_chars = min(30, max((len(n) for n in names), default=4))
    top = 40 + CHAR * 10 * label_chars * math.sin(math.radians(55))
    width = left + cell_w * len(keys) + 90
    height = top + cell_h * len(rows) + 20
    body = [
        _text(
            8,
            20,
            "Risk by district and issue (issues in county rank order)",
            14,
            extra=' font-weight="bold"',
        )
    ]
    for i, name in enumerate(names):
        x = left + cell_w * (i + 0.5)
        body.append(
            _text(
                x,
                top - 6,
                _shorten(name, 30),
                10,
                extra=f' transform="rotate(-55 {x:.1f} {top - 6:.1f})"',
            )
        )
    for d, row in enumerate(rows):
        y = top + cell_h * d
        body.append(_text(left - 6, y + cell_h * 0.65, row, 11, "end"))
        for i in range(len(keys)):
            x = left + cell_w * i
            value = risk[d, i]
            if not np.isfinite(value):
                body.append(
                    f'<rect x="{x}" y="{y:.1f}" width="{cell_w}" height="{cell_h}" fill="#eeeeee" stroke="white"/>'
                )
                continue
            fill = _ramp(value / high)
            ink = "white" if value > 0.62 * high else "black"
            body.append(
                f'<rect x="{x}" y="{y:.1f}" width="{cell_w}" height="{cell_h}" fill="{fill}" stroke="white"/>'
            )
            body.append(
                _text(
                    x + cell_w / 2, y + cell_h * 0.66, f"{value:g}", 9, "middle", f' fill="{ink}"'
                )
            )
    # colour key
    kx, ky = left + cell_w * len(keys) + 20, top
    steps = 10
    for step in range(steps):
        body.append(
            f'<rect x="{kx}" y="{ky + step * 14:.1f}" width="16" height="14" '
            f'fill="{_ramp(1 - step / (steps - 1))}"/>'
        )
    body.append(_text(kx + 22, ky + 10, f"{high:g}", 10))
    body.append(_text(kx + 22, ky + steps * 14, "0", 10))
    body.append(_text(kx, ky - 8, "Risk", 10, extra=' font-weight="bold"'))
    return _svg(
        width, max(height, ky + steps * 14 + 20), body, "Heat map of risk by district and issue"
    )


def bars(scored: ScoredDistrict) -> str:
    """One district's issues ranked by risk, coloured by band, with the band thresholds."""
    rows = scored.ranked()
    matrix = scored.matrix
    colours = band_colours(len(matrix.bands))
    band_index = {b.label: i for i, b in enumerate(matrix.bands)}
    labels = [f"{r.rank}. {_shorten(r.issue, 34)}" for r in rows]
    left = 12 + CHAR * 11 * max((len(s) for s in labels), default=4)
    plot_w, bar_h, top = 420, 18, 40
    high = max(matrix.risk_range()[1], 1.0)
    scale = plot_w / high
    height = top + bar_h * len(rows) + 50
    name = scored.assessment.district.name
    body = [_text(8, 20, f"{name}: issues ranked by risk", 14, extra=' font-weight="bold"')]
    for b in matrix.bands[1:]:
        x = left + b.min * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + bar_h * len(rows)}" stroke="#777" stroke-dasharray="4 3"/>'
        )
        body.append(_text(x, top - 8, f"{b.label} {b.min:g}", 9, "middle", ' fill="#555"'))
    for k, (r, label) in enumerate(zip(rows, labels, strict=True)):
        y = top + bar_h * k
        body.append(_text(left - 6, y + bar_h * 0.7, label, 11, "end"))
        w = max(r.risk * scale, 0.5)
        fill = colours[band_index[r.band]]
        body.append(
            f'<rect x="{left:.1f}" y="{y + 2:.1f}" width="{w:.1f}" height="{bar_h - 4}" fill="{fill}"/>'
        )
        body.append(
            _text(left + w + 4, y + bar_h * 0.7, f"{r.risk:g}" + (" gap" if r.gap else ""), 10)
        )
    axis_y = top + bar_h * len(rows) + 4
    body.append(
        f'<line x1="{left:.1f}" y1="{axis_y}" x2="{left + plot_w:.1f}" y2="{axis_y}" stroke="#333"/>'
    )
    body.append(_text(left + plot_w / 2, axis_y + 30, "Risk (harm x likelihood)", 11, "middle"))
    for tick in np.linspace(0, high, 5):
        x = left + tick * scale
        body.append(_text(x, axis_y + 14, f"{tick:g}", 9, "middle"))
    lx = left + plot_w + 20
    for i, b in enumerate(reversed(matrix.bands)):
        colour = colours[len(matrix.bands) - 1 - i]
        body.append(f'<rect x="{lx}" y="{top + i * 18}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 18, top + i * 18 + 10, b.label, 10))
    return _svg(lx + 90, height, body, f"{name}: bar chart of risk by issue")


def position(county: County) -> str | None:
    """Risk against organisational position for every district's issues, gaps marked and named."""
    if not county.districts or county.districts[0].scores.position is None:
        return None
    matrix = county.districts[0].matrix
    p_low, p_high = matrix.section_range("position")
    r_high = matrix.risk_range()[1]
    width, height, left, top, plot_w, plot_h = 860, 520, 70, 40, 560, 420
    sx = plot_w / (p_high - p_low + 1)
    sy = plot_h / max(r_high, 1.0)

    def px(x: float) -> float:
        return left + (x - p_low + 0.5) * sx

    def py(y: float) -> float:
        return top + plot_h - y * sy

    body = [
        _text(
            8,
            22,
            "Risk against organisational position, all districts",
            14,
            extra=' font-weight="bold"',
        )
    ]
    gap_grades = [g.min for g in matrix.grades if g.label in matrix.gap_grades]
    gap_bands = [b.min for b in matrix.bands if b.label in matrix.gap_bands]
    if gap_grades and gap_bands:
        x0, y0 = px(min(gap_grades) - 0.5), py(r_high)
        body.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{left + plot_w - x0:.1f}" height="{py(min(gap_bands)) - y0:.1f}" fill="#fee0d2"/>'
        )
        body.append(
            _text(
                left + plot_w - 6,
                y0 + 16,
                "gap: high risk, poorly placed",
                11,
                "end",
                ' fill="#a50f15"',
            )
        )
    body.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>'
    )
    for tick in range(int(p_low), int(p_high) + 1):
        body.append(_text(px(tick), top + plot_h + 16, str(tick), 10, "middle"))
    for level in np.linspace(0, r_high, 5):
        body.append(_text(left - 6, py(level) + 4, f"{level:g}", 10, "end"))
    body.append(
        _text(
            left + plot_w / 2,
            top + plot_h + 36,
            "Organisational position (higher = worse placed)",
            11,
            "middle",
        )
    )
    body.append(
        _text(
            18,
            top + plot_h / 2,
            "Risk",
            11,
            "middle",
            f' transform="rotate(-90 18 {top + plot_h / 2})"',
        )
    )
    gaps = []
    for d, s in enumerate(county.districts):
        assert s.scores.position is not None
        for i, name in enumerate(s.assessment.issues):
            jitter = ((d * 7 + i * 13) % 11 - 5) * 0.05 * sx
            x, y = px(float(s.scores.position[i])) + jitter, py(float(s.scores.risk[i]))
            if s.scores.gap[i]:
                gaps.append((y, x, f"{name} ({s.assessment.district.name})"))
            else:
                body.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="#4575b4" fill-opacity="0.55"/>'
                )
    label_y: float = top + 14
    for y, x, label in sorted(gaps):
        body.append(
            f'<path d="M{x - 5:.1f},{y - 5:.1f}L{x + 5:.1f},{y + 5:.1f}M{x - 5:.1f},{y + 5:.1f}L{x + 5:.1f},{y - 5:.1f}" stroke="#a50f15" stroke-width="2.5"/>'
        )
        ly = max(label_y, y)
        body.append(
            f'<line x1="{x + 6:.1f}" y1="{y:.1f}" x2="{left + plot_w + 8}" y2="{ly:.1f}" stroke="#a50f15" stroke-width="0.6"/>'
        )
        body.append(_text(left + plot_w + 12, ly + 4, label, 10, extra=' fill="#a50f15"'))
        label_y = ly + 15
    body.append(f'<circle cx="{left + 10}" cy="{top + plot_h + 58}" r="3.2" fill="#4575b4"/>')
    body.append(_text(left + 18, top + plot_h + 62, "an issue in a district", 10))
    body.append(
        _text(
            left + 170,
            top + plot_h + 62,
            "x  gap (named on the right)",
            10,
            extra=' fill="#a50f15"',
        )
    )
    return _svg(width, max(height + 50, label_y + 10), body, "Risk against organisational position")
