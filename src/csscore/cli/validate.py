"""``csscore validate``: every problem in district files and folders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from csscore.cli.options import matrix_option, say, sheet_option
from csscore.defaults import DEFAULT_MATRIX


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@matrix_option
@sheet_option
def validate_command(paths: tuple[Path, ...], matrix_ref: str | None, sheet: str | None) -> None:
    """Check district files or folders and report every problem as file:row:column: message."""
    from csscore.config.validate import validate_paths

    problems, checked = validate_paths(paths, matrix_ref, DEFAULT_MATRIX, sheet)
    for problem in problems:
        say(str(problem))
    if problems:
        say(f"error: {_counted(len(problems), len({p.file for p in problems}), checked)}", err=True)
        sys.exit(2)
    say(f"ok: {checked} file{'s' * (checked != 1)} valid", err=True)


def _counted(problems: int, files: int, checked: int) -> str:
    """'3 problems in 1 of 14 files': the files holding a problem, of those checked."""
    said = f"{problems} problem{'s' * (problems != 1)}"
    if 0 < files < checked:
        said += f" in {files} of {checked} files"
    elif files == checked:
        said += f" in {files} file{'s' * (files != 1)}"
    return said
