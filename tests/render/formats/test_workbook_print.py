"""Every XLSX csscore writes prints on A4, landscape, fitted to the page width, its header row
repeated on each page: the grading workbook, the filled workbook, the county workbook, the
appendix and table workbooks and the workshop's export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import SAMPLE

openpyxl = pytest.importorskip("openpyxl")
A4 = 9  # ECMA-376 paper size 9: A4 (210 mm x 297 mm); 1 is US Letter


def invoke(*args: object) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def written(tmp_path: Path) -> dict[str, Path]:
    out = {name: tmp_path / f"{name}.xlsx" for name in ("init", "score", "appendix")}
    invoke("init", "-o", out["init"])
    invoke("score", SAMPLE / "ashford.csv", "--format", "xlsx", "-o", out["score"])
    invoke("appendix", "--format", "xlsx", "-o", out["appendix"])
    invoke(
        "new",
        tmp_path / "exshire",
        "--county",
        "Exshire",
        "--district",
        "Northam",
        "--district",
        "Southam",
        "--format",
        "xlsx",
    )
    out["new"] = tmp_path / "exshire" / "districts.xlsx"
    return out


def test_every_visible_sheet_of_every_workbook_prints_on_a4(tmp_path: Path) -> None:
    for name, path in written(tmp_path).items():
        book = openpyxl.load_workbook(path)
        visible = [s for s in book.worksheets if s.sheet_state == "visible"]
        assert visible, name
        for sheet in visible:
            setup = sheet.page_setup
            assert (setup.paperSize, setup.orientation) == (A4, "landscape"), (name, sheet.title)
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), (name, sheet.title)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, (name, sheet.title)


def test_the_workshop_export_prints_on_a4_with_its_header_repeated(tmp_path: Path) -> None:
    from csscore.workshop.assessment import read_assessment
    from csscore.workshop.export import export_xlsx
    from csscore.workshop.store import Store
    from workshop_support import issue_file

    store = Store.open(tmp_path / "w.sqlite", read_assessment(issue_file(tmp_path, ("Burglary",))))
    try:
        data = export_xlsx(store)
    finally:
        store.close()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["partners"]
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (A4, "landscape")
    assert sheet.print_title_rows == "$1:$1"
