"""Output safety: spreadsheet formula neutralising, escaping for Markdown and LaTeX, the one rule
for text bound for an XML file and the one sanitiser for text bound for a terminal."""

from __future__ import annotations

import re
from functools import lru_cache

#: First characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: What a terminal would act on rather than show: C0 and C1 control characters (so ESC and every
#: escape sequence), DEL, a carriage return not ending a line, and the bidirectional overrides and
#: isolates that reorder what a reader sees. Tabs and line ends pass.
_TERMINAL_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
#: What XML 1.0 cannot hold (its Char production): C0 controls but tab, LF and CR, surrogates,
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: A '<' that could open inline HTML or an autolink (CommonMark: before a letter, '/', '?', '!').
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/?!])")
#: Text with nothing md_escape would change.
_MD_PLAIN = re.compile(r"[^\\`*_\[\]|~&<>]*")
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def xml_text(text: str) -> str:
    """Text an XML file (.xlsx, .docx, GraphML, GEXF) can hold: each character XML 1.0 does not
    allow (control characters but tab and line ends, lone surrogates from a file name that is not
    UTF-8, U+FFFE, U+FFFF) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


#: The longest document property (a .docx file's title and subject) python-docx writes.
MAX_PROPERTY_CHARS = 255


def property_text(text: str) -> str:
    """Text for a document property (the title and subject of a .docx file): XML-safe, on one
    line and at most ``MAX_PROPERTY_CHARS`` characters, a longer text cut and ended with an
    ellipsis. The document's own pages print the text whole."""
    text = one_line(xml_text(text))
    if len(text) <= MAX_PROPERTY_CHARS:
        return text
    return text[: MAX_PROPERTY_CHARS - 1].rstrip() + "\u2026"


def neutralise(cell: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


@lru_cache(maxsize=65536)  # a long appendix repeats its numbers, bands and issue names
def md_escape(text: str) -> str:
    """Escape Markdown (and inline HTML) so user text renders as the same text."""
    text = one_line(text)  # a newline would end a table row
    if _MD_PLAIN.fullmatch(text):  # most cells: nothing to escape
        return text
    text = _TAG_OPEN.sub(r"\\<", _ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text)))
    # backslash escapes, never entities, so the file reads as the text it shows: '<' is escaped
    # only where it could open HTML (so '< 0.001' reads as written), '&' only before what would
    # read as an entity, '>' only where it would start a quotation ('risk >= 100' as written)
    return "\\" + text if text.startswith(">") else text


def one_line(text: str) -> str:
    """Text on one line: every run of whitespace, line breaks of any kind included (CR, LF, VT,
    FF, NEL, U+2028, U+2029), becomes one space, so it cannot end a comment or a table row."""
    return " ".join(text.split())


#: Characters beyond Latin-1 written as LaTeX that pdflatex prints (the rest of Latin-1 and
#: Latin Extended-A, less ``_LATEX_UNSET``, go through as UTF-8).
_LATEX_UNICODE = {
    "\u2212": "$-$",
    "\u2264": r"$\leq$",
    "\u2265": r"$\geq$",
    "\u2260": r"$\neq$",
    **{
        ch: ch
        for ch in "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u20ac\u2190\u2191\u2192\u2193"
    },
}
#: Letters of Latin Extended-A that LaTeX's T1 encoding has no glyph for.
_LATEX_UNSET = frozenset("\u0126\u0127\u0138\u013f\u0140\u0149\u0166\u0167\u017f")
#: Characters that join the same character after them into a TeX ligature ('--' a dash, '<<'
#: a guillemet, "''" a closing quote).
_LIGATURE = frozenset("-<>,'`")


@lru_cache(maxsize=65536)
def _latex_char(ch: str) -> str:
    if ch in _LATEX_SPECIAL:
        return _LATEX_SPECIAL[ch]
    code = ord(ch)
    if 0x20 <= code < 0x7F or ch in _LATEX_UNICODE:
        return _LATEX_UNICODE.get(ch, ch)
    if 0xA0 <= code <= 0x17F and ch not in _LATEX_UNSET:
        return ch
    import unicodedata

    base = "".join(
        c for c in unicodedata.normalize("NFKD", ch) if c != ch and 0x20 <= ord(c) < 0x7F
    )
    return "".join(map(_latex_char, base)) if base else f"[U+{code:04X}]"


def latex_escape(text: str) -> str:
    """Text as LaTeX that pdflatex prints as written, on one line (a line break would end a
    ``%`` comment and a blank line would end a paragraph): special characters escaped,
    ligatures ('--', "''", '<<') broken, and a character pdflatex has no glyph for written as
    its plain letter ('ǎ' as 'a') or, failing one, as its code point ('[U+0416]')."""
    line = one_line(text)
    out = []
    for i, ch in enumerate(line):
        out.append(_latex_char(ch))
        after = line[i + 1 : i + 2]
        if (ch in _LIGATURE and after == ch) or (ch in "!?" and after == "`"):
            out.append("{}")
    return "".join(out)


def terminal_safe(text: str) -> str:
    """Text fit to print: each control character (see ``_TERMINAL_CONTROL``) shown as its escape,
    ``\\x1b`` or ``\\u202e``, so data files cannot move the cursor, recolour or reorder a report."""

    def shown(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_CONTROL.sub(shown, text)
