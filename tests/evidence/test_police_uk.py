"""The police.uk reader: the real Kent sample counted to the row, district assignment (LSOA name
prefix, lookup, former names), and every bad input of the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from csscore.errors import InputError
from csscore.evidence.areas import Area, Areas, load_lookup
from csscore.evidence.mapping import load_mapping, place_key
from csscore.evidence.police_uk import expand, read_police_uk
from support import POLICE_UK_MONTH

KENT = POLICE_UK_MONTH

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
)

# Counted independently of csscore: Python's csv module over the fixture (column 10, and column 9
# with its " 001A" suffix removed, "(no LSOA)" where column 8 is empty), checked with
# `awk -F, 'NR>1{print $10}' | sort | uniq -c`; they equal the tables of the sample's README.
KENT_BY_TYPE = {
    "Violence and sexual offences": 329,
    "Anti-social behaviour": 107,
    "Criminal damage and arson": 86,
    "Other theft": 58,
    "Vehicle crime": 55,
    "Public order": 36,
    "Other crime": 31,
    "Shoplifting": 26,
    "Burglary": 21,
    "Drugs": 15,
    "Possession of weapons": 9,
    "Robbery": 6,
    "Bicycle theft": 3,
    "Theft from the person": 1,
}
KENT_BY_DISTRICT = {
    "Medway": 91,
    "Gravesham": 84,
    "Dover": 79,
    "Ashford": 77,
    "Swale": 76,
    "Thanet": 75,
    "Canterbury": 74,
    "Maidstone": 59,
    "Sevenoaks": 59,
    "Shepway": 18,
}
KENT_NO_LSOA = 91


def row(month: str, code: str, name: str, crime: str, crime_id: str = "x") -> str:
    return f"{crime_id},{month},Kent Police,Kent Police,0.5,51.1,On or near Here,{code},{name},{crime},Under investigation,\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture(scope="module")
def mapping():
    return load_mapping("police-uk")


def open_areas(mapping):
    return Areas((), mapping.aliases)


def test_kent_sample_counts_by_crime_type(mapping):
    tally = read_police_uk([KENT], mapping, open_areas(mapping))
    report = tally.report
    assert report.rows == 783
    assert dict(report.by_category) == KENT_BY_TYPE
    assert sum(KENT_BY_TYPE.values()) == 783
    assert report.unknown == ()
    assert dict(report.unmapped) == {"Other crime": 31}
    assert report.truncated == ()
    assert tally.periods == (2023 * 12 + 3,)


def test_kent_sample_counts_by_district(mapping):
    tally = read_police_uk([KENT], mapping, open_areas(mapping))
    by_area = dict(tally.report.by_area)
    expected = {place_key(k): v for k, v in KENT_BY_DISTRICT.items()}
    # Shepway is the former name of Folkestone and Hythe: counted under the district it now is.
    expected["folkestone-and-hythe"] = expected.pop("shepway")
    assert by_area == expected
    assert tally.report.no_location == KENT_NO_LSOA
    assert {a.id: a.name for a in tally.areas}["folkestone-and-hythe"] == "Folkestone and Hythe"


def test_kent_sample_issue_counts(mapping):
    tally = read_police_uk([KENT], mapping, open_areas(mapping))
    issues: dict[str, int] = {}
    for (_area, issue), series in tally.counts.items():
        issues[issue] = issues.get(issue, 0) + sum(series.values())
    # Counted with the csv module per (district, crime type), then added up as the mapping says:
    # rows without an LSOA: 69 violence, 2 weapons, 5 public order, 1 robbery, 6 vehicle, 8 other.
    assert issues["violent-crime"] == (329 - 69) + (9 - 2)
    assert issues["anti-social-behaviour"] == 107 + (36 - 5)
    # Gravesham: ASB 29 + public order 5; violence 17 + weapons 4; burglary 3, other theft 3,
    # vehicle 6, robbery 1.
    assert tally.total("gravesham", "anti-social-behaviour") == 34
    assert tally.total("gravesham", "violent-crime") == 21
    assert tally.total("gravesham", "acquisitive-crime") == 13
    # Thanet: violence 47; other theft 8, shoplifting 2, bicycle theft 1.
    assert tally.total("thanet", "violent-crime") == 47
    assert tally.total("thanet", "acquisitive-crime") == 11
    # Shepway: other theft 2 + shoplifting 5; ASB 3 + public order 1.
    assert tally.total("folkestone-and-hythe", "acquisitive-crime") == 7
    assert tally.total("folkestone-and-hythe", "anti-social-behaviour") == 4


def test_given_districts_put_the_rest_outside(mapping):
    given = (Area("ashford", "Ashford", 130000.0), Area("shepway", "Shepway", 110000.0))
    tally = read_police_uk([KENT], mapping, Areas(given, mapping.aliases))
    assert dict(tally.report.by_area) == {"ashford": 77, "shepway": 18}
    outside = dict(tally.report.outside)
    assert outside["Medway"] == 91 and outside["Gravesham"] == 84
    assert sum(outside.values()) == 783 - 91 - 77 - 18
    assert tally.report.no_location == 91


def test_a_district_listed_by_its_new_name_gets_the_shepway_rows(mapping):
    given = (Area("folkestone-and-hythe", "Folkestone & Hythe", 110000.0),)
    tally = read_police_uk([KENT], mapping, Areas(given, mapping.aliases))
    assert dict(tally.report.by_area) == {"folkestone-and-hythe": 18}


def test_lookup_by_lsoa_code_wins_over_the_name(tmp_path, mapping):
    data = write(
        tmp_path,
        "street.csv",
        HEADER
        + row("2023-04", "E01000001", "Ashford 001A", "Burglary")
        + row("2023-04", "E01000002", "Ashford 002A", "Burglary")
        + row("2023-04", "E01000003", "", "Burglary")
        + row("2023-04", "", "", "Burglary"),
    )
    lookup = write(tmp_path, "lookup.csv", "lsoa_code,district\nE01000001,Dover\nE01000003,Dover\n")
    given = (Area("ashford", "Ashford"), Area("dover", "Dover"))
    areas = Areas(given, mapping.aliases, load_lookup(lookup))
    tally = read_police_uk([data], mapping, areas)
    assert dict(tally.report.by_area) == {"dover": 2, "ashford": 1}
    assert tally.report.no_location == 1


def test_ons_style_lookup_maps_both_vintages(tmp_path):
    lookup = write(
        tmp_path,
        "ons.csv",
        "LSOA11CD,LSOA21CD,LAD22NM\nE01024000,E01035000,Folkestone and Hythe\n",
    )
    assert load_lookup(lookup) == {
        "E01024000": "Folkestone and Hythe",
        "E01035000": "Folkestone and Hythe",
    }


def test_lookup_without_the_columns_is_refused(tmp_path):
    lookup = write(tmp_path, "bad.csv", "code,area\nE01,Dover\n")
    with pytest.raises(InputError, match="missing column 'lsoa_code' and 'district'"):
        load_lookup(lookup)


def test_folder_expands_to_street_files(tmp_path):
    (tmp_path / "2023-04").mkdir()
    (tmp_path / "2023-05").mkdir()
    a = write(tmp_path / "2023-04", "2023-04-kent-street.csv", HEADER)
    b = write(tmp_path / "2023-05", "2023-05-kent-street.csv", HEADER)
    write(tmp_path / "2023-05", "2023-05-kent-outcomes.csv", "x\n")
    assert expand([tmp_path]) == [a, b]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no police\.uk \*-street\.csv"):
        expand([tmp_path / "empty"])


def test_a_file_given_twice_is_read_once(mapping):
    tally = read_police_uk([KENT, KENT], mapping, open_areas(mapping))
    assert tally.report.rows == 783
    assert tally.report.duplicates == (str(KENT),)


def test_repeated_identical_rows_are_all_counted(tmp_path, mapping):
    asb = row("2023-04", "E1", "Ashford 001A", "Anti-social behaviour", crime_id="")
    path = write(tmp_path, "s.csv", HEADER + asb * 3)
    tally = read_police_uk([path], mapping, open_areas(mapping))
    assert tally.total("ashford", "anti-social-behaviour") == 3


# --- bad input -------------------------------------------------------------------------------


def test_missing_columns_are_named(tmp_path, mapping):
    outcomes = write(
        tmp_path,
        "outcomes.csv",
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n",
    )
    with pytest.raises(InputError) as caught:
        read_police_uk([outcomes], mapping, open_areas(mapping))
    assert str(caught.value) == (
        f"{outcomes}:1: not a police.uk street-level CSV: missing column 'Crime type'"
    )
    other = write(tmp_path, "other.csv", "a,b\n1,2\n")
    with pytest.raises(
        InputError, match="missing columns 'Month', 'LSOA code', 'LSOA name', 'Crime type'"
    ):
        read_police_uk([other], mapping, open_areas(mapping))


@pytest.mark.parametrize("month", ["2023-13", "April 2023", "2023-4", "", "23-04"])
def test_bad_month(tmp_path, mapping, month):
    path = write(
        tmp_path,
        "s.csv",
        HEADER
        + row("2023-04", "E1", "Ashford 001A", "Burglary")
        + row(month, "E1", "Ashford 001A", "Burglary"),
    )
    with pytest.raises(InputError) as caught:
        read_police_uk([path], mapping, open_areas(mapping))
    assert str(caught.value).startswith(f"{path}:3:Month: bad month {month!r}")


def test_non_utf8_is_refused_with_its_line(tmp_path, mapping):
    body = HEADER + row("2023-04", "E1", "Ashford 001A", "Burglary")
    data = body.encode() + row("2023-04", "E1", "Ashford 001A", "Burglary").replace(
        "Here", "H\xe9re"
    ).encode("latin-1")
    path = write(tmp_path, "s.csv", data)
    with pytest.raises(InputError) as caught:
        read_police_uk([path], mapping, open_areas(mapping))
    assert str(caught.value) == f"{path}:3: not UTF-8 text (byte 0xe9); police.uk files are UTF-8"


def test_empty_file(tmp_path, mapping):
    path = write(tmp_path, "s.csv", "")
    with pytest.raises(InputError, match="file is empty"):
        read_police_uk([path], mapping, open_areas(mapping))


def test_truncated_last_line_is_reported_not_counted(tmp_path, mapping):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary")
    path = write(tmp_path, "s.csv", HEADER + good * 2 + good[:60])
    tally = read_police_uk([path], mapping, open_areas(mapping))
    assert tally.report.rows == 2
    assert tally.report.truncated == (f"{path}:4",)
    assert tally.total("ashford", "burglary") == 2


def test_truncated_last_line_is_fatal_with_strict(tmp_path, mapping):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary")
    path = write(tmp_path, "s.csv", HEADER + good + good[:60])
    with pytest.raises(InputError, match=r":3: truncated last line \(8 fields\)"):
        read_police_uk([path], mapping, open_areas(mapping), strict=True)


def test_a_last_line_without_newline_but_complete_is_counted(tmp_path, mapping):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary")
    path = write(tmp_path, "s.csv", HEADER + good + good.rstrip("\n"))
    tally = read_police_uk([path], mapping, open_areas(mapping), strict=True)
    assert tally.report.rows == 2 and tally.report.truncated == ()


def test_a_short_row_mid_file_is_fatal(tmp_path, mapping):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary")
    path = write(tmp_path, "s.csv", HEADER + good + "a,b,c\n" + good)
    with pytest.raises(InputError, match=r":3: row has 3 fields; the header has 12"):
        read_police_uk([path], mapping, open_areas(mapping))


def test_unknown_crime_type_is_reported_and_counts_towards_nothing(tmp_path, mapping):
    path = write(
        tmp_path,
        "s.csv",
        HEADER
        + row("2023-04", "E1", "Ashford 001A", "Burglary")
        + row("2023-04", "E1", "Ashford 001A", "Cyber stalking") * 2,
    )
    tally = read_police_uk([path], mapping, open_areas(mapping))
    assert dict(tally.report.unknown) == {"Cyber stalking": 2}
    assert dict(tally.report.by_area) == {"ashford": 3}
    assert sum(sum(s.values()) for s in tally.counts.values()) == 2  # burglary + acquisitive


def test_missing_file(tmp_path, mapping):
    with pytest.raises(InputError, match="no such file"):
        read_police_uk([tmp_path / "nope.csv"], mapping, open_areas(mapping))


def test_unterminated_quote_is_fatal(tmp_path, mapping):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary")
    broken = good.replace("On or near Here", '"On or near Here')
    path = write(tmp_path, "s.csv", HEADER + good + broken + good * 3)
    with pytest.raises(
        InputError, match=r":3: unterminated quoted field runs to the end of the file"
    ):
        read_police_uk([path], mapping, open_areas(mapping))


def test_quoted_fields_are_read(tmp_path, mapping):
    quoted = row("2023-04", "E1", "Ashford 001A", "Burglary").replace(
        "On or near Here", '"On or near Here, ""Top"" Road"'
    )
    path = write(tmp_path, "s.csv", HEADER + quoted)
    tally = read_police_uk([path], mapping, open_areas(mapping))
    assert tally.total("ashford", "burglary") == 1


def test_the_fast_and_the_csv_paths_count_alike(tmp_path, mapping):
    # A file without a double quote is split on commas; one with a quote goes through the csv
    # module. Quoting one field of the Kent sample must change nothing.
    text = KENT.read_text()
    first = text.index("On or near North Downs Close")
    quoted = text[:first] + '"On or near North Downs Close"' + text[first + 28 :]
    path = write(tmp_path, "quoted.csv", quoted.replace("\n", "\r\n") + "\r\n")
    plain = read_police_uk([KENT], mapping, open_areas(mapping)).report
    other = read_police_uk([path], mapping, open_areas(mapping)).report
    assert (other.rows, other.by_category, other.by_area, other.no_location) == (
        plain.rows,
        plain.by_category,
        plain.by_area,
        plain.no_location,
    )


@pytest.mark.parametrize("quote", ["", '"'])
def test_blank_lines_are_skipped_and_lines_still_numbered(tmp_path, mapping, quote):
    good = row("2023-04", "E1", "Ashford 001A", "Burglary").replace("Here", f"{quote}Here{quote}")
    bad = row("2023-4", "E1", "Ashford 001A", "Burglary")
    path = write(tmp_path, "s.csv", HEADER + good + "\n" + good + bad)
    with pytest.raises(InputError, match=r"s\.csv:5:Month: bad month '2023-4'"):
        read_police_uk([path], mapping, open_areas(mapping))
