"""Output safety: spreadsheet formula neutralising and escaping for Markdown and LaTeX."""

from __future__ import annotations

import re

#: First characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
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


def neutralise(cell: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def md_escape(text: str) -> str:
    """Escape Markdown (and inline HTML) so user text renders as the same text."""
    text = " ".join(text.split())  # a newline would end a table row
    text = _ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", text)).replace("<", "&lt;")
    # '<' becomes an entity everywhere (no inline HTML); '>' is escaped only where it would start
    # a quotation, so that 'risk >= 100' reads as written
    return "\\" + text if text.startswith(">") else text


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)
