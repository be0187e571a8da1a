"""Issue names checked against the vocabulary (built-in, extended by a county's own file), and
"did you mean" for misspelt grades."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.vocabulary import load_county_vocabulary, load_vocabulary
from csscore.errors import ConfigError
from support import DOMESTIC_ABUSE, HEADER, MODERN_SLAVERY, csv_text, write


def rows_named(*names: str) -> list[tuple[str, ...]]:
    return [(name, *MODERN_SLAVERY[1:]) for name in names]


@pytest.fixture()
def misspelt(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    write(folder, "a.csv", csv_text(rows_named("Domestic abuce", "Burglary", "Drugs and alcohol")))
    write(folder, "b.csv", csv_text([DOMESTIC_ABUSE]))
    return folder


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_validate_reports_every_unknown_issue_with_a_suggestion(misspelt: Path) -> None:
    code, out, err = run("validate", misspelt)
    a = misspelt / "a.csv"
    assert code == 2
    assert out.splitlines() == [
        f"{a}:2:issue: unknown issue 'Domestic abuce' (did you mean \"Domestic abuse\"?)",
        f"{a}:4:issue: unknown issue 'Drugs and alcohol' (did you mean \"Substance misuse\"?)",
    ]
    assert err == "error: 2 problems in 1 of 2 files\n"


@pytest.mark.parametrize("command", ["aggregate", "appendix", "overlap", "sensitivity"])
def test_folder_commands_refuse_an_unknown_issue(misspelt: Path, command: str) -> None:
    code, out, err = run(command, misspelt)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {misspelt / 'a.csv'}:2:issue: unknown issue 'Domestic abuce'")


@pytest.mark.parametrize("args", [("score",), ("explain", "Burglary")])
def test_a_single_file_is_scored_with_a_warning(misspelt: Path, args: tuple[str, ...]) -> None:
    a = misspelt / "a.csv"
    code, out, err = run(args[0], a, *args[1:])
    assert code == 0
    assert "Burglary" in out
    assert err.splitlines() == [
        f"warning: {a}:2:issue: unknown issue 'Domestic abuce' (did you mean \"Domestic abuse\"?)",
        f"warning: {a}:4:issue: unknown issue 'Drugs and alcohol' (did you mean \"Substance misuse\"?)",
    ]


def test_many_rows_of_one_misspelt_name_are_compared_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Forty districts of the same names: every row's message as for one file (the name as that
    # row spells it, the suggestion of its folded name), and the vocabulary searched once per
    # distinct folded name ("Domestic abuce" and "DOMESTIC ABUCE" fold alike), not per row.
    import difflib

    searched: list[str] = []
    close = difflib.get_close_matches

    def counting(word: str, *args: object, **kwargs: object) -> list[str]:
        searched.append(word)
        return close(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    folder = tmp_path / "county"
    folder.mkdir()
    spellings = ("Domestic abuce", "DOMESTIC ABUCE")
    for d in range(40):
        names = (spellings[d % 2], "Burglary", "Drugs and alcohol")
        write(folder, f"d{d:02d}.csv", csv_text(rows_named(*names)))
    code, out, err = run("validate", folder)
    assert code == 2
    assert err == "error: 80 problems in 40 files\n"
    lines = out.splitlines()
    assert len(lines) == 40 * 2
    for d in range(40):
        f = folder / f"d{d:02d}.csv"
        assert lines[2 * d : 2 * d + 2] == [
            f'{f}:2:issue: unknown issue {spellings[d % 2]!r} (did you mean "Domestic abuse"?)',
            f"{f}:4:issue: unknown issue 'Drugs and alcohol' (did you mean \"Substance misuse\"?)",
        ]
    assert sorted(searched) == ["domestic abuce", "drugs and alcohol"]


def test_an_unrelated_name_gets_no_suggestion() -> None:
    assert load_vocabulary().unknown("Zebra crossings") == "unknown issue 'Zebra crossings'"


@pytest.mark.parametrize(
    ("factor", "typo", "meant"),
    [
        ("physical", "substansial", "substantial"),
        ("scope", "contry", "county"),
        ("frequency", "almost certain!", "almost-certain"),
        ("trend", "increasng", "increasing"),
    ],
)
def test_a_misspelt_grade_gets_a_suggestion(
    tmp_path: Path, factor: str, typo: str, meant: str
) -> None:
    row = list(DOMESTIC_ABUSE)
    row[HEADER.index(factor)] = typo
    path = write(tmp_path, "d.csv", csv_text([row]))
    code, out, _ = run("validate", path)
    assert code == 2
    assert out.startswith(f"{path}:2:{factor}: {typo!r} is not a grade of scale ")
    assert out.rstrip().endswith(f'(did you mean "{meant}"?)')


COUNTY_VOCABULARY = """\
title = "Midshire's own issues"

[[issue]]
id = "zebra-crossings"
label = "Zebra crossings"
synonyms = ["pedestrian crossings"]
themes = ["t-roads"]
"""


def test_a_county_vocabulary_extends_the_built_in_one(misspelt: Path) -> None:
    (misspelt / "a.csv").write_text(
        csv_text(rows_named("Domestic abuse", "Pedestrian crossings")), encoding="utf-8"
    )
    (misspelt / "vocabulary.toml").write_text(COUNTY_VOCABULARY, encoding="utf-8")
    manifest = 'vocabulary = "vocabulary.toml"\n'
    for d in ("a", "b"):
        manifest += f'\n[[district]]\nid = "{d}"\nfile = "{d}.csv"\n'
    (misspelt / "districts.toml").write_text(manifest, encoding="utf-8")
    assert run("validate", misspelt)[0] == 0
    vocabulary = load_county_vocabulary(str(misspelt / "vocabulary.toml"))
    assert vocabulary.lookup("pedestrian  Crossings") == "zebra-crossings"
    assert vocabulary.lookup("DV") == "domestic-abuse"
    assert vocabulary.get("zebra-crossings").themes == ("t-roads",)
    assert vocabulary.name == "community-safety"  # it extends the built-in one
    (misspelt / "vocabulary.toml").write_text("", encoding="utf-8")
    code, out, _ = run("validate", misspelt)
    assert (code, out) == (
        2,
        f"{misspelt / 'a.csv'}:3:issue: unknown issue 'Pedestrian crossings'\n",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[issue]]\nid = "domestic-abuse"\nlabel = "Abuse at home"\n',
            "vocabulary.toml:issue[0].id: id 'domestic-abuse' clashes with built-in issue "
            "'domestic-abuse' (community-safety issue[0]); use the built-in issue or another name",
        ),
        (
            '[[issue]]\nid = "dv2"\nlabel = "Dogs"\nsynonyms = ["ASB"]\n',
            "vocabulary.toml:issue[0].synonyms: synonyms 'ASB' clashes with built-in issue "
            "'anti-social-behaviour' (community-safety issue[4]); use the built-in issue or another name",
        ),
        (
            '[[issue]]\nid = "bins"\nlabel = "Bin fires"\n\n[[issue]]\nid = "bins"\nlabel = "Wheelie bins"\n',
            "vocabulary.toml:issue[1].id: duplicate issue id 'bins' at issue[0] and issue[1]",
        ),
        (
            '[[issue]]\nid = "bins"\nlabel = "Bin fires"\n\n[[issue]]\nid = "litter"\nlabel = "bin  FIRES"\n',
            "vocabulary.toml:issue[1].label: name 'bin FIRES' is used by both 'bins' (issue[0]) "
            "and 'litter' (issue[1])",
        ),
    ],
)
def test_a_county_vocabulary_that_clashes_is_refused_naming_both_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("vocabulary.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_county_vocabulary("vocabulary.toml")
    assert str(caught.value.problems[0]) == message


def test_the_bundled_sample_validates() -> None:
    code, _, err = run("validate", Path(__file__).parents[2] / "data" / "districts")
    assert code == 0 and err.startswith("ok: ") and err.endswith(" files valid\n"), err


def test_the_documented_full_example_loads(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "docs" / "vocabulary-format.md").read_text("utf-8")
    example = text.split("## Full example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "vocabulary.toml"
    path.write_text(example, encoding="utf-8")
    vocabulary = load_county_vocabulary(str(path))
    assert vocabulary.lookup("isolated  villages") == "rural-isolation"
    assert vocabulary.lookup("Illegal dumping") == "fly-tipping"
    assert vocabulary.get("fly-tipping").themes == ("environmental-crime",)
    assert len(vocabulary.issues) == len(load_vocabulary().issues) + 3


def test_a_county_issue_counts_under_the_themes_its_vocabulary_names(tmp_path: Path) -> None:
    from csscore.api import aggregate, read_folder

    folder = tmp_path / "county"
    folder.mkdir()
    selected = list(MODERN_SLAVERY)
    selected[0], selected[HEADER.index("selected")] = "Pedestrian crossings", "yes"
    write(folder, "a.csv", csv_text([DOMESTIC_ABUSE, selected]))
    (folder / "vocabulary.toml").write_text(COUNTY_VOCABULARY, encoding="utf-8")
    (folder / "districts.toml").write_text(
        'vocabulary = "vocabulary.toml"\n\n[[district]]\nid = "a"\nfile = "a.csv"\n', "utf-8"
    )
    csa = tmp_path / "csa.toml"
    csa.write_text(
        'name = "mid"\n[[priority]]\nid = "t-roads"\nname = "Roads"\ncovers = ["road-safety"]\n',
        encoding="utf-8",
    )
    county = aggregate(read_folder(folder), csa)
    roads = next(c for c in county.counts if c.name == "Roads")
    assert (roads.count, roads.districts) == (1, ("a",))
    assert county.unclassified == ("Domestic abuse",)


def partner_csv(*rows: tuple[str, tuple[str, ...]]) -> str:
    """A partner-column district file: (partner, row) pairs."""
    header = ",".join((HEADER[0], "partner", *HEADER[1:]))
    lines = [",".join((row[0], partner, *row[1:])) for partner, row in rows]
    return "\n".join((header, *lines)) + "\n"


def test_every_partner_row_is_checked_against_the_vocabulary(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    (misspelt_row,) = rows_named("Domestic abuce")
    a = write(folder, "a.csv", partner_csv(("Police", misspelt_row), ("Council", misspelt_row)))
    write(folder, "b.csv", csv_text([DOMESTIC_ABUSE]))
    code, out, _ = run("validate", folder)
    hint = "unknown issue 'Domestic abuce' (did you mean \"Domestic abuse\"?)"
    assert code == 2
    assert out.splitlines() == [
        f"{a}:2:issue: {hint} (partner 'Police')",
        f"{a}:3:issue: {hint} (partner 'Council')",
    ]
    code, out, err = run("aggregate", folder)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {a}:2:issue: {hint}")


def test_partner_files_named_in_the_manifest_are_checked_too(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    police = write(folder, "police.csv", csv_text(rows_named("Domestic abuce")))
    write(folder, "council.csv", csv_text(rows_named("Domestic abuce")))
    write(folder, "b.csv", csv_text([DOMESTIC_ABUSE]))
    write(
        folder,
        "districts.toml",
        "[[district]]\nid = 'a'\nfiles = [{ file = 'police.csv', partner = 'Police' },"
        " { file = 'council.csv', partner = 'Council' }]\n\n"
        "[[district]]\nid = 'b'\nfile = 'b.csv'\n",
    )
    code, out, err = run("aggregate", folder)
    assert (code, out) == (2, "")
    assert f"{police}:2:issue: unknown issue 'Domestic abuce'" in err
