"""A new county's files: derived names, the manifest read back, templates valid when uncommented,
the county workbook read by the county workbook reader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csscore.config.csa import load_csa
from csscore.config.district import check_text
from csscore.config.folder import read_folder
from csscore.config.horizon import read_horizon
from csscore.config.manifest import read_manifest
from csscore.config.matrix import load_matrix
from csscore.config.plan import load_plan
from csscore.config.vocabulary import load_vocabulary
from csscore.errors import InputError
from csscore.model.text import fold_case, toml_string
from csscore.scaffold.county import NewCounty, county_files
from csscore.scaffold.names import district_names

MATRIX = load_matrix("morile-csp")
VOCABULARY = load_vocabulary()


def files_for(*districts: str, **options: str) -> dict[str, str | bytes]:
    return county_files(NewCounty("Midshire", districts, **options), MATRIX, VOCABULARY, "0")


def uncommented(text: str) -> str:
    """Every example line ('# ...') with its '# ' removed; explanations ('## ...') stay."""
    return re.sub(r"^# ", "", text, flags=re.MULTILINE)


def text_of(files: dict[str, str | bytes], name: str) -> str:
    content = files[name]
    assert isinstance(content, str)
    return content


# --- names -------------------------------------------------------------------------------------


def test_a_name_with_a_slash_gets_a_safe_file_and_keeps_its_name() -> None:
    (north,) = district_names(["North/East Vale"])
    assert (north.name, north.id, north.stem) == (
        "North/East Vale",
        "north-east-vale",
        "North-East Vale",
    )


def test_names_whose_files_would_clash_are_numbered_in_order() -> None:
    first, second, third = district_names(["North/East", "North-East", "north:east"])
    assert [d.stem for d in (first, second, third)] == [
        "North-East",
        "North-East-2",
        "north-east-3",
    ]
    assert [d.id for d in (first, second, third)] == ["north-east", "north-east-2", "north-east-3"]


def test_a_300_character_name_is_cut_with_a_hash_that_keeps_two_apart() -> None:
    a, b = district_names(["x" * 299 + "a", "x" * 299 + "b"])
    assert len(a.stem) == len(b.stem) == 100 and a.stem != b.stem
    assert len(a.sheet) <= 31 and a.sheet.casefold() != b.sheet.casefold()


def test_a_tab_or_line_break_is_kept_in_the_name_not_in_the_file() -> None:
    (d,) = district_names(["Upper\tVale\nNorth"])
    assert d.stem == "Upper-Vale-North" and d.name == "Upper\tVale\nNorth"


def test_a_sheet_never_takes_a_name_the_workbook_uses() -> None:
    assert [d.sheet for d in district_names(["Districts", "Legend", "About"])] == [
        "Districts-2",
        "Legend-2",
        "About-2",
    ]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Dover", "DOVER"], "district 'DOVER' is given twice (as 'Dover')"),
        (["Dover", "Dover"], "district 'Dover' is given twice"),
        (["Bell\x07End"], "district name holds a control character"),
        (["=HYPERLINK(1)"], "starts with '='"),
        (["   "], "district name is empty"),
        (["\udcff"], "is not valid text"),
    ],
)
def test_names_the_reader_would_refuse_are_refused_first(names: list[str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        district_names(names)
    assert caught.value.problems[0].file == "--district"


# --- the manifest ------------------------------------------------------------------------------


def test_the_manifest_names_the_county_files_and_each_district() -> None:
    doc = tomllib.loads(
        text_of(files_for("Ashford", "Tonbridge and Malling", year="2025-26"), "districts.toml")
    )
    assert (doc["county"], doc["year"], doc["csa"], doc["plan"], doc["horizon"]) == (
        "Midshire",
        "2025-26",
        "csa.toml",
        "plan.toml",
        "horizon.toml",
    )
    assert doc["title"] == "Midshire Community Safety Agreement 2025-26"
    second = doc["district"][1]
    assert second == {
        "id": "tonbridge-and-malling",
        "name": "Tonbridge and Malling",
        "csp": "Tonbridge and Malling",
        "year": "2025-26",
        "file": "Tonbridge and Malling.csv",
        "in_csa": True,
    }
    assert "matrix" not in doc  # the default, unless --matrix names one


def test_the_manifest_population_line_uncommented_is_read(tmp_path: Path) -> None:
    files = files_for("Ashford")
    for name, content in files.items():
        (tmp_path / name).write_text(str(content), encoding="utf-8")
    text = text_of(files, "districts.toml").replace("# population", "population")
    (tmp_path / "districts.toml").write_text(text, encoding="utf-8")
    (entry,) = read_manifest(tmp_path / "districts.toml").entries
    assert entry.population == 100000


#: Text a TOML string holds that the folder reader accepts as a district name.
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda n: n.strip() != "" and check_text(n, "name") is None
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        NAMES, min_size=1, max_size=5, unique_by=lambda n: " ".join(fold_case(n).split())
    )
)
def test_any_names_read_back_unchanged_with_unique_files_inside(
    names: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    files = files_for(*names)
    doc = tomllib.loads(text_of(files, "districts.toml"))
    assert [d["name"] for d in doc["district"]] == names
    listed = [d["file"] for d in doc["district"]]
    assert len({f.casefold() for f in listed}) == len(listed)
    assert set(listed) <= set(files)
    folder = tmp_path_factory.mktemp("county")
    for name, content in files.items():
        assert Path(name).name == name and "/" not in name and "\\" not in name
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        assert path.resolve().parent == folder.resolve()
    listing = read_folder(folder)
    assert [e.district.name for e in listing.entries] == names


def test_toml_string_round_trips_every_control_character() -> None:
    text = "".join(map(chr, range(0x80))) + '"\\é'
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


# --- the templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["csa.toml", "plan.toml", "horizon.toml"])
def test_each_template_as_written_is_empty(name: str) -> None:
    assert tomllib.loads(text_of(files_for("Ashford"), name)) == {}


def test_the_csa_example_uncommented_is_a_valid_csa(tmp_path: Path) -> None:
    path = tmp_path / "csa.toml"
    path.write_text(
        uncommented(text_of(files_for("Ashford", year="2025-26"), "csa.toml")), encoding="utf-8"
    )
    csa = load_csa(str(path))
    assert (csa.name, csa.title) == ("midshire-csa", "Midshire Community Safety Agreement")
    assert [p.name for p in csa.priorities] == ["Domestic Abuse", "Anti-Social Behaviour"]
    assert [t.name for t in csa.cross_cutting] == ["Reducing reoffending"]
    assert [t.id for t in csa.appendix_themes] == ["domestic-abuse", "anti-social-behaviour"]
    assert dict(csa.years) == {"A": "2025-26", "B": "2025-26", "C": "2025-26", "D": "2025-26"}
    assert len(csa.links) == 2


def test_the_plan_example_uncommented_is_a_valid_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(uncommented(text_of(files_for("Ashford"), "plan.toml")), encoding="utf-8")
    plan = load_plan(str(path))
    assert [(p.id, p.kind, p.covers) for p in plan.priorities] == [
        ("p-1", "core", ("domestic-abuse",)),
        ("p-2", "commitment", ()),
    ]


def test_the_horizon_example_uncommented_is_a_valid_horizon(tmp_path: Path) -> None:
    path = tmp_path / "horizon.toml"
    path.write_text(uncommented(text_of(files_for("Ashford"), "horizon.toml")), encoding="utf-8")
    horizon = read_horizon(path, VOCABULARY)
    assert [(i.heading, i.issues) for i in horizon.items] == [
        ("Political", ()),
        ("Technological", ("online-safety",)),
    ]
    assert [h for h, _ in horizon.lead_ins] == ["Legislation"]


def test_a_county_name_with_quotes_and_a_break_stays_valid_toml(tmp_path: Path) -> None:
    files = county_files(NewCounty('Mid "shire"\nEast', ("Ashford",)), MATRIX, VOCABULARY, "0")
    assert tomllib.loads(text_of(files, "districts.toml"))["county"] == 'Mid "shire"\nEast'
    (tmp_path / "csa.toml").write_text(uncommented(text_of(files, "csa.toml")), encoding="utf-8")
    assert load_csa(str(tmp_path / "csa.toml")).area == 'Mid "shire"\nEast'
    assert '# Mid "shire" East' in text_of(files, "README.md")


# --- the district files ------------------------------------------------------------------------


def test_a_district_file_is_what_init_writes() -> None:
    from csscore.render.formats.template import template

    files = files_for("Ashford", "Dover")
    assert files["Ashford.csv"] == files["Dover.csv"] == template(MATRIX, VOCABULARY, "csv")


def test_the_county_workbook_lists_its_districts_for_the_reader(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from csscore.config.county_book import county_entries, is_county_workbook

    files = files_for("North/East", "Legend", year="2025-26", format="xlsx", matrix="risk-5x5")
    assert not any(name.endswith(".csv") for name in files)
    path = tmp_path / "districts.xlsx"
    content = files["districts.xlsx"]
    assert isinstance(content, bytes)
    path.write_bytes(content)
    assert is_county_workbook(path)
    entries, _ = county_entries(path)
    assert [(d.id, d.name, d.csp, d.year, sheet, m) for d, sheet, m in entries] == [
        ("north-east", "North/East", "North/East", "2025-26", "North-East", "risk-5x5"),
        ("legend", "Legend", "Legend", "2025-26", "Legend-2", "risk-5x5"),
    ]
    doc = tomllib.loads(text_of(files, "districts.toml"))
    assert [(d["file"], d["sheet"]) for d in doc["district"]] == [
        ("districts.xlsx", "North-East"),
        ("districts.xlsx", "Legend-2"),
    ]
