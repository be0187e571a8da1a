"""``csscore compare-methods``: one district ranked by several matrices side by side."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import SCORE_FORMATS, emit, output_options


@click.command("compare-methods", short_help="Rank one district by several matrices side by side.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--matrix",
    "matrix_refs",
    multiple=True,
    metavar="NAME|PATH",
    help="A matrix to compare; give two or more.",
)
@output_options(SCORE_FORMATS, "simple")
def compare_methods_command(
    file: Path, matrix_refs: tuple[str, ...], fmt: str, output: Path | None, force: bool
) -> None:
    """Rank one district's issues by several matrices side by side: each method's ranking,
    Kendall's tau-b between them, and the issues whose rank moves most. The file carries the
    factor columns of every matrix compared."""
    from csscore.api import compare_methods
    from csscore.render.formats.table import render_table, render_tables, to_json
    from csscore.views.uncertainty import (
        comparison_csv,
        comparison_json,
        comparison_provenance,
        comparison_tables,
    )

    if len(matrix_refs) < 2:
        raise click.UsageError("give at least two --matrix options to compare", None)
    result = compare_methods(file, matrix_refs, matrix_refs, display=str(file))
    if fmt == "json":
        emit(to_json(comparison_json(result)), output, force)
    elif fmt == "csv":
        emit(render_table(comparison_csv(result), "csv"), output, force)
    else:
        tables = [*comparison_tables(result), comparison_provenance(result)]
        emit(render_tables(tables, fmt), output, force)
