"""The ``csscore`` command line: parse options, call the core, render, map errors to exit 2.

Nothing here computes; every command is a few calls into the modules it names.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from csscore import __version__
from csscore.cli.options import (
    SCORE_FORMATS,
    CsscoreGroup,
    county_options,
    emit,
    load_county,
    load_matrix_ref,
    load_one,
    matrix_option,
    output_options,
    read_district_file,
    sheet_option,
)
from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError


@click.group(cls=CsscoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csscore")
def cli() -> None:
    """Score community-safety issues with a MoRiLE-style matrix, aggregate districts into the
    county Community Safety Agreement and map it onto the Police and Crime Plan."""


@cli.command("matrices")
def matrices_command() -> None:
    """List the built-in scoring matrices."""
    from tabulate import tabulate

    from csscore.config.matrix import load_matrix
    from csscore.config.toml import available

    rows = []
    for name in available("matrices"):
        m = load_matrix(name)
        rows.append((m.name, m.version, len(m.factors), m.title))
    click.echo(
        tabulate(
            rows,
            headers=("Name", "Version", "Factors", "Title"),
            tablefmt="simple",
            disable_numparse=True,
        )
    )


@cli.group("matrix", cls=CsscoreGroup)
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


@cli.command("init")
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
    from csscore.config.vocabulary import load_vocabulary
    from csscore.views.template import template

    matrix = load_matrix_ref(matrix_ref)
    kind = output.suffix.lower().lstrip(".") if output else "csv"
    content = template(matrix, load_vocabulary(), kind, str(output) if output else "")
    if output is None:
        assert isinstance(content, str)
        click.echo(content, nl=False)
        return
    from csscore.render.output import write_file

    write_file(output, content, force)
    click.echo(
        f"wrote {output}: fill in one grade per factor for each issue, then run `csscore validate {output}`",
        err=True,
    )


@cli.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@matrix_option
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
    from csscore.render.formats.table import render_table, to_json
    from csscore.views.district import score_json, score_table

    if fmt == "xlsx":  # the grading workbook, filled in
        from csscore.render.formats.workbook import write_filled

        write_filled(read_district_file(file, matrix_ref, sheet), output, force)
        click.echo(f"wrote {output}", err=True)
        return
    scored = load_one(file, matrix_ref, sheet)
    if fmt == "json":
        text = to_json(score_json(scored, top))
    else:
        text = render_table(score_table(scored, top, machine=fmt == "csv"), fmt)
    emit(text, output, force)


@cli.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("issue")
@matrix_option
@sheet_option
@click.option(
    "--format", "fmt", type=click.Choice(("simple", "github")), default="simple", show_default=True
)
def explain_command(
    file: Path, issue: str, matrix_ref: str | None, sheet: str | None, fmt: str
) -> None:
    """Show how one issue's harm, likelihood and risk were reached, and why it ranks where it does."""
    from csscore.render.formats.table import render_tables
    from csscore.views.district import explain

    scored = load_one(file, matrix_ref, sheet)
    index = scored.assessment.index(issue)
    if index is None:
        from csscore.errors import did_you_mean

        hint = did_you_mean(issue, scored.assessment.issues)
        raise CsscoreError.at(str(file), f"no issue {issue!r} in this file{hint}", column="issue")
    click.echo(render_tables(explain(scored, index), fmt), nl=False)


@cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@matrix_option
@sheet_option
def validate_command(paths: tuple[Path, ...], matrix_ref: str | None, sheet: str | None) -> None:
    """Check district files or folders and report every problem as file:row:column: message."""
    from csscore.config.validate import validate_paths

    problems, checked = validate_paths(paths, matrix_ref, DEFAULT_MATRIX, sheet)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(
            f"error: {len(problems)} problem{'s' * (len(problems) != 1)} in {checked} file{'s' * (checked != 1)}",
            err=True,
        )
        sys.exit(2)
    click.echo(f"ok: {checked} file{'s' * (checked != 1)} valid", err=True)


AGGREGATE_TABLES = ("all", "counts", "top", "ranking", "agreement", "proposed")


@cli.command("aggregate")
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
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Share of CSPs a theme needs for the proposed county set.",
)
@click.option(
    "--table",
    type=click.Choice(AGGREGATE_TABLES),
    default="all",
    show_default=True,
    help="Which table to print (CSV prints one; default counts).",
)
@output_options(SCORE_FORMATS, "simple")
def aggregate_command(
    folder: Path | None,
    matrix_ref: str | None,
    csa_ref: str,
    top: int,
    by: str,
    share: float,
    table: str,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Aggregate a folder of district files into the county CSA picture (default: the bundled sample)."""
    from csscore.render.formats.table import render_tables, to_json
    from csscore.views.county import county_json, county_tables

    county = load_county(folder, matrix_ref, csa_ref, top, by, share)
    if fmt == "json":
        emit(to_json(county_json(county)), output, force)
        return
    tables = county_tables(county)
    if table == "all" and fmt == "csv":
        table = "counts"
    keys = {
        "counts": ("appendix-a",),
        "top": ("appendix-b",),
        "ranking": ("county-ranking",),
        "agreement": ("agreement", "distance-from-county", "pairwise-tau"),
        "proposed": ("proposed-set",),
    }
    if table != "all":
        tables = [t for t in tables if t.key in keys[table]]
        if fmt == "csv":
            tables = tables[:1]
    emit(render_tables(tables, fmt), output, force)


@cli.command("compare")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@county_options
@click.option(
    "--all", "show_all", is_flag=True, help="List every issue, not only those that moved."
)
@output_options(("simple", "github", "html", "latex_booktabs", "json"), "simple")
def compare_command(
    old: Path,
    new: Path,
    matrix_ref: str | None,
    csa_ref: str,
    top: int,
    show_all: bool,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Compare two years' folders: rank and band movements, and themes entering or leaving."""
    from csscore.county.compare import compare
    from csscore.render.formats.table import render_tables, to_json
    from csscore.views.county import comparison_json, comparison_tables

    result = compare(
        load_county(old, matrix_ref, csa_ref, top, "theme", 0.5),
        load_county(new, matrix_ref, csa_ref, top, "theme", 0.5),
    )
    text = (
        to_json(comparison_json(result))
        if fmt == "json"
        else render_tables(comparison_tables(result, not show_all), fmt)
    )
    emit(text, output, force)


def main() -> None:
    """Entry point: run the CLI; an unexpected failure is one line, never a traceback."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last guard; CSSCORE_DEBUG=1 shows the traceback
        if os.environ.get("CSSCORE_DEBUG"):
            raise
        click.echo(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it", err=True
        )
        sys.exit(1)


from csscore.cli.appendix import appendix_command  # noqa: E402

cli.add_command(appendix_command)


from csscore.cli.overlap import overlap_command  # noqa: E402

cli.add_command(overlap_command)

from csscore.cli.evidence import evidence_group  # noqa: E402

cli.add_command(evidence_group)

from csscore.cli.uncertainty import compare_methods_command, sensitivity_command  # noqa: E402

cli.add_command(sensitivity_command)
cli.add_command(compare_methods_command)
