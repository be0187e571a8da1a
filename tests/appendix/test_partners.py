"""The appendix's partnership section, from the sample (Swale and Sevenoaks graded by partners)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import csscore
from csscore.api import appendix
from csscore.cli.main import cli
from support import csv_as_xlsx


def test_partnership_section_lists_each_partnered_district_and_the_contested_issues() -> None:
    report = appendix()
    section = next(s for s in report.sections if s.id == "partnership")
    assert [s.heading for s in section.subsections] == ["Sevenoaks", "Swale"]
    county = section.tables[0]
    swale = csscore.agreement_report(csscore.read_district(csscore.sample_folder() / "swale.csv"))
    listed = [row[1] for row in county.rows if row[0] == "Swale"]
    assert listed == list(swale.contested) and listed
    grid = section.subsections[1].grids[0]
    assert grid.columns == ("Partner", *swale.contested)
    assert [row[0] for row in grid.rows] == list(swale.partners)


def test_html_draws_the_partners_by_issues_grid(tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    result = CliRunner().invoke(cli, ["appendix", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    grid = re.search(r'<table class="grid" id="partners-grid-swale">(.*?)</table>', html, re.S)
    assert grid is not None
    assert grid.group(1).count('<th scope="row">') == 3  # Council, Fire and rescue, Police
    assert 'class="band band-' in grid.group(1)
    markdown = tmp_path / "a.md"
    CliRunner().invoke(cli, ["appendix", "-o", str(markdown)])
    assert "partners-grid" not in markdown.read_text(encoding="utf-8")  # the grid is HTML's


def test_a_county_without_partners_has_no_partnership_section() -> None:
    folder = Path(__file__).parents[1] / "corpus" / "base" / "county"
    report = appendix(folder, csa=Path(__file__).parents[1] / "corpus" / "csa" / "good.toml")
    assert all(s.id != "partnership" for s in report.sections)


def test_the_prose_rounds_alpha_as_its_table_does() -> None:
    # Sevenoaks's overall alpha is 0.8065 to four places (0.806498...): three decimals in the
    # table, so 0.806 in the sentence beside it too, not the raw float.
    report = appendix()
    section = next(s for s in report.sections if s.id == "partnership")
    sevenoaks = section.subsections[0]
    alpha = sevenoaks.tables[0]
    overall = next(row for row in alpha.rows if row[0] == "overall")
    assert round(float(overall[1]), 4) == 0.8065 and round(float(overall[1]), 3) == 0.806
    (paragraph,) = (p for p in sevenoaks.paragraphs if "Krippendorff" in p)
    assert "overall Krippendorff's alpha 0.806. " in paragraph


def test_partners_workbooks_are_named_with_their_own_digest(tmp_path: Path) -> None:
    import hashlib
    import json
    import shutil

    folder = tmp_path / "county"
    shutil.copytree(csscore.sample_folder(), folder)
    books = [csv_as_xlsx(folder / f"sevenoaks-{p}.csv") for p in ("police", "council")]
    manifest = folder / "districts.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("sevenoaks-police.csv", "sevenoaks-police.xlsx").replace(
        "sevenoaks-council.csv", "sevenoaks-council.xlsx"), encoding="utf-8")  # fmt: skip
    want = {b.name: hashlib.sha256(b.read_bytes()).hexdigest() for b in books}
    assert len(set(want.values())) == 2  # the two partners' files differ

    result = CliRunner().invoke(cli, ["appendix", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    inputs = json.loads(result.stdout)["inputs"]
    named = {i["name"]: i["sha256"] for i in inputs if i["name"].startswith("sevenoaks")}
    assert named == want

    result = CliRunner().invoke(
        cli, ["sensitivity", str(folder), "--format", "json", "--draws", "5"]
    )
    assert result.exit_code == 0, result.output
    inputs = json.loads(result.stdout)["provenance"]["inputs"]
    named = {Path(i["name"]).name: i["sha256"] for i in inputs if "sevenoaks" in i["name"]}
    assert named == want  # the file, not file[sheet], as the appendix names it
