"""``csscore score``: one district's issues scored and ranked."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import (
    SCORE_FORMATS,
    combine_option,
    combine_rule,
    emit,
    matrix_option,
    output_options,
    say,
    sheet_option,
)


@click.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@matrix_option
@combine_option
@sheet_option
@output_options((*SCORE_FORMATS, "xlsx"), "simple")
@click.option(
    "--top", type=click.IntRange(min=1), help="Keep the issues ranked N or better (ties kept)."
)
def score_command(
    file: Path,
    matrix_ref: str | None,
    sheet: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    top: int | None,
) -> None:
    """Score and rank one district's issues."""
    from csscore.api import read_district, score
    from csscore.render.formats.table import render_table, to_json
    from csscore.views.district import score_table

    district = read_district(file, matrix_ref, sheet, combine_rule())
    if fmt == "xlsx":  # the grading workbook, filled in
        from csscore.render.formats.workbook import write_filled

        write_filled(district, output, force)
        say(f"wrote {output}", err=True)
        return
    scored = score(district)
    if fmt == "json":
        text = to_json(scored.as_dict(top))
    else:
        text = render_table(score_table(scored, top, machine=fmt == "csv"), fmt)
    emit(text, output, force)
