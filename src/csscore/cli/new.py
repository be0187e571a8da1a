"""``csscore new``: scaffold a new county's folder."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import announce

FORMATS = ("csv", "xlsx")  # csscore.scaffold.county.FORMATS, repeated to keep --help light


@click.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--county", required=True, metavar="NAME", help="The county's name.")
@click.option(
    "--district",
    "districts",
    required=True,
    multiple=True,
    metavar="NAME",
    help="A district, by its name as outputs should print it; repeat for each district.",
)
@click.option("--year", default="", metavar="TEXT", help='The assessment year, e.g. "2025-26".')
@click.option(
    "--matrix",
    "matrix_ref",
    metavar="NAME|PATH",
    help="Scoring matrix the districts grade with: a built-in name (see `csscore matrices`) or "
    "a TOML file. [default: morile-csp]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv: a blank file per district; xlsx: one county workbook, a sheet per district.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Add the missing files to a folder that is not empty (keeps every existing file).",
)
def new_command(
    folder: Path,
    county: str,
    districts: tuple[str, ...],
    year: str,
    matrix_ref: str | None,
    fmt: str,
    force: bool,
) -> None:
    """Start a county: districts.toml, a blank district file per district (or one workbook),
    commented csa.toml, plan.toml and horizon.toml templates, and a README saying what to fill
    in. Never overwrites a file."""
    from csscore.scaffold import NewCounty, new_county

    request = NewCounty(county, districts, year, matrix_ref, fmt)
    done = new_county(folder, request, force)
    for name in done.kept:
        announce(f"kept {folder / name} (it exists; csscore new never replaces a file)")
    if done.unread is not None:
        announce(
            f"the kept {folder / 'districts.toml'} does not read ({done.unread}); "
            f"`csscore validate {folder}` names every problem"
        )
    for name in done.unlisted:
        announce(
            f"the kept {folder / 'districts.toml'} does not list {name}: add a [[district]] "
            "entry for it, or its grades are not read"
        )
    announce(
        f"wrote {len(done.written)} file{'s' * (len(done.written) != 1)} in {folder}: "
        f"read {folder / 'README.md'}, fill in the grades, then run `csscore validate {folder}`"
    )
