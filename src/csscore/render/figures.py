"""The appendix's figures drawn as SVG for the HTML page: the heatmap, the position chart, each
district's bars and the two-sided overlap diagram (all drawn directly, no plotting library)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from csscore.appendix.model import Figure, Report
from csscore.render.page import PRINT_HEIGHT, TEXT_WIDTH

if TYPE_CHECKING:
    from csscore.render.drawing.scene import Scene

#: Points of white kept round the overlap diagram, laid out on an A4 page, in the appendix.
OVERLAP_MARGIN = 12.0
#: Points a figure's PNG adds to its height: the PNG keeps 12 pt round what it draws where the
#: figure keeps 6 pt (``png.CROP_MARGIN`` less ``charts.MARGIN``, each side).
PNG_ROOM = 12.0


def drawer(report: Report, print_width: float | None = None) -> Callable[[Figure], str | None]:
    """A function drawing each of the report's figures as SVG (None for one it cannot draw):
    each is laid out as a scene and written directly, no plotting library needed; with
    ``print_width`` (points) laid out for a printed page that wide (:func:`figure_scenes`)."""
    from csscore.render.drawing.svg import to_svg

    scene_of = figure_scenes(report, print_width)

    def draw(figure: Figure) -> str | None:
        scene = scene_of(figure)
        return None if scene is None else to_svg(scene).decode("utf-8")

    return draw


def scene_drawer(
    report: Report, fmt: str, print_width: float | None = None
) -> Callable[[Figure], bytes | None]:
    """A function drawing each of the report's figures as a ``fmt`` file ("png" at print
    resolution, "svg" or "pdf"), None for one it cannot draw; with ``print_width`` (points) the
    figures laid out for a printed page that wide (:func:`figure_scenes`)."""
    from csscore.render.drawing.files import draw_scene

    scene_of = figure_scenes(report, print_width)

    def draw(figure: Figure) -> bytes | None:
        scene = scene_of(figure)
        return None if scene is None else draw_scene(scene, fmt)

    return draw


def report_text(report: Report, fmt: str) -> str:
    """The appendix as one text document: ``html``, ``latex``, ``json`` or ``markdown``."""
    if fmt == "html":
        from csscore.render.formats.html import to_html

        return to_html(report, drawer(report), drawer(report, TEXT_WIDTH))
    if fmt == "latex":
        from csscore.render.formats.latex import to_latex

        return to_latex(report)
    if fmt == "json":
        from csscore.render.formats.text import to_json_report

        return to_json_report(report)
    from csscore.render.formats.text import to_markdown

    return to_markdown(report)


def figure_scenes(
    report: Report, print_width: float | None = None
) -> Callable[[Figure], Scene | None]:
    """The scene of each of the report's figures (heat map, position, a district's bars, the
    overlap diagram trimmed from its page to what it draws); None for one it cannot draw. With
    ``print_width`` (points) every figure is laid out for a printed page that wide, no text
    under 8 pt, so none is shrunk on the page: the heat map is the one drawn for print
    (:func:`~csscore.render.drawing.heatmap_print.print_heatmap`), the charts narrow their plots
    and the overlap diagram is laid out that wide."""
    from csscore.render.drawing import charts
    from csscore.render.drawing.bounds import trimmed
    from csscore.render.drawing.overlap import scene as overlap_scene
    from csscore.render.drawing.position import position

    by_id = {s.assessment.district.id: s for s in report.county.districts}

    def scene(figure: Figure) -> Scene | None:
        if figure.kind == "heatmap" and print_width is not None:
            from csscore.render.drawing.heatmap_print import print_heatmap

            return print_heatmap(report.county, print_width, PRINT_HEIGHT - PNG_ROOM)
        if figure.kind == "heatmap":
            return charts.heatmap(report.county)
        if figure.kind == "position":
            return position(report.county, print_width)
        if figure.kind == "bars":
            return charts.bars(by_id[figure.district], print_width)
        if figure.kind == "overlap" and report.overlap is not None:
            if print_width is None:
                return trimmed(overlap_scene([report.overlap]), OVERLAP_MARGIN)
            return _fitted(print_overlap, print_width)
        return None

    def print_overlap(width: float) -> Scene:
        assert report.overlap is not None
        across, down = width - 2 * OVERLAP_MARGIN, PRINT_HEIGHT - 2 * OVERLAP_MARGIN
        return trimmed(overlap_scene([report.overlap], across, down), OVERLAP_MARGIN)

    return scene


def _fitted(lay_out: Callable[[float], Scene], width: float) -> Scene:
    """The scene ``lay_out`` gives for ``width`` points, laid out again narrower by what it
    overran where a line or label reached past the width it was given (so it prints unshrunk)."""
    scene = lay_out(width)
    return scene if scene.width <= width else lay_out(max(2 * width - scene.width, width / 2))
