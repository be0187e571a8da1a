"""``csscore evidence``: frequency and trend grades from police.uk and Home Office crime data.

Only click and light csscore modules are imported here; the readers load when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from csscore.cli.options import CsscoreGroup, announce, progress_bar, say
from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError

if TYPE_CHECKING:
    from csscore.evidence.tally import Tally

F = TypeVar("F", bound=Callable[..., object])


@click.group("evidence", cls=CsscoreGroup)
def evidence_group() -> None:
    """Grade frequency and trend from recorded-crime data (police.uk, Home Office CSP tables).

    Writes an evidence CSV (district, issue, issue_id, count, rate_per_1000, trend_change,
    frequency, trend, notes) and can fill the frequency and trend columns of district files. A
    district with no row in the files read is not graded (blank, noted, never filled)."""


def _options(func: F) -> F:
    """The options both sources share."""
    options = [
        click.option(
            "--districts",
            type=click.Path(path_type=Path, dir_okay=False),
            help="districts.toml giving the districts and their populations "
            "[default: the --fill folder's manifest, else every place in the data, without rates].",
        ),
        click.option(
            "--mapping",
            "mapping_ref",
            metavar="NAME|PATH",
            help="Mapping of categories to issues, aliases and grading rules "
            "[default: the built-in one for the source].",
        ),
        click.option(
            "--matrix",
            "matrix_ref",
            metavar="NAME|PATH",
            help=f"Matrix whose frequency and trend grades are used [default: the folder's, else {DEFAULT_MATRIX}].",
        ),
        click.option(
            "-o", "--output", type=click.Path(path_type=Path), help="Write the evidence CSV here."
        ),
        click.option("--force", is_flag=True, help="Overwrite an existing output file."),
        click.option("--strict", is_flag=True, help="Make a truncated last line fatal."),
        click.option(
            "--fill",
            "fill_dir",
            type=click.Path(path_type=Path, file_okay=False),
            help="Fill the frequency and trend columns of the district CSV files in this folder.",
        ),
        click.option(
            "--overwrite", is_flag=True, help="With --fill, replace grades an analyst entered."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@evidence_group.command("police-uk")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="CSV...")
@click.option(
    "--lookup",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV mapping LSOA codes to districts (lsoa_code,district or ONS LSOA21CD,LAD22NM).",
)
@_options
def police_uk_command(
    paths: tuple[Path, ...],
    lookup: Path | None,
    districts: Path | None,
    mapping_ref: str | None,
    matrix_ref: str | None,
    output: Path | None,
    force: bool,
    strict: bool,
    fill_dir: Path | None,
    overwrite: bool,
) -> None:
    """Grade from police.uk street-level crime CSVs (files, or folders of *-street.csv)."""
    from csscore.evidence.police_uk import expand, read_police_uk

    _run(
        "police-uk",
        expand(paths),
        read_police_uk,
        lookup=lookup,
        districts=districts,
        mapping_ref=mapping_ref,
        matrix_ref=matrix_ref,
        output=output,
        force=force,
        strict=strict,
        fill_dir=fill_dir,
        overwrite=overwrite,
    )


@evidence_group.command("home-office")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE..."
)
@_options
def home_office_command(
    paths: tuple[Path, ...],
    districts: Path | None,
    mapping_ref: str | None,
    matrix_ref: str | None,
    output: Path | None,
    force: bool,
    strict: bool,
    fill_dir: Path | None,
    overwrite: bool,
) -> None:
    """Grade from Home Office recorded crime open data for CSPs (.csv, or .ods with python-calamine)."""
    from csscore.evidence.home_office import read_home_office

    _run(
        "home-office",
        list(paths),
        read_home_office,
        lookup=None,
        districts=districts,
        mapping_ref=mapping_ref,
        matrix_ref=matrix_ref,
        output=output,
        force=force,
        strict=strict,
        fill_dir=fill_dir,
        overwrite=overwrite,
    )


@contextmanager
def _progress(files: Sequence[Path]) -> Iterator[Callable[[Path], None] | None]:
    """A bar of the bytes read, when there are several files (see ``progress_bar``)."""
    if len(files) < 2:
        yield None
        return
    sizes = {f: max(f.stat().st_size, 1) if f.is_file() else 1 for f in files}
    with progress_bar("reading", sum(sizes.values())) as bar:
        yield None if bar is None else (lambda path: bar(sizes.get(path, 1)))


def _run(
    source: str,
    files: list[Path],
    reader: Callable[..., Tally],
    *,
    lookup: Path | None,
    districts: Path | None,
    mapping_ref: str | None,
    matrix_ref: str | None,
    output: Path | None,
    force: bool,
    strict: bool,
    fill_dir: Path | None,
    overwrite: bool,
) -> None:
    from csscore.cli.suffixes import format_for
    from csscore.errors import OutputError
    from csscore.evidence.grading import grade_tally
    from csscore.evidence.run import evidence_setup, fill_files, fill_report, prepare_fills
    from csscore.evidence.tally import summary
    from csscore.inputs import note_read
    from csscore.render.formats.table import render_csv
    from csscore.render.output import check_destination, same_file, write_file
    from csscore.views.evidence import evidence_table

    if overwrite and fill_dir is None:
        raise CsscoreError.at("--overwrite", "only applies with --fill DIR")
    format_for("csv", output, ("csv",))  # -o t.json is refused; .csv, .txt or none is CSV
    setup = evidence_setup(source, mapping_ref, matrix_ref, districts, fill_dir, lookup)
    mapping, matrix = setup.mapping, setup.matrix
    # every destination checked before any file is read: -o, and each district file --fill
    # may rewrite (all are written together once the run has succeeded)
    for path in files:  # the data files are inputs: -o may not name one (render/output.py)
        note_read(path)
    if output is not None:
        check_destination(output, force)
    for entry in setup.folder.entries if setup.folder is not None else ():
        for path, _ in fill_files(entry):
            if path.suffix.lower() == ".csv":
                check_destination(path, force=True, rewrites_input=True)
                if output is not None and same_file(output, path):
                    raise OutputError.at(
                        str(output),
                        f"is the file of district {entry.district.id!r}, which --fill rewrites",
                    )
    with _progress(files) as progress:
        tally = reader(files, mapping, setup.areas, strict=strict, progress=progress)
    rows, windows = grade_tally(tally, mapping)
    # the files --fill rewrites are read and checked before anything is said: a file that
    # cannot be filled ends the run with its one line
    fills, skipped = prepare_fills(setup, rows, overwrite)
    for line in summary(tally):
        say(line, err=True)
    say(f"  trend: {windows.description}", err=True)
    say(
        f"  grades: mapping {mapping.name} {mapping.version}, matrix {matrix.name} {matrix.version},"
        f" frequency by {mapping.frequency.method}",
        err=True,
    )
    for line in skipped:
        say(line, err=True)
    text = render_csv(evidence_table(rows))
    if output is not None:
        write_file(output, text, force)
        announce(f"wrote {output}")
    for path, result in fills:
        if result.content is not None:
            write_file(path, result.content, force=True, rewrites_input=True)
        for line in fill_report(result):
            announce(line)
    if output is None and setup.folder is None:
        say(text, nl=False)
