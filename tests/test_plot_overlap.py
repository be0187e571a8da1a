"""The overlap diagram: every label fits its box, nothing overlaps, the page stays A4 for each
built-in plan (A3 for two plans), and PNG, SVG and PDF are written."""

from __future__ import annotations

import io
import itertools

import pytest

from csscore.csa import load_csa
from csscore.overlap import overlap
from csscore.plan import load_plan
from csscore.render import plot_overlap as po

PLANS = ("kent-pcp-2015", "safer-in-kent-2017", "safer-in-kent-2019", "making-kent-safer-2022")


def laid_out(plans: tuple[str, ...], size: float):
    from matplotlib.figure import Figure

    csa = load_csa("kent-2017")
    m = po._Measure(Figure(figsize=po.A4, dpi=po.PNG_DPI))
    columns, xs = po._columns([overlap(csa, load_plan(p)) for p in plans])
    po._layout(columns, xs, size, m)
    return columns, xs, m


@pytest.mark.parametrize("plans", [(p,) for p in PLANS] + [PLANS[1:4:2]], ids=str)
@pytest.mark.parametrize("size", [po.FONT_SIZES[0], po.FONT_SIZES[-1]])
def test_labels_fit_their_boxes_and_boxes_do_not_overlap(plans, size):
    columns, xs, m = laid_out(plans, size)
    for n, boxes in enumerate(columns):
        title_room = xs[n + 1][0] - xs[n][0] - 2 * size if n + 1 < len(xs) else xs[n][1]
        for i, box in enumerate(boxes):
            room = box.w - (0 if box.heading else 2 * po.PAD + box.gutter)
            if i == 0:
                room = title_room
            plan = plans
            for line in box.lines:
                font = po._font(box, size)
                assert m.width(line, font, bool(box.heading)) <= room + 0.01, (plan, line)
            assert " ".join(box.lines) == " ".join(box.text.split())
        for upper, lower in itertools.pairwise(boxes):
            assert upper.y + upper.h < lower.y, (plan, upper.text, lower.text)
    for left, right in itertools.pairwise(columns):
        gap = min(b.x for b in right) - max(b.x + b.w for b in left)
        assert gap > 60  # room for the lines (points)


def test_measured_widths_agree_with_matplotlib():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=po.A4, dpi=po.PNG_DPI)
    m = po._Measure(figure)
    renderer = FigureCanvasAgg(figure).get_renderer()
    from matplotlib import rc_context
    from matplotlib.font_manager import FontProperties

    text = "Provide visible neighbourhood policing and effective roads policing"
    with rc_context({"text.hinting": "no_hinting"}):  # as render_plot draws
        w, _, _ = renderer.get_text_width_height_descent(text, FontProperties(size=11), False)
    real = w * 72 / figure.dpi
    assert real <= m.width(text, 11) <= real * 1.04  # errs wide, never narrow


def png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_fits_on_a4(plan):
    data = po.render_plot([overlap(load_csa("kent-2017"), load_plan(plan))], "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(data)
    assert (width, height) == (int(po.A4[0] * po.PNG_DPI), int(po.A4[1] * po.PNG_DPI))


def test_two_plans_fit_on_a3():
    csa = load_csa("kent-2017")
    overlaps = [
        overlap(csa, load_plan(p)) for p in ("safer-in-kent-2017", "making-kent-safer-2022")
    ]
    width, height = png_size(po.render_plot(overlaps, "png"))
    assert (width, height) == (int(po.A3[0] * po.PNG_DPI), int(po.A3[1] * po.PNG_DPI))


def test_svg_and_pdf_are_reproducible():
    o = overlap(load_csa("kent-2017"), load_plan("safer-in-kent-2017"))
    svg = po.render_plot([o], "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert svg == po.render_plot([o], "svg")  # no date in the file
    pdf = po.render_plot([o], "pdf")
    assert pdf.startswith(b"%PDF")
    assert pdf == po.render_plot([o], "pdf")


def test_unknown_format_is_refused():
    o = overlap(load_csa("kent-2017"), load_plan("safer-in-kent-2017"))
    with pytest.raises(ValueError, match="unknown plot format"):
        po.render_plot([o], "jpg")
