"""The appendix's charts are scenes like the overlap diagram: every label inside the page, no two
labels over each other, and the same bytes in SVG, PNG and PDF from the same county."""

from __future__ import annotations

import itertools
import math

import pytest

import csscore
from csscore.render.drawing import charts, fonts
from csscore.render.drawing.files import draw_scene
from csscore.render.drawing.heatmap_print import print_heatmap
from csscore.render.drawing.position import position
from csscore.render.drawing.scene import Dot, Rect, Scene, Text

Box = tuple[float, float, float, float]
PORTRAIT = 17 / 2.54 * 72  # A4 less 2 cm margins each side, points


@pytest.fixture(scope="module")
def county():  # type: ignore[no-untyped-def]
    return csscore.aggregate(None, csa="kent-2017", top=10)


@pytest.fixture(scope="module")
def scenes(county) -> dict[str, Scene]:  # type: ignore[no-untyped-def]
    found = {"heatmap": charts.heatmap(county), "bars": charts.bars(county.districts[0])}
    found["print-heatmap"] = print_heatmap(county, PORTRAIT)
    found["print-bars"] = charts.bars(county.districts[0], PORTRAIT)
    for name, width in (("position", None), ("print-position", PORTRAIT)):
        scatter = position(county, width)
        assert scatter is not None
        found[name] = scatter
    return found


EVERY = ["heatmap", "print-heatmap", "bars", "print-bars", "position", "print-position"]


def extent(t: Text) -> Box:
    """The box round a line of text's ink (ascent of 'l' to descent of 'p'), turned as drawn."""
    w = fonts.width(t.text, t.size, t.bold)
    start = {"start": 0.0, "middle": -w / 2, "end": -w}[t.anchor]
    up, down = fonts.ascent(t.size), fonts.height(1, t.size) - fonts.ascent(t.size)
    a = math.radians(t.angle)
    corners = [(start + dx, dy) for dx in (0, w) for dy in (-up, down)]
    xs = [t.x + u * math.cos(a) + v * math.sin(a) for u, v in corners]
    ys = [t.y - u * math.sin(a) + v * math.cos(a) for u, v in corners]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("name", EVERY)
def test_every_label_is_inside_the_page(scenes, name) -> None:  # type: ignore[no-untyped-def]
    scene = scenes[name]
    for t in (i for i in scene.items if isinstance(i, Text)):
        x0, y0, x1, y1 = extent(t)
        assert x0 >= 0 and y0 >= 0 and x1 <= scene.width and y1 <= scene.height, t


@pytest.mark.parametrize("name", EVERY)
def test_no_two_level_labels_overlap(scenes, name) -> None:  # type: ignore[no-untyped-def]
    texts = [i for i in scenes[name].items if isinstance(i, Text) and not i.angle]
    for a, b in itertools.combinations(texts, 2):
        ax0, ay0, ax1, ay1 = extent(a)
        bx0, by0, bx1, by1 = extent(b)
        assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a.text, b.text)


@pytest.mark.parametrize("name", ["heatmap", "print-heatmap"])
def test_turned_column_labels_do_not_overlap(scenes, name) -> None:  # type: ignore[no-untyped-def]
    turned = [i for i in scenes[name].items if isinstance(i, Text) and i.angle]
    assert turned
    for a, b in itertools.pairwise(turned):
        # Parallel lines of text: apart by more than a line's ink, measured across them.
        a_turn = math.radians(a.angle)
        across = (b.x - a.x) * math.sin(a_turn) + (b.y - a.y) * math.cos(a_turn)
        assert abs(across) > fonts.height(1, a.size), (a.text, b.text)


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
@pytest.mark.parametrize("name", EVERY)
def test_each_chart_is_written_in_every_format_the_same_twice(scenes, name, fmt) -> None:  # type: ignore[no-untyped-def]
    if fmt == "png":
        pytest.importorskip("PIL")
    if fmt == "pdf":
        pytest.importorskip("matplotlib")
    first = draw_scene(scenes[name], fmt)
    assert first == draw_scene(scenes[name], fmt)
    assert first[:5] in (b"<?xml", b"\x89PNG\r", b"%PDF-")


def test_heat_map_key_marks_the_thresholds_and_names_the_bands(scenes, county) -> None:  # type: ignore[no-untyped-def]
    labels = {t.text for t in scenes["heatmap"].items if isinstance(t, Text)}
    bands = county.districts[0].matrix.bands
    assert {b.label for b in bands} <= labels
    assert {f"{b.min:g}" for b in bands} <= labels


def test_axes_tick_at_the_band_thresholds(scenes) -> None:  # type: ignore[no-untyped-def]
    assert charts.band_ticks([0.0, 50.0, 100.0], 0.0, 220.0, 1.4, 6.75) == [0, 50, 100, 220]
    assert charts.band_ticks([0.0, 50.0, 100.0], 0.0, 104.0, 1.4, 6.75) == [0, 50, 100]
    assert charts.band_ticks([1.0, 5.0, 10.0, 20.0], 0.0, 25.0, 16.8, 6.75) == [0, 5, 10, 20, 25]
    bars = {t.text for t in scenes["bars"].items if isinstance(t, Text) and t.size == charts.TINY}
    assert {"0", "50", "100", "220"} <= bars


@pytest.mark.parametrize("name", EVERY)
def test_no_box_or_dot_is_drawn_over_text(scenes, name) -> None:  # type: ignore[no-untyped-def]
    """The PNG writer draws text last; the SVG in order: they agree only if no box or dot comes
    after a text it covers."""
    items = scenes[name].items
    texts = [(n, extent(t)) for n, t in enumerate(items) if isinstance(t, Text)]
    for n, item in enumerate(items):
        if isinstance(item, Rect):
            shape = (item.x, item.y, item.x + item.w, item.y + item.h)
        elif isinstance(item, Dot):
            shape = (item.x - item.r, item.y - item.r, item.x + item.r, item.y + item.r)
        else:
            continue
        for m, (x0, y0, x1, y1) in texts:
            assert m > n or x1 <= shape[0] or shape[2] <= x0 or y1 <= shape[1] or shape[3] <= y0, (
                items[m],
                item,
            )


@pytest.mark.parametrize("name", ["print-heatmap", "print-bars", "print-position"])
def test_a_chart_laid_out_for_print_fits_the_width_with_no_text_under_8pt(scenes, name) -> None:  # type: ignore[no-untyped-def]
    scene = scenes[name]
    assert scene.width <= PORTRAIT + 0.01
    assert min(t.size for t in scene.items if isinstance(t, Text)) >= charts.PRINT_TEXT
