"""Real data: three police.uk months for West Yorkshire (2016-07, 2017-07, 2018-07), as shipped by
the PyPI package ``crime-sim-toolkit`` (MIT code; data from data.police.uk, Open Government
Licence v3.0) under ``crime_sim_toolkit/tests/testing_data/test_policedata/``.

The files are found with ``importlib.util.find_spec`` (the package's code is never run), and the
test skips when the package is not installed: ``pip install crime-sim-toolkit`` (no dependencies).

Every expected number below was counted independently of csscore, in a one-off over the three
files, with awk (``awk -F, 'NR>1 {print $10}' | sort | uniq -c``; the files hold no quoted fields)
and again with Python's ``csv`` module, the district being the LSOA name without its
" 001A" suffix and rows with an empty LSOA code counted as having none.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.evidence.areas import Area, Areas
from csscore.evidence.mapping import load_mapping
from csscore.evidence.police_uk import expand, read_police_uk


def _data_folder() -> Path | None:
    spec = importlib.util.find_spec("crime_sim_toolkit")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = (
        Path(next(iter(spec.submodule_search_locations)))
        / "tests"
        / "testing_data"
        / "test_policedata"
    )
    return folder if folder.is_dir() else None


DATA = _data_folder()
pytestmark = pytest.mark.skipif(
    DATA is None,
    reason="real West Yorkshire data not available: pip install crime-sim-toolkit",
)

DISTRICTS = ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield")

# All 87,348 rows of the three files, by crime type.
ALL_BY_TYPE = {
    "Anti-social behaviour": 18826,
    "Bicycle theft": 800,
    "Burglary": 6391,
    "Criminal damage and arson": 8113,
    "Drugs": 1453,
    "Other crime": 1660,
    "Other theft": 6903,
    "Possession of weapons": 509,
    "Public order": 6574,
    "Robbery": 763,
    "Shoplifting": 4434,
    "Theft from the person": 1020,
    "Vehicle crime": 6041,
    "Violence and sexual offences": 23861,
}
# The 83,484 rows whose LSOA lies in one of the five districts, by crime type.
FIVE_BY_TYPE = {
    "Anti-social behaviour": 18683,
    "Bicycle theft": 755,
    "Burglary": 6184,
    "Criminal damage and arson": 7732,
    "Drugs": 1346,
    "Other crime": 1568,
    "Other theft": 6630,
    "Possession of weapons": 471,
    "Public order": 6134,
    "Robbery": 655,
    "Shoplifting": 4281,
    "Theft from the person": 886,
    "Vehicle crime": 5755,
    "Violence and sexual offences": 22404,
}
# Rows per district over the three months (per month: Leeds 9,243 + 9,671 + 10,726, ...).
BY_DISTRICT = {
    "leeds": 29640,
    "bradford": 21646,
    "kirklees": 13393,
    "wakefield": 11776,
    "calderdale": 7029,
}
NO_LSOA = 1347 + 1541 + 883
OUTSIDE = 87348 - sum(BY_DISTRICT.values()) - NO_LSOA  # 93: Oldham, Harrogate, Tameside, ...

# A counting device, not a judgement: each crime type to a different vocabulary issue, so that an
# issue's total is exactly its crime type's rows.
ONE_TO_ONE = dict(
    zip(
        FIVE_BY_TYPE,
        (
            "anti-social-behaviour",
            "online-safety",
            "burglary",
            "criminal-damage",
            "substance-misuse",
            "reoffending",
            "acquisitive-crime",
            "gangs",
            "community-confidence",
            "robbery",
            "rural-crime",
            "fraud-and-scams",
            "vehicle-crime",
            "violent-crime",
        ),
        strict=True,
    )
)


def areas(aliases) -> Areas:
    return Areas(tuple(Area(d.casefold(), d) for d in DISTRICTS), aliases)


def test_three_real_months_counted_by_crime_type_and_district():
    assert DATA is not None
    files = expand([DATA])
    assert [f.name for f in files] == [
        "2016-07-west-yorkshire-street.csv",
        "2017-07-west-yorkshire-street.csv",
        "2018-07-west-yorkshire-street.csv",
    ]
    mapping = load_mapping("police-uk")
    tally = read_police_uk(files, mapping, areas(mapping.aliases))
    report = tally.report
    assert report.rows == 27176 + 28537 + 31635 == 87348
    assert dict(report.by_category) == ALL_BY_TYPE
    assert dict(report.by_area) == BY_DISTRICT
    assert report.no_location == NO_LSOA
    assert sum(n for _, n in report.outside) == OUTSIDE == 93
    assert report.unknown == () and report.truncated == ()
    assert [tally.label(p) for p in tally.periods] == ["2016-07", "2017-07", "2018-07"]


def test_crime_type_totals_in_the_five_districts(tmp_path: Path):
    assert DATA is not None
    from importlib import resources

    text = (resources.files("csscore.builtin") / "evidence" / "police-uk.toml").read_text()
    head, _, rest = text.partition("[crime_types]")
    table = "\n".join(f'"{t}" = ["{i}"]' for t, i in ONE_TO_ONE.items())
    rest = rest[rest.index("[aliases]") :]
    counting = tmp_path / "counting.toml"
    counting.write_text(f"{head}[crime_types]\n{table}\n\n{rest}")
    mapping = load_mapping(str(counting))
    tally = read_police_uk(expand([DATA]), mapping, areas(mapping.aliases))
    for crime_type, issue in ONE_TO_ONE.items():
        total = sum(tally.total(d.casefold(), issue) for d in DISTRICTS)
        assert total == FIVE_BY_TYPE[crime_type], crime_type


def test_grades_for_the_five_districts(tmp_path: Path):
    assert DATA is not None
    manifest = tmp_path / "districts.toml"
    manifest.write_text(
        "".join(f'[[district]]\nid = "{d.casefold()}"\nname = "{d}"\n\n' for d in DISTRICTS)
    )
    result = CliRunner().invoke(
        cli, ["evidence", "police-uk", str(DATA), "--districts", str(manifest)]
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    leeds = next(line for line in lines if line.startswith("leeds,Violent crime,violent-crime,"))
    # Leeds violence and sexual offences + possession of weapons: 2,487 in 2017-07, 3,389 in
    # 2018-07 (awk); year on year +36.27 %, so increasing. No populations given: no rate.
    _count, rate, change, frequency, trend = leeds.split(",")[3:8]
    assert (rate, frequency, trend) == ("", "", "increasing")
    assert change == "36.3"
    assert (
        "year on year: 2017-08 to 2018-07 (1 present) against 2016-08 to 2017-07 (1 present)"
        in result.stderr
    )
    assert "outside the districts: 93 rows" in result.stderr
