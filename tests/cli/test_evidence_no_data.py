"""No grade from no data: a district with no row in the files read gets blank grades, the note
``no data for this district in the files read``, a line in the summary, and ``--fill`` leaves its
file as it is. A district with rows, but none of an issue, is graded from its zero count."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import POLICE_UK_MONTH, REPO

HOME_OFFICE_COLUMNS = (
    "Financial Year",
    "Quarter",
    "Police Force",
    "CSP Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
)

NO_DATA = "no data for this district in the files read"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
)
KENT = POLICE_UK_MONTH  # the bundled sample month
ISSUE_IDS = (
    "anti-social-behaviour",
    "substance-misuse",
    "violent-crime",
    "acquisitive-crime",
    "burglary",
    "vehicle-crime",
    "robbery",
    "criminal-damage",
)


def row(month: str, name: str, crime: str) -> str:
    return f"x,{month},Kent Police,Kent Police,0.5,51.1,On or near Here,E0100,{name},{crime},,\n"


def run(*args: str):
    return CliRunner().invoke(cli, ["evidence", *args], catch_exceptions=False)


def table(text: str) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["district"], r["issue_id"]): r for r in csv.DictReader(io.StringIO(text))}


GRADED = (
    "issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,"
    "capacity,capability,confidence,selected,notes\n"
    "Burglary,moderate,moderate,moderate,limited,local,likely,increasing,limited,partial,"
    "partial,high,yes,\n"
    "ASB,limited,moderate,limited,substantial,local,,,moderate,full,partial,high,yes,\n"
)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Two months of police.uk data for three districts of 1,000 people each.

    Ashford: 30 burglaries a month. Dover: 2 'Other crime' rows a month, mapped to no issue, so
    it has rows but none of any issue. Swale: no row at all.
    """
    data = tmp_path / "police"
    data.mkdir()
    for stamp in ("2023-03", "2023-04"):
        lines = [row(stamp, "Ashford 001A", "Burglary")] * 30
        lines += [row(stamp, "Dover 002B", "Other crime")] * 2
        (data / f"{stamp}-kent-street.csv").write_text(HEADER + "".join(lines))
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "districts.toml").write_text(
        "".join(
            f'[[district]]\nid = "{d}"\nname = "{d.title()}"\npopulation = 1000\nfile = "{d}.csv"\n\n'
            for d in ("ashford", "dover", "swale")
        )
    )
    for district in ("ashford", "dover", "swale"):
        (folder / f"{district}.csv").write_text(GRADED)
    return tmp_path


def test_a_district_without_rows_is_not_graded(county: Path):
    result = run(
        "police-uk",
        str(county / "police"),
        "--districts",
        str(county / "county" / "districts.toml"),
    )
    assert result.exit_code == 0, result.stderr
    rows = table(result.stdout)
    # Ashford: 60 burglaries in 2 months among 1,000 people = 360 per 1,000 a year
    ashford = rows[("ashford", "burglary")]
    assert (ashford["issue"], ashford["count"], ashford["rate_per_1000"]) == (
        "Burglary",
        "60",
        "360",
    )
    assert (ashford["frequency"], ashford["trend"]) == ("almost-certain", "stable")
    # Dover has rows, none of burglary: a real count of zero, graded rare; trend from 0 -> 0
    dover = rows[("dover", "burglary")]
    assert (dover["count"], dover["rate_per_1000"], dover["frequency"]) == ("0", "0", "rare")
    assert dover["trend"] == "stable" and dover["notes"] != NO_DATA
    # Swale has no row: every issue blank, with the note and nothing else
    for issue in ISSUE_IDS:
        swale = rows[("swale", issue)]
        blank = [swale[c] for c in ("count", "rate_per_1000", "trend_change", "frequency", "trend")]
        assert blank == ["", "", "", "", ""]
        assert swale["notes"] == NO_DATA
    assert rows[("swale", "anti-social-behaviour")]["issue"] == "Anti-social behaviour"
    assert "  no data for 1 district(s) in the files read, not graded: swale\n" in result.stderr
    assert "counted in 2 district(s): 64 rows" in result.stderr


@pytest.mark.parametrize("overwrite", [(), ("--overwrite",)])
def test_fill_writes_no_grade_for_a_district_without_data(county: Path, overwrite: tuple[str, ...]):
    folder = county / "county"
    result = run("police-uk", str(county / "police"), "--fill", str(folder), *overwrite)
    assert result.exit_code == 0, result.stderr
    assert (folder / "swale.csv").read_text() == GRADED
    assert (
        f"skipped {folder / 'swale.csv'}: no data for district 'swale' in the files read; "
        "its grades are left as they are"
    ) in result.stderr
    # Dover's zero counts are evidence: its empty ASB cells are filled either way
    dover = (folder / "dover.csv").read_text().splitlines()
    assert dover[2].split(",")[6:8] == ["rare", "stable"]
    burglary = dover[1].split(",")[6:8]
    assert burglary == (["rare", "stable"] if overwrite else ["likely", "increasing"])


def test_the_kent_sample_month_grades_none_of_its_three_districts_without_rows(tmp_path: Path):
    """Dartford, Tonbridge and Malling and Tunbridge Wells have no row in the sample month
    (``grep -c ',Dartford '`` on the file is 0); Sevenoaks has 59."""
    manifest = REPO / "data" / "districts" / "districts.toml"
    result = run("police-uk", str(KENT), "--districts", str(manifest))
    assert result.exit_code == 0, result.stderr
    rows = table(result.stdout)
    missing = ("dartford", "tonbridge-and-malling", "tunbridge-wells")
    for district in missing:
        for issue in ISSUE_IDS:
            assert rows[(district, issue)]["frequency"] == ""
            assert rows[(district, issue)]["notes"] == NO_DATA
    assert rows[("ashford", "robbery")]["frequency"] == "rare"
    assert rows[("ashford", "robbery")]["notes"] == "trend not assessed: one period of data"
    listed = "no data for 3 district(s) in the files read, not graded: " + ", ".join(missing)
    assert listed in result.stderr
    # --fill --overwrite on a copy of the sample folder leaves their files exactly as they were
    folder = tmp_path / "districts"
    folder.mkdir()
    for path in (REPO / "data" / "districts").iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    filled = run("police-uk", str(KENT), "--fill", str(folder), "--overwrite")
    assert filled.exit_code == 0, filled.stderr
    for district in missing:
        original = (REPO / "data" / "districts" / f"{district}.csv").read_bytes()
        assert (folder / f"{district}.csv").read_bytes() == original
    # a district with data is filled, and one graded by two partners in each partner's file
    for name in ("ashford.csv", "sevenoaks-police.csv", "sevenoaks-council.csv"):
        assert (folder / name).read_bytes() != (REPO / "data" / "districts" / name).read_bytes()
        assert f"filled {folder / name}:" in filled.stderr


def test_home_office_a_district_without_rows_and_a_shared_csp(tmp_path: Path):
    """Ashford has 4 quarters of burglary; Swale no row; Dartford and Gravesham share one CSP
    name, whose offences cannot be split: neither district has data of its own."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HOME_OFFICE_COLUMNS)
    for quarter in (1, 2, 3, 4):
        writer.writerow(
            [
                "2022/23",
                quarter,
                "Kent",
                "Ashford",
                "Burglary - residential",
                "Theft offences",
                "Residential burglary",
                "28A",
                25,
            ]
        )
        writer.writerow(
            [
                "2022/23",
                quarter,
                "Kent",
                "Dartford and Gravesham",
                "Shoplifting",
                "Theft offences",
                "Shoplifting",
                "46",
                9,
            ]
        )
    data = tmp_path / "csp.csv"
    data.write_text(buffer.getvalue())
    manifest = tmp_path / "districts.toml"
    manifest.write_text(
        '[[district]]\nid = "ashford"\npopulation = 100000\n\n'
        '[[district]]\nid = "swale"\npopulation = 100000\n\n'
        '[[district]]\nid = "dartford"\ncsp = "Dartford and Gravesham CSP"\npopulation = 100000\n\n'
        '[[district]]\nid = "gravesham"\ncsp = "Dartford and Gravesham CSP"\npopulation = 100000\n'
    )
    result = run("home-office", str(data), "--districts", str(manifest))
    assert result.exit_code == 0, result.stderr
    rows = table(result.stdout)
    # 100 in 12 months among 100,000: 1 per 1,000 a year; 50 -> 50 is flat
    assert (
        rows[("ashford", "burglary")]["rate_per_1000"],
        rows[("ashford", "burglary")]["frequency"],
    ) == ("1", "unlikely")
    assert rows[("ashford", "robbery")]["count"] == "0"  # rows, none of robbery: graded
    assert rows[("ashford", "robbery")]["frequency"] == "rare"
    for district in ("swale", "dartford", "gravesham"):
        assert {r["notes"] for (d, _), r in rows.items() if d == district} == {NO_DATA}
        assert {r["frequency"] + r["trend"] for (d, _), r in rows.items() if d == district} == {""}
    assert "not graded: swale, dartford, gravesham" in result.stderr


@pytest.mark.parametrize("source", ["police-uk", "home-office"])
def test_the_evidence_csv_is_the_only_output_format(source: str):
    """Each source writes CSV (stdout or -o) and fills district files; a format option added
    later must carry the no-data rows too, and this test is where to say so."""
    result = CliRunner().invoke(cli, ["evidence", source, "--help"])
    assert result.exit_code == 0
    assert "--format" not in result.stdout
