"""``csscore compare``: two years' folders side by side."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import (
    combine_rule,
    county_options,
    emit,
    kemeny_time,
    output_options,
    reading,
)


@click.command("compare")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@county_options
@click.option(
    "--all", "show_all", is_flag=True, help="List every issue, not only those that moved."
)
@output_options(("simple", "github", "html", "latex_booktabs", "json"), "simple")
def compare_command(
    old: Path,
    new: Path,
    matrix_ref: str | None,
    csa_ref: str | None,
    top: int,
    show_all: bool,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Compare two years' folders: rank and band movements, and themes entering or leaving."""
    from csscore.api import compare_folders
    from csscore.render.formats.table import render_tables, to_json
    from csscore.views.county import comparison_json, comparison_tables

    with reading() as progress:
        result = compare_folders(
            old, new, matrix_ref, csa_ref, top, kemeny_time(), combine_rule(), progress
        )
    text = (
        to_json(comparison_json(result))
        if fmt == "json"
        else render_tables(comparison_tables(result, not show_all), fmt)
    )
    emit(text, output, force)
