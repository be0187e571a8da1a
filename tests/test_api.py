"""The library API: docs/api.md runs as written, and as_dict() is the command line's JSON."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import csscore
from csscore.cli.main import cli

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BLOCK = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)


def cli_json(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def dumped(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def test_every_block_of_the_api_doc_runs_as_shown() -> None:
    """All the pycon blocks, in order, as one session sharing its names."""
    blocks = BLOCK.findall(API_DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, "docs/api.md", str(API_DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0
    assert runner.tries == len(test.examples) > 20


def test_score_as_dict_is_the_score_json() -> None:
    path = csscore.sample_folder() / "dover.csv"
    scored = csscore.score(csscore.read_district(path))
    assert dumped(scored.as_dict()) == cli_json("score", str(path), "--format", "json")
    top = cli_json("score", str(path), "--format", "json", "--top", "3")
    assert dumped(scored.as_dict(3)) == top


def test_score_as_dict_with_a_matrix_given_by_name_path_or_object(tmp_path: Path) -> None:
    path = csscore.sample_folder() / "thanet.csv"
    want = cli_json("score", str(path), "--matrix", "morile-csp", "--format", "json")
    for matrix in ("morile-csp", csscore.load_matrix("morile-csp")):
        assert dumped(csscore.score(csscore.read_district(path, matrix)).as_dict()) == want


def test_aggregate_as_dict_is_the_aggregate_json() -> None:
    folder = csscore.sample_folder()
    county = csscore.aggregate(csscore.read_folder(folder))
    assert dumped(county.as_dict()) == cli_json("aggregate", str(folder), "--format", "json")
    default = cli_json("aggregate", "--format", "json")  # no folder: the bundled sample
    assert dumped(csscore.aggregate().as_dict()) == default


def test_aggregate_options_match_the_cli() -> None:
    folder = str(csscore.sample_folder())
    county = csscore.aggregate(folder, csa="kent-2017", top=3, by="issue")
    args = ("aggregate", folder, "--top", "3", "--by", "issue", "--csa", "kent-2017")
    assert dumped(county.as_dict()) == cli_json(*args, "--format", "json")


def test_results_are_frozen() -> None:
    import dataclasses

    scored = csscore.score(csscore.read_district(csscore.sample_folder() / "dover.csv"))
    county = csscore.aggregate()
    for value in (scored, county, csscore.read_folder(), scored.matrix, scored.assessment):
        assert dataclasses.is_dataclass(value)
        params = type(value).__dataclass_params__
        assert params.frozen, type(value).__name__


def test_import_csscore_is_cheap() -> None:
    """The API loads on first use: importing the package pulls in no numpy and no csscore.api."""
    code = (
        "import sys, csscore; "
        "print(sorted(m for m in ('numpy', 'csscore.api', 'click') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        csscore.no_such_function  # noqa: B018
    except AttributeError as error:
        assert "no_such_function" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_csa_and_matrix_given_as_objects_or_paths() -> None:
    from csscore.config.csa import load_csa

    by_name = csscore.aggregate(None, "kent-2017").as_dict()
    assert csscore.aggregate(None, load_csa("kent-2017")).as_dict() == by_name
    csa_file = load_csa("kent-2017").file
    if Path(csa_file).is_file():  # the built-in file, by its path
        assert csscore.aggregate(None, csa_file).as_dict() == by_name
    folder = csscore.read_folder(None, csscore.load_matrix("morile-csp"))
    assert csscore.aggregate(folder).as_dict() == by_name


def test_errors_are_the_cli_errors() -> None:
    from csscore.errors import CsscoreError

    missing = csscore.sample_folder() / "missing.csv"
    result = CliRunner().invoke(cli, ["score", str(missing)])
    try:
        csscore.read_district(missing)
    except CsscoreError as error:
        assert result.exit_code == 2
        assert result.stderr == f"error: {error}\n"
    else:
        raise AssertionError("expected CsscoreError")


def test_agreement_as_dict_is_the_agreement_json() -> None:
    folder = csscore.sample_folder()
    swale = csscore.read_district(folder / "swale.csv")
    want = cli_json("agreement", str(folder / "swale.csv"), "--format", "json")
    assert dumped(csscore.agreement_report(swale).as_dict()) == want
    assert dumped(csscore.agreement(folder / "swale.csv").as_dict()) == want
    county = cli_json("agreement", str(folder), "--format", "json")
    assert dumped(csscore.agreement(folder).as_dict()) == county
    mean = cli_json("score", str(folder / "swale.csv"), "--combine", "mean", "--format", "json")
    combined = csscore.combine_partners(swale, "mean")
    assert dumped(csscore.score(combined).as_dict()) == mean


def test_the_sample_partners_combine_to_the_grades_the_county_had() -> None:
    """Swale and Sevenoaks keep their county figures: every combined grade is a level the
    partners gave, and the partners who differ do so around it (median, not mean or max)."""
    folder = csscore.read_folder()
    graded = [a for a in folder.assessments if a.partnership is not None]
    assert sorted(a.district.id for a in graded) == ["sevenoaks", "swale"]
    for a in graded:
        stack = a.partnership.stack  # type: ignore[union-attr]
        assert ((stack == a.levels[None]) | (stack < 0)).any(axis=0).all()
