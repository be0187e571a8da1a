"""``csscore sensitivity``: how firm a ranking is, given the grades' confidence.

Nothing is computed here: the command reads its inputs, calls :mod:`csscore.uncertainty.montecarlo`
and :mod:`csscore.uncertainty.weights`, and renders with :mod:`csscore.views.uncertainty`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import click

from csscore.cli.options import (
    SCORE_FORMATS,
    Advance,
    combine_option,
    combine_rule,
    csa_option,
    emit,
    matrix_option,
    output_options,
    progress_bar,
)

#: Issue-rows x draws above which a terminal gets a progress bar (half a second of drawing at
#: national scale on an idle core, two seconds on a busy one).
PROGRESS_WORK = 20_000_000
#: Districts x issues squared above which the weights analysis gets one (about two seconds).
PROGRESS_WEIGHTS = 300_000
#: Most --draws accepted (about ten minutes at national scale on one core).
MAX_DRAWS = 1_000_000
SENSITIVITY_TABLES = ("all", "issues", "themes", "weights")


def _bar(
    label: str, steps: int, work: int, threshold: int, quiet: bool
) -> AbstractContextManager[Advance | None]:
    """The progress bar of a step of ``steps``, for ``work`` of at least ``threshold``."""
    return progress_bar(label, steps, quiet=quiet or work < threshold)


@click.command("sensitivity", short_help="How firm the ranking is, given the grades' confidence.")
@click.argument("path", metavar="FILE|DIR", type=click.Path(path_type=Path))
@click.option(
    "--draws",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help=f"Monte Carlo draws (at most {MAX_DRAWS:,}).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed gives the same output.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Size of a district's top N (ties kept).",
)
@matrix_option
@combine_option
@csa_option
@click.option(
    "--k",
    "k",
    type=click.IntRange(min=1),
    help="Show only P(theme identified by at least K CSPs) [default: every K].",
)
@click.option(
    "--table",
    type=click.Choice(SENSITIVITY_TABLES),
    default="all",
    show_default=True,
    help="Which table to print; all prints every table, but CSV holds one, so it prints issues unless --table names another.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="Worker processes for the draws; any number gives the same output.",
)
@click.option(
    "--from",
    "source",
    type=click.Choice(("confidence", "partners")),
    default="confidence",
    show_default=True,
    help="What the draws vary: grades moved by their confidence, or, for districts graded by "
    "partners, each grade drawn from one partner's at random.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on the terminal.")
@output_options(SCORE_FORMATS, "simple")
def sensitivity_command(
    path: Path, draws: int, seed: int, top: int, matrix_ref: str | None, csa_ref: str | None,
    k: int | None, table: str, jobs: int, source: str, quiet: bool, fmt: str, output: Path | None,
    force: bool,
) -> None:  # fmt: skip
    """Show how firm a ranking is: perturb grades by confidence and count how often each issue
    makes the top N; for a folder, how often each theme is identified by at least k CSPs; and the
    smallest change in each factor's weight that alters a district's top N."""
    from csscore.render.formats.table import render_table, render_tables, to_json
    from csscore.views.sensitivity import sensitivity_csv, sensitivity_tables
    from csscore.views.uncertainty import sensitivity_json

    if draws > MAX_DRAWS:
        from csscore.errors import CsscoreError

        raise CsscoreError.at("--draws", f"{draws:,} is more than the {MAX_DRAWS:,} draws allowed")
    if output is not None:
        from csscore.render.output import check_destination

        check_destination(output, force)
    from csscore.api import sensitivity

    study = sensitivity(path, matrix_ref, csa_ref, combine_rule())
    themes = study.themes
    if k is not None:
        if themes is None:
            raise click.UsageError("--k counts CSPs, so it needs a folder of districts", None)
        if k > len(themes.csp_names):
            raise click.UsageError(
                f"--k {k}: the folder has only {len(themes.csp_names)} CSPs", None
            )
    with _bar("drawing", draws, study.rows * draws, PROGRESS_WORK, quiet) as progress:
        sim = study.simulate(draws, seed, top, progress, jobs, source)
    n = len(study.assessments)
    with _bar("weights", n, study.weight_work, PROGRESS_WEIGHTS, quiet) as step:
        weights = study.weights(top, step)
    inputs = study.inputs
    if fmt == "json":
        emit(to_json(sensitivity_json(sim, weights, inputs, k)), output, force)
        return
    if fmt == "csv":
        if table == "themes" and sim.themes is None:
            raise click.UsageError("--table themes needs a folder of districts", None)
        emit(render_table(sensitivity_csv(sim, weights, table, k), "csv"), output, force)
        return
    tables = sensitivity_tables(sim, weights, inputs, table, k)
    if not tables:
        raise click.UsageError("--table themes needs a folder of districts", None)
    emit(render_tables(tables, fmt), output, force)
