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


def neutralise(cell: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


@lru_cache(maxsize=65536)  # a long appendix repeats its numbers, bands and issue names
def md_escape(text: str) -> str:
    """Escape Markdown (and inline HTML) so user text renders as the same text."""
    text = one_line(text)  # a newline would end a table row
    if _MD_PLAIN.fullmatch(text):  # most cells: nothing to escape
        return text
    text = _ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", text)).replace("<", "&lt;")
    # '<' becomes an entity everywhere (no inline HTML); '>' is escaped only where it would start
    # a quotation, so that 'risk >= 100' reads as written
    return "\\" + text if text.startswith(">") else text


def one_line(text: str) -> str:
    """Text on one line: every run of whitespace, line breaks of any kind included (CR, LF, VT,
    FF, NEL, U+2028, U+2029), becomes one space, so it cannot end a comment or a table row."""
    return " ".join(text.split())


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters, on one line (a line break would end a ``%`` comment and
    a blank line would end a paragraph)."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def terminal_safe(text: str) -> str:
    """Text fit to print: each control character (see ``_TERMINAL_CONTROL``) shown as its escape,
    ``\\x1b`` or ``\\u202e``, so data files cannot move the cursor, recolour or reorder a report."""

    def shown(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_CONTROL.sub(shown, text)
