"""One rule for the characters no text csscore reads may hold (``model/text.character_problem``),
the same in district files, manifests and every TOML config."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csscore.config.district import check_text
from csscore.config.plan import load_plan
from csscore.errors import CsscoreError
from csscore.model.text import character_problem
from csscore.render.safety import xml_text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Burglary", None),
        ("line one\nline two\ttab", None),
        ("caf\u00e9 \U0001f600 \U00020000", None),  # accents, emoji, CJK extension B
        ("a\x1b[31m", "x holds a control character"),
        ("a\r", "x holds a control character"),
        ("a\x9b", "x holds a control character"),  # C1: a terminal's CSI
        ("a\ufffe", "x holds U+FFFE, which is not a character"),
        ("a\ufdd0", "x holds U+FDD0, which is not a character"),
        ("a\U0010ffff", "x holds U+10FFFF, which is not a character"),
        ("a\udcfe", "x holds U+DCFE, which is not a character"),
    ],
)
def test_control_characters_and_noncharacters_are_named(text: str, problem: str | None) -> None:
    assert character_problem(text, "x") == problem


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)))
def test_text_the_rule_accepts_needs_no_xml_repair(text: str) -> None:
    if character_problem(text, "x") is None:
        assert xml_text(text) == text
        assert check_text(text, "x") is None or "control" not in (check_text(text, "x") or "")


def test_a_toml_escape_cannot_smuggle_an_escape_sequence(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'name = "p"\ntitle = "P"\n\n[[priority]]\nid = "p1"\nkind = "core"\n'
        'text = "Tackle \\u001b[31mabuse"\ncovers = ["domestic-abuse"]\nreason = "r"\n',
        encoding="utf-8",
    )
    with pytest.raises(CsscoreError) as caught:
        load_plan(str(plan))
    assert str(caught.value).endswith("plan.toml:priority[0].text: text holds a control character")
