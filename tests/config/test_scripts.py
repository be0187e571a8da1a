"""The look-alike rule of ``model/text.text_problem``: a word mixing Latin letters with another
script's, by the letters' Unicode Script property, is refused; signs and letters that are Latin
or of no script (``º``, ``ª``, ``µ``) are not another script."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csscore.model.text import text_problem

ASCII_WORD = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)


@pytest.mark.parametrize(
    "text",
    [
        "Nº 5",  # MASCULINE ORDINAL INDICATOR: a Latin letter
        "Nª 5",  # FEMININE ORDINAL INDICATOR: a Latin letter
        "10µg",  # MICRO SIGN: Latin-1's, of no script (Common), not the Greek mu
        "Hawaiʻi",  # MODIFIER LETTER TURNED COMMA: of no script
        "Ynys Môn",
        "Straße",
        "ﬁre safety",  # LATIN SMALL LIGATURE FI: Latin
        "5 mℓ",  # SCRIPT SMALL L, a letterlike symbol of no script
        "Кент / Kent",  # two words, one script each
        "Αθήνα",
        "Tokyo東京",  # Latin with Han: Japanese, as UTS #39 allows
    ],
)
def test_signs_and_latin_letters_are_no_other_script(text: str) -> None:
    assert text_problem(text, "x") is None


@pytest.mark.parametrize(
    ("text", "scripts"),
    [
        ("m\u0430jor", "Cyrillic and Latin"),  # CYRILLIC SMALL LETTER A
        ("\u03a9mega", "Greek and Latin"),  # GREEK CAPITAL LETTER OMEGA
        ("d\u0585g", "Armenian and Latin"),  # ARMENIAN SMALL LETTER OH
        ("\u13aashford", "Cherokee and Latin"),  # CHEROKEE LETTER GO, an A's look-alike
        ("\uff42urglary", "Fullwidth and Latin"),  # FULLWIDTH LATIN SMALL LETTER B
        ("\U0001d401urglary", "Latin and Mathematical"),  # MATHEMATICAL BOLD CAPITAL B
        ("К\u0435nт", "Cyrillic and Latin"),  # a Latin n among Cyrillic letters
    ],
)
def test_a_word_mixing_latin_with_a_look_alike_script_is_refused(text: str, scripts: str) -> None:
    assert text_problem(text, "x") == f"x mixes {scripts} letters (look-alike characters?)"


# Latin-1's letters: À-ÿ but × and ÷ (Latin script), and º ª (Latin) and µ (Common)
LATIN_1_LETTERS = st.sampled_from(
    [chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷"] + ["º", "ª", "µ"]
)


@given(ASCII_WORD, LATIN_1_LETTERS, ASCII_WORD)
def test_a_latin_1_letter_in_a_latin_word_is_accepted(before: str, letter: str, after: str) -> None:
    assert text_problem(before + letter + after, "x") is None


@given(
    ASCII_WORD,
    st.one_of(
        st.tuples(st.just("Cyrillic"), st.characters(min_codepoint=0x410, max_codepoint=0x44F)),
        st.tuples(
            st.just("Greek"),
            st.characters(categories=["Lu", "Ll"], min_codepoint=0x391, max_codepoint=0x3C9),
        ),
    ),
    ASCII_WORD,
)
def test_one_cyrillic_or_greek_letter_in_a_latin_word_is_refused(
    before: str, letter: tuple[str, str], after: str
) -> None:
    script, ch = letter
    problem = text_problem(before + ch + after, "x")
    assert problem == f"x mixes {script} and Latin letters (look-alike characters?)"
