"""``csscore appendix --format docx``: the Word file's structure (python-docx reads it back) and
its pages once LibreOffice prints it (skipped where soffice is absent)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli

docx = pytest.importorskip("docx")
JARGON = ("Borda", "Copeland", "Kemeny", "Kendall", "Printed in")


def _write(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "paper.docx"
    result = CliRunner().invoke(cli, ["appendix", "--format", "docx", "-o", str(target), *args])
    assert result.exit_code == 0, result.stderr
    return target


def _text(document: object) -> str:
    parts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_needs_an_output() -> None:
    result = CliRunner().invoke(cli, ["appendix", "--format", "docx"])
    assert result.exit_code == 2 and "give -o PATH" in result.stderr


def test_committee_paper_structure(tmp_path: Path) -> None:
    document = docx.Document(str(_write(tmp_path, "--audience", "committee")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == [
        "Leads",
        "Links to Plans",
        "Appendix A: Strategic Assessments (2017-18)",
        "Appendix B: MoRiLE Assessment (2016-17)",
        "Appendix C: Horizon Scanning (2016-17)",
        "Appendix D: Police and Crime Plan (2017-2020)",
        "Method",
        "Provenance",
    ]
    assert document.paragraphs[0].style.name == "Title"
    paragraphs = [p.text for p in document.paragraphs]
    # the title page names the CSA as it prints itself (config/csa/kent-2017.toml's title and
    # edition), not by its id
    title_page = paragraphs[: paragraphs.index("Leads")]
    assert (
        "Community Safety Agreement: Kent Community Safety Agreement, April 2017 (draft for agreement, 15 March 2017)"
        in title_page
    )
    assert not any("kent-2017" in p for p in title_page)
    assert paragraphs.count("Provenance") == 1  # its heading, no caption of the same name
    text = _text(document)
    for word in JARGON:
        assert word not in text
    assert "meets the 50% threshold" in text and "below the threshold" in text
    assert "Dartford and Gravesham CSP (Dartford, Gravesham)" in text
    assert "Director Operations, Kent Fire and Rescue Service" in text
    # every table's first row repeats on each page; no row splits across pages
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert (
            rows[0].trPr is not None
            and rows[0].trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        )
        assert all(r.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for r in rows)
    # the heat map (the first picture) is embedded at the size it was drawn, 300 dots to the
    # inch, no wider than the text (A4 less 2 cm margins: 17 cm): its 8 pt text prints at 8 pt
    image = pytest.importorskip("PIL.Image")
    heat = document.inline_shapes[0]
    blip = heat._inline.graphic.graphicData.pic.blipFill.blip
    png = image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
    assert png.info["dpi"] == pytest.approx((300, 300), abs=0.05)
    printed = heat.width / 12700  # EMU to points
    assert printed == pytest.approx(png.size[0] * 72 / 300, abs=0.1)
    assert printed <= 17 / 2.54 * 72
    # the pictures are embedded PNGs; the footer holds a PAGE field
    with zipfile.ZipFile(tmp_path / "paper.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert media and all(archive.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
        footer = "".join(archive.read(n).decode() for n in archive.namelist() if "footer" in n)
        assert " PAGE " in footer


def test_analyst_paper_keeps_the_statistics(tmp_path: Path) -> None:
    text = _text(docx.Document(str(_write(tmp_path))))
    assert "Borda" in text and "Kendall's W" in text


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    first = _write(tmp_path, "--audience", "committee").read_bytes()
    second = _write(tmp_path, "--audience", "committee", "--force").read_bytes()
    assert first == second


def test_libreoffice_prints_the_committee_paper(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("soffice or pdftotext is not installed")
    target = _write(tmp_path, "--audience", "committee")
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "paper.pdf"
    if shutil.which("pdfimages"):  # LibreOffice prints every picture at 300 dots to the inch
        listed = subprocess.run(
            ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert listed and all(float(row.split()[12]) >= 299 for row in listed), listed
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 5
    assert (
        "Kent Community Safety Agreement" in pages[0] and "Leads" not in pages[0]
    )  # title page alone
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}" in page  # the PAGE field, filled in
        for word in JARGON:
            assert word not in page
    whole = "\n".join(pages)
    # columns as wide as their headings and ids: none breaks inside a word
    assert re.search(r"Theme +Including +CSPs +Which CSPs", whole)
    assert re.search(r"CSPs +Share +Verdict", whole)
    assert re.findall(r"\b(?:gp|cc|pcc)-\d\b", whole)
    assert not re.search(r"\b(?:gp|cc|pcc)-(?!\d)", whole), "a plan id broken across lines"
    if shutil.which("pdffonts"):  # one font, Arial, which LibreOffice prints as Liberation Sans
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert {n.split("-")[0] for n in names} - {"OpenSymbol"} == {"LiberationSans"}, names
    assert "Appendix C: Horizon Scanning (2016-17)" in whole
    assert "on the horizon, not assessed" in whole
    assert whole.index("Appendix A:") < whole.index("Appendix D:") < whole.index("Provenance")


def test_a_title_longer_than_a_document_property_is_cut_there_only(tmp_path: Path) -> None:
    """python-docx holds at most 255 characters in a core property; the title page holds all."""
    folder = tmp_path / "county"
    shutil.copytree(Path(__file__).parents[2] / "corpus" / "base" / "county", folder)
    manifest = folder / "districts.toml"
    title = "Exshire " + "and Vale " * 1000  # 9,008 characters, under the 10,000 limit
    text = manifest.read_text(encoding="utf-8").replace("Corpus county", title.strip())
    manifest.write_text(text, encoding="utf-8")
    document = docx.Document(str(_write(tmp_path, str(folder))))
    shown = document.core_properties.title
    assert len(shown) == 255 and shown.endswith("\u2026")
    assert shown[:-1] == title[:254].rstrip()
    assert title.strip() in _text(document)


def _tables_by_section(document: object) -> list[list[object]]:
    """The body's tables grouped by the Word section (page setup) they stand in."""
    from docx.oxml.ns import qn

    groups: list[list[object]] = [[]]
    for child in document.element.body.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:tbl"):
            groups[-1].append(child)
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            groups.append([])
    return groups


def test_every_table_fits_its_page_and_wide_ones_are_landscape(tmp_path: Path) -> None:
    """The analysts' paper: a table whose columns cannot have their least widths across a
    portrait page (the district tables, the pairwise tau) stands on a landscape page; every
    table's columns add up to no more than its page's text width."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    document = docx.Document(str(_write(tmp_path)))
    groups = _tables_by_section(document)
    assert len(groups) == len(document.sections) >= 3
    landscape_tables = 0
    for part, tables in zip(document.sections, groups, strict=True):
        room = part.page_width - part.left_margin - part.right_margin
        for table in tables:
            grid = table.find(qn("w:tblGrid"))
            total = sum(int(col.get(qn("w:w"))) * 635 for col in grid)  # twips to EMU
            assert total <= room + 635 * len(grid), (part.orientation, total, room)
            if part.orientation == WD_ORIENT.LANDSCAPE:
                landscape_tables += 1
                assert part.page_width > part.page_height
            head = [t.text for t in table.iter(qn("w:t"))][:3]
            if head[:2] == ["Rank", "Issue"] and "Harm" in head[2:]:  # a district's table
                assert part.orientation == WD_ORIENT.LANDSCAPE
    assert landscape_tables >= 13  # twelve districts and the pairwise tau at least
    committee = docx.Document(str(_write(tmp_path, "--audience", "committee", "--force")))
    assert all(p.orientation == WD_ORIENT.PORTRAIT for p in committee.sections)


def test_column_widths_by_hand() -> None:
    """Two columns, 'Id' and 'Priority', on a portrait page: both fit as wide as their text;
    a column of numbers is never narrower than its widest number."""
    from csscore.render.drawing.fonts import width
    from csscore.render.formats.word import CELL_PADDING, TABLE_SIZE, column_widths
    from csscore.views.table import Table

    table = Table("t", ("Id", "Priority"), (("pcc-2", "Supporting all victims"),))
    ids, text = column_widths(table)
    assert ids == pytest.approx(width("pcc-2", TABLE_SIZE) + CELL_PADDING)
    assert text == pytest.approx(width("Supporting all victims", TABLE_SIZE) + CELL_PADDING)
    many = Table("t", tuple(f"Column {i}" for i in range(30)), ((*(123.25 for _ in range(30)),),))
    widths = column_widths(many)
    assert widths == pytest.approx([sum(widths) / 30] * 30)  # every column alike, in proportion


def test_the_cli_counts_figures_in_words(tmp_path: Path) -> None:
    # Two districts and no plan: the committee paper's one figure is the heat map.
    from support import SAMPLE

    folder = tmp_path / "county"
    folder.mkdir()
    for name in ("dover", "thanet"):
        shutil.copy(SAMPLE / f"{name}.csv", folder)
    entries = "".join(
        f'[[district]]\nid = "{n}"\nfile = "{n}.csv"\n\n' for n in ("dover", "thanet")
    )
    (folder / "districts.toml").write_text(f'county = "Exshire"\n\n{entries}', encoding="utf-8")
    for args, said in (
        (["--audience", "committee"], "and 1 figure beside it"),
        ([], "and 4 figures beside it"),  # heat map, position, each district's bars
    ):
        target = tmp_path / f"paper{len(args)}.tex"
        result = CliRunner().invoke(
            cli, ["appendix", str(folder), "--format", "latex", "-o", str(target), *args]
        )
        assert result.exit_code == 0, result.stderr
        assert said in result.stderr
