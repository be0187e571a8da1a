"""Pictures as data: text measurement from the font table, the geometry helpers the PNG writer
uses (dashes, curves, rounded boxes) and the SVG writer."""

from __future__ import annotations

import io
import itertools
import math
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csscore.render.drawing import font_metrics, fonts
from csscore.render.drawing.scene import (
    NONE,
    Dot,
    Rect,
    Scene,
    Stroke,
    Text,
    bezier,
    dashes,
    rounded,
)
from csscore.render.drawing.svg import to_svg
from support import REPO

ROOT = REPO
PHRASE = "Provide visible neighbourhood policing and effective roads policing"


def test_the_font_table_is_what_the_generator_writes(tmp_path, monkeypatch):
    pytest.importorskip("PIL")
    generator = runpy.run_path(str(ROOT / "tools" / "gen_font_metrics.py"))
    out = tmp_path / "font_metrics.py"
    monkeypatch.setitem(generator["main"].__globals__, "OUT", out)
    generator["main"]()
    assert out.read_text(encoding="utf-8") == Path(font_metrics.__file__).read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("bold", [False, True])
def test_widths_agree_with_the_font_as_drawn(bold):
    """Pillow's own layout of a whole line (kerning included) is never wider than the laid-out
    width, and no more than 4 % narrower."""
    imagefont = pytest.importorskip("PIL.ImageFont")
    for size in (8.0, 11.0, 14.0):
        for dpi in (150, 300):
            pixels = size * dpi / 72
            font = imagefont.truetype(str(fonts.font_file(bold)), pixels)
            drawn = font.getlength(PHRASE) * 72 / dpi
            laid = fonts.width(PHRASE, size, bold)
            assert drawn <= laid <= drawn * 1.04, (size, dpi)


def test_a_worked_width():
    # 'Aa' in DejaVu Sans: A = 1401, a = 1255 units of 2048; at 10 pt.
    assert fonts.advance("Aa", 10) == pytest.approx((1401 + 1255) / 2048 * 10)
    assert fonts.width("Aa", 10) == pytest.approx((1401 + 1255) / 2048 * 10 * fonts.WIDEN)


def test_a_character_outside_the_table_counts_as_the_widest():
    widest = max(int(u) for u in font_metrics.REGULAR.split()) / font_metrics.EM
    assert fonts.advance("\u4e2d", 10) == pytest.approx(widest * 10)


def test_wrap_breaks_between_words_within_the_room():
    lines = fonts.wrap(PHRASE, 120, 10)
    assert " ".join(lines) == PHRASE
    assert all(fonts.width(line, 10) <= 120 for line in lines)
    assert all(fonts.width(f"{a} {b.split()[0]}", 10) > 120 for a, b in itertools.pairwise(lines))
    assert fonts.wrap("Supercalifragilistic", 10, 10) == ["Supercalifragilistic"]
    assert fonts.wrap("   ", 50, 10) == []


def test_height_of_a_block():
    up, down = font_metrics.INK[False]
    assert fonts.height(1, 10) == pytest.approx((up + down) / 2048 * 10)
    assert fonts.height(3, 10) == pytest.approx((up + down) / 2048 * 10 + 2 * 12.5)


def _length(line):
    return sum(math.dist(a, b) for a, b in itertools.pairwise(line))


@given(
    st.lists(st.tuples(st.floats(-500, 500), st.floats(-500, 500)), min_size=2, max_size=12),
    st.floats(0.5, 20),
    st.floats(0.5, 20),
)
def test_dashes_cover_the_on_share_of_the_line(points, on, off):
    total = _length(points)
    pieces = dashes(points, on, off)
    drawn = sum(_length(p) for p in pieces)
    period = on + off
    full, rest = divmod(total, period)
    expected = full * on + min(rest, on)
    assert drawn == pytest.approx(expected, abs=1e-6 * max(total, 1))
    assert all(_length(p) <= on + 1e-6 for p in pieces)


def test_a_dash_pattern_by_hand():
    # 10 long, 3 on 2 off: dashes 0-3, 5-8, then 10 is mid-gap.
    pieces = dashes([(0.0, 0.0), (10.0, 0.0)], 3, 2)
    assert [[round(x, 9) for x, _ in p] for p in pieces] == [[0, 3], [5, 8]]


def test_bezier_ends_at_its_end_points_and_passes_the_middle():
    points = ((0.0, 0.0), (4.5, 0.0), (5.5, 10.0), (10.0, 10.0))
    line = bezier(points, steps=4)
    assert line[0] == (0.0, 0.0) and line[-1] == (10.0, 10.0)
    # At t = 1/2: (x0 + 3 x1 + 3 x2 + x3) / 8.
    assert line[2] == pytest.approx(((0 + 13.5 + 16.5 + 10) / 8, (0 + 0 + 30 + 10) / 8))


def test_rounded_box_is_closed_and_inside_its_box():
    box = Rect(10, 20, 100, 30, "#ffffff", "#000000", 1, radius=4)
    outline = rounded(box)
    assert outline[0] == outline[-1]
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    assert min(xs) == pytest.approx(10) and max(xs) == pytest.approx(110)
    assert min(ys) == pytest.approx(20) and max(ys) == pytest.approx(50)


def test_svg_writer_escapes_text_and_states_each_width():
    scene = Scene(
        200,
        100,
        "A & B <test>",
        (
            Rect(1, 2, 30, 40, "#eeeeee", "#c0392b", 1.8, (7.2, 3.6)),
            Stroke(((0, 0), (10, 5), (20, 5), (30, 0)), "#123456", 2.5, curve=True),
            Text(5, 50, "Fraud & <scams>", 10, bold=True),
        ),
    )
    data = to_svg(scene)
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "A & B <test>"
    rect = root.findall(f"{ns}rect")[1]
    assert (rect.get("stroke"), rect.get("stroke-dasharray")) == ("#c0392b", "7.2 3.6")
    assert root.find(f"{ns}path").get("d") == "M0 0C10 5 20 5 30 0"
    text = root.find(f"{ns}text")
    assert text.text == "Fraud & <scams>" and text.get("font-weight") == "bold"
    assert float(text.get("textLength")) == pytest.approx(
        fonts.advance("Fraud & <scams>", 10, True), abs=0.005
    )
    assert data == to_svg(scene)


def test_svg_writer_anchors_turns_and_dots():
    scene = Scene(
        100,
        100,
        "t",
        (
            Rect(10, 10, 50, 20, NONE, "#333333", 0.75, radius=0.0),
            Rect(10, 40, 50, 20, "#fee0d2", "#fee0d2", 0.0, radius=0.0),
            Dot(20, 20, 2.4, "#4575b4", 0.55),
            Text(50, 50, "Risk", 8, anchor="middle", angle=90),
        ),
    )
    root = ET.fromstring(to_svg(scene))
    ns = "{http://www.w3.org/2000/svg}"
    frame, shade = root.findall(f"{ns}rect")[1:]
    assert frame.get("fill") == "none" and frame.get("rx") is None
    assert shade.get("stroke") == "none" and shade.get("stroke-width") is None
    dot = root.find(f"{ns}circle")
    assert (dot.get("cx"), dot.get("r"), dot.get("fill-opacity")) == ("20", "2.4", "0.55")
    text = root.find(f"{ns}text")
    assert text.get("text-anchor") == "middle"
    assert text.get("transform") == "rotate(-90 50 50)"


def test_png_turns_text_about_its_anchor():
    """'Risk' turned a quarter anticlockwise from (50, 50) reads upwards: its ink is above the
    anchor and to its left."""
    pytest.importorskip("PIL")
    from PIL import Image

    from csscore.render.drawing.png import to_png

    scene = Scene(100, 100, "t", (Text(50, 50, "Risk", 10, angle=90),))
    image = Image.open(io.BytesIO(to_png(scene, 72, crop=False))).convert("L")
    ink = [(x, y) for x in range(100) for y in range(100) if image.getpixel((x, y)) < 128]
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    assert min(xs) >= 40 and max(xs) <= 51
    assert min(ys) >= 25 and max(ys) <= 51
    assert max(ys) - min(ys) > max(xs) - min(xs)


def test_pdf_writes_the_new_items():
    pytest.importorskip("matplotlib")
    from csscore.render.drawing.pdf import to_pdf

    scene = Scene(
        100,
        100,
        "t",
        (
            Rect(10, 10, 50, 20, NONE, "#333333", 0.75, radius=0.0),
            Dot(20, 20, 2.4, "#4575b4", 0.55),
            Text(50, 50, "Risk", 8, anchor="end", angle=55),
        ),
    )
    assert to_pdf(scene)[:5] == b"%PDF-" and to_pdf(scene) == to_pdf(scene)


def test_png_is_cropped_to_what_is_drawn():
    """A 100 x 50 point box on an A4 page: the PNG is the box and a margin round it, at 72 dpi
    one pixel to the point."""
    pytest.importorskip("PIL")
    from PIL import Image

    from csscore.render.drawing.png import CROP_MARGIN, to_png

    scene = Scene(595, 842, "t", (Rect(200, 300, 100, 50, "#123456", "#123456", 0.0, radius=0),))
    image = Image.open(io.BytesIO(to_png(scene, 72)))
    m = round(CROP_MARGIN)
    width, height = image.size
    assert 0 <= width - (100 + 2 * m) <= 1 and 0 <= height - (50 + 2 * m) <= 1  # edges smoothed
    assert image.getpixel((m + 50, m + 25))[:3] == (0x12, 0x34, 0x56)
    assert Image.open(io.BytesIO(to_png(scene, 72, crop=False))).size == (595, 842)
