"""``csscore score``: one district's issues scored and ranked."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import SCORE_FORMATS, emit, matrix_option, output_options


@click.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@matrix_option
@output_options(SCORE_FORMATS, "simple")
@click.option(
    "--top", type=click.IntRange(min=1), help="Keep the issues ranked N or better (ties kept)."
)
def score_command(
    file: Path, matrix_ref: str | None, fmt: str, output: Path | None, force: bool, top: int | None
) -> None:
    """Score and rank one district's issues."""
    from csscore.api import read_district, score
    from csscore.render.formats.table import render_table, to_json
    from csscore.views.district import score_table

    scored = score(read_district(file, matrix_ref))
    if fmt == "json":
        text = to_json(scored.as_dict(top))
    else:
        text = render_table(score_table(scored, top, machine=fmt == "csv"), fmt)
    emit(text, output, force)
