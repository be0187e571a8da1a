"""``csscore init``: write a blank district template."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import announce, matrix_option, say


@click.command("init")
@matrix_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the template to this .csv, .toml or .xlsx file.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(matrix_ref: str | None, output: Path | None, force: bool) -> None:
    """Write a blank district template listing the standard issue vocabulary."""
    from csscore.config.load import resolve_matrix
    from csscore.config.vocabulary import load_vocabulary
    from csscore.render.formats.template import template

    kind = output.suffix.lower().lstrip(".") if output else "csv"
    content = template(resolve_matrix(matrix_ref), load_vocabulary(), kind, str(output or ""))
    if output is None:
        assert isinstance(content, str)
        say(content, nl=False)
        return
    from csscore.render.output import write_file

    write_file(output, content, force)
    announce(
        f"wrote {output}: fill in one grade per factor for each issue, then run `csscore validate {output}`"
    )
