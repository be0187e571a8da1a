"""Text folding, in one place: how names and labels compare, whatever their spelling.

Every rule starts from :func:`fold_case` (Unicode NFKC, then case folded). :func:`issue_key` is
the rule for issue names and the vocabulary; the others keep the equivalence their inputs have
always had: grade labels (:func:`label_key`), crime categories (:func:`category_key`) and place
names (:func:`place_key`). :func:`file_stem` is the one rule for a name used as a file name, and
:func:`toml_string` the one for text written into a TOML file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold_case(text: str) -> str:
    """Unicode-compatible, case-insensitive form: NFKC, then casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=16384)
def issue_key(name: str) -> str:
    """Fold an issue name so that trivially different spellings compare equal: case, and runs
    of spaces, hyphens and underscores, do not matter."""
    return _SEPARATORS.sub(" ", fold_case(name)).strip()


@lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """Fold a grade label for matching: case, spaces, hyphens and underscores do not matter."""
    return _SEPARATORS.sub("-", fold_case(text).strip())


def category_key(text: str) -> str:
    """Fold a crime category name for matching: case and runs of spaces do not matter."""
    return " ".join(fold_case(text).split())


def place_key(text: str) -> str:
    """Fold a place name: case, spacing, punctuation and '&' against 'and' do not matter."""
    return _NOT_ALNUM.sub("-", fold_case(text).replace("&", " and ")).strip("-")


#: What csscore refuses at the start of any text it reads (a district's cells, a manifest, every
#: TOML config): what a spreadsheet runs as a formula and no name or note needs. A leading '+' or
#: '-' ("+ve parenting", "-20% on last year") is read as text, and neutralised like '=' and '@'
#: in every CSV and XLSX output (render/safety.py).
REFUSED_STARTS = ("=", "@")


#: The most characters one text may hold: a cell of a district file or workbook, and every text
#: value of every TOML file csscore reads (titles, names, a plan's words), so no output cell,
#: property or line grows past what a spreadsheet or a document holds.
MAX_TEXT_CHARS = 10_000


def length_problem(text: str, what: str) -> str | None:
    """Why ``text`` is refused as too long, or None."""
    if len(text) > MAX_TEXT_CHARS:
        return f"{what} holds {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
    return None


def formula_problem(text: str, what: str) -> str | None:
    """Why ``text`` is refused as the start of a formula, or None."""
    if text.startswith(REFUSED_STARTS):
        return f"{what} starts with {text[0]!r}, which spreadsheets run as a formula"
    return None


#: What no text csscore reads may hold: control characters but tab and line feed (so no escape
#: sequence), lone surrogates and Unicode's noncharacters (U+FDD0 to U+FDEF, and the last two code
#: points of every plane, U+FFFE and U+FFFF among them), which no XML file (.xlsx, .docx) holds.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)


def character_problem(text: str, what: str) -> str | None:
    """Why ``text`` holds a character no name or note may hold (a control character, a
    noncharacter such as U+FFFE), or None: the rule for every text of every file csscore reads."""
    for found in _SUSPECT.finditer(text):
        code = ord(found.group())
        if code < 0xA0:
            return f"{what} holds a control character"
        if code < 0x1FFFE or code & 0xFFFE == 0xFFFE:
            return f"{what} holds U+{code:04X}, which is not a character"
    return None


#: Characters no file name may hold on some system: separators, what Windows refuses, control
#: characters and the bidirectional overrides.
_NOT_IN_FILE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u2028\u2029\u202a-\u202e\u2066-\u2069]+')
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
#: A stem longer than this many characters (or 200 UTF-8 bytes) is cut, with a hash suffix.
MAX_STEM = 100


def file_stem(name: str) -> str:
    """A safe, deterministic file name for ``name``: no separator, control character, leading dot
    or Windows-reserved name; at most ``MAX_STEM`` characters, cut ones ending in a short hash of
    the whole name so that two long names stay apart."""
    text = name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    stem = " ".join(_NOT_IN_FILE.sub("-", unicodedata.normalize("NFC", text)).split())
    stem = stem.strip(" .") or "unnamed"
    if stem.split(".")[0].casefold() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    if len(stem) > MAX_STEM or len(stem.encode("utf-8")) > 2 * MAX_STEM:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        cut = stem[: MAX_STEM - 9]
        while len(cut.encode("utf-8")) > 2 * MAX_STEM - 9:
            cut = cut[:-1]
        stem = f"{cut.rstrip(' .')}-{digest}"
    return stem


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quote, backslash and control characters escaped, so that
    any text reads back unchanged (a lone surrogate, which no TOML file can hold, excepted)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '"'
        + "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in escaped)
        + '"'
    )


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_WORD = re.compile(r"[^\W\d_]+")  # a run of letters


#: Scripts that are no script of their own (Unicode's Common, Inherited and Unknown): digits,
#: signs such as the micro sign ``µ``, marks.
_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})
#: Scripts written together with Latin in one word, as UTS #39's "highly restrictive" level
#: allows: Japanese, Chinese with Bopomofo, Korean.
_WRITTEN_WITH_LATIN = (
    frozenset({"Latn", "Hani", "Hira", "Kana"}),
    frozenset({"Latn", "Hani", "Bopo"}),
    frozenset({"Latn", "Hani", "Hang"}),
)


def _kinds(ch: str) -> frozenset[str]:
    """The scripts a letter is written in (its Unicode Script_Extensions, none for Common and
    Inherited), or the restyled copy of a letter it is: a fullwidth ``ｂ``, or a mathematical
    ``𝐁`` (not a letterlike symbol such as ``ℓ``, a unit's)."""
    from fontTools.unicodedata import block, script_extension

    form = unicodedata.decomposition(ch).split(" ")[0]
    if form == "<wide>":
        return frozenset({"Fullwidth"})
    if form == "<font>" and block(ch) == "Mathematical Alphanumeric Symbols":
        return frozenset({"Mathematical"})
    return frozenset(script_extension(ch)) - _NO_SCRIPT


def _mixed_word(text: str) -> set[str] | None:
    """The scripts of the first word (run of letters) mixing Latin letters with another
    script's, or with restyled letters, or None. A letter's script is its Unicode Script
    property (Script_Extensions), so ``º``, ``ª`` (Latin) and ``µ`` (Common) are no other
    script; a word is mixed when no one script writes all its letters and the scripts are not
    ones written together (UTS #39, highly restrictive). Words, not the whole text: a look-alike
    hides in a word (``mаjor``), while ``Кент / Kent`` or a file ``ᰀ.csv`` is two words of one
    script each."""
    from fontTools.unicodedata import script_name

    for word in _WORD.findall(text):
        if word.isascii():
            continue
        kinds = [k for k in map(_kinds, word) if k]
        common = frozenset.intersection(*kinds) if kinds else frozenset()
        scripts = set().union(*kinds)
        if common or "Latn" not in scripts or any(scripts <= s for s in _WRITTEN_WITH_LATIN):
            continue
        # each letter named by its first script (Script_Extensions are sets), Latin first
        named = {min(k, key=lambda s: (s != "Latn", s)) for k in kinds}
        return {script_name(s, s) for s in named}
    return None


@lru_cache(maxsize=16384)  # the districts of a county share most issue names
def text_problem(text: str, what: str) -> str | None:
    """Why ``text`` is refused, or None: the one rule for every text of every file csscore reads
    (a district's cells, a manifest, a county workbook and every text value of every TOML config).
    It starts like a formula (:func:`formula_problem`), is too long (:func:`length_problem`),
    holds a control character or noncharacter (:func:`character_problem`), an invisible format
    character (a soft hyphen, a zero-width space, a direction override: Unicode category Cf), or
    has a word mixing Latin letters with another script's (look-alike characters)."""
    problem = formula_problem(text, what) or length_problem(text, what)
    if problem:
        return problem
    if text.isascii():  # the common case: no look-alikes or invisible characters possible
        return f"{what} holds a control character" if _ASCII_CONTROL.search(text) else None
    problem = character_problem(text, what)
    if problem:
        return problem
    hidden = next((ch for ch in text if unicodedata.category(ch) == "Cf"), None)
    if hidden is not None:  # names that look alike but differ
        return f"{what} holds an invisible character (U+{ord(hidden):04X})"
    scripts = _mixed_word(text)
    if scripts:
        mixed = " and ".join(sorted(scripts))
        return f"{what} mixes {mixed} letters (look-alike characters?)"
    return None
