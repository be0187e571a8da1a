"""The format docs cannot go stale: the TOML examples of docs/csa-format.md, docs/plan-format.md
and docs/vocabulary-format.md are loaded with csscore's own readers, every key of each schema is
documented, and the error lines the docs quote are what the readers say."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.csa import AppendixBDoc, CsaDoc, ItemDoc, YearsDoc, load_csa
from csscore.config.manifest import read_manifest
from csscore.config.plan import PlanDoc, PriorityDoc, load_plan
from csscore.config.vocabulary import load_county_vocabulary
from csscore.errors import ConfigError
from csscore.model.plan import PLAN_KINDS
from support import REPO, SAMPLE

DOCS = REPO / "docs"
BLOCK = re.compile(r"```(toml|text|sh)\n(.*?)```", re.DOTALL)


def blocks(doc: str, kind: str) -> list[str]:
    text = (DOCS / doc).read_text(encoding="utf-8")
    return [body for lang, body in BLOCK.findall(text) if lang == kind]


def full_example(doc: str, key: str) -> dict[str, object]:
    """The one TOML block of ``doc`` that is a whole file (it has the array of tables ``key``)."""
    files = [tomllib.loads(b) for b in blocks(doc, "toml") if f"[[{key}]]" in b]
    assert len(files) == 1, f"{doc} should have one full example with [[{key}]]"
    return files[0]


def example_file(tmp_path: Path, doc: str, key: str, name: str) -> Path:
    body = next(b for b in blocks(doc, "toml") if f"[[{key}]]" in b)
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def problems_of(load: object, ref: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(ref)  # type: ignore[operator]
    return [str(p) for p in caught.value.problems]


def test_every_toml_block_of_the_format_docs_parses() -> None:
    for doc in ("csa-format.md", "plan-format.md", "vocabulary-format.md"):
        found = blocks(doc, "toml")
        assert found, doc
        for body in found:
            tomllib.loads(body)


def test_the_csa_example_loads_with_the_csa_reader(tmp_path: Path) -> None:
    raw = full_example("csa-format.md", "priority")
    csa = load_csa(str(example_file(tmp_path, "csa-format.md", "priority", "csa.toml")))
    assert csa.name == raw["name"] and csa.title == raw["title"] and csa.area == raw["area"]
    for key, items in (
        ("priority", csa.priorities),
        ("cross_cutting_theme", csa.cross_cutting),
        ("theme", csa.appendix_themes),
    ):
        written = raw[key]
        assert isinstance(written, list)
        assert [(i.id, i.name, list(i.covers)) for i in items] == [
            (w["id"], w["name"], w["covers"]) for w in written
        ]
    assert [t.printed_count for t in csa.appendix_themes] == [
        t.get("printed_count")
        for t in raw["theme"]  # type: ignore[attr-defined]
    ]
    assert csa.year("A") == "2025-26" and csa.year("D") == "2024-2029"
    assert csa.links == tuple(raw["links_to_plans"])  # type: ignore[arg-type]
    assert csa.groupings == tuple(raw["appendix_b"]["groupings"])  # type: ignore[index]
    assert "Exshire" in csa.title  # a fictional county, never a real one's facts


def test_the_plan_example_loads_with_the_plan_reader(tmp_path: Path) -> None:
    raw = full_example("plan-format.md", "priority")
    plan = load_plan(str(example_file(tmp_path, "plan-format.md", "priority", "plan.toml")))
    assert (plan.name, plan.title, plan.period) == (raw["name"], raw["title"], raw["period"])
    written = raw["priority"]
    assert isinstance(written, list)
    assert [(p.id, p.kind, p.text, list(p.covers)) for p in plan.priorities] == [
        (w["id"], w["kind"], w["text"], w["covers"]) for w in written
    ]
    assert "Exshire" in plan.title


def test_the_vocabulary_example_loads_with_the_county_vocabulary_reader(tmp_path: Path) -> None:
    raw = full_example("vocabulary-format.md", "issue")
    path = example_file(tmp_path, "vocabulary-format.md", "issue", "vocabulary.toml")
    vocabulary = load_county_vocabulary(str(path))
    written = raw["issue"]
    assert isinstance(written, list)
    for item in written:
        assert vocabulary.lookup(item["label"]) == item["id"]
        for synonym in item.get("synonyms", []):
            assert vocabulary.lookup(synonym) == item["id"]
    assert vocabulary.lookup("Domestic abuse") == "domestic-abuse"  # the built-in ones stay


def test_the_manifest_lines_the_docs_show_are_read_by_the_manifest_reader(tmp_path: Path) -> None:
    example_file(tmp_path, "vocabulary-format.md", "issue", "vocabulary.toml")
    snippets = [b for b in blocks("vocabulary-format.md", "toml") if "[[issue]]" not in b]
    assert snippets
    for snippet in snippets:
        manifest = tmp_path / "districts.toml"
        manifest.write_text(snippet + '\n[[district]]\nid = "a"\nfile = "a.csv"\n')
        settings = read_manifest(manifest).settings
        assert settings.vocabulary == str(tmp_path / "vocabulary.toml")


def documented_keys(doc: str) -> set[str]:
    return set(re.findall(r"`\[{0,2}([a-z_]+)\]{0,2}`", (DOCS / doc).read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("doc", "schemas"),
    [
        ("csa-format.md", (CsaDoc, ItemDoc, AppendixBDoc, YearsDoc)),
        ("plan-format.md", (PlanDoc, PriorityDoc)),
    ],
)
def test_every_key_of_the_schema_is_documented(doc: str, schemas: tuple[type, ...]) -> None:
    keys = documented_keys(doc)
    for schema in schemas:
        for field in msgspec.structs.fields(schema):
            if schema is YearsDoc:  # written inline: { a = "2025-26", ... }
                assert f"{field.name} = " in (DOCS / doc).read_text(encoding="utf-8")
            else:
                assert field.name in keys, f"{doc} does not document {schema.__name__}.{field.name}"


def test_plan_format_lists_every_kind_with_its_heading() -> None:
    text = (DOCS / "plan-format.md").read_text(encoding="utf-8")
    for kind, heading in PLAN_KINDS.items():
        assert f"| `{kind}` | {heading} |" in text


BAD_CSA = """\
name = "x"
titel = "X"
[[priority]]
id = "a"
name = "A"
covers = ["domestic-abuce"]
[[priority]]
id = "a"
name = "B"
covers = []
[[theme]]
id = "t"
name = ""
covers = ["burglary"]
printed_count = -1
"""

BAD_PLAN = """\
name = "p"
[[priority]]
id = "x"
kind = "cor"
text = "T"
covers = ["burglary"]
[[priority]]
id = "y"
kind = "core"
text = "U"
covers = ["burglary", "burglary", "Burglary"]
reason = "r"
"""


@pytest.mark.parametrize(
    ("doc", "name", "content", "load"),
    [
        ("csa-format.md", "csa.toml", BAD_CSA, load_csa),
        ("plan-format.md", "plan.toml", BAD_PLAN, load_plan),
    ],
)
def test_the_error_lines_the_docs_quote_are_what_the_reader_says(
    doc: str, name: str, content: str, load: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content, encoding="utf-8")
    said = problems_of(load, name)
    quoted = [line for b in blocks(doc, "text") for line in b.splitlines() if line.strip()]
    assert quoted
    for line in quoted:
        assert line in said, f"{doc} quotes an error the reader does not give: {line}"


def test_the_commands_the_docs_show_run_with_the_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = tmp_path / "county"
    shutil.copytree(SAMPLE, county, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    example_file(county, "csa-format.md", "priority", "csa.toml")
    example_file(county, "plan-format.md", "priority", "plan.toml")
    monkeypatch.chdir(county)
    commands = [
        line
        for doc in ("csa-format.md", "plan-format.md")
        for b in blocks(doc, "sh")
        for line in b.splitlines()
        if line.startswith("csscore ")
    ]
    assert len(commands) == 2
    for command in commands:
        result = CliRunner().invoke(cli, command.split()[1:])
        assert result.exit_code == 0, f"{command}: {result.output}"
        assert "Exshire" in result.stdout
