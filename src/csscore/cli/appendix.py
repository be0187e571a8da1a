"""``csscore appendix``: the Community Safety Agreement appendices in every format analysts use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from csscore.cli.options import county_options, emit, load_county_folder
from csscore.errors import OutputError

APPENDIX_FORMATS = ("markdown", "html", "latex", "csv", "json", "xlsx")
DEFAULT_PLAN = "safer-in-kent-2017"


def report_inputs(listing: Any, county: Any, plans: list[Any]) -> list[tuple[str, str, str]]:
    """(kind, name, sha256) of every input: district files, manifest, matrix, CSA, taxonomy, plans."""
    inputs: list[tuple[str, str, str]] = []
    if listing.manifest_sha256:
        manifest = listing.path.name if listing.path.is_file() else "districts.toml"
        inputs.append(("manifest", manifest, listing.manifest_sha256))
    for entry in sorted(listing.entries, key=lambda e: e.district.id):
        scored = next(
            (s for s in county.districts if s.assessment.district.id == entry.district.id), None
        )
        if scored is None:  # not part of this CSA
            continue
        name = entry.sheet or entry.path.relative_to(listing.path).as_posix()
        inputs.append(("district", name, scored.assessment.sha256))
    matrix = county.districts[0].matrix
    inputs.append(("matrix", matrix.name, matrix.sha256))
    inputs.append(("csa", county.csa.file, county.csa.sha256))
    inputs.append(("taxonomy", county.csa.vocabulary.name, county.csa.vocabulary.sha256))
    inputs += [("plan", plan.file, plan.sha256) for plan in plans]
    return inputs


def _drawer(report: Any) -> Any:
    """A function drawing each figure as SVG (all drawn directly: no plotting library needed)."""
    from csscore.render.drawing import charts as figures

    by_id = {s.assessment.district.id: s for s in report.county.districts}

    def draw(figure: Any) -> str | None:
        if figure.kind == "heatmap":
            return figures.heatmap(report.county)
        if figure.kind == "position":
            return figures.position(report.county)
        if figure.kind == "bars":
            return figures.bars(by_id[figure.district])
        if figure.kind == "overlap" and report.overlap is not None:
            from csscore.appendix.overlap import overlap_svg

            return overlap_svg(report.overlap)
        return None

    return draw


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
    from csscore.appendix.build import build_report
    from csscore.render.output import check_destination

    if fmt in ("csv", "xlsx") and output is None:
        raise click.UsageError(
            f"--format {fmt} writes {'a folder' if fmt == 'csv' else 'a file'}: give -o PATH"
        )
    if output is not None:
        check_destination(output, force, folder=fmt == "csv")
    listing, county = load_county_folder(folder, matrix_ref, csa_ref, top, "theme", 0.5)
    if not county.districts:
        raise OutputError.at(
            str(listing.path), "no district belongs to the CSA (all have in_csa = false)"
        )
    from csscore.appendix.overlap import overlap_part

    sections, overlap, plans = overlap_part(county, plan_ref)
    time = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") if stamp else None
    report = build_report(county, report_inputs(listing, county, plans), sections, overlap, time)
    _write(report, fmt, output, force)


def _write(report: Any, fmt: str, output: Path | None, force: bool) -> None:
    from csscore.render.output import write_file, write_folder

    if fmt == "csv":
        from csscore.render.formats.files import to_csv_files

        assert output is not None
        write_folder(output, to_csv_files(report), force)
        click.echo(f"wrote {output}/ ({len(report.tables())} tables)", err=True)
        return
    if fmt == "xlsx":
        from csscore.render.formats.files import to_xlsx

        assert output is not None
        write_file(output, to_xlsx(report), force)
        click.echo(f"wrote {output}", err=True)
        return
    if fmt == "html":
        from csscore.render.formats.html import to_html

        text = to_html(report, _drawer(report))
    elif fmt == "latex":
        from csscore.render.formats.text import to_latex

        text = to_latex(report)
    elif fmt == "json":
        from csscore.render.formats.text import to_json_report

        text = to_json_report(report)
    else:
        from csscore.render.formats.text import to_markdown

        text = to_markdown(report)
    emit(text, output, force)
