"""Output safety across every writer: hostile names come out neutralised in CSV and XLSX and
escaped in HTML and Markdown; -o never overwrites without --force, never replaces a folder or a
device by accident, and writes atomically (no .part file left, the old output kept on failure).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from csscore.cli.main import cli
from csscore.render.safety import FORMULA_TRIGGERS
from support import TESTS, declare_issues

CORPUS = TESTS / "corpus"
PLAN = "safer-in-kent-2017"  # the corpus county declares no plan for overlap
HOSTILE_ISSUES = (
    "-cmd|' /C calc'!A0",
    "<b>bold</b> | pipe & amp;",
    "**stars** _under_ [link](http://example.invalid) `tick` \\| back",
)
HOSTILE_NOTE = "-2+3 <i>x</i> | note"
HOSTILE_NAME = "-1+1 North <script>alert(1)</script>"
HOSTILE_CSP = "<script>alert(2)</script> | CSP"
RAW_MARKUP = ("<script>", "<b>bold", "<i>x", "<img")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?%?")


def run(*args: object) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus county with hostile district, CSP and issue names and notes."""
    folder = tmp_path_factory.mktemp("hostile") / "county"
    shutil.copytree(CORPUS / "base" / "county", folder)
    manifest = folder / "districts.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('name = "North"', f"name = {json.dumps(HOSTILE_NAME)}")
    text = text.replace('csp = "North CSP"', f"csp = {json.dumps(HOSTILE_CSP)}")
    manifest.write_text(text, encoding="utf-8")
    rows = [
        f'"{name.replace(chr(34), chr(34) * 2)}",major,almost-certain,high,yes,"{HOSTILE_NOTE}"'
        for name in HOSTILE_ISSUES
    ]
    with (folder / "north.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    declare_issues(folder, HOSTILE_ISSUES)  # the county's own issues
    result = run("validate", folder)
    assert result.exit_code == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def hostile_matrix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (CORPUS / "matrix" / "good.toml").read_text(encoding="utf-8")
    text = text.replace(
        'version = "1"',
        'version = "1"\ntitle = "<script>alert(3)</script>"\ndescription = "+HYPERLINK(\\"x\\")"',
    )
    text = text.replace('id = "impact"\n', 'id = "impact"\nlabel = "-SUM(1) <b>bold</b> | x"\n')
    text = text.replace(
        'label = "high"\nmin = 10', 'label = "high"\nmin = 10\ndescription = "+1 | <i>x</i>"'
    )
    path = tmp_path_factory.mktemp("matrix") / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("street")
    shutil.copy(CORPUS / "base" / "street.csv", folder / "street.csv")
    (folder / "districts.toml").write_text(
        '[[district]]\nid = "+HYPERLINK(\\"http://x\\",\\"Ashford\\")"\nname = "Ashford"\n'
        "population = 100000\n",
        encoding="utf-8",
    )
    return folder / "street.csv", folder / "districts.toml"


# --- spreadsheets: no cell a spreadsheet would run ---------------------------------------------


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_TRIGGERS):
                assert NUMBER.fullmatch(cell), f"formula-leading CSV cell {cell!r}"
    return rows


def assert_xlsx_safe(path: Path) -> list[str]:
    """Every text cell text: one that starts like a formula is a string cell marked with Excel's
    quote prefix, so it stays text when edited; formulas only in the grading workbook's live
    columns."""
    import openpyxl

    from csscore.render.formats.workbook_formulas import COMPUTED

    texts = []
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        live = {c.column for c in sheet[1] if sheet.title == "Grades" and c.value in COMPUTED}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert cell.column in live, f"formula in {sheet.title}!{cell.coordinate}"
                    continue
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_TRIGGERS):
                        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    return texts


def _with_table(command: list[str], table: str, county: Path, matrix: Path) -> list[object]:
    return [command[0], county, *command[1:], "--table", table]


CSV_RUNS: dict[str, Callable[[Path, Path], list[object]]] = {
    "score": lambda c, m: ["score", c / "north.csv", "--format", "csv"],
    **{
        f"aggregate --table {t}": partial(_with_table, ["aggregate", "--format", "csv"], t)
        for t in ("counts", "top", "ranking", "agreement", "proposed")
    },
    **{
        f"sensitivity --table {t}": partial(
            _with_table, ["sensitivity", "--draws", "20", "--format", "csv"], t
        )
        for t in ("issues", "themes", "weights")
    },
    "compare-methods": lambda c, m: [
        "compare-methods",
        c / "north.csv",
        "--matrix",
        "risk-5x5",
        "--matrix",
        m,
        "--format",
        "csv",
    ],
    "matrix show": lambda c, m: ["matrix", "show", m, "--format", "csv"],
}


@pytest.mark.parametrize("name", sorted(CSV_RUNS))
def test_csv_outputs_neutralise_formula_cells(
    name: str, county: Path, hostile_matrix: Path
) -> None:
    result = run(*CSV_RUNS[name](county, hostile_matrix))
    assert result.exit_code == 0, result.stderr
    rows = assert_csv_safe(result.stdout)
    flat = "\n".join(",".join(r) for r in rows)
    if name in ("score", "compare-methods", "sensitivity --table issues"):
        assert "'-cmd|' /C calc'!A0" in flat  # there, and neutralised
    if name.startswith("aggregate --table counts"):
        assert "'-1+1 North" in flat


def test_appendix_csv_folder_and_xlsx_keep_formula_cells_text(county: Path, tmp_path: Path) -> None:
    assert run("appendix", county, "--format", "csv", "-o", tmp_path / "csv").exit_code == 0
    files = sorted((tmp_path / "csv").iterdir())
    assert files
    text = "".join(assert_csv_safe(f.read_text(encoding="utf-8")) and f.read_text() for f in files)
    assert "'-cmd|' /C calc'!A0" in text and "'-1+1 North" in text
    assert run("appendix", county, "--format", "xlsx", "-o", tmp_path / "a.xlsx").exit_code == 0
    texts = assert_xlsx_safe(tmp_path / "a.xlsx")  # kept as text, quote prefixed
    assert "-cmd|' /C calc'!A0" in texts


def test_init_xlsx_and_csv_templates_are_safe(tmp_path: Path, hostile_matrix: Path) -> None:
    assert run("init", "--matrix", hostile_matrix, "-o", tmp_path / "t.xlsx").exit_code == 0
    assert_xlsx_safe(tmp_path / "t.xlsx")
    result = run("init", "--matrix", hostile_matrix)
    assert result.exit_code == 0
    assert_csv_safe(result.stdout)


def test_evidence_csv_neutralises_a_formula_district(street: tuple[Path, Path]) -> None:
    csv_path, manifest = street
    result = run("evidence", "police-uk", csv_path, "--districts", manifest)
    assert result.exit_code == 0, result.stderr
    rows = assert_csv_safe(result.stdout)
    assert rows[1][0] == '\'+HYPERLINK("http://x","Ashford")'


# --- HTML and Markdown: user text escaped ------------------------------------------------------


def svg_texts(html: str) -> list[str]:
    """The SVG pictures an HTML page embeds as data URIs, decoded."""
    found = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    return [base64.b64decode(b).decode("utf-8") for b in found]


def assert_html_safe(html: str) -> None:
    for page in (html, *svg_texts(html)):
        for raw in RAW_MARKUP:
            if raw == "<img":
                page = re.sub(
                    r'<img class="\w+" src="data:image/svg\+xml;base64,[^"]*" alt="[^"<>]*">',
                    "",
                    page,
                )
            assert raw not in page, raw


def assert_markdown_safe(text: str) -> None:
    for raw in RAW_MARKUP:  # markup is backslash-escaped, never written as entities
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    assert not re.search("&(lt|gt|amp);", text)
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:  # every line of a table has the header's number of unescaped pipes
            counts = {len(re.findall(r"(?<!\\)(?:\\\\)*\|", row)) for row in table}
            assert len(counts) == 1, table
            table = []


HTML_RUNS: dict[str, Callable[[Path], list[object]]] = {
    "score": lambda c: ["score", c / "north.csv"],
    "aggregate": lambda c: ["aggregate", c],
    "compare": lambda c: ["compare", c, c, "--all"],
    "overlap": lambda c: ["overlap", c, "--plan", PLAN],
    "sensitivity": lambda c: ["sensitivity", c, "--draws", "20"],
    "compare-methods": lambda c: [
        "compare-methods",
        c / "north.csv",
        "--matrix",
        "risk-5x5",
        "--matrix",
        CORPUS / "matrix" / "good.toml",
    ],
}


@pytest.mark.parametrize("name", sorted(HTML_RUNS))
def test_html_and_markdown_escape_user_text(name: str, county: Path) -> None:
    args = HTML_RUNS[name](county)
    html = run(*args, "--format", "html")
    assert html.exit_code == 0, html.stderr
    assert_html_safe(html.stdout)
    markdown = run(*args, "--format", "github")
    assert markdown.exit_code == 0, markdown.stderr
    assert_markdown_safe(markdown.stdout)


def test_explain_github_escapes_user_text(county: Path) -> None:
    result = run("explain", county / "north.csv", HOSTILE_ISSUES[1], "--format", "github")
    assert result.exit_code == 0, result.stderr
    assert_markdown_safe(result.stdout)


def test_matrix_show_escapes_a_hostile_matrix(hostile_matrix: Path) -> None:
    assert_html_safe(run("matrix", "show", hostile_matrix, "--format", "html").stdout)
    assert_markdown_safe(run("matrix", "show", hostile_matrix, "--format", "github").stdout)


def test_appendix_html_and_markdown_escape_user_text(county: Path) -> None:
    html = run("appendix", county, "--format", "html")
    assert html.exit_code == 0, html.stderr
    assert_html_safe(html.stdout)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html.stdout
    markdown = run("appendix", county, "--format", "markdown")
    assert markdown.exit_code == 0
    assert_markdown_safe(markdown.stdout)


@pytest.mark.parametrize("ext", [".graphml", ".gexf", ".json", ".dot"])
def test_graph_files_hold_hostile_names_intact(ext: str, county: Path, tmp_path: Path) -> None:
    target = tmp_path / f"graph{ext}"
    assert run("overlap", county, "--plan", PLAN, "--graph-out", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    if ext in (".graphml", ".gexf"):
        root = ET.fromstring(text)  # well-formed XML
        values = [e.get(k) for e in root.iter() for k in e.attrib] + [e.text for e in root.iter()]
        assert HOSTILE_CSP in values or HOSTILE_ISSUES[1] in values or HOSTILE_NAME in values
    elif ext == ".json":
        assert HOSTILE_NAME in json.dumps(json.loads(text), ensure_ascii=False)
    else:
        for line in text.splitlines():  # every quote that opens a DOT string is closed
            assert len(re.findall(r'(?<!\\)(?:\\\\)*"', line)) % 2 == 0, line


# --- -o: never over a file without --force, never into a folder, atomically --------------------

WRITERS: dict[str, tuple[str, Callable[[Path, Path], list[object]]]] = {
    "score": (".txt", lambda c, o: ["score", c / "north.csv", "-o", o]),
    "aggregate": (".csv", lambda c, o: ["aggregate", c, "--format", "csv", "-o", o]),
    "compare": (".json", lambda c, o: ["compare", c, c, "--format", "json", "-o", o]),
    "matrix show": (".md", lambda c, o: ["matrix", "show", "risk-5x5", "-o", o]),
    "init": (".csv", lambda c, o: ["init", "-o", o]),
    "init xlsx": (".xlsx", lambda c, o: ["init", "-o", o]),
    "appendix": (".md", lambda c, o: ["appendix", c, "-o", o]),
    "appendix xlsx": (".xlsx", lambda c, o: ["appendix", c, "--format", "xlsx", "-o", o]),
    "overlap": (".txt", lambda c, o: ["overlap", c, "--plan", PLAN, "-o", o]),
    "overlap --graph-out": (
        ".graphml",
        lambda c, o: ["overlap", c, "--plan", PLAN, "--graph-out", o],
    ),
    "overlap --plot": (".svg", lambda c, o: ["overlap", c, "--plan", PLAN, "--plot", o]),
    "evidence police-uk": (
        ".csv",
        lambda c, o: ["evidence", "police-uk", CORPUS / "base" / "street.csv", "-o", o],
    ),
    "evidence home-office": (
        ".csv",
        lambda c, o: ["evidence", "home-office", CORPUS / "base" / "home-office.csv", "-o", o],
    ),
    "sensitivity": (".txt", lambda c, o: ["sensitivity", c, "--draws", "20", "-o", o]),
    "compare-methods": (
        ".txt",
        lambda c, o: [
            "compare-methods",
            c / "north.csv",
            "--matrix",
            "risk-5x5",
            "--matrix",
            CORPUS / "matrix" / "good.toml",
            "-o",
            o,
        ],
    ),
}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".old")))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_is_never_overwritten_without_force(name: str, county: Path, tmp_path: Path) -> None:
    ext, args = WRITERS[name]
    target = tmp_path / f"result{ext}"
    first = run(*args(county, target))
    assert first.exit_code == 0, first.stderr
    assert target.is_file() and leftovers(tmp_path) == []
    target.write_bytes(b"the analyst's own file")
    again = run(*args(county, target))
    assert again.exit_code == 2
    assert again.stderr.splitlines() == [
        f"error: {target}: already exists; use --force to overwrite it"
    ]
    assert target.read_bytes() == b"the analyst's own file"
    forced = run(*args(county, target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() != b"the analyst's own file"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_never_goes_into_a_folder_a_missing_folder_a_link_or_a_device(
    name: str, county: Path, tmp_path: Path
) -> None:
    ext, args = WRITERS[name]
    folder = tmp_path / f"existing{ext}"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    fifo = tmp_path / f"pipe{ext}"
    os.mkfifo(fifo)
    link = tmp_path / f"link{ext}"
    link.symlink_to(tmp_path / f"elsewhere{ext}")
    cases = {
        folder: "is an existing folder; give a file name",
        tmp_path / "missing" / f"x{ext}": "does not exist",
        link: "is a symbolic link; refusing to write through it",
        fifo: "is not a regular file (a device or pipe); refusing to replace it",
    }
    for target, message in cases.items():
        result = run(*args(county, target), "--force")
        assert result.exit_code == 2, (target, result.stdout, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert (folder / "keep.txt").read_text() == "keep"
    assert not (tmp_path / f"elsewhere{ext}").exists()
    assert fifo.is_fifo()
    assert leftovers(tmp_path) == []


def test_appendix_csv_replaces_only_its_own_folder(county: Path, tmp_path: Path) -> None:
    target = tmp_path / "appendix"
    assert run("appendix", county, "--format", "csv", "-o", target).exit_code == 0
    names = sorted(p.name for p in target.iterdir())
    again = run("appendix", county, "--format", "csv", "-o", target)
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    assert run("appendix", county, "--format", "csv", "-o", target, "--force").exit_code == 0
    assert sorted(p.name for p in target.iterdir()) == names
    # a folder holding anything csscore did not write is never replaced, even with --force
    (target / "minutes.docx").write_text("the analyst's notes")
    refused = run("appendix", county, "--format", "csv", "-o", target, "--force")
    assert refused.exit_code == 2
    assert "holds 'minutes.docx', which csscore did not write" in refused.stderr
    assert (target / "minutes.docx").read_text() == "the analyst's notes"
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"x")
    refused = run("appendix", county, "--format", "csv", "-o", documents, "--force")
    assert refused.exit_code == 2 and (documents / "budget.xlsx").exists()
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_part_file(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scores.txt"
    target.write_text("old scores")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("score", county / "north.csv", "-o", target, "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {target}: cannot write: No space left on device"]
    assert target.read_text() == "old scores"
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_the_old_file_and_no_part_file(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scores.txt"
    target.write_text("old scores")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    result = CliRunner().invoke(
        cli, ["score", str(county / "north.csv"), "-o", str(target), "--force"]
    )
    assert result.exit_code != 0
    assert target.read_text() == "old scores"
    assert leftovers(tmp_path) == []


def test_a_failed_folder_swap_puts_the_old_folder_back(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "appendix"
    assert run("appendix", county, "--format", "csv", "-o", target).exit_code == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    real = os.replace
    calls = []

    def second_fails(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", second_fails)
    result = run("appendix", county, "--format", "csv", "-o", target, "--force")
    assert result.exit_code == 2 and "cannot write: Input/output error" in result.stderr
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_two_outputs_of_one_run_may_not_be_the_same_file(county: Path, tmp_path: Path) -> None:
    """Otherwise the graph would be written and the table then refused: half an output."""
    target = tmp_path / "same.json"
    result = run("overlap", county, "--graph-out", target, "-o", target, "--format", "json")
    assert result.exit_code == 2
    assert "must name different files" in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_init_toml_template_reads_back_whatever_the_matrix_name(
    tmp_path: Path, hostile_matrix: Path
) -> None:
    import tomllib

    text = hostile_matrix.read_text(encoding="utf-8")
    odd = tmp_path / "odd.toml"
    odd.write_text(text.replace('name = "corpus-5x5"', 'name = "my \\"matrix\\"\\n[[issue]]"'))
    target = tmp_path / "template.toml"
    assert run("init", "--matrix", odd, "-o", target).exit_code == 0
    doc = tomllib.loads(target.read_text(encoding="utf-8"))
    assert doc["matrix"] == 'my "matrix"\n[[issue]]'
    assert all(
        set(issue) == {"issue", "impact", "likelihood", "confidence", "selected", "notes"}
        for issue in doc["issue"]
    )


def test_a_district_file_whose_name_is_not_utf8_still_gives_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.csv")  # a Latin-1 file name, as an old share might hold
    shutil.copy(CORPUS / "base" / "good.csv", folder / name)
    for args in (
        [
            "score",
            folder / name,
            "--matrix",
            "risk-5x5",
            "-o",
            tmp_path / "s.json",
            "--format",
            "json",
        ],
        [
            "aggregate",
            folder,
            "--matrix",
            "risk-5x5",
            "--format",
            "json",
            "-o",
            tmp_path / "a.json",
        ],
        ["appendix", folder, "--matrix", "risk-5x5", "-o", tmp_path / "a.md"],
    ):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["district"] == "caf\ufffd"
    (tmp_path / "a.md").read_text(encoding="utf-8")  # valid UTF-8
