"""The overlap diagram: every label fits its box, nothing overlaps, the page stays A4 for each
built-in plan (A3 for two plans), no shape covers text, and SVG, PNG and PDF are written, the
same inputs giving the same bytes."""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET

import pytest

from csscore.config.csa import load_csa
from csscore.config.plan import load_plan
from csscore.overlap.graph import overlap
from csscore.render.drawing import fonts
from csscore.render.drawing import overlap as po
from csscore.render.drawing.files import PNG_DPI
from csscore.render.drawing.png import to_png
from csscore.render.drawing.scene import Rect, Stroke, Text
from support import REPO

PLANS = ("kent-pcp-2015", "safer-in-kent-2017", "safer-in-kent-2019", "making-kent-safer-2022")
CASES = [(p,) for p in PLANS] + [PLANS[1:4:2]]
SVG = "{http://www.w3.org/2000/svg}"


def overlaps(plans: tuple[str, ...]):
    csa = load_csa("kent-2017")
    return [overlap(csa, load_plan(p)) for p in plans]


def laid_out(plans: tuple[str, ...], size: float):
    columns, xs = po._columns(overlaps(plans))
    po._layout(columns, xs, size)
    return columns, xs


@pytest.mark.parametrize("plans", CASES, ids=str)
@pytest.mark.parametrize("size", [po.FONT_SIZES[0], po.FONT_SIZES[-1]])
def test_labels_fit_their_boxes_and_boxes_do_not_overlap(plans, size):
    columns, xs = laid_out(plans, size)
    for n, boxes in enumerate(columns):
        title_room = xs[n + 1][0] - xs[n][0] - 2 * size if n + 1 < len(xs) else xs[n][1]
        for i, box in enumerate(boxes):
            room = title_room if i == 0 else box.w - (0 if box.heading else 2 * po.PAD + box.gutter)
            for line in box.lines:
                assert fonts.width(line, po._font(box, size), bool(box.heading)) <= room + 0.01
            assert " ".join(box.lines) == " ".join(box.text.split())
        for upper, lower in itertools.pairwise(boxes):
            assert upper.y + upper.h < lower.y, (plans, upper.text, lower.text)
    for left, right in itertools.pairwise(columns):
        gap = min(b.x for b in right) - max(b.x + b.w for b in left)
        assert gap > 60  # room for the lines (points)


def _bounds(item: Text | Rect | Stroke) -> tuple[float, float, float, float]:
    if isinstance(item, Text):
        up = fonts.ascent(item.size, item.bold)
        return item.x, item.y - up, item.x + fonts.width(item.text, item.size, item.bold), item.y
    if isinstance(item, Rect):
        return item.x, item.y, item.x + item.w, item.y + item.h
    xs, ys = [p[0] for p in item.points], [p[1] for p in item.points]
    return min(xs), min(ys), max(xs), max(ys)


def _meet(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("plans", CASES, ids=str)
def test_no_shape_is_drawn_over_text_and_texts_stay_on_the_page(plans):
    """The PNG writer draws text last, which is right only if no shape comes after a text it
    covers; a curve's bounds are its control points' box, so lines count only inside a box."""
    page = po.scene(overlaps(plans))
    texts = [(n, _bounds(t)) for n, t in enumerate(page.items) if isinstance(t, Text)]
    for n, item in enumerate(page.items):
        if isinstance(item, Rect):
            assert not any(m < n and _meet(b, _bounds(item)) for m, b in texts), item
    for _, (x0, y0, x1, y1) in texts:
        assert x0 > 0 and x1 < page.width and y0 > 0 and y1 < page.height


def test_the_2017_diagram_joins_what_the_analyst_would():
    page = po.scene(overlaps(("safer-in-kent-2017",)))
    texts = [t for t in page.items if isinstance(t, Text)]
    labels = {t.text for t in texts}
    assert {"Domestic Abuse", "cc-3", "Tackle abuse, exploitation and violence"} <= labels
    curves = [s for s in page.items if isinstance(s, Stroke) and s.curve]
    assert len(curves) == len(overlaps(("safer-in-kent-2017",))[0].links)

    def box_of(label: str) -> Rect:
        text = next(t for t in texts if t.text == label)
        return next(
            r for r in page.items if isinstance(r, Rect) and _meet(_bounds(r), _bounds(text))
        )

    da, cc3 = box_of("Domestic Abuse"), box_of("cc-3")
    joined = [
        c for c in curves
        if abs(c.points[0][0] - (da.x + da.w)) < 0.01 and da.y <= c.points[0][1] <= da.y + da.h
        and abs(c.points[-1][0] - cc3.x) < 0.01 and cc3.y <= c.points[-1][1] <= cc3.y + cc3.h
    ]  # fmt: skip
    assert len(joined) == 1


@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_fits_on_a4_png(plan):
    from PIL import Image

    data = po.render_plot(overlaps((plan,)), "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    page = (int(po.A4[0] * PNG_DPI), int(po.A4[1] * PNG_DPI))
    assert image.size[0] <= page[0] and image.size[1] < page[1], "cropped to what is drawn"
    assert image.info["dpi"] == pytest.approx(
        (PNG_DPI, PNG_DPI), abs=0.05
    )  # stored as dots per metre


def test_two_plans_fit_on_a3():
    from PIL import Image

    data = po.render_plot(overlaps(PLANS[1:4:2]), "png")
    size = Image.open(io.BytesIO(data)).size
    assert size[0] <= int(po.A3[0] * PNG_DPI) and size[1] <= int(po.A3[1] * PNG_DPI)
    assert size[0] > int(po.A4[0] * PNG_DPI), "wider than an A4 page: three columns"


def test_the_png_shows_the_gap_outline_and_the_labels():
    """Red where the scene draws a gap's outline, dark ink where it writes a label, white away
    from everything."""
    from PIL import Image

    o = overlaps(("safer-in-kent-2017",))
    page = po.scene(o)
    image = Image.open(io.BytesIO(to_png(page, PNG_DPI, crop=False))).convert("RGB")
    k = PNG_DPI / 72
    gap = next(r for r in page.items if isinstance(r, Rect) and r.stroke == po.GAP)
    mid_top = image.getpixel((int((gap.x + gap.w / 2) * k), int(gap.y * k)))
    assert mid_top[0] > 150 and mid_top[1] < 110 and mid_top[2] < 110
    label = next(t for t in page.items if isinstance(t, Text) and t.text == "Domestic Abuse")
    x0, y0, x1, y1 = (int(v * k) for v in _bounds(label))
    darkest = min(image.crop((x0, y0, x1, y1 + 1)).tobytes())
    assert darkest < 80
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_svg_is_well_formed_and_carries_every_label():
    o = overlaps(("making-kent-safer-2022",))
    data = po.render_plot(o, "svg")
    root = ET.fromstring(data)
    assert root.get("width") == "595.44pt" and root.get("viewBox", "").startswith("0 0 595.44 ")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    scene_texts = [t.text for t in po.scene(o).items if isinstance(t, Text)]
    assert texts == scene_texts
    assert "Protect people from exploitation and abuse" in " ".join(texts)
    assert len(list(root.iter(f"{SVG}path"))) == len(o[0].links) + 5  # links and the key's 5


def test_svg_png_and_pdf_are_reproducible():
    o = overlaps(("safer-in-kent-2017",))
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        data = po.render_plot(o, fmt)
        assert data.startswith(magic)
        assert data == po.render_plot(o, fmt), fmt


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown plot format"):
        po.render_plot(overlaps(("safer-in-kent-2017",)), "jpg")


def _footer(overlaps_drawn) -> str:
    items = po.scene(overlaps_drawn).items
    return " ".join(t.text for t in items if isinstance(t, Text) and t.size == po.FOOTER_SIZE)


def test_the_footer_names_each_configuration_as_the_provenance_does(tmp_path):
    copy = tmp_path / "my-plan.toml"
    copy.write_text((REPO / "config/plans/safer-in-kent-2017.toml").read_text(encoding="utf-8"))
    footer = _footer([overlap(load_csa("kent-2017"), load_plan(str(copy)))])
    assert footer.startswith("csscore ")
    assert footer.endswith(f": kent-2017 (built in) with {copy}")
    footer = _footer(overlaps(("safer-in-kent-2017", "making-kent-safer-2022")))
    assert footer.endswith(
        ": kent-2017 (built in) with safer-in-kent-2017 (built in), making-kent-safer-2022 (built in)"
    )
