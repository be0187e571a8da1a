"""``csscore matrices`` and ``csscore matrix show``: the scoring matrices and their legends."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import CsscoreGroup, emit, output_options, say


@click.command("matrices")
def matrices_command() -> None:
    """List the built-in scoring matrices."""
    from tabulate import tabulate

    from csscore.config.load import available_matrices

    rows = [(m.name, m.version, len(m.factors), m.title) for m in available_matrices()]
    say(
        tabulate(
            rows,
            headers=("Name", "Version", "Factors", "Title"),
            tablefmt="simple",
            disable_numparse=True,
        )
    )


@click.group("matrix", cls=CsscoreGroup)
def matrix_group() -> None:
    """Inspect a scoring matrix."""


@matrix_group.command("show")
@click.argument("name", metavar="NAME|PATH")
@output_options(("simple", "github", "html", "latex_booktabs", "csv"), "simple")
def matrix_show(name: str, fmt: str, output: Path | None, force: bool) -> None:
    """Print a matrix's legend: factors, scales, bands and grades."""
    from csscore.config.matrix import load_matrix
    from csscore.render.formats.table import render_tables
    from csscore.views.legend import legend_tables

    emit(render_tables(legend_tables(load_matrix(name)), fmt), output, force)
