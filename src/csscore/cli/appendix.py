"""``csscore appendix``: the Community Safety Agreement appendices in every format analysts use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from csscore.cli.options import (
    announce,
    combine_rule,
    county_options,
    emit,
    kemeny_time,
    reading,
)

APPENDIX_FORMATS = ("markdown", "html", "latex", "csv", "json", "xlsx", "docx")


@click.command("appendix")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@county_options
@click.option(
    "--plan",
    "plan_ref",
    metavar="NAME|PATH",
    help="Police and Crime Plan for Appendix D: a built-in name, a TOML file, or none (no "
    "Appendix D). [default: the folder's manifest, else none]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(APPENDIX_FORMATS),
    default="markdown",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here: a folder for csv; for latex a folder (appendix.tex and its figures), or "
    "a .tex file with its figures beside it. Required for csv, xlsx and docx.",
)
@click.option(
    "--audience",
    type=click.Choice(("analyst", "committee")),
    default="analyst",
    show_default=True,
    help="committee: Appendices A to D, leads, district top fives and a short method note, with "
    "CSPs, plain verdicts and no rank statistics; analyst: everything.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@click.option(
    "--stamp",
    is_flag=True,
    help="Record the time of the run in the provenance (off, so runs repeat byte for byte).",
)
def appendix_command(
    folder: Path | None,
    matrix_ref: str | None,
    csa_ref: str | None,
    top: int,
    plan_ref: str | None,
    fmt: str,
    output: Path | None,
    audience: str,
    force: bool,
    stamp: bool,
) -> None:
    """Write the CSA appendices: leads, links to plans, Appendices A to D, district tables, method and provenance."""
    from csscore.api import appendix
    from csscore.cli.suffixes import format_for
    from csscore.render.output import check_destination, write_file, write_folder

    fmt = format_for(fmt, output, APPENDIX_FORMATS)

    if fmt in ("csv", "xlsx", "docx") and output is None:
        raise click.UsageError(
            f"--format {fmt} writes {'a folder' if fmt == 'csv' else 'a file'}: give -o PATH"
        )
    as_folder = fmt == "csv" or (fmt == "latex" and not _tex_file(output))
    if output is not None:
        check_destination(output, force, folder=as_folder)
    time = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") if stamp else None
    with reading() as progress:
        report = appendix(
            folder,
            matrix_ref,
            csa_ref,
            top,
            plan_ref,
            time,
            kemeny_time(),
            combine_rule(),
            progress,
            audience,
        )
    if fmt == "csv":
        from csscore.render.formats.files import to_csv_files

        assert output is not None
        write_folder(output, to_csv_files(report), force)
        announce(f"wrote {output}/ ({len(report.tables())} tables)")
    elif fmt == "xlsx":
        from csscore.render.formats.files import to_xlsx

        assert output is not None
        write_file(output, to_xlsx(report), force)
        announce(f"wrote {output}")
    elif fmt == "latex" and output is not None:
        from csscore.render.formats.latex import latex_files

        if as_folder:
            files = latex_files(report)
            write_folder(output, files, force)
            announce(f"wrote {output}/ (appendix.tex and {_figures(len(files) - 1)})")
        else:
            files = latex_files(report, output.name)
            for name, content in files.items():
                write_file(output.with_name(name), content, force)
            announce(f"wrote {output} and {_figures(len(files) - 1)} beside it")
    elif fmt == "docx":
        from csscore.render.formats.word import to_docx

        assert output is not None
        write_file(output, to_docx(report), force)
        announce(f"wrote {output}")
    else:
        from csscore.render.figures import report_text

        emit(report_text(report, fmt), output, force)


def _tex_file(output: Path | None) -> bool:
    """Whether a LaTeX output names the .tex itself (its figures go beside it), not a folder."""
    return output is not None and output.suffix.lower() in (".tex", ".latex")


def _figures(n: int) -> str:
    """'1 figure', '2 figures'."""
    return f"{n} figure{'s' * (n != 1)}"
