"""The Home Office CSP open data reader, on a long-format sample written by hand (CSV and .ods)."""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.errors import InputError
from csscore.evidence.areas import Areas, load_manifest
from csscore.evidence.home_office import read_home_office
from csscore.evidence.mapping import load_mapping

COLUMNS = [
    "Financial Year",
    "Quarter",
    "Police Force",
    "CSP Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]
QUARTERS = [("2021/22", q) for q in (1, 2, 3, 4)] + [("2022/23", q) for q in (1, 2, 3, 4)]
MANIFEST = """
[[district]]
id = "ashford"
name = "Ashford"
csp = "Ashford CSP"
population = 100000

[[district]]
id = "folkestone-and-hythe"
name = "Folkestone and Hythe"
csp = "Folkestone and Hythe CSP"
population = 80000

[[district]]
id = "dartford"
csp = "Dartford and Gravesham CSP"
population = 100000

[[district]]
id = "gravesham"
csp = "Dartford and Gravesham CSP"
population = 100000
"""


def sample_rows() -> list[list[str | int]]:
    """Eight quarters, 2021/22 Q1 to 2022/23 Q4, by hand:

    - Ashford residential burglary: 10 a quarter in the first year, 15 in the second (40 -> 60);
    - Ashford assault with injury: 300 a quarter;
    - Ashford modern slavery (a violence subgroup, mapped by description): 1 a quarter;
    - Shepway (the old name of Folkestone and Hythe) shoplifting: 20 a quarter;
    and once, in 2022/23 Q4: Dartford and Gravesham (a CSP shared by two districts) public
    order 5; Medway (not a district here) criminal damage 7; Ashford bail offences 2 (mapped to
    no issue); Ashford an offence group the mapping does not know, 3.
    """
    rows: list[list[str | int]] = []
    # fmt: off
    for year, quarter in QUARTERS:
        first = year == "2021/22"
        rows += [
            [year, quarter, "Kent", "Ashford", "Burglary - residential", "Theft offences", "Residential burglary", "28A", 10 if first else 15],
            [year, quarter, "Kent", "Ashford", "Assault with injury", "Violence against the person", "Violence with injury", "8N", 300],
            [year, quarter, "Kent", "Ashford", "Modern slavery", "Violence against the person", "Violence without injury", "106", 1],
            [year, quarter, "Kent", "Shepway", "Shoplifting", "Theft offences", "Shoplifting", "46", 20],
        ]
    rows += [
        ["2022/23", 4, "Kent", "Dartford and Gravesham", "Public fear, alarm or distress", "Public order offences", "Public order offences", "9", 5],
        ["2022/23", 4, "Kent", "Medway", "Criminal damage to a vehicle", "Criminal damage and arson", "Criminal damage", "58C", 7],
        ["2022/23", 4, "Kent", "Ashford", "Bail offences", "Miscellaneous crimes against society", "Miscellaneous crimes against society", "80", 2],
        ["2022/23", 4, "Kent", "Ashford", "Something new", "New offences", "New offences", "999", 3],
    ]
    # fmt: on
    return rows


def write_csv(path: Path, rows: list[list[str | int]], header: list[str] = COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue())
    return path


def ods_bytes(sheets: list[tuple[str, list[list[str | int]]]]) -> bytes:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml)."""

    def cell(v: str | int) -> str:
        if isinstance(v, int):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows
        )
        + "</table:table>"
        for name, rows in sheets
    )
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>'
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def mapping():
    return load_mapping("home-office")


@pytest.fixture
def areas(tmp_path: Path, mapping) -> Areas:
    manifest = tmp_path / "districts.toml"
    manifest.write_text(MANIFEST)
    return Areas(load_manifest(manifest), mapping.aliases)


def check_sample(tally) -> None:
    report = tally.report
    assert report.rows == 8 * 4 + 4
    assert dict(report.by_category) == {
        "Violence against the person": 8 * 301,
        "Theft offences": 100 + 160,
        "Criminal damage and arson": 7,
        "Public order offences": 5,
        "Miscellaneous crimes against society": 2,
        "New offences": 3,
    }
    assert dict(report.by_area) == {"ashford": 100 + 2400 + 8 + 2 + 3, "folkestone-and-hythe": 160}
    assert dict(report.outside) == {"Medway": 7}
    assert dict(report.ambiguous) == {"Dartford and Gravesham": 5}
    assert dict(report.unknown) == {"New offences / New offences": 3}
    assert dict(report.unmapped) == {
        "Miscellaneous crimes against society / Miscellaneous crimes against society": 2
    }
    assert tally.total("ashford", "burglary") == 100
    assert tally.total("ashford", "acquisitive-crime") == 100
    assert tally.total("ashford", "violent-crime") == 2400  # modern slavery not counted here
    assert tally.total("ashford", "modern-slavery") == 8
    assert tally.total("folkestone-and-hythe", "acquisitive-crime") == 160
    assert [tally.label(p) for p in tally.periods] == [f"{y} Q{q}" for y, q in QUARTERS]


def test_csv_sample(tmp_path: Path, mapping, areas):
    path = write_csv(tmp_path / "csp.csv", sample_rows())
    check_sample(read_home_office([path], mapping, areas))


def test_header_names_are_matched_loosely(tmp_path: Path, mapping, areas):
    # The Home Office's own CSV exports use underscores and "Financial Quarter", "Force Name".
    header = [c.replace(" ", "_") for c in COLUMNS]
    header[1], header[2] = "Financial_Quarter", "Force_Name"
    path = write_csv(tmp_path / "csp.csv", sample_rows(), header)
    check_sample(read_home_office([path], mapping, areas))


def test_ods_sample(tmp_path: Path, mapping, areas):
    pytest.importorskip("python_calamine", reason="python-calamine is not installed (.ods reader)")
    path = tmp_path / "csp.ods"
    cover = [["Police recorded crime by CSP"], ["Source: Home Office"]]
    path.write_bytes(
        ods_bytes([("Cover", cover), ("Data", [["Table 1"], COLUMNS, *sample_rows()])])
    )
    check_sample(read_home_office([path], mapping, areas))


def test_ods_without_calamine_says_what_to_install(tmp_path: Path, mapping, areas, monkeypatch):
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    path = tmp_path / "csp.ods"
    path.write_bytes(b"PK")
    with pytest.raises(
        InputError,
        match=r"reading \.ods needs python-calamine: pip install 'csscore\[ods\]', or pip install '\.\[ods\]'",
    ):
        read_home_office([path], mapping, areas)


def test_grades_from_the_sample(tmp_path: Path):
    data = write_csv(tmp_path / "csp.csv", sample_rows())
    manifest = tmp_path / "districts.toml"
    manifest.write_text(MANIFEST)
    result = CliRunner().invoke(
        cli, ["evidence", "home-office", str(data), "--districts", str(manifest)]
    )
    assert result.exit_code == 0, result.stderr
    rows = {(r["district"], r["issue_id"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    burglary = rows[("ashford", "burglary")]
    # 100 in 24 months in 100,000 people: 0.5 per 1,000 a year; 40 -> 60 is +50 %
    assert (burglary["count"], burglary["rate_per_1000"], burglary["trend_change"]) == (
        "100",
        "0.5",
        "50",
    )
    assert (burglary["frequency"], burglary["trend"]) == ("rare", "increasing")
    violence = rows[("ashford", "violent-crime")]
    # 2,400 in 24 months: 12 per 1,000 a year; flat
    assert (violence["rate_per_1000"], violence["frequency"], violence["trend"]) == (
        "12",
        "likely",
        "stable",
    )
    slavery = rows[("ashford", "modern-slavery")]
    assert (slavery["count"], slavery["trend"]) == ("8", "stable")
    assert "fewer than 50" in slavery["notes"]
    shoplifting = rows[("folkestone-and-hythe", "acquisitive-crime")]
    # 160 in 24 months in 80,000: 1 per 1,000 a year
    assert (shoplifting["rate_per_1000"], shoplifting["frequency"]) == ("1", "unlikely")
    assert (
        "name matches several districts (not counted): 5 offences (Dartford and Gravesham 5)"
        in result.stderr
    )
    assert (
        "year on year: 2022/23 Q1 to 2022/23 Q4 (4 present) against 2021/22 Q1 to 2021/22 Q4"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({0: "2022"}, "bad financial year '2022': expected e.g. 2022/23"),
        ({0: "2022/24"}, "bad financial year '2022/24'"),
        ({1: "5"}, "bad quarter '5': expected 1 to 4"),
        ({8: "-1"}, "number of offences '-1' must be a whole number >= 0"),
        ({8: "a few"}, "number of offences 'a few' must be a whole number >= 0"),
    ],
)
def test_bad_values_name_row_and_column(tmp_path: Path, mapping, areas, change, message):
    rows = sample_rows()
    for index, value in change.items():
        rows[3][index] = value
    path = write_csv(tmp_path / "csp.csv", rows)
    with pytest.raises(InputError) as caught:
        read_home_office([path], mapping, areas)
    assert str(caught.value).startswith(f"{path}:5:")
    assert message in str(caught.value)


def test_thousands_separators_are_read(tmp_path: Path, mapping, areas):
    rows = sample_rows()
    rows[1][8] = "1,300"
    path = write_csv(tmp_path / "csp.csv", rows)
    assert read_home_office([path], mapping, areas).total("ashford", "violent-crime") == 3400


def test_missing_columns_are_named_and_exit_2(tmp_path: Path):
    path = write_csv(tmp_path / "csp.csv", [], ["Financial Year", "CSP Name", "Offence Group"])
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["evidence", "home-office", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:1: not Home Office CSP open data: missing columns 'Quarter', "
        "'Offence Subgroup', 'Number of Offences'\n"
    )
    assert not out.exists()
