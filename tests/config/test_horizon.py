"""Horizon scanning files (Appendix C): the reader's rules, the docs' example, the sample's
verbatim Appendix C, and the "on the horizon, not assessed" flag."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.folder import sample_folder
from csscore.config.horizon import pestelo_heading, read_horizon
from csscore.config.vocabulary import load_vocabulary
from csscore.errors import InputError
from csscore.model.horizon import PESTELO

DOCS = Path(__file__).resolve().parents[2] / "docs" / "horizon-format.md"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "horizon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _county(tmp_path: Path, horizon: str) -> Path:
    """A copy of the sample county whose manifest declares ``horizon``."""
    folder = tmp_path / "county"
    shutil.copytree(sample_folder(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / "horizon.toml").write_text(horizon, encoding="utf-8")
    return folder


def test_headings_match_ignoring_case_and_spacing() -> None:
    assert pestelo_heading("social  /  DEMOGRAPHIC") == "Social / Demographic"
    assert pestelo_heading("environmental (and geographical)") == "Environmental (and Geographical)"
    assert pestelo_heading("Environmental") is None
    assert len(PESTELO) == 7


def test_a_misspelt_heading_is_refused_with_the_nearest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[item]]\nheading = "Politics"\ntext = "a"\n[[item]]\nheading = "Legislaton"\ntext = "b"\n',
    )
    with pytest.raises(InputError) as caught:
        read_horizon(path, load_vocabulary())
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].endswith(
        ":1:heading: heading 'Politics' is not a PESTELO heading (did you mean \"Political\"?)"
    )
    assert ":2:heading:" in messages[1] and '"Legislation"' in messages[1]


def test_issues_by_id_or_label_and_unknown_refused(tmp_path: Path) -> None:
    good = _write(
        tmp_path,
        '[[item]]\nheading = "legislation"\ntext = "Act;"\nissues = ["Modern slavery", "prevent"]\n',
    )
    horizon = read_horizon(good, load_vocabulary())
    assert horizon.items[0].heading == "Legislation"
    assert horizon.items[0].issues == ("modern-slavery", "prevent")
    twice = _write(
        tmp_path,
        '[[item]]\nheading = "legislation"\ntext = "Act;"\nissues = ["Modern slavery", "modern-slavery"]\n',
    )
    with pytest.raises(
        InputError,
        match=r":1:issues: issue 'modern-slavery' is listed twice \(as 'Modern slavery'\)$",
    ):
        read_horizon(twice, load_vocabulary())
    bad = _write(
        tmp_path, '[[item]]\nheading = "Economic"\ntext = "x"\nissues = ["modern slavry"]\n'
    )
    with pytest.raises(
        InputError,
        match=r":1:issues: issue 'modern slavry' is not in the community-safety vocabulary \(did you mean",
    ):
        read_horizon(bad, load_vocabulary())


def test_unknown_keys_and_missing_text_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[item]]\nheading = "Economic"\ntxt = "x"\n')
    with pytest.raises(InputError) as caught:
        read_horizon(path, load_vocabulary())
    text = " ".join(str(p) for p in caught.value.problems)
    assert "txt" in text and "text" in text


def test_the_docs_example_loads(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    example = max(blocks, key=len)
    horizon = read_horizon(_write(tmp_path, example), load_vocabulary())
    assert [i.heading for i in horizon.items] == [
        "Political",
        "Technological",
        "Legislation",
        "Social / Demographic",
    ]
    assert horizon.lead_in("Legislation").startswith("Recently enacted legislation")
    assert horizon.items[2].issues == ("modern-slavery",)


def test_the_sample_carries_appendix_c_under_the_seven_headings() -> None:
    horizon = read_horizon(sample_folder() / "horizon.toml", load_vocabulary())
    assert horizon.year == "2016-17"
    assert [len(horizon.under(h)) for h in PESTELO] == [2, 3, 10, 2, 2, 7, 2]
    assert (
        horizon.under("Political")[0].text == "Government to trigger Article 50 to initiate Brexit;"
    )
    assert (
        horizon.under("Organisational")[-1].text
        == "Increased collaboration between emergency services."
    )


def test_items_no_district_graded_are_flagged(tmp_path: Path) -> None:
    # The sample's districts grade modern slavery (all 12) but no district grades online safety
    # or rural crime: an item linked only to those is "not assessed"; one linked to rural crime
    # and modern slavery shows both, rural crime flagged, in the file's order.
    folder = _county(
        tmp_path,
        '[[item]]\nheading = "Technological"\ntext = "Online safety."\nissues = ["online-safety", "rural-crime"]\n'
        '[[item]]\nheading = "Legislation"\ntext = "Modern Slavery Act 2015;"\nissues = ["rural-crime", "modern-slavery"]\n'
        '[[item]]\nheading = "Political"\ntext = "Elections."\n',
    )
    result = CliRunner().invoke(cli, ["appendix", str(folder)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "## Appendix C: Horizon Scanning (2016-17)" in out  # the CSA's year for C
    assert re.search(
        r"\| Technological +\| Online safety\. +\| Online safety, Rural crime +\| on the horizon, not assessed +\|",
        out,
    )
    assert re.search(
        r"\| Legislation +\| Modern Slavery Act 2015; +\| Rural crime, Modern slavery +\| "
        r"Rural crime: on the horizon, not assessed; Modern slavery: graded by 12 of 12 +\|",
        out,
    )
    # both linked items link an issue no district graded; the unlinked item is not in the table
    assert '"on the horizon, not assessed" (2 of 2 items link one)' in out
    assert (
        out.index("### Political") < out.index("### Technological") < out.index("### Legislation")
    )


def test_a_manifest_naming_a_missing_horizon_is_refused(tmp_path: Path) -> None:
    folder = _county(tmp_path, "")
    (folder / "horizon.toml").unlink()
    result = CliRunner().invoke(cli, ["appendix", str(folder)])
    assert result.exit_code == 2
    assert "districts.toml:horizon: horizon file 'horizon.toml' does not exist" in result.stderr
    assert result.stdout == ""


def test_a_county_without_the_key_has_no_appendix_c(tmp_path: Path) -> None:
    folder = _county(tmp_path, "")
    manifest = folder / "districts.toml"
    manifest.write_text(
        "\n".join(
            line for line in manifest.read_text().splitlines() if not line.startswith("horizon")
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["appendix", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "Appendix C" not in result.stdout and "## Appendix D" in result.stdout
