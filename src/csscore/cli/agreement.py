"""``csscore agreement``: how far a district's partners agree in their grades."""

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
)


@click.command("agreement", short_help="How far a district's partners agree in their grades.")
@click.argument("path", metavar="FILE|FOLDER", type=click.Path(path_type=Path))
@matrix_option
@combine_option
@output_options(SCORE_FORMATS, "simple")
def agreement_command(
    path: Path, matrix_ref: str | None, fmt: str, output: Path | None, force: bool
) -> None:
    """Show how far the partners who graded a district agree: Krippendorff's alpha (ordinal) per
    factor and overall, each issue's spread between partners, the contested issues (a factor
    whose levels differ by 2 or more) and the band each partner's own grades give each issue.
    For a folder, every district that has partners."""
    from csscore.api import agreement
    from csscore.render.formats.table import render_tables, to_json
    from csscore.scoring.agreement import AgreementReport
    from csscore.views.agreement import agreement_tables, county_agreement_tables

    found = agreement(path, matrix_ref, combine_rule())
    if fmt == "json":
        emit(to_json(found.as_dict()), output, force)
        return
    if isinstance(found, AgreementReport):
        tables = agreement_tables(found)
    else:
        tables = county_agreement_tables(found)
    if not tables:
        from csscore.errors import CsscoreError

        raise CsscoreError.at(
            str(path), "no district in this folder has partners", column="partner"
        )
    emit(render_tables(tables, fmt), output, force)
