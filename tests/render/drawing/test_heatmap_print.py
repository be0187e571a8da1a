"""The heat map drawn for print: an issue per row and a district per column, laid out for the
page's text width so that, printed at its own size, no text is under 8 pt."""

from __future__ import annotations

import pytest

import csscore
from csscore.render.drawing.heatmap_print import CELL_W, PRINT_TEXT, print_heatmap
from csscore.render.drawing.scene import Rect, Text

#: A4 less 2 cm margins each side: 17 cm, in points.
PORTRAIT = 17 / 2.54 * 72


@pytest.fixture(scope="module")
def county():  # type: ignore[no-untyped-def]
    return csscore.aggregate(None, csa="kent-2017", top=10)


def test_no_text_under_8pt_and_as_wide_as_the_page_at_most(county) -> None:  # type: ignore[no-untyped-def]
    scene = print_heatmap(county, PORTRAIT)
    texts = [t for t in scene.items if isinstance(t, Text)]
    assert texts and min(t.size for t in texts) >= 8.0
    assert scene.width <= PORTRAIT + 0.01


def test_rows_are_the_issues_in_county_order_and_columns_the_districts(county) -> None:  # type: ignore[no-untyped-def]
    scene = print_heatmap(county, PORTRAIT)
    texts = [t for t in scene.items if isinstance(t, Text)]
    rows = [t.text for t in texts if t.anchor == "end"]
    assert rows == [r.name for r in county.ranking]  # the sample's names fit whole
    assert rows[0] == "Domestic abuse"  # the county's first (every CSP identified it)
    columns = [t.text for t in texts if t.angle]
    assert columns == [s.assessment.district.name for s in county.districts]
    # Ashford (first column) on domestic abuse (first row), from ashford.csv on morile-csp:
    # harm 3 + 4 + 1 + 2 + 2 = 12 (substantial, critical, limited, moderate, district), likelihood
    # 5 + 2 + 3 = 10 (almost-certain, increasing, substantial): risk 120
    first_cell = next(t for t in texts if t.anchor == "middle" and t.size == PRINT_TEXT)
    assert first_cell.text == "120"


def _cell_width(scene) -> float:  # type: ignore[no-untyped-def]
    cells = [r for r in scene.items if isinstance(r, Rect) and r.h == 14.0]
    return cells[0].w + 1.0


def test_cells_narrow_to_the_width_but_not_below_their_numbers(county) -> None:  # type: ignore[no-untyped-def]
    # A page of unlimited width: the widest cell; the portrait page: narrower; a page far too
    # narrow: no narrower than the widest number, "143" at 8 pt and 2 pt each side.
    from csscore.render.drawing import fonts

    assert _cell_width(print_heatmap(county, 10_000.0)) == CELL_W
    portrait = _cell_width(print_heatmap(county, PORTRAIT))
    assert portrait < CELL_W
    tight = _cell_width(print_heatmap(county, 100.0))
    assert tight == pytest.approx(fonts.width("143", 8.0) + 4)
    assert tight < portrait
