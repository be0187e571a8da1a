"""``csscore sensitivity`` and ``csscore compare-methods``: how firm a ranking is.

Registered on the main group at the end of :mod:`csscore.cli.main`. Nothing is computed here: the
commands load inputs, call :mod:`csscore.uncertainty.montecarlo`, :mod:`csscore.uncertainty.weights` and
:mod:`csscore.uncertainty.methods`, and render with :mod:`csscore.views.uncertainty`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from csscore.cli.options import SCORE_FORMATS, emit, load_matrix_ref, matrix_option, output_options
from csscore.errors import CsscoreError

#: Issue-rows x draws above which a terminal gets a progress bar (half a second of drawing at
#: national scale on an idle core, two seconds on a busy one).
PROGRESS_WORK = 20_000_000
#: Districts x issues squared above which the weights analysis gets one (about two seconds).
PROGRESS_WEIGHTS = 300_000
#: Most --draws accepted (about ten minutes at national scale on one core).
MAX_DRAWS = 1_000_000
SENSITIVITY_TABLES = ("all", "issues", "themes", "weights")


@contextmanager
def _progress(
    work: int, length: int, label: str = "drawing", threshold: int = PROGRESS_WORK,
    quiet: bool = False,
) -> Iterator[Callable[[int], None] | None]:  # fmt: skip
    """A progress bar on stderr for long work on a terminal; nothing otherwise or when quiet."""
    if quiet or work < threshold or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def _load(
    path: Path, matrix_ref: str | None, csa_ref: str
) -> tuple[list[Any], Any, list[tuple[str, str, str]]]:
    """(assessments, csa or None, inputs) for one district file or a folder of them."""
    from csscore.cli.options import read_district_file, read_district_folder

    if not path.exists():
        raise CsscoreError.at(str(path), "no such file or folder")
    if path.is_dir():
        from csscore.config.csa import load_csa

        listing, assessments = read_district_folder(path, matrix_ref)
        csa = load_csa(csa_ref)
        inputs = [("district", a.source, a.sha256) for a in assessments]
        if listing.manifest_sha256:
            inputs.append(("manifest", str(path / "districts.toml"), listing.manifest_sha256))
        inputs.append(("csa", csa.file, csa.sha256))
        return assessments, csa, inputs
    assessment = read_district_file(path, matrix_ref)
    return [assessment], None, [("district", assessment.source, assessment.sha256)]


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
@click.option(
    "--csa",
    "csa_ref",
    default="kent-2017",
    show_default=True,
    metavar="NAME|PATH",
    help="CSA whose themes a folder's CSPs are counted under.",
)
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
    help="Which table to print (CSV prints one; default issues).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="Worker processes for the draws; any number gives the same output.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on the terminal.")
@output_options(SCORE_FORMATS, "simple")
def sensitivity_command(
    path: Path, draws: int, seed: int, top: int, matrix_ref: str | None, csa_ref: str,
    k: int | None, table: str, jobs: int, quiet: bool, fmt: str, output: Path | None,
    force: bool,
) -> None:  # fmt: skip
    """Show how firm a ranking is: perturb grades by confidence and count how often each issue
    makes the top N; for a folder, how often each theme is identified by at least k CSPs; and the
    smallest change in each factor's weight that alters a district's top N."""
    from csscore.render.formats.table import render_table, render_tables, to_json
    from csscore.uncertainty.montecarlo import simulate, theme_map
    from csscore.uncertainty.weights import weight_sensitivity
    from csscore.views.uncertainty import (  # fmt: skip
        issue_csv,
        issue_tables,
        provenance_table,
        sensitivity_json,
        simulation_provenance,
        theme_table,
        weights_table,
    )

    if draws > MAX_DRAWS:
        raise CsscoreError.at("--draws", f"{draws:,} is more than the {MAX_DRAWS:,} draws allowed")
    if output is not None:
        from csscore.render.output import check_destination

        check_destination(output, force)
    assessments, csa, inputs = _load(path, matrix_ref, csa_ref)
    themes = theme_map(assessments, csa) if csa is not None else None
    if k is not None:
        if themes is None:
            raise click.UsageError("--k counts CSPs, so it needs a folder of districts", None)
        if k > len(themes.csp_names):
            raise click.UsageError(
                f"--k {k}: the folder has only {len(themes.csp_names)} CSPs", None
            )
    rows = sum(len(a.issues) for a in assessments)
    squares = sum(len(a.issues) ** 2 for a in assessments)
    weights = []
    try:
        with _progress(rows * draws, draws, quiet=quiet) as progress:
            sim = simulate(assessments, draws, seed, top, themes, progress, jobs=jobs)
        with _progress(squares, len(assessments), "weights", PROGRESS_WEIGHTS, quiet) as step:
            for a in assessments:
                weights += weight_sensitivity(a, top)
                if step:
                    step(1)
    except KeyboardInterrupt:  # click would say "Aborted!" and exit 1; nothing is written yet
        click.echo("interrupted", err=True)
        sys.exit(130)
    if fmt == "json":
        emit(to_json(sensitivity_json(sim, weights, inputs, k)), output, force)
        return
    if fmt == "csv":
        if table == "themes" and sim.themes is None:
            raise click.UsageError("--table themes needs a folder of districts", None)
        chosen = {
            "themes": theme_table(sim, k, machine=True),
            "weights": weights_table(weights, top, machine=True),
        }
        emit(render_table(chosen.get(table) or issue_csv(sim), "csv"), output, force)
        return
    tables = []
    if table in ("all", "issues"):
        tables += issue_tables(sim)
    theme = theme_table(sim, k)
    if table in ("all", "themes") and theme is not None:
        tables.append(theme)
    if table in ("all", "weights"):
        tables.append(weights_table(weights, top))
    if not tables:
        raise click.UsageError("--table themes needs a folder of districts", None)
    tables.append(provenance_table(simulation_provenance(sim), inputs))
    emit(render_tables(tables, fmt), output, force)


@click.command("compare-methods", short_help="Rank one district by several matrices side by side.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--matrix",
    "matrix_refs",
    multiple=True,
    metavar="NAME|PATH",
    help="A matrix to compare; give two or more.",
)
@output_options(SCORE_FORMATS, "simple")
def compare_methods_command(
    file: Path, matrix_refs: tuple[str, ...], fmt: str, output: Path | None, force: bool
) -> None:
    """Rank one district's issues by several matrices side by side: each method's ranking,
    Kendall's tau-b between them, and the issues whose rank moves most. The file carries the
    factor columns of every matrix compared."""
    from csscore.config.folder import district_for_file
    from csscore.render.formats.table import render_table, render_tables, to_json
    from csscore.uncertainty.methods import compare_methods
    from csscore.views.uncertainty import (
        comparison_csv,
        comparison_json,
        comparison_tables,
        provenance_table,
    )

    if len(matrix_refs) < 2:
        raise click.UsageError("give at least two --matrix options to compare", None)
    if file.is_dir():
        raise CsscoreError.at(str(file), "is a folder; give one district file")
    matrices = [load_matrix_ref(ref) for ref in matrix_refs]
    district, _ = district_for_file(file) if file.exists() else (None, None)
    if district is None:
        from csscore.config.district import district_from_path

        district = district_from_path(file)
    result = compare_methods(file, matrices, matrix_refs, district, str(file))
    if fmt == "json":
        emit(to_json(comparison_json(result)), output, force)
    elif fmt == "csv":
        emit(render_table(comparison_csv(result), "csv"), output, force)
    else:
        items = [
            (f"matrix {label}", f"{m.name} {m.version} (sha256 {m.sha256})")
            for label, m in zip(result.labels, matrices, strict=True)
        ]
        inputs = [("district", result.file, result.sha256)]
        tables = [*comparison_tables(result), provenance_table(items, inputs)]
        emit(render_tables(tables, fmt), output, force)
