"""The ``csscore overlap`` command: a county's CSA priorities set against a Police and Crime Plan.

Registered on the main group by :mod:`csscore.cli.main`. networkx (and Pillow or
matplotlib, for a PNG or PDF picture) are imported only when the command runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from csscore.cli.options import (
    announce,
    combine_rule,
    county_options,
    emit,
    output_options,
    reading,
)

OVERLAP_FORMATS = ("simple", "github", "html", "latex_booktabs", "json")
GRAPH_EXTENSIONS = (".graphml", ".gexf", ".json", ".dot")
PLOT_EXTENSIONS = (".png", ".svg", ".pdf")


def _check_extension(
    allowed: tuple[str, ...], what: str
) -> Callable[[click.Context, click.Parameter, Path | None], Path | None]:
    def check(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and value.suffix.lower() not in allowed:
            got = f"extension {value.suffix!r}" if value.suffix else "no extension"
            raise click.BadParameter(
                f"{value} has {got}; {what} formats by extension: {', '.join(allowed)}",
                ctx=ctx,
                param=param,
            )
        return value

    return check


@click.command("overlap")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@county_options
@click.option(
    "--plan",
    "plan_refs",
    multiple=True,
    metavar="NAME|PATH",
    help="Police and Crime Plan: a built-in name or a TOML file; give two to compare plans. "
    "[default: the folder's manifest; a plan is needed]",
)
@click.option(
    "--graph-out",
    type=click.Path(path_type=Path),
    callback=_check_extension(GRAPH_EXTENSIONS, "graph"),
    help="Also write the graph: .graphml, .gexf, .json (node-link) or .dot, by extension.",
)
@click.option(
    "--plot",
    type=click.Path(path_type=Path),
    callback=_check_extension(PLOT_EXTENSIONS, "plot"),
    help="Also draw the two-sided diagram to a .svg, .png or .pdf file (PNG and PDF need csscore[plot]).",
)
@click.option(
    "--districts/--no-districts",
    default=True,
    show_default=True,
    help="Include the districts and their identified issues in the graph and bridging table.",
)
@output_options(OVERLAP_FORMATS, "simple")
def overlap_command(
    folder: Path | None,
    matrix_ref: str | None,
    csa_ref: str | None,
    top: int,
    plan_refs: tuple[str, ...],
    graph_out: Path | None,
    plot: Path | None,
    districts: bool,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Map the county's CSA priorities onto a Police and Crime Plan: overlap matrix, gaps both ways,
    coverage and bridging issues; with two --plan, how the plans differ (default folder: the
    bundled sample)."""
    if len(plan_refs) > 2:
        raise click.UsageError("give --plan at most twice (one plan, or two to compare)")
    from csscore.render.output import check_destination

    targets = [p for p in (output, graph_out, plot) if p is not None]
    if len({p.resolve() for p in targets}) < len(targets):
        raise click.UsageError("-o, --graph-out and --plot must name different files")
    for path in targets:
        check_destination(path, force)
    fmt_plot = ""
    if plot is not None:
        from csscore.render.drawing.files import require_drawing
        from csscore.render.drawing.overlap import plot_format

        fmt_plot = plot_format(plot) or ""
        require_drawing(fmt_plot)  # before any work: the install hint at once
    from csscore.api import overlap_study
    from csscore.config.load import resolve_csa, resolve_plan
    from csscore.render.overlap import overlap_outputs

    csa = resolve_csa(csa_ref)
    plans = [plan for plan in map(resolve_plan, plan_refs) if plan is not None]
    if len(plans) == 2 and plans[0].name == plans[1].name:
        raise click.UsageError(f"both --plan options name the plan {plans[0].name!r}")
    with reading() as progress:
        study = overlap_study(
            csa if csa is not None else csa_ref,
            plans or plan_refs,  # none given: the manifest's; only "none": refused
            folder,
            matrix_ref,
            top,
            districts,
            combine_rule(),
            progress,
        )
    files, text = overlap_outputs(study, fmt, graph_out, plot, fmt_plot)
    if files:
        from csscore.render.output import write_file

        for path, content in files:
            write_file(path, content, force)
            announce(f"wrote {path}")
    emit(text, output, force)
