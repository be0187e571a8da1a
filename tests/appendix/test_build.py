"""``csscore appendix``: structure of every format, output safety and determinism."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.folder import sample_folder
from support import declare_issues

HEADER = "issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability,confidence,selected\n"
HOSTILE = ("<script>alert(1)</script>", "-2+3 total", "Kent | Medway *bold*", "@home visits")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["appendix", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def hostile_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    rows = [
        "Domestic abuse,substantial,critical,limited,moderate,district,almost-certain,increasing,substantial,partial,partial,high,yes\n",
        '"<script>alert(1)</script>",critical,critical,critical,critical,national,likely,increasing,critical,none,none,low,yes\n',
        '"-2+3 total",moderate,none,none,none,local,rare,stable,none,full,full,high,\n',
        '"Kent | Medway *bold*",limited,none,none,none,local,rare,stable,none,full,full,high,\n',
    ]
    (folder / "one.csv").write_text(HEADER + "".join(rows))
    (folder / "districts.toml").write_text('[[district]]\nid = "one"\nfile = "one.csv"\n')
    names = ["<script>alert(1)</script>", "-2+3 total", "Kent | Medway *bold*"]
    declare_issues(folder, names)  # the county's own issues, named as hostile as it likes
    return folder


def test_markdown_is_the_default_and_has_every_section() -> None:
    code, out, err = run()
    assert code == 0, err
    for heading in (
        "# Kent Community Safety Agreement: appendices",
        "## Appendix A: Strategic Assessments",
        "## Appendix B: MoRiLE Assessment",
        "## Appendix D: Police and Crime Plan",
        "## District assessments",
        "### Ashford",
        "## Method",
        "## Provenance",
    ):
        assert heading in out
    assert re.search(r"\| Domestic Abuse +\| +\| +8 \| +8 \|", out)
    assert re.search(r"\| Mental Health +\| +\| +3 \| +3 \|", out)
    assert re.search(
        r"\| Domestic Abuse +\| cc-3 +\| Tackle abuse, exploitation and violence +\| +1 \|", out
    )
    assert re.search(
        r"\| Road Safety +\| cc-5 +\| Provide visible neighbourhood policing and effective roads policing",
        out,
    )
    assert re.search(r"plan: safer-in-kent-2017 \(built in\) +\| sha256 [0-9a-f]{64}", out)
    assert "| csscore version" in out
    assert re.search(r"district: ashford\.csv +\| sha256 [0-9a-f]{64}", out)
    assert "matrix: morile-csp" in out


def test_html_is_self_contained_and_accessible(tmp_path: Path) -> None:
    target = tmp_path / "appendix.html"
    code, _, err = run("--format", "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r'(src|href)="(https?:)?//', page), "no external resources"
    assert "<style>" in page and "@page { size: A4" in page
    assert "<caption>Appendix A: strategic assessments" in page
    assert "<th" in page
    assert 'id="figure-heatmap"' in page and 'id="figure-bars-ashford"' in page
    images = re.findall(
        r'<img class="(screen|print)" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"'
        r' alt="([^"]+)">',
        page,
    )
    # heat map, position chart, overlap diagram, a bar chart per district: each for the screen
    # and, laid out for the page, for print
    assert [kind for kind, _ in images] == ["screen", "print"] * (3 + 12)
    assert all(len(alt) > 20 for _, alt in images)


def test_html_pictures_hold_the_scores(tmp_path: Path) -> None:
    target = tmp_path / "appendix.html"
    run("--format", "html", "-o", str(target))
    page = target.read_text()
    figure = page[page.index('id="figure-bars-ashford"') :]
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", figure)
    assert data is not None
    svg = base64.b64decode(data.group(1)).decode()
    assert "1. Modern slavery" in svg and ">128 gap<" in svg and ">120<" in svg


def test_html_needs_no_plotting_library_for_any_picture(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("matplotlib", "PIL"):
        monkeypatch.setitem(sys.modules, name, None)
    target = tmp_path / "appendix.html"
    code, _, err = run("--format", "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text()
    assert "<caption>Appendix A: strategic assessments" in page
    assert page.count("<table>") >= 20
    figure = page[page.index('id="figure-overlap"') :]
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", figure)
    assert data is not None
    svg = base64.b64decode(data.group(1)).decode()
    assert "Tackle abuse, exploitation and violence" in svg and "Domestic Abuse" in svg


def test_latex_uses_booktabs(tmp_path: Path) -> None:
    code, out, _ = run("--format", "latex")
    assert code == 0
    assert out.startswith("\\documentclass[a4paper,10pt]{article}")
    assert "\\usepackage{booktabs}" in out and "\\toprule" in out and "\\bottomrule" in out
    assert "\\end{document}" in out
    assert "Victims / Vulnerable People" in out


def test_csv_is_a_folder_of_tables(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    code, _, err = run("--format", "csv", "-o", str(target))
    assert code == 0, err
    names = sorted(p.name for p in target.iterdir())
    # Section 7 (leads) comes before the appendices, as in the CSA.
    assert names[:3] == ["01-leads.csv", "02-appendix-a.csv", "03-proposed-set.csv"]
    assert names[-1].endswith("-provenance.csv")
    assert any(n.endswith("-horizon.csv") for n in names)
    ashford_file = next(n for n in names if n.endswith("-district-ashford.csv"))
    rows = list(csv.reader(io.StringIO((target / "02-appendix-a.csv").read_text())))
    assert rows[0] == ["Theme", "Including", "CSPs", "Printed in kent-2017", "Districts"]
    assert rows[2][:4] == ["Domestic Abuse", "", "8", "8"]
    ashford = list(csv.reader(io.StringIO((target / ashford_file).read_text())))
    assert ashford[1][:5] == ["1", "Modern slavery", "16", "8", "128"]


def test_csv_and_xlsx_need_an_output(tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx"):
        code, out, err = run("--format", fmt)
        assert code == 2
        assert "give -o PATH" in err and out == ""


def test_json_holds_sections_county_and_inputs() -> None:
    code, out, _ = run("--format", "json")
    assert code == 0
    data = json.loads(out)
    ids = [s["id"] for s in data["sections"]]
    assert ids[:5] == ["leads", "links", "appendix-a", "appendix-b", "appendix-c"]
    links = data["sections"][1]
    assert links["bullets"][0] == "Vision for Kent" and len(links["bullets"]) == 14
    assert data["county"]["csps"] == 11
    kinds = {i["kind"] for i in data["inputs"]}
    assert {"manifest", "district", "matrix", "csa", "taxonomy", "horizon"} <= kinds
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) for i in data["inputs"])


def test_xlsx_sheets_and_values(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "appendix.xlsx"
    code, _, err = run("--format", "xlsx", "-o", str(target))
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:6] == [
        "leads",
        "appendix-a",
        "proposed-set",
        "appendix-b",
        "top-by-district",
        "county-ranking",
    ]
    assert book.sheetnames[-2:] == ["legend", "provenance"]
    sheet = book["ashford"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = rows.index(
        [
            "Rank",
            "Issue",
            "Harm",
            "Likelihood",
            "Risk",
            "Band",
            "Position",
            "Grade",
            "Gap",
            "Confidence",
            "Selected",
            "Notes",
        ]
    )
    assert rows[header + 1][:9] == [1, "Modern slavery", 16, 8, 128, "high", 5, "C", "GAP"]
    assert rows[header + 1][-1] == "Hidden harm; no specialist capability"  # the rationale
    assert rows[header + 2][:5] == [2, "Domestic abuse", 12, 10, 120]


def test_hostile_issue_names_are_escaped_and_neutralised(hostile_dir: Path, tmp_path: Path) -> None:
    code, md, err = run(str(hostile_dir))
    assert code == 0, err
    assert "\\<script>alert(1)\\</script>" in md and "&lt;" not in md
    assert not re.search(r"(?<!\\)<script>", md)
    assert "Kent \\| Medway \\*bold\\*" in md
    html_file = tmp_path / "h.html"
    run(str(hostile_dir), "--format", "html", "-o", str(html_file))
    page = html_file.read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    folder = tmp_path / "csv"
    run(str(hostile_dir), "--format", "csv", "-o", str(folder))
    cells = [c for p in folder.iterdir() for r in csv.reader(io.StringIO(p.read_text())) for c in r]
    assert "'-2+3 total" in cells
    assert all(_is_number(c) for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")))
    pytest.importorskip("openpyxl")
    import openpyxl

    book_path = tmp_path / "h.xlsx"
    run(str(hostile_dir), "--format", "xlsx", "-o", str(book_path))
    texts = [
        c
        for s in openpyxl.load_workbook(book_path)
        for r in s.iter_rows()
        for c in r
        if isinstance(c.value, str)
    ]
    assert "-2+3 total" in [c.value for c in texts]  # kept as it is, marked as text
    assert all(
        c.data_type == "s" and c.quotePrefix
        for c in texts
        if c.value.startswith(("=", "+", "-", "@"))
    )


def _is_number(cell: str) -> bool:
    """csscore's own numbers (a Copeland score of -3) are numbers, not formulas."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("keep me")
    code, _, err = run("-o", str(target))
    assert code == 2 and "already exists; use --force" in err
    assert target.read_text() == "keep me"
    code, _, _ = run("-o", str(target), "--force")
    assert code == 0 and target.read_text().startswith("# Kent Community Safety Agreement")
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"], "no temporary files left"


def test_refuses_to_write_into_an_existing_folder_by_accident(tmp_path: Path) -> None:
    code, _, err = run("-o", str(tmp_path))
    assert code == 2 and "is an existing folder" in err


@pytest.mark.parametrize("fmt", ["markdown", "html", "latex", "json", "csv", "xlsx"])
def test_two_runs_give_identical_bytes(fmt: str, tmp_path: Path) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    outputs = []
    for n in (1, 2):
        target = tmp_path / f"out{n}"
        code, _, err = run("--format", fmt, "-o", str(target))
        assert code == 0, err
        if target.is_dir():
            outputs.append({p.name: p.read_bytes() for p in sorted(target.iterdir())})
        else:
            outputs.append({"": target.read_bytes()})
    assert outputs[0] == outputs[1]


def test_stamp_records_the_time() -> None:
    _, plain, _ = run()
    _, stamped, _ = run("--stamp")
    assert "Generated" not in plain
    assert re.search(r"\| Generated +\| \d{4}-\d\d-\d\d \d\d:\d\d UTC", stamped)


def test_copy_of_the_sample_gives_the_same_tables(tmp_path: Path) -> None:
    copy = tmp_path / "county"
    shutil.copytree(sample_folder(), copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    _, original, _ = run()
    _, copied, _ = run(str(copy))
    assert original == copied


def test_markdown_appendix_stays_light() -> None:
    """The Markdown appendix imports none of networkx, matplotlib, Pillow or openpyxl (kept fast).

    It does import scipy: the county's exact Kemeny order and the Friedman p-value need it (only
    ``csscore score`` is kept free of scipy)."""
    import subprocess

    probe = (
        "import sys, runpy, io, contextlib\n"
        "sys.argv = ['csscore', 'appendix']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        runpy.run_module('csscore', run_name='__main__')\n"
        "    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('networkx', 'matplotlib', 'PIL', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_leads_links_years_and_other_focus_areas_as_the_csa_prints_them() -> None:
    code, out, err = run()
    assert code == 0, err
    for title in (
        "## Leads",
        "## Links to Plans",
        "## Appendix A: Strategic Assessments (2017-18)",
        "## Appendix B: MoRiLE Assessment (2016-17)",
        "## Appendix C: Horizon Scanning (2016-17)",
        "## Appendix D: Police and Crime Plan (2017-2020)",
    ):
        assert title in out
    assert out.index("## Leads") < out.index("## Links to Plans") < out.index("## Appendix A")
    assert re.search(
        r"\| Road Safety +\| Director Operations, Kent Fire and Rescue Service +\|", out
    )
    assert "- Kent Drug and Alcohol Strategy (draft)\n" in out
    assert (
        "Other focus areas identified by districts include: young people, early intervention" in out
    )


def test_committee_audience_has_no_statistics_jargon() -> None:
    code, out, err = run("--audience", "committee")
    assert code == 0, err
    for word in ("Borda", "Copeland", "Kemeny", "Kendall", "Printed in", "data would"):
        assert word not in out
    assert "## District assessments" not in out and "## Appendix C: Horizon Scanning" in out
    assert "Dartford and Gravesham CSP (Dartford, Gravesham)" in out
    assert re.search(r"\| Road Safety +\| +5 \| +45% \| below the threshold +\|", out)
    assert re.search(r"\| Domestic Abuse +\| +8 \| +73% \| meets the 50% threshold +\|", out)
    _, analyst, _ = run()
    assert "Borda" in analyst and "## District assessments" in analyst


def test_committee_json_holds_the_paper_and_no_rank_statistics() -> None:
    import json

    code, out, err = run("--audience", "committee", "--format", "json")
    assert code == 0, err
    paper = json.loads(out)
    assert "county" not in paper
    for word in ("borda", "copeland", "kemeny", "kendall"):
        assert word not in out.casefold()
    headings = [s["heading"] for s in paper["sections"]]
    assert any(h.startswith("Appendix A") for h in headings)
    _, analyst, _ = run("--format", "json")
    assert "kemeny" in json.loads(analyst)["county"]
