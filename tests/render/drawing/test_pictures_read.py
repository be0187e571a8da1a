"""Pictures that read: the heat map's key marks every band threshold of every built-in matrix and
its colours step between bands by more than they shade within one; the lines meeting one edge
of an overlap box lie apart along it; a PNG has no white border beyond its margin."""

from __future__ import annotations

import io
import itertools
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

import csscore
from csscore.config.csa import load_csa
from csscore.config.load import available_matrices
from csscore.config.plan import load_plan
from csscore.county.aggregate import County
from csscore.model.matrix import Matrix
from csscore.overlap.graph import overlap
from csscore.render.drawing import bounds, charts, fonts, spread
from csscore.render.drawing import overlap as po
from csscore.render.drawing.files import PNG_DPI, draw_scene
from csscore.render.drawing.position import position
from csscore.render.drawing.scene import Rect, Scene, Stroke, Text

MATRICES = {m.name: m for m in available_matrices()}
PLANS = ("kent-pcp-2015", "safer-in-kent-2017", "safer-in-kent-2019", "making-kent-safer-2022")
CASES = [(p,) for p in PLANS] + [("safer-in-kent-2017", "making-kent-safer-2022")]


def lightness(colour: str) -> float:
    """CIE L* (0 black to 100 white) of an sRGB colour: how light it looks, and prints in grey."""

    def linear(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def test_the_built_in_matrices_are_all_here() -> None:
    assert {"morile-csp", "morile-csp-vulnerability", "risk-5x5"} <= set(MATRICES)


@pytest.mark.parametrize("name", sorted(MATRICES))
def test_the_key_marks_every_band_threshold(name: str) -> None:
    """A tick and its number at each band's lowest risk and at the top, where the key's colour
    steps from one band to the next; each band named between its thresholds."""
    matrix = MATRICES[name]
    mins, high = charts.band_scale(matrix)
    items, right = charts.band_key(100.0, 50.0, matrix.bands, high)
    texts = [i for i in items if isinstance(i, Text)]
    ticks = [i for i in items if isinstance(i, Stroke) and i.colour == charts.INK]
    n = len(mins)
    for k, value in enumerate([*mins, high]):
        y = 50.0 + charts.KEY_BAND * (n - k)  # the key's highest band is on top
        assert any(abs(t.points[0][1] - y) < 0.01 for t in ticks), (name, value)
        label = next(t for t in texts if t.text == f"{value:g}")
        assert abs(label.y - 0.36 * label.size - y) < 0.01  # its digits centred on the tick
        assert label.x + fonts.width(label.text, label.size) <= right
    for k, band in enumerate(matrix.bands):
        label = next(t for t in texts if t.text == band.label)
        low, top = 50.0 + charts.KEY_BAND * (n - k), 50.0 + charts.KEY_BAND * (n - k - 1)
        assert top < label.y < low


def _band_shades(matrix: Matrix) -> list[tuple[float, float]]:
    """(lightest, darkest) L* of each band's heat-map colours, lowest band first."""
    mins, high = charts.band_scale(matrix)
    ends = [*mins[1:], high]
    out = []
    for low, end in zip(mins, ends, strict=True):
        shades = [lightness(charts.band_fill(low + (end - low) * k / 50, mins, high))
                  for k in range(50)]  # fmt: skip
        shades.append(lightness(charts.band_fill(end - 1e-6, mins, high)))
        out.append((max(shades), min(shades)))
    return out


@pytest.mark.parametrize("name", sorted(MATRICES))
def test_heat_map_colours_separate_the_bands(name: str) -> None:
    """Between two bands the colour darkens by more than it does across either band, so a cell's
    band reads from its colour (in lightness: so too on a grey print)."""
    matrix = MATRICES[name]
    mins, high = charts.band_scale(matrix)
    risks = [mins[0] + (high - mins[0]) * k / 400 for k in range(401)]
    ramp = [lightness(charts.band_fill(r, mins, high)) for r in risks]
    assert all(a >= b - 0.1 for a, b in itertools.pairwise(ramp))  # darker (to 8-bit colour)
    shades = _band_shades(matrix)
    for (light_a, dark_a), (light_b, dark_b) in itertools.pairwise(shades):
        step = dark_a - light_b
        assert step > light_a - dark_a and step > light_b - dark_b, (name, shades)
        assert step >= 8  # L*: plainly different, side by side


@pytest.mark.parametrize("name", sorted(MATRICES))
def test_a_risk_axis_ticks_at_every_threshold(name: str) -> None:
    matrix = MATRICES[name]
    high = max(matrix.risk_range()[1], 1.0)
    ticks = charts.band_ticks([b.min for b in matrix.bands], 0.0, high, 315.0 / high, charts.TINY)
    assert {b.min for b in matrix.bands[1:] if b.min < high} <= set(ticks)
    assert ticks == sorted(ticks) and ticks[0] >= 0.0 and ticks[-1] <= high


def test_the_position_chart_draws_each_threshold_across() -> None:
    county = csscore.aggregate(None, csa="kent-2017", top=10)
    scene = charts_position(county)
    across = [s for s in scene.items if isinstance(s, Stroke) and s.dash]
    levels = {s.points[0][1] for s in across if s.points[0][1] == s.points[1][1]}
    assert len(levels) == len(county.districts[0].matrix.bands) - 1


def charts_position(county: County) -> Scene:
    scene = position(county)
    assert scene is not None
    return scene


# The lines meeting one edge of a box.


def test_line_ends_by_hand() -> None:
    """Two lines 1 pt wide on a 40 pt edge from y = 0: spread over 28 pt (70%) round the middle,
    the line whose other end is higher on top."""
    assert spread.ends(0.0, 40.0, [1.0, 1.0], [5.0, 1.0]) == [33.5, 6.5]
    assert spread.ends(10.0, 20.0, [3.0], [0.0]) == [20.0]
    assert spread.needed([1.0, 2.6, 1.0]) == 4.6 + 2 * spread.CLEAR + 2 * spread.INSET


@given(
    st.lists(st.sampled_from([1.0, 2.6, 4.2, 5.8]), min_size=1, max_size=12),
    st.floats(0, 500),
    st.floats(0, 100),
    st.randoms(use_true_random=False),
)
def test_line_ends_lie_apart_in_order_within_the_edge(widths, top, extra, rnd) -> None:  # type: ignore[no-untyped-def]
    order = [rnd.random() for _ in widths]
    length = spread.needed(widths) + extra
    ys = spread.ends(top, length, widths, order)
    ranked = sorted(range(len(widths)), key=lambda i: order[i])
    for a, b in itertools.pairwise(ranked):
        assert ys[b] - ys[a] >= (widths[a] + widths[b]) / 2 + spread.CLEAR - 1e-9
    for y, w in zip(ys, widths, strict=True):
        assert (
            top + spread.INSET - 1e-9 <= y - w / 2
            and y + w / 2 <= top + length - spread.INSET + 1e-9
        )


@pytest.mark.parametrize("plans", CASES, ids=str)
def test_lines_meeting_one_box_edge_are_spread_along_it(plans: tuple[str, ...]) -> None:
    """In the drawn diagram, every box edge that lines meet: their ends lie apart by their half
    widths and a clear gap, inside the edge clear of the corners, in the order of their other
    ends (so they do not cross where they meet the box)."""
    csa = load_csa("kent-2017")
    page = po.scene([overlap(csa, load_plan(p)) for p in plans])
    boxes = [r for r in page.items if isinstance(r, Rect)]
    curves = [s for s in page.items if isinstance(s, Stroke) and s.curve]
    edges: dict[tuple[int, str], list[tuple[float, float, float]]] = defaultdict(list)
    for c in curves:
        (x0, y0), (x1, y1) = c.points[0], c.points[-1]
        for (x, y, far), side in (((x0, y0, y1), "right"), ((x1, y1, y0), "left")):
            at = [n for n, r in enumerate(boxes) if r.y <= y <= r.y + r.h
                  and abs((r.x + r.w if side == "right" else r.x) - x) < 0.01]  # fmt: skip
            assert len(at) == 1, (plans, c.points)
            edges[(at[0], side)].append((y, c.width, far))
    assert max(len(e) for e in edges.values()) >= 5  # a box that many lines meet
    for (n, _), ends in edges.items():
        box = boxes[n]
        ends.sort()
        for y, w, _ in ends:
            assert box.y + spread.INSET <= y - w / 2 + 1e-9
            assert y + w / 2 <= box.y + box.h - spread.INSET + 1e-9
        for (ya, wa, fa), (yb, wb, fb) in itertools.pairwise(ends):
            assert yb - ya >= (wa + wb) / 2 + spread.CLEAR - 1e-9, (plans, box)
            assert fa < fb


# A PNG cropped to what is drawn.


def _white_border(png: bytes) -> tuple[int, int, int, int]:
    """How many all-white rows and columns there are at the top, bottom, left and right."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    ink = (pixels != 255).any(axis=2)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    h, w = ink.shape
    return int(rows[0]), int(h - 1 - rows[-1]), int(cols[0]), int(w - 1 - cols[-1])


def _figures() -> dict[str, bytes]:
    county = csscore.aggregate(None, csa="kent-2017", top=10)
    overlaps = [overlap(load_csa("kent-2017"), load_plan("safer-in-kent-2017"))]
    return {
        "heatmap": draw_scene(charts.heatmap(county), "png"),
        "bars": draw_scene(charts.bars(county.districts[0]), "png"),
        "position": draw_scene(charts_position(county), "png"),
        "overlap": po.render_plot(overlaps, "png"),
    }


def test_each_png_is_cropped_to_its_content() -> None:
    """No figure's PNG keeps more white round what is drawn than the crop margin (the A4 page of
    the overlap diagram included)."""
    pytest.importorskip("PIL")
    from csscore.render.drawing.png import CROP_MARGIN

    margin = round(CROP_MARGIN * PNG_DPI / 72)
    for name, png in _figures().items():
        border = _white_border(png)
        assert all(0 <= side <= margin for side in border), (name, border, margin)


def test_a_scene_trimmed_by_hand() -> None:
    """A 100 x 50 point box with a 2 pt outline and a line of text under it, on an A4 page:
    trimmed with a 10 pt margin, the box's outline starts at 10 pt and the page ends 10 pt past
    the text's descent."""
    box = Rect(200, 300, 100, 50, "#123456", "#123456", 2.0, radius=0)
    label = Text(200, 370, "Risk", 10)
    scene = bounds.trimmed(Scene(595, 842, "t", (box, label)), 10.0)
    moved_box, moved_label = scene.items
    assert isinstance(moved_box, Rect) and isinstance(moved_label, Text)
    assert (moved_box.x, moved_box.y, moved_box.w) == (11.0, 11.0, 100)
    descent = fonts.height(1, 10) - fonts.ascent(10)
    assert abs(scene.height - (370 + descent - 299 + 20)) < 0.011
    assert abs(scene.width - (102 + 20)) < 0.011
    assert (moved_label.x, moved_label.y) == (11.0, 370 - 299 + 10)


def test_the_appendix_overlap_figure_is_cut_to_what_it_draws() -> None:
    """The overlap diagram, laid out on A4, is an appendix figure only as large as its content
    and the margin, every label on the figure."""
    from csscore.api import appendix
    from csscore.appendix.model import Figure
    from csscore.render.figures import OVERLAP_MARGIN, figure_scenes

    report = appendix(None, csa="kent-2017", plan="safer-in-kent-2017")
    assert report.overlap is not None
    scene = figure_scenes(report)(Figure("overlap", "caption", "alt"))
    assert scene is not None
    m = OVERLAP_MARGIN
    left, top, right, bottom = bounds.covered(scene)
    assert abs(left - m) < 1e-6 and abs(top - m) < 1e-6
    assert 0 <= scene.width - (right + m) < 0.011 and 0 <= scene.height - (bottom + m) < 0.011
    page = po.scene([report.overlap])
    assert scene.height < page.height - 2 * po.MARGIN and scene.width < page.width
    assert sum(isinstance(i, Text) for i in scene.items) == sum(
        isinstance(i, Text) for i in page.items
    )
