"""The ``csscore overlap`` command: a county's CSA priorities set against a Police and Crime Plan.

Registered on the main group at the end of :mod:`csscore.cli.main`. networkx (and Pillow or
matplotlib, for a PNG or PDF picture) are imported only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from csscore.cli.options import county_options, emit, output_options

OVERLAP_FORMATS = ("simple", "github", "html", "latex_booktabs", "json")
DEFAULT_PLAN = "safer-in-kent-2017"  # csscore.defaults.DEFAULT_PLAN, repeated to keep --help light
GRAPH_EXTENSIONS = (".graphml", ".gexf", ".json", ".dot")
PLOT_EXTENSIONS = (".png", ".svg", ".pdf")


def _check_extension(allowed: tuple[str, ...], what: str) -> Any:
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


def load_districts(folder: Path | None, matrix_ref: str | None, csa: Any, top: int) -> Any:
    """The CSA districts' identified issues, read and scored as :func:`cliutil.load_county` does
    but without the county ranking statistics, which the overlap does not use."""
    from csscore.cli.options import read_district_folder
    from csscore.overlap.graph import identified_districts
    from csscore.scoring.score import score_districts

    assessments = read_district_folder(folder, matrix_ref)[1]
    return identified_districts(score_districts(assessments), csa, top)


@click.command("overlap")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@county_options
@click.option(
    "--plan",
    "plan_refs",
    multiple=True,
    metavar="NAME|PATH",
    help=f"Police and Crime Plan: a built-in name or a TOML file; give two to compare plans. [default: {DEFAULT_PLAN}]",
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
    csa_ref: str,
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
    files, text = _outputs(folder, matrix_ref, csa_ref, top, plan_refs, districts, fmt, graph_out,
                           plot, fmt_plot)  # fmt: skip
    if files:
        from csscore.render.output import write_file

        for path, content in files:
            write_file(path, content, force)
            click.echo(f"wrote {path}", err=True)
    emit(text, output, force)


def _outputs(
    folder: Path | None,
    matrix_ref: str | None,
    csa_ref: str,
    top: int,
    plan_refs: tuple[str, ...],
    districts: bool,
    fmt: str,
    graph_out: Path | None,
    plot: Path | None,
    fmt_plot: str,
) -> tuple[list[tuple[Path, str | bytes]], str]:
    """Every file's content and the tables' text, made before anything is written, so that a
    failure leaves no file half done."""
    from csscore.config.csa import load_csa
    from csscore.config.plan import load_plan
    from csscore.overlap.graph import build_graph, compare_plans, overlap
    from csscore.render.formats.table import render_tables, to_json

    csa = load_csa(csa_ref)
    plans = [load_plan(ref) for ref in plan_refs or (DEFAULT_PLAN,)]
    if len(plans) == 2 and plans[0].name == plans[1].name:
        raise click.UsageError(f"both --plan options name the plan {plans[0].name!r}")
    found = load_districts(folder, matrix_ref, csa, top) if districts else ()
    if len(plans) == 2:
        from csscore.views.overlap import diff_json, diff_tables

        diff = compare_plans(csa, plans[0], plans[1], found)
        text = to_json(diff_json(diff)) if fmt == "json" else render_tables(diff_tables(diff), fmt)
    else:
        from csscore.views.overlap import overlap_json, overlap_tables

        one = overlap(csa, plans[0], found)
        text = (
            to_json(overlap_json(one)) if fmt == "json" else render_tables(overlap_tables(one), fmt)
        )
    files: list[tuple[Path, str | bytes]] = []
    if graph_out is not None:
        from csscore.render.graph_files import graph_text

        files.append((graph_out, graph_text(build_graph(csa, plans, found), graph_out)))
    if plot is not None:
        from csscore.render.drawing.overlap import render_plot

        picture = render_plot([overlap(csa, p, found, with_bridges=False) for p in plans], fmt_plot)
        files.append((plot, picture))
    return files, text
