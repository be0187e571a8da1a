"""Shared pieces of the command line: output options, matrix and county loading, error mapping.

Commands live in :mod:`csscore.cli.main` (and the modules that register more, such as
:mod:`csscore.cli.evidence`); this module holds what they share so that none imports another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError

F = TypeVar("F", bound=Callable[..., Any])

SCORE_FORMATS = ("simple", "github", "html", "latex_booktabs", "csv", "json")


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print to the terminal, or write a file atomically (never over one without --force)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from csscore.render.output import write_file

    write_file(output, text, force)
    click.echo(f"wrote {output}", err=True)


def output_options(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    """--format, -o/--output and --force, shared by every command that writes."""

    def decorate(func: F) -> F:
        func = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(
            func
        )
        func = click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            help="Write to this file instead of the terminal.",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def matrix_option(func: F) -> F:
    return click.option(
        "--matrix",
        "matrix_ref",
        metavar="NAME|PATH",
        help=f"Scoring matrix: a built-in name (see `csscore matrices`) or a TOML file. [default: the folder's manifest, else {DEFAULT_MATRIX}]",
    )(func)


def sheet_option(func: F) -> F:
    return click.option(
        "--sheet",
        metavar="NAME",
        help="The worksheet of an .xlsx file to read. [default: the first whose header names the matrix's columns]",
    )(func)


def load_matrix_ref(ref: str | None, declared: str | None = None) -> Any:
    from csscore.config.matrix import load_matrix

    return load_matrix(ref or declared or DEFAULT_MATRIX)


def load_one(file: Path, matrix_ref: str | None, sheet: str | None = None) -> Any:
    """Read and score one district file, using its folder's manifest for its name if listed."""
    from csscore.scoring.score import score_district

    return score_district(read_district_file(file, matrix_ref, sheet))


def read_district_file(file: Path, matrix_ref: str | None, sheet: str | None = None) -> Any:
    """Read and validate one district file. The matrix is ``--matrix``, else the one its folder's
    manifest or the file itself declares, else the default."""
    from csscore.config.district import build_assessment, district_from_path
    from csscore.config.folder import district_for_file
    from csscore.config.tables import read_table
    from csscore.errors import InputError

    if not file.exists():
        raise CsscoreError.at(str(file), "no such file")
    if file.is_dir():
        raise CsscoreError.at(str(file), "is a folder; give one district file")
    district, declared = district_for_file(file)
    if file.suffix.lower() == ".toml":  # a TOML district file may declare its matrix
        table = read_table(file, str(file))
        matrix = load_matrix_ref(matrix_ref, declared or table.matrix)
    else:
        matrix = load_matrix_ref(matrix_ref, declared)
        table = read_table(file, str(file), matrix, sheet)
    assessment, problems = build_assessment(table, matrix, district or district_from_path(file))
    if assessment is None:
        raise InputError(problems)
    return assessment


def load_county(
    folder: Path | None, matrix_ref: str | None, csa_ref: str, top: int, by: str, share: float
) -> Any:
    """Load a folder (default: the bundled sample), score every district, aggregate."""
    return load_county_folder(folder, matrix_ref, csa_ref, top, by, share)[1]


def load_county_folder(
    folder: Path | None, matrix_ref: str | None, csa_ref: str, top: int, by: str, share: float
) -> tuple[Any, Any]:
    """As :func:`load_county`, also returning the folder listing (for provenance)."""
    from csscore.config.csa import load_csa
    from csscore.county.aggregate import aggregate
    from csscore.scoring.score import score_districts

    listing, assessments = read_district_folder(folder, matrix_ref)
    csa = load_csa(csa_ref)
    return listing, aggregate(score_districts(assessments), csa, top=top, by=by, share=share)


def read_district_folder(folder: Path | None, matrix_ref: str | None) -> tuple[Any, list[Any]]:
    """(listing, assessments) of a folder (default: the bundled sample), every file validated
    against one matrix: ``--matrix``, else the manifest's, else the default."""
    from csscore.config.folder import folder_matrix, load_folder, read_folder, sample_folder

    path = folder if folder is not None else sample_folder()
    listing = read_folder(path)
    matrix = load_matrix_ref(matrix_ref, folder_matrix(listing, DEFAULT_MATRIX))
    return listing, load_folder(path, matrix)[1]


def county_options(func: F) -> F:
    """Options shared by the county commands: --top, --csa, --matrix."""
    func = matrix_option(func)
    func = click.option(
        "--csa",
        "csa_ref",
        default="kent-2017",
        show_default=True,
        metavar="NAME|PATH",
        help="Community Safety Agreement definition.",
    )(func)
    return click.option(
        "--top",
        type=click.IntRange(min=1),
        default=5,
        show_default=True,
        help="A district's top N, used where it marks no selected issues and for Appendix B.",
    )(func)


class CsscoreGroup(click.Group):
    """A group whose commands end with a one-line message and exit 2 on a CsscoreError, or on an
    operating-system error about a path the user gave (a name too long, a folder not readable)."""

    def invoke(self, ctx: click.Context) -> Any:
        import warnings

        from csscore.errors import Notice

        try:
            # notices (a skipped title row, a score cell that disagrees) are printed once the
            # command has succeeded: a failing command says one line
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", Notice)
                result = super().invoke(ctx)
            for warning in caught:
                if issubclass(warning.category, Notice):
                    click.echo(f"warning: {warning.message}", err=True)
                else:
                    warnings.warn_explicit(
                        warning.message, warning.category, warning.filename, warning.lineno
                    )
            return result
        except CsscoreError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename is not None else ""
            message = " ".join(f"{where}{exc.strerror or exc}".split())
            click.echo(f"error: {message}", err=True)
            ctx.exit(2)
