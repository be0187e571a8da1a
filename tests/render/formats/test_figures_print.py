"""Every figure of the Word and LaTeX papers prints its text at 8 pt or more: each is laid out for
the page it prints on (no text in it under 8 pt) and printed at the size it was drawn, neither
narrowed to the text width nor shrunk to the page's height. Checked on the sample and on a
county of 14 districts with long names grading all 34 issues of the vocabulary, whose heat map
must move its key and flatten its cells to fit."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.api import appendix
from csscore.appendix.model import Figure, Report
from csscore.cli.main import cli
from csscore.render.drawing.charts import PRINT_TEXT
from csscore.render.drawing.scene import Scene, Text
from csscore.render.figures import PRINT_HEIGHT, figure_scenes
from csscore.render.formats.latex import TEXT_WIDTH, latex_files
from support import fill_new_county

#: Fourteen districts, among them the longest names of English districts.
LONG_NAMES = (
    "King's Lynn and West Norfolk",
    "Basingstoke and Deane",
    "Tonbridge and Malling",
    "East Hertfordshire",
    "Welwyn Hatfield",
    "North Hertfordshire",
    "Dacorum",
    "St Albans",
    "Three Rivers",
    "Hertsmere",
    "Broxbourne",
    "Stevenage",
    "Watford",
    "Epping Forest",
)


@pytest.fixture(scope="module")
def wide_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wide") / "county"
    districts = [a for name in LONG_NAMES for a in ("--district", name)]
    result = CliRunner().invoke(cli, ["new", str(folder), "--county", "Wideshire", *districts])
    assert result.exit_code == 0, result.stderr
    fill_new_county(folder, issues=34)  # every issue the template lists
    for name in ("csa.toml", "plan.toml"):  # the templates' examples taken as they stand
        path = folder / name
        path.write_text(re.sub(r"(?m)^# ", "", path.read_text("utf-8")), "utf-8")
    return folder


def _figures(report: Report) -> list[Figure]:
    found: list[Figure] = []
    stack = list(reversed(report.sections))
    while stack:
        section = stack.pop()
        found += section.figures
        stack += reversed(section.subsections)
    return found


def _least(scene: Scene) -> float:
    return min(t.size for t in scene.items if isinstance(t, Text))


def _reports(wide_county: Path) -> list[Report]:
    return [appendix(folder, audience=audience) for folder in (None, wide_county)
            for audience in ("analyst", "committee")]  # fmt: skip


def test_every_word_figure_prints_at_its_drawn_size_with_8pt_text(wide_county: Path) -> None:
    docx = pytest.importorskip("docx")
    image = pytest.importorskip("PIL.Image")
    from csscore.render.formats.word import print_width, to_docx

    for report in _reports(wide_county):
        scene_of = figure_scenes(report, print_width())
        figures = [f for f in _figures(report) if scene_of(f) is not None]
        assert {f.kind for f in figures} >= {"heatmap", "overlap"}
        for figure in figures:
            scene = scene_of(figure)
            assert scene is not None and _least(scene) >= PRINT_TEXT, figure
        document = docx.Document(io.BytesIO(to_docx(report)))
        shapes = document.inline_shapes
        assert len(shapes) == len(figures)
        for shape in shapes:
            blip = shape._inline.graphic.graphicData.pic.blipFill.blip
            png = image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
            drawn = png.size[0] * 72 / 300, png.size[1] * 72 / 300  # points at 300 dpi
            assert shape.width / 12700 == pytest.approx(drawn[0], abs=0.1)  # EMU to points
            assert shape.height / 12700 == pytest.approx(drawn[1], abs=0.1)
            assert drawn[0] <= TEXT_WIDTH and drawn[1] <= PRINT_HEIGHT


def test_every_latex_figure_prints_at_its_drawn_size_with_8pt_text(wide_county: Path) -> None:
    pytest.importorskip("matplotlib")
    for report in _reports(wide_county):
        scene_of = figure_scenes(report, TEXT_WIDTH)
        for figure in _figures(report):
            scene = scene_of(figure)
            assert scene is None or _least(scene) >= PRINT_TEXT, figure
        files = latex_files(report)
        tex = files["appendix.tex"]
        assert isinstance(tex, str)
        included = re.findall(r"\\includegraphics\[([^\]]*)\]\{([^}]+)\}", tex)
        assert included
        for options, name in included:
            pdf = files[name]
            assert isinstance(pdf, bytes)
            box = re.search(rb"/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+) *\]", pdf)
            assert box is not None
            width, height = float(box.group(1)), float(box.group(2))
            # printed at its own width (the line's is the text width) and height: not scaled
            across = re.fullmatch(r"width=(.+),height=0\.9\\textheight,keepaspectratio", options)
            assert across is not None, options
            printed = (
                TEXT_WIDTH if across.group(1) == "\\linewidth" else float(across.group(1)[:-2])
            )
            assert printed == pytest.approx(width, abs=0.01), name
            assert height <= PRINT_HEIGHT, name


def test_every_html_figure_prints_a_picture_laid_out_for_the_page(wide_county: Path) -> None:
    """The HTML's print styles show, in place of each screen picture, one laid out for print:
    no wider than an A4 page less its 14 mm print margins, so the browser prints it unshrunk,
    and no text in it under 8 pt."""
    import base64

    from csscore.render.figures import report_text

    page_width = (210 - 2 * 14) / 25.4 * 72
    for report in _reports(wide_county):
        page = report_text(report, "html")
        kinds = re.findall(r'<img class="(\w+)" src="data:image/svg\+xml;base64,', page)
        assert kinds == ["screen", "print"] * len(_figures(report))
        for data in re.findall(
            r'<img class="print" src="data:image/svg\+xml;base64,([^"]+)"', page
        ):
            svg = base64.b64decode(data).decode("utf-8")
            width = re.search(r'<svg [^>]*width="([0-9.]+)pt"', svg)
            assert width is not None and float(width.group(1)) <= page_width
            sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', svg)]
            assert sizes and min(sizes) >= PRINT_TEXT
