"""A county workbook (a sheet per district and a Districts sheet) reads wherever a folder does."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.county_book import is_county_workbook

openpyxl = pytest.importorskip("openpyxl")
SAMPLE = Path(__file__).parents[2] / "data" / "districts"
MANIFEST_COLUMNS = ("id", "name", "csp", "population", "year", "in_csa")


def county_workbook(folder: Path, target: Path, titles: bool = False) -> Path:
    """The sample county as one workbook: the manifest on ``Districts``, a sheet per district."""
    manifest = tomllib.loads((folder / "districts.toml").read_text(encoding="utf-8"))
    book = openpyxl.Workbook()
    index = book.active
    index.title = "Districts"
    index.append([*MANIFEST_COLUMNS, "sheet"])
    for entry in manifest["district"]:
        sheet_title = entry["name"][:31]
        index.append(
            [
                entry.get(c, "") if c != "in_csa" else ("yes" if entry.get(c, True) else "no")
                for c in MANIFEST_COLUMNS
            ]
            + [sheet_title]
        )
        sheet = book.create_sheet(sheet_title)
        if titles:
            sheet.append([f"{entry['name']} strategic assessment"])
        if "files" in entry:  # one file per partner: one sheet with a partner column
            for k, part in enumerate(entry["files"]):
                with (folder / part["file"]).open(encoding="utf-8", newline="") as handle:
                    rows = list(csv.reader(handle))
                if k == 0:
                    sheet.append([rows[0][0], "partner", *rows[0][1:]])
                for row in rows[1:]:
                    sheet.append([row[0], part["partner"], *row[1:]])
            continue
        with (folder / entry["file"]).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    book.save(target)
    return target


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return county_workbook(SAMPLE, tmp_path_factory.mktemp("county") / "kent.xlsx")


def test_it_is_recognised_by_its_districts_sheet(county: Path, tmp_path: Path) -> None:
    assert is_county_workbook(county)
    plain = tmp_path / "one.xlsx"
    openpyxl.Workbook().save(plain)
    assert not is_county_workbook(plain)
    assert not is_county_workbook(SAMPLE / "ashford.csv")


@pytest.mark.parametrize(
    "command",
    [
        ["aggregate", "--csa", "kent-2017", "--format", "json"],
        ["overlap", "--csa", "kent-2017", "--plan", "safer-in-kent-2017", "--format", "json"],
        ["compare", "{same}", "--csa", "kent-2017", "--format", "json"],
        ["sensitivity", "--draws", "50", "--csa", "kent-2017", "--format", "json"],
    ],
)  # a workbook declares no CSA or plan: the sample's manifest's, given
def test_the_workbook_reads_as_the_folder_does(county: Path, command: list[str]) -> None:
    def args(source: Path) -> list[object]:
        out: list[object] = [command[0], source]
        return out + [source if a == "{same}" else a for a in command[1:]]

    code, from_book, err = run(*args(county))
    assert code == 0, err
    code, from_folder, err = run(*args(SAMPLE))
    assert code == 0, err
    assert len(from_book) > 200
    assert figures(from_book, county) == figures(from_folder, SAMPLE)


def figures(text: str, source: Path) -> list[str]:
    """The output's lines less those naming its sources (file names, digests)."""
    names = (str(source), "sha256", ".csv", ".xlsx", "districts.toml")
    if '"provenance": {' in text:  # a partner's files are one sheet: the inputs differ
        text = text[: text.index('"provenance": {')]
    return [line for line in text.splitlines() if not any(n in line for n in names)]


def test_validate_and_appendix(county: Path, tmp_path: Path) -> None:
    code, _, err = run("validate", county)
    assert (code, err) == (0, "ok: 13 files valid\n")
    code, _, err = run("appendix", county, "--format", "html", "-o", tmp_path / "a.html")
    assert code == 0, err
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Hidden harm; no specialist capability" in html  # the notes column


def test_title_rows_on_district_sheets_are_skipped(tmp_path: Path) -> None:
    book = county_workbook(SAMPLE, tmp_path / "kent.xlsx", titles=True)
    code, _, err = run("aggregate", book, "--table", "counts")
    assert code == 0
    assert f"warning: {book}[Ashford]: skipped row 1 above the header (row 2)" in err


def test_a_bad_districts_sheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "kent.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Districts"
    book.active.append(["id", "sheet"])
    book.active.append(["ashford", "Ashford"])
    book.save(path)
    code, _, err = run("aggregate", path)
    assert code == 2
    assert err == f"error: {path}[Districts]:2:sheet: district 'ashford': no sheet 'Ashford'\n"


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (
            [["ashford", "Ashford"], ["dover", "ASHFORD"]],
            "3:sheet: sheet 'Ashford' is named for two districts: 'ashford' (row 2) and 'dover'",
        ),
        ([["ashford", "Ashford"], ["Ashford", "Dover"]], "3:id: district 'Ashford' is listed twice (rows 2 and 3)"),
    ],
)  # fmt: skip
def test_two_districts_may_not_read_one_sheet_or_share_an_id(
    tmp_path: Path, rows: list[list[str]], said: str
) -> None:
    path = tmp_path / "kent.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Districts"
    book.active.append(["id", "sheet"])
    for row in rows:
        book.active.append(row)
    for title in ("Ashford", "Dover"):
        book.create_sheet(title).append(["issue"])
    book.save(path)
    code, _, err = run("aggregate", path)
    assert code == 2
    assert err == f"error: {path}[Districts]:{said}\n"


def _manifest_with_sheets(folder: Path, entries: str) -> None:
    (folder / "districts.toml").write_text(entries, encoding="utf-8")


def test_a_manifest_may_name_each_district_s_sheet_of_one_workbook(
    county: Path, tmp_path: Path
) -> None:
    (tmp_path / "book.xlsx").write_bytes(county.read_bytes())
    _manifest_with_sheets(
        tmp_path,
        '[[district]]\nid = "a"\nname = "Ash"\nfile = "book.xlsx"\nsheet = "Ashford"\n'
        '[[district]]\nid = "d"\nfile = "book.xlsx"\nsheet = "Dover"\n',
    )
    code, out, err = run("aggregate", tmp_path, "--format", "json")
    assert code == 0, err
    assert '"Ash"' in out and '"d"' in out
    assert run("validate", tmp_path)[0] == 0


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            '[[district]]\nid = "a"\nfile = "book.xlsx"\nsheet = "Ashford"\n'
            '[[district]]\nid = "b"\nfile = "book.xlsx"\nsheet = "ashford"\n',
            "districts.toml:2:file: sheet 'ashford' of 'book.xlsx' is listed for two districts (entries 1 and 2)",
        ),
        (
            '[[district]]\nid = "a"\nfile = "a.csv"\nsheet = "Ashford"\n',
            "districts.toml:1:sheet: 'sheet' names a sheet of the workbook (.xlsx) that 'file' names",
        ),
        (
            '[[district]]\nid = "a"\nfile = "book.xlsx"\nsheet = "Nowhere"\n',
            "book.xlsx[Nowhere]",
        ),
    ],
)
def test_a_manifest_sheet_is_checked(
    county: Path, tmp_path: Path, entries: str, message: str
) -> None:
    (tmp_path / "book.xlsx").write_bytes(county.read_bytes())
    (tmp_path / "a.csv").write_bytes((SAMPLE / "ashford.csv").read_bytes())
    _manifest_with_sheets(tmp_path, entries)
    code, out, _ = run("validate", tmp_path)
    assert code == 2
    assert message in out


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ({"C3": "Ashford"}, "3:name: district name 'Ashford' is listed twice (rows 2 and 3)"),
        ({"C3": "  ASHFORD "}, "3:name: district name 'ASHFORD' is listed twice (rows 2 and 3)"),
        ({"C2": "Dover", "C3": ""}, "3:id: district name 'dover' is listed twice (rows 2 and 3)"),
        ({"A3": "ＡＳＨＦＯＲＤ"}, "3:id: district 'ＡＳＨＦＯＲＤ' is listed twice (rows 2 and 3)"),
    ],
    ids=["name", "name-spacing-and-case", "unnamed-by-its-id", "full-width-id"],
)  # fmt: skip
def test_a_new_county_workbook_listing_one_district_twice_is_refused(
    tmp_path: Path, cells: dict[str, str], said: str
) -> None:
    # the manifest's one rule: ids folded with fold_case (NFKC, then casefold), names too
    folder = tmp_path / "kent"
    made = run("new", folder, "--county", "Kent", "--district", "Ashford", "--district", "Dover",
               "--format", "xlsx")  # fmt: skip
    assert made[0] == 0, made[2]
    path = folder / "districts.xlsx"
    book = openpyxl.load_workbook(path)
    index = book["Districts"]
    assert [c.value for c in index[1]][:3] == ["id", "sheet", "name"]
    assert [c.value for c in index[2]][:3] == ["ashford", "Ashford", "Ashford"]
    assert [c.value for c in index[3]][:3] == ["dover", "Dover", "Dover"]
    for cell, value in cells.items():
        index[cell] = value
    book.save(path)
    code, out, err = run("aggregate", path)
    assert (code, out) == (2, "")
    assert err == f"error: {path}[Districts]:{said}\n"


def test_the_appendix_names_each_district_by_its_workbook_and_sheet(
    county: Path, tmp_path: Path
) -> None:
    import hashlib
    import json

    digest = hashlib.sha256(county.read_bytes()).hexdigest()
    (tmp_path / "book.xlsx").write_bytes(county.read_bytes())
    _manifest_with_sheets(
        tmp_path,
        '[[district]]\nid = "a"\nfile = "book.xlsx"\nsheet = "Ashford"\n'
        '[[district]]\nid = "d"\nfile = "book.xlsx"\nsheet = "Dover"\n',
    )
    for source, book in ((county, "kent.xlsx"), (tmp_path, "book.xlsx")):
        code, out, err = run("appendix", source, "--csa", "none", "--format", "json")
        assert code == 0, err
        named = [
            (i["name"], i["sha256"]) for i in json.loads(out)["inputs"] if i["kind"] == "district"
        ]
        assert (f"{book}[Ashford]", digest) in named and (f"{book}[Dover]", digest) in named
