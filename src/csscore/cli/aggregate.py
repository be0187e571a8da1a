"""``csscore aggregate``: a folder of districts as the county CSA picture."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import (
    SCORE_FORMATS,
    Number,
    combine_rule,
    county_options,
    emit,
    kemeny_time,
    output_options,
    reading,
)

AGGREGATE_TABLES = ("all", "counts", "top", "ranking", "agreement", "proposed")  # as in views


@click.command("aggregate")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@county_options
@click.option(
    "--by",
    type=click.Choice(("theme", "issue")),
    default="theme",
    show_default=True,
    help="Count CSPs per CSA theme or per issue.",
)
@click.option(
    "--share",
    type=Number(0, 1),
    default=0.5,
    show_default=True,
    help="Share of CSPs a theme needs for the proposed county set.",
)
@click.option(
    "--table",
    type=click.Choice(AGGREGATE_TABLES),
    default="all",
    show_default=True,
    help="Which table to print; all prints every table, but CSV holds one, so it prints counts unless --table names another.",
)
@output_options(SCORE_FORMATS, "simple")
def aggregate_command(
    folder: Path | None,
    matrix_ref: str | None,
    csa_ref: str | None,
    top: int,
    by: str,
    share: float,
    table: str,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Aggregate a folder of district files into the county CSA picture (default: the bundled sample)."""
    from csscore.api import aggregate, read_folder
    from csscore.render.formats.table import render_tables, to_json
    from csscore.views.county import chosen_tables

    with reading() as progress:
        districts = read_folder(folder, matrix_ref, combine_rule(), progress)
    county = aggregate(districts, csa_ref, top, by, share, kemeny_time=kemeny_time())
    if fmt == "json":
        emit(to_json(county.as_dict()), output, force)
    else:
        emit(render_tables(chosen_tables(county, table, fmt == "csv"), fmt), output, force)
