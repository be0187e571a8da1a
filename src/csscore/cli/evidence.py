"""``csscore evidence``: frequency and trend grades from police.uk and Home Office crime data.

Only click and light csscore modules are imported here; the readers load when a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from csscore.cli.options import CsscoreGroup
from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError

F = TypeVar("F", bound=Callable[..., Any])


@click.group("evidence", cls=CsscoreGroup)
def evidence_group() -> None:
    """Grade frequency and trend from recorded-crime data (police.uk, Home Office CSP tables).

    Writes an evidence CSV (district, issue, count, rate_per_1000, trend_change, frequency,
    trend, notes) and can fill the frequency and trend columns of district files."""


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
def police_uk_command(paths: tuple[Path, ...], lookup: Path | None, **options: Any) -> None:
    """Grade from police.uk street-level crime CSVs (files, or folders of *-street.csv)."""
    from csscore.evidence.police_uk import expand, read_police_uk

    _run("police-uk", expand(paths), read_police_uk, lookup=lookup, **options)


@evidence_group.command("home-office")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE..."
)
@_options
def home_office_command(paths: tuple[Path, ...], **options: Any) -> None:
    """Grade from Home Office recorded crime open data for CSPs (.csv, or .ods with python-calamine)."""
    from csscore.evidence.home_office import read_home_office

    _run("home-office", list(paths), read_home_office, lookup=None, **options)


@contextmanager
def _progress(files: Sequence[Path]) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar on stderr when it is a terminal and there are several files."""
    if len(files) < 2 or not sys.stderr.isatty():
        yield None
        return
    sizes = {f: max(f.stat().st_size, 1) if f.is_file() else 1 for f in files}
    with click.progressbar(length=sum(sizes.values()), label="reading", file=sys.stderr) as bar:
        yield lambda path: bar.update(sizes.get(path, 1))


def _run(
    source: str,
    files: list[Path],
    reader: Callable[..., Any],
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
    from csscore.config.matrix import load_matrix
    from csscore.evidence.areas import Area, Areas, load_lookup, load_manifest
    from csscore.evidence.grading import grade_tally
    from csscore.evidence.mapping import check_grades, load_mapping
    from csscore.evidence.tally import summary
    from csscore.render.output import check_destination, write_file

    if overwrite and fill_dir is None:
        raise CsscoreError.at("--overwrite", "only applies with --fill DIR")
    folder = None
    if fill_dir is not None:
        from csscore.config.folder import folder_matrix, read_folder

        folder = read_folder(fill_dir)
    mapping = load_mapping(mapping_ref or source)
    matrix = load_matrix(
        matrix_ref or (folder_matrix(folder, DEFAULT_MATRIX) if folder else DEFAULT_MATRIX)
    )
    check_grades(mapping, matrix)
    if districts is not None:
        given = load_manifest(districts)
    elif folder is not None:
        given = tuple(
            Area(e.district.id, e.district.name, e.district.population, e.district.csp)
            for e in folder.entries
        )
    else:
        given = ()
    areas = Areas(given, mapping.aliases, load_lookup(lookup) if lookup else {})
    if output is not None:
        check_destination(output, force)
    with _progress(files) as progress:
        tally = reader(files, mapping, areas, strict=strict, progress=progress)
    rows, windows = grade_tally(tally, mapping)
    for line in summary(tally):
        click.echo(line, err=True)
    click.echo(f"  trend: {windows.description}", err=True)
    click.echo(
        f"  grades: mapping {mapping.name} {mapping.version}, matrix {matrix.name} {matrix.version},"
        f" frequency by {mapping.frequency.method}",
        err=True,
    )
    fills = _prepare_fills(folder, rows, areas, matrix, overwrite) if folder else []
    text = evidence_csv(rows)
    if output is not None:
        write_file(output, text, force)
        click.echo(f"wrote {output}", err=True)
    for path, result in fills:
        if result.content is not None:
            check_destination(path, force=True)
    for path, result in fills:
        if result.content is not None:
            write_file(path, result.content, force=True)
        _report_fill(result)
    if output is None and folder is None:
        click.echo(text, nl=False)


def evidence_csv(rows: Sequence[Any]) -> str:
    """The evidence CSV (formula-leading text neutralised)."""
    from csscore.evidence.grading import COLUMNS
    from csscore.render.formats.table import render_csv
    from csscore.views.table import Table

    cells = tuple(
        (
            r.district,
            r.issue,
            r.count,
            r.rate_per_1000,
            r.trend_change,
            r.frequency,
            r.trend,
            r.notes,
        )
        for r in rows
    )
    return render_csv(Table("", COLUMNS, cells))


def _prepare_fills(
    folder: Any, rows: Sequence[Any], areas: Any, matrix: Any, overwrite: bool
) -> list[tuple[Path, Any]]:
    """Compute every district file's new content before anything is written."""
    from csscore.config.tables import read_bytes
    from csscore.config.vocabulary import load_vocabulary
    from csscore.evidence.fill import fill_csv
    from csscore.model.matrix import normalise_label

    vocabulary = load_vocabulary()
    scales = {f.id: matrix.scale(f.scale) for f in matrix.factors if f.id in ("frequency", "trend")}

    def same_grade(column: str, old: str, new: str) -> bool:
        scale = scales.get(column)
        if scale is not None and scale.parse(old) is not None:
            return bool(scale.parse(old) == scale.parse(new))
        return normalise_label(old) == normalise_label(new)

    by_district: dict[str, dict[str, tuple[str, str]]] = {}
    for r in rows:
        by_district.setdefault(r.district, {})[r.issue] = (r.frequency, r.trend)
    out = []
    for entry in folder.entries:
        district = entry.district
        found = next(
            (
                d
                for d in (district.id, areas.match(district.id), areas.match(district.name))
                if d in by_district
            ),
            None,
        )
        if entry.path.suffix.lower() != ".csv":
            click.echo(f"skipped {entry.display}: --fill edits CSV district files only", err=True)
            continue
        if found is None:
            click.echo(
                f"skipped {entry.display}: no evidence for district {district.id!r}", err=True
            )
            continue
        data = read_bytes(entry.path, entry.display)
        result = fill_csv(
            data, entry.display, by_district[found], vocabulary.lookup, same_grade, overwrite
        )
        out.append((entry.path, result))
    return out


def _report_fill(result: Any) -> None:
    action = "filled" if result.content is not None else "unchanged"
    line = (
        f"{action} {result.file}: {result.filled} grade(s) written, {result.same} already the same"
    )
    if result.kept:
        line += f", {len(result.kept)} analyst grade(s) kept (use --overwrite to replace)"
    if result.replaced:
        line += f", {len(result.replaced)} analyst grade(s) replaced"
    if result.blank:
        line += f", {result.blank} left blank (no evidence grade: no population, or one period)"
    click.echo(line, err=True)
    for message in (*result.kept, *result.replaced):
        click.echo(f"  {message}", err=True)
    if result.unknown:
        names = ", ".join(repr(n) for n in result.unknown)
        click.echo(f"  not in the issue vocabulary, not filled: {names}", err=True)
