"""``csscore explain``: how one issue's scores and rank were reached."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import combine_option, combine_rule, matrix_option, say, sheet_option


@click.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("issue")
@matrix_option
@combine_option
@sheet_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("simple", "github")),
    default="simple",
    show_default=True,
    help="Table style: simple (plain text) or github (Markdown tables).",
)
def explain_command(
    file: Path, issue: str, matrix_ref: str | None, sheet: str | None, fmt: str
) -> None:
    """Show how one issue's harm, likelihood and risk were reached, and why it ranks where it does."""
    from csscore.api import read_district, score
    from csscore.render.formats.table import render_tables
    from csscore.views.district import explain_issue

    scored = score(read_district(file, matrix_ref, sheet, combine_rule()))
    say(render_tables(explain_issue(scored, issue, str(file)), fmt), nl=False)
