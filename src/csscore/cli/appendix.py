"""``csscore appendix``: the Community Safety Agreement appendices in every format analysts use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from csscore.cli.options import combine_rule, county_options, emit, kemeny_time, reading, say

APPENDIX_FORMATS = ("markdown", "html", "latex", "csv", "json", "xlsx")
DEFAULT_PLAN = "safer-in-kent-2017"  # csscore.defaults.DEFAULT_PLAN, repeated to keep --help light


@click.command("appendix")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@county_options
@click.option(
    "--plan",
    "plan_ref",
    default=DEFAULT_PLAN,
    show_default=True,
    metavar="NAME|PATH",
    help="Police and Crime Plan for Appendix D.",
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
    help="Write here (a folder for csv). Required for csv and xlsx.",
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
    csa_ref: str,
    top: int,
    plan_ref: str,
    fmt: str,
    output: Path | None,
    force: bool,
    stamp: bool,
) -> None:
    """Write the CSA appendices: Appendix A, Appendix B, Appendix D, district tables, method and provenance."""
    from csscore.api import appendix
    from csscore.render.output import check_destination, write_file, write_folder

    if fmt in ("csv", "xlsx") and output is None:
        raise click.UsageError(
            f"--format {fmt} writes {'a folder' if fmt == 'csv' else 'a file'}: give -o PATH"
        )
    if output is not None:
        check_destination(output, force, folder=fmt == "csv")
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
        )
    if fmt == "csv":
        from csscore.render.formats.files import to_csv_files

        assert output is not None
        write_folder(output, to_csv_files(report), force)
        say(f"wrote {output}/ ({len(report.tables())} tables)", err=True)
    elif fmt == "xlsx":
        from csscore.render.formats.files import to_xlsx

        assert output is not None
        write_file(output, to_xlsx(report), force)
        say(f"wrote {output}", err=True)
    else:
        from csscore.render.figures import report_text

        emit(report_text(report, fmt), output, force)
