"""What an output's file name says it holds: ``-o appendix.html`` writes HTML without
``--format html``, and ``-o paper.pdf`` or ``--format json -o t.xlsx`` is refused rather than
written as text under a name that promises something else."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
from click.core import ParameterSource

from csscore.errors import OutputError

#: File suffixes and the kind of file they name.
SUFFIX_KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".tex": "latex",
    ".latex": "latex",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".pdf": "pdf",
    ".svg": "svg",
    ".png": "png",
}
#: Formats whose kind of file is not their name.
FORMAT_KINDS = {"github": "markdown", "latex_booktabs": "latex", "simple": "text"}
#: How a message names what a format writes.
WRITES = {
    "markdown": "Markdown (.md)",
    "html": "HTML (.html)",
    "latex": "LaTeX (.tex)",
    "csv": "CSV (.csv)",
    "json": "JSON (.json)",
    "xlsx": "an Excel workbook (.xlsx)",
    "docx": "a Word file (.docx)",
    "text": "plain text",
}


def kind_of(fmt: str) -> str:
    """The kind of file a format writes."""
    return FORMAT_KINDS.get(fmt, fmt)


def format_for(
    fmt: str, output: Path | None, formats: Sequence[str], parameter: str = "fmt"
) -> str:
    """The format a command writes: ``--format`` when given (refused if ``-o``'s suffix names
    another kind of file; plain text may go in a ``.md``), else the one of ``formats`` that
    ``-o``'s suffix names, else the default. A suffix naming a kind of file none of
    ``formats`` writes is refused (``aggregate -o t.xlsx``). A command without ``parameter``
    (``evidence``: CSV alone) writes ``fmt``, and refuses a suffix naming another kind."""
    if output is None:
        return fmt
    suffix = output.suffix.lower()
    named = SUFFIX_KINDS.get(suffix)
    if named is None:  # .txt, no suffix, a folder: the format decides
        return fmt
    ctx = click.get_current_context(silent=True)
    source = ctx.get_parameter_source(parameter) if ctx is not None else None
    given = source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)
    fitting = [f for f in formats if kind_of(f) == named]
    if given:
        if kind_of(fmt) == named or (named == "markdown" and kind_of(fmt) == "text"):
            return fmt
        raise OutputError.at(
            str(output), f"a {suffix} file, but --format {fmt} writes {WRITES[kind_of(fmt)]}"
        )
    if fitting:
        return fitting[0]
    command = ctx.command_path if ctx is not None else "this command"
    if ctx is not None and source is None:  # no --format to choose another
        writes = f"; it writes {WRITES[kind_of(fmt)]}"
    else:
        writes = f" (--format {', '.join(formats)})"
    raise OutputError.at(str(output), f"a {suffix} file, which {command} does not write{writes}")
