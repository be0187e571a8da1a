"""``csscore evidence``: the evidence CSV, --fill (byte for byte, --overwrite), and exit code 2 with
nothing written wherever the run cannot proceed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.district import load_assessment
from csscore.config.matrix import load_matrix
from support import POLICE_UK_MONTH, REPO

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
)
KENT = POLICE_UK_MONTH


def row(month: str, name: str, crime: str) -> str:
    return f"x,{month},Kent Police,Kent Police,0.5,51.1,On or near Here,E0100,{name},{crime},Under investigation,\n"


def run(*args: str):
    return CliRunner().invoke(cli, ["evidence", *args], catch_exceptions=False)


@pytest.fixture
def months(tmp_path: Path) -> Path:
    """24 monthly files, 2021-05 to 2023-04, for Ashford (and a few Dover rows).

    Ashford a month: burglary 5 in the first year, 7 in the second; vehicle crime 10 then 8;
    anti-social behaviour 1. Dover: one robbery a month.
    """
    root = tmp_path / "police"
    for i in range(24):
        year, m = divmod(2021 * 12 + 4 + i, 12)
        stamp = f"{year}-{m + 1:02d}"
        first = i < 12
        lines = [row(stamp, "Ashford 001A", "Burglary")] * (5 if first else 7)
        lines += [row(stamp, "Ashford 002B", "Vehicle crime")] * (10 if first else 8)
        lines += [row(stamp, "Ashford 003C", "Anti-social behaviour")]
        lines += [row(stamp, "Dover 001A", "Robbery")]
        folder = root / stamp
        folder.mkdir(parents=True)
        (folder / f"{stamp}-kent-street.csv").write_text(HEADER + "".join(lines))
    return root


FACTORS = "issue,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability,confidence,selected,notes"
ASHFORD_LINES = [
    FACTORS,
    'Burglary,moderate,moderate,moderate,limited,local,,,limited,partial,partial,high,yes,"Note, with a comma"',
    "Vehicle crime,limited,limited,moderate,limited,local,likely,stable,limited,full,full,medium,no,",
    "ASB,limited,moderate,limited,substantial,local, ,,moderate,full,partial,high,yes,Up 5% - see report",
    'Acquisitive crime,limited,limited,moderate,limited,district,"rare",increasing,limited,full,full,,,',
    "Robbery,moderate,substantial,limited,limited,local,Rare,1,limited,full,full,,,",
    "Domestic abuse,substantial,critical,limited,moderate,district,almost-certain,increasing,substantial,partial,partial,high,yes,",
    "Made-up issue,none,none,none,none,local,possible,stable,none,full,full,,,",
]


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "districts.toml").write_text(
        '[[district]]\nid = "ashford"\nname = "Ashford"\npopulation = 100000\nfile = "ashford.csv"\n\n'
        '[[district]]\nid = "dover"\nname = "Dover"\npopulation = 50000\nfile = "dover.toml"\n'
    )
    # A BOM and CRLF line ends, to prove they survive.
    (folder / "ashford.csv").write_bytes(
        b"\xef\xbb\xbf" + "\r\n".join(ASHFORD_LINES).encode() + b"\r\n"
    )
    (folder / "dover.toml").write_text('[[issue]]\nissue = "Robbery"\n')
    return folder


def evidence(text: str) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["district"], r["issue_id"]): r for r in csv.DictReader(io.StringIO(text))}


def test_evidence_csv_from_24_months(months: Path, county: Path):
    result = run("police-uk", str(months), "--districts", str(county / "districts.toml"))
    assert result.exit_code == 0, result.stderr
    rows = evidence(result.stdout)
    assert result.stdout.splitlines()[0] == (
        "district,issue,issue_id,count,rate_per_1000,trend_change,frequency,trend,notes"
    )
    burglary = rows[("ashford", "burglary")]
    # 144 in 24 months = 72 a year in 100,000 people: 0.72 per 1,000; 60 -> 84 is +40 %
    assert (burglary["count"], burglary["rate_per_1000"], burglary["trend_change"]) == (
        "144",
        "0.72",
        "40",
    )
    assert (burglary["frequency"], burglary["trend"], burglary["notes"]) == (
        "rare",
        "increasing",
        "",
    )
    vehicle = rows[("ashford", "vehicle-crime")]
    # 216 in 24 months: 1.08 per 1,000 a year; 120 -> 96 is -20 %
    assert (vehicle["count"], vehicle["rate_per_1000"], vehicle["trend_change"]) == (
        "216",
        "1.08",
        "-20",
    )
    assert (vehicle["frequency"], vehicle["trend"]) == ("unlikely", "decreasing")
    acquisitive = rows[("ashford", "acquisitive-crime")]
    assert (acquisitive["count"], acquisitive["frequency"], acquisitive["trend"]) == (
        "360",
        "unlikely",
        "stable",
    )
    asb = rows[("ashford", "anti-social-behaviour")]
    assert (asb["count"], asb["trend"]) == ("24", "stable")
    assert asb["notes"] == "trend: 24 in the compared periods, fewer than 50"
    robbery = rows[("dover", "robbery")]
    # 24 robberies in 2 years in 50,000 people: 0.24 per 1,000 a year
    assert (robbery["count"], robbery["rate_per_1000"], robbery["frequency"]) == (
        "24",
        "0.24",
        "rare",
    )
    assert (
        "year on year: 2022-05 to 2023-04 (12 present) against 2021-05 to 2022-04" in result.stderr
    )
    assert "reading" not in result.stderr  # no progress bar when stderr is not a terminal


def test_output_file_and_force(months: Path, county: Path, tmp_path: Path):
    out = tmp_path / "evidence.csv"
    args = ["police-uk", str(months), "--districts", str(county / "districts.toml"), "-o", str(out)]
    assert run(*args).exit_code == 0
    first = out.read_bytes()
    out.write_text("mine")
    result = run(*args)
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert out.read_text() == "mine"
    assert run(*args, "--force").exit_code == 0
    assert out.read_bytes() == first


def expected_ashford(overwrite: bool) -> bytes:
    lines = list(ASHFORD_LINES)
    lines[1] = lines[1].replace("local,,,limited", "local,rare,increasing,limited")
    lines[3] = lines[3].replace("local, ,,moderate", "local,rare,stable,moderate")
    if overwrite:
        lines[2] = lines[2].replace("likely,stable", "unlikely,decreasing")
        lines[4] = lines[4].replace('"rare",increasing', "unlikely,stable")
    return b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"


def test_fill_writes_only_empty_grades(months: Path, county: Path):
    before_dover = (county / "dover.toml").read_bytes()
    result = run("police-uk", str(months), "--fill", str(county))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # with --fill and no -o, no CSV on stdout
    assert (county / "ashford.csv").read_bytes() == expected_ashford(overwrite=False)
    assert (county / "dover.toml").read_bytes() == before_dover
    assert "filled" in result.stderr and "4 grade(s) written" in result.stderr
    assert "4 analyst grade(s) kept (use --overwrite to replace)" in result.stderr
    assert "Vehicle crime: frequency 'likely' kept (evidence: 'unlikely')" in result.stderr
    assert "not in the issue vocabulary, not filled: 'Made-up issue'" in result.stderr
    assert "skipped" in result.stderr and "CSV district files only" in result.stderr
    # Run again: nothing left to fill, file untouched.
    again = run("police-uk", str(months), "--fill", str(county))
    assert "unchanged" in again.stderr
    assert (county / "ashford.csv").read_bytes() == expected_ashford(overwrite=False)


def test_fill_overwrite_replaces_analyst_grades_and_the_file_still_validates(
    months: Path, county: Path
):
    result = run("police-uk", str(months), "--fill", str(county), "--overwrite")
    assert result.exit_code == 0, result.stderr
    assert (county / "ashford.csv").read_bytes() == expected_ashford(overwrite=True)
    assert "Vehicle crime: frequency 'likely' -> 'unlikely'" in result.stderr
    assessment = load_assessment(county / "ashford.csv", load_matrix("morile-csp"))
    assert assessment.issues[0] == "Burglary"


def test_overwrite_needs_fill(months: Path):
    result = run("police-uk", str(months), "--overwrite")
    assert result.exit_code == 2
    assert result.stderr == "error: --overwrite: only applies with --fill DIR\n"


def test_kent_sample_with_the_sample_manifest(tmp_path: Path):
    manifest = REPO / "data" / "districts" / "districts.toml"
    result = run("police-uk", str(KENT), "--districts", str(manifest))
    assert result.exit_code == 0, result.stderr
    rows = evidence(result.stdout)
    # The sample manifest lists Shepway by its old name; the LSOA names say Shepway too.
    assert rows[("shepway", "acquisitive-crime")]["count"] == "7"
    assert rows[("gravesham", "anti-social-behaviour")]["count"] == "34"
    assert rows[("dartford", "violent-crime")]["count"] == ""  # no row: not graded
    assert rows[("ashford", "robbery")]["count"] == "0"  # rows, none of robbery: graded
    assert "no location (no LSOA or CSP): 91 rows" in result.stderr
    assert "mapped to no issue: 31 rows (Other crime 31)" in result.stderr
    assert "trend: one period only: no trend" in result.stderr


# --- the run cannot proceed: exit 2, one line, nothing written ---------------------------------


def bad_input_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = row("2023-04", "Ashford 001A", "Burglary")
    cases = {
        "missing columns": (
            "a,b,c\n1,2,3\n",
            "missing columns 'Month', 'LSOA code', 'LSOA name', 'Crime type'",
        ),
        "bad month": (
            HEADER + row("2023/04", "Ashford 001A", "Burglary"),
            ":2:Month: bad month '2023/04'",
        ),
        "not utf-8": (
            HEADER.encode() + good.replace("Here", "H\xe9re").encode("latin-1"),
            ":2: not UTF-8 text (byte 0xe9)",
        ),
        "truncated, strict": (HEADER + good + good[:40], ":3: truncated last line"),
        "empty": ("", "file is empty"),
    }
    out = {}
    for name, (content, message) in cases.items():
        path = tmp_path / f"{name.replace(' ', '-').replace(',', '')}.csv"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        out[name] = (path, message)
    return out


@pytest.mark.parametrize(
    "case", ["missing columns", "bad month", "not utf-8", "truncated, strict", "empty"]
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, county: Path, case: str):
    path, message = bad_input_cases(tmp_path)[case]
    before = (county / "ashford.csv").read_bytes()
    out = tmp_path / "evidence.csv"
    result = run("police-uk", str(path), "--strict", "-o", str(out), "--fill", str(county))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not out.exists()
    assert (county / "ashford.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_truncated_last_line_without_strict_is_reported(tmp_path: Path):
    good = row("2023-04", "Ashford 001A", "Burglary")
    path = tmp_path / "s.csv"
    path.write_text(HEADER + good + good[:40])
    result = run("police-uk", str(path))
    assert result.exit_code == 0
    assert f"truncated last line, not counted: 1 ({path}:3)" in result.stderr
    assert evidence(result.stdout)[("ashford", "burglary")]["count"] == "1"


def test_unknown_crime_type_is_reported(tmp_path: Path):
    path = tmp_path / "s.csv"
    path.write_text(HEADER + row("2023-04", "Ashford 001A", "Jaywalking") * 2)
    result = run("police-uk", str(path))
    assert result.exit_code == 0
    assert "unknown category, counted towards no issue: 2 rows (Jaywalking 2)" in result.stderr


def test_bad_mapping_and_missing_manifest_exit_2(tmp_path: Path):
    result = run("police-uk", str(KENT), "--mapping", "police-ukk")
    assert result.exit_code == 2 and 'did you mean "police-uk"' in result.stderr
    result = run("police-uk", str(KENT), "--districts", str(tmp_path / "none.toml"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_the_group_is_registered_on_csscore():
    from csscore.cli.main import cli

    result = CliRunner().invoke(cli, ["evidence", "--help"])
    assert result.exit_code == 0
    assert "police-uk" in result.stdout and "home-office" in result.stdout


def test_importing_the_command_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, csscore.cli.evidence; "
        "heavy = [m for m in ('numpy', 'csscore.evidence.police_uk', 'csscore.config.matrix', 'tabulate') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- -o with --fill: every destination checked first, all written together ---------------------


def test_a_fill_file_that_cannot_be_rewritten_stops_the_run_before_o(
    months: Path, county: Path, tmp_path: Path
):
    (county / "kept.csv").write_bytes((county / "ashford.csv").read_bytes())
    (county / "ashford.csv").unlink()
    (county / "ashford.csv").symlink_to("kept.csv")  # a link inside the folder reads, but
    out = tmp_path / "evidence.csv"  # --fill refuses to write through it
    result = run("police-uk", str(months), "-o", str(out), "--fill", str(county))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {county / 'ashford.csv'}: is a symbolic link; refusing to write through it"
    ]
    assert not out.exists() and (county / "ashford.csv").is_symlink()


def test_a_fill_file_with_no_grade_column_is_one_line_before_any_summary(
    months: Path, county: Path, tmp_path: Path
):
    lines = [
        ",".join(c for c in line.split(",")[:6] + line.split(",")[8:]) for line in ASHFORD_LINES
    ]
    (county / "ashford.csv").write_text("\n".join(lines) + "\n")  # frequency and trend dropped
    before = (county / "ashford.csv").read_bytes()
    out = tmp_path / "evidence.csv"
    result = run("police-uk", str(months), "-o", str(out), "--fill", str(county))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {county / 'ashford.csv'}:1: no 'frequency' or 'trend' column to fill"
    ]
    assert not out.exists() and (county / "ashford.csv").read_bytes() == before


def test_o_naming_a_file_that_fill_rewrites_is_refused(months: Path, county: Path):
    before = (county / "ashford.csv").read_bytes()
    target = county / "ashford.csv"
    result = run("police-uk", str(months), "-o", str(target), "--force", "--fill", str(county))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {target}: is the file of district 'ashford', which --fill rewrites"
    ]
    assert target.read_bytes() == before


def test_a_fill_that_fails_to_land_takes_back_o(
    months: Path, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import os

    out = tmp_path / "evidence.csv"
    out.write_text("last year's evidence")
    before = (county / "ashford.csv").read_bytes()
    real = os.replace

    def fill_fails(src: object, dst: object) -> None:
        if str(dst).endswith("ashford.csv"):
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", fill_fails)
    result = run("police-uk", str(months), "-o", str(out), "--force", "--fill", str(county))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: {county / 'ashford.csv'}: cannot write: No space left on device"
    )
    assert "wrote" not in result.stderr and "filled" not in result.stderr
    assert out.read_text() == "last year's evidence"  # -o, renamed first, was put back
    assert (county / "ashford.csv").read_bytes() == before
    leftovers = [p.name for d in (tmp_path, county) for p in d.iterdir() if p.name[0] == "."]
    assert leftovers == []


def _evidence_to(months: Path, county: Path, out: Path):  # type: ignore[no-untyped-def]
    """``evidence police-uk`` on the months for the county's districts, written to ``out``."""
    return run(
        "police-uk", str(months), "--districts", str(county / "districts.toml"), "-o", str(out)
    )


@pytest.mark.parametrize("name", ["e.json", "e.xlsx", "e.md", "e.pdf"])
def test_an_output_named_for_another_kind_of_file_is_refused(
    months: Path, county: Path, tmp_path: Path, name: str
):
    out = tmp_path / name
    result = _evidence_to(months, county, out)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [
        f"error: {out}: a {out.suffix} file, which cli evidence police-uk does not write; "
        "it writes CSV (.csv)"
    ]
    assert not out.exists()


@pytest.mark.parametrize("name", ["e.csv", "e.CSV", "e.txt", "evidence"])
def test_an_output_named_csv_plain_text_or_nothing_holds_the_csv(
    months: Path, county: Path, tmp_path: Path, name: str
):
    out = tmp_path / name
    result = _evidence_to(months, county, out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("district,issue,issue_id,count,")
