"""The typed schemas and their checker: every unknown, missing and mistyped key is reported, with
"did you mean", and numbers too large to read are refused in every config reader."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import pytest

from csscore.config.csa import load_csa
from csscore.config.folder import read_folder, read_manifest
from csscore.config.matrix import load_matrix
from csscore.config.plan import load_plan
from csscore.config.schema import Explain, NonEmpty, NonNegative, Schema, Whole, convert
from csscore.errors import CsscoreError
from csscore.evidence.areas import load_manifest
from csscore.evidence.mapping import load_mapping

HUGE = "9" * 400  # TOML reads it; no float holds it


class Item(Schema):
    label: NonEmpty
    value: NonNegative
    count: Whole = 0


class Doc(Schema):
    name: str
    items: tuple[Item, ...]
    tags: Annotated[tuple[str, ...], Explain(be="a list of tags")] = ()


def messages(raw: object) -> list[str]:
    doc, problems = convert(raw, Doc, "f.toml")
    assert (doc is None) or problems
    return [str(p) for p in problems]


def test_a_valid_document_is_built() -> None:
    doc, problems = convert({"name": "x", "items": [{"label": "a", "value": 1}]}, Doc, "f.toml")
    assert problems == [] and doc is not None
    assert doc.items[0].value == 1.0 and isinstance(doc.items[0].value, float)
    assert doc.items[0].count == 0 and doc.tags == ()


def test_every_problem_is_collected_with_its_key() -> None:
    raw = {
        "nmae": "x",
        "items": [
            {"label": " ", "value": -1, "cuont": 2},
            {"label": "b", "value": True, "count": 1.5},
            "not a table",
        ],
        "tags": ["a", 3],
    }
    assert messages(raw) == [
        "f.toml:(top level): unknown key 'nmae' (did you mean \"name\"?)",
        "f.toml:(top level): missing required key 'name'",
        "f.toml:items[0]: unknown key 'cuont' (did you mean \"count\"?)",
        "f.toml:items[0].label: must be non-empty text",
        "f.toml:items[0].value: must be a finite number >= 0",
        "f.toml:items[1].value: must be a finite number >= 0",
        "f.toml:items[1].count: must be a whole number >= 0",
        "f.toml:items[2]: must be a table",
        "f.toml:tags: must be a list of tags",
    ]


def test_sound_parts_are_built_beside_the_problems() -> None:
    raw = {"name": "x", "items": [{"label": "a", "value": 1, "count": -1}, {"label": "b"}]}
    doc, problems = convert(raw, Doc, "f.toml")
    assert doc is not None and [i.label for i in doc.items] == ["a"]  # bad count: the default
    assert [str(p) for p in problems] == [
        "f.toml:items[0].count: must be a whole number >= 0",
        "f.toml:items[1]: missing required key 'value'",
    ]


@pytest.mark.parametrize("key", ["value", "count"])
def test_a_number_too_large_is_a_problem_not_a_crash(key: str) -> None:
    item = {"label": "a", "value": 1, key: int(HUGE)}
    assert messages({"name": "x", "items": [item]}) == [f"f.toml:items[0].{key}: number too large"]


def edited(tmp_path: Path, kind: str, name: str, old: str, new: str) -> str:
    text = (resources.files("csscore.builtin") / kind / f"{name}.toml").read_text("utf-8")
    assert old in text
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_numbers_too_large_in_each_config_reader(tmp_path: Path) -> None:
    cases = [
        (load_matrix, "matrices", "morile-csp", "value = 0", f"value = {HUGE}",
         "scales.severity.levels[0].value"),
        (load_matrix, "matrices", "morile-csp-vulnerability", "max_step = 0", f"max_step = {HUGE}",
         "confidence.perturbation.high.max_step"),
        (load_mapping, "evidence", "police-uk", "min_count = 50", f"min_count = {HUGE}",
         "trend.min_count"),
        (load_csa, "csa", "kent-2017", "csps = 11 ", f"csps = {HUGE} ",
         "csps"),
    ]  # fmt: skip
    for load, kind, name, old, new, where in cases:
        with pytest.raises(CsscoreError) as info:
            load(edited(tmp_path, kind, name, old, new))
        assert str(info.value).endswith(f"{name}.toml:{where}: number too large"), str(info.value)


def test_a_plan_collects_every_key_problem(tmp_path: Path) -> None:
    path = edited(tmp_path, "plans", "safer-in-kent-2017", 'kind = "', 'knid = "x"\nkind = "')
    with pytest.raises(CsscoreError) as info:
        load_plan(path)
    assert "priority[0]: unknown key 'knid' (did you mean \"kind\"?)" in str(info.value)


MANIFEST = '[[district]]\nid = "a"\nname = "Aville"\npopulation = {p}\n'


def test_one_manifest_reader_for_folders_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "districts.toml"
    path.write_text(MANIFEST.format(p=1000) + 'file = "a.csv"\n', encoding="utf-8")
    (tmp_path / "a.csv").write_text("issue,impact,likelihood\nBurglary,minor,rare\n")
    (entry,) = read_manifest(path).entries
    assert (entry.id, entry.name, entry.population, entry.file) == ("a", "Aville", 1000, "a.csv")
    assert read_folder(tmp_path).entries[0].district.csp == "Aville"  # a folder's CSP: the name
    (area,) = load_manifest(path)
    assert (area.id, area.name, area.population, area.csp) == ("a", "Aville", 1000.0, "")


def test_the_evidence_manifest_needs_no_file_and_refuses_huge_numbers(tmp_path: Path) -> None:
    path = tmp_path / "districts.toml"
    path.write_text(MANIFEST.format(p=5), encoding="utf-8")
    assert load_manifest(path)[0].population == 5.0
    with pytest.raises(CsscoreError) as info:
        read_folder(tmp_path)
    assert str(info.value) == f"{path}:district[1]: missing required key 'file'"
    path.write_text(MANIFEST.format(p=HUGE), encoding="utf-8")
    with pytest.raises(CsscoreError) as info:
        load_manifest(path)
    assert str(info.value) == f"{path}:1:population: number too large"
