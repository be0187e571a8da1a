"""A county whose manifest says ``illustrative = true`` (the bundled sample does) is said to have
illustrative gradings in the first section and the provenance of every appendix format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.api import appendix
from csscore.appendix.model import ILLUSTRATIVE, ILLUSTRATIVE_PROVENANCE
from csscore.cli.main import cli
from support import SAMPLE

#: The words every format must carry (the README's: "The gradings are illustrative.").
SAID = "The gradings are illustrative."


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, ["appendix", *map(str, args)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_report_says_so_first_and_in_its_provenance() -> None:
    report = appendix()
    assert report.illustrative
    assert report.sections[0].paragraphs[0] == ILLUSTRATIVE
    assert ("Gradings", ILLUSTRATIVE_PROVENANCE) in report.provenance
    assert ILLUSTRATIVE.startswith(SAID)


def test_markdown_first_section_and_provenance() -> None:
    parts = run().split("\n## ")
    first, provenance = parts[1], parts[-1]
    assert SAID in first and provenance.startswith("Provenance")
    assert "| Gradings" in provenance and "illustrative" in provenance
    assert sum(SAID in p for p in parts) == 1  # once, not in every section


def test_html_first_section_and_provenance() -> None:
    out = run("--format", "html")
    sections = out.split("<section")
    assert SAID in sections[1]
    # a short cell is kept on one line in print (span.whole)
    assert re.search(r'<td><span class="whole">Gradings</span></td><td>illustrative:', sections[-1])


def test_latex_first_section_and_provenance() -> None:
    out = run("--format", "latex")
    sections = out.split("\\section")
    assert SAID in sections[1]
    assert re.search(r"Gradings\s*& illustrative:", sections[-1])


def test_json_says_so_as_a_field() -> None:
    data = json.loads(run("--format", "json"))
    assert data["illustrative"] is True
    assert data["provenance"]["Gradings"] == ILLUSTRATIVE_PROVENANCE
    assert data["sections"][0]["paragraphs"][0] == ILLUSTRATIVE


def test_csv_provenance_has_the_field(tmp_path: Path) -> None:
    run("--format", "csv", "-o", tmp_path / "csv")
    (provenance,) = (tmp_path / "csv").glob("*-provenance.csv")
    rows = list(csv.reader(io.StringIO(provenance.read_text(encoding="utf-8"))))
    assert ["Gradings", ILLUSTRATIVE_PROVENANCE] in rows


def test_xlsx_first_sheet_and_provenance(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run("--format", "xlsx", "-o", tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    first = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert ILLUSTRATIVE in first
    provenance = [tuple(r[:2]) for r in book["provenance"].iter_rows(values_only=True)]
    assert ("Gradings", ILLUSTRATIVE_PROVENANCE) in provenance


def test_docx_first_section_and_provenance(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    run("--format", "docx", "-o", tmp_path / "a.docx")
    document = docx.Document(str(tmp_path / "a.docx"))
    headings = [i for i, p in enumerate(document.paragraphs) if p.style.name.startswith("Heading")]
    first = [p.text for p in document.paragraphs[headings[0] : headings[1]]]
    assert ILLUSTRATIVE in first
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Gradings" in cells and ILLUSTRATIVE_PROVENANCE in cells


def test_the_committee_paper_says_so_too() -> None:
    parts = run("--audience", "committee").split("\n## ")
    assert SAID in parts[1] and "| Gradings" in parts[-1]


def _county(tmp_path: Path, illustrative: str) -> Path:
    """Two of the sample's districts under a manifest of another county."""
    folder = tmp_path / "county"
    folder.mkdir(parents=True)
    for name in ("dover.csv", "thanet.csv"):
        shutil.copy(SAMPLE / name, folder / name)
    entries = "".join(
        f'[[district]]\nid = "{n}"\nfile = "{n}.csv"\n\n' for n in ("dover", "thanet")
    )
    (folder / "districts.toml").write_text(f'county = "Exshire"\n{illustrative}\n\n{entries}')
    return folder


def test_any_county_can_say_so_and_no_other_is_said_to(tmp_path: Path) -> None:
    marked = _county(tmp_path / "a", "illustrative = true")
    assert SAID in run(marked).split("\n## ")[1]
    for manifest in ("", "illustrative = false"):
        plain = _county(tmp_path / f"b{len(manifest)}", manifest)
        out = run(plain)
        assert "illustrative" not in out.lower()
        data = json.loads(run(plain, "--format", "json"))
        assert data["illustrative"] is False and "Gradings" not in data["provenance"]


def test_a_docx_title_page_follows_the_manifest(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    plain = _county(tmp_path, "")
    run(plain, "--format", "docx", "-o", tmp_path / "p.docx")
    with zipfile.ZipFile(tmp_path / "p.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "illustrative" not in body
