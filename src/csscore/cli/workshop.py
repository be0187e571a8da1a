"""``csscore workshop``: a scoring workshop in the browser, and its export.

Needs the ``workshop`` extra (Starlette, uvicorn, Jinja2); nothing of it is imported until a
workshop starts.
"""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import CsscoreGroup, announce, matrix_option, say
from csscore.errors import CsscoreError


class WorkshopGroup(CsscoreGroup):
    """``csscore workshop FILE ...`` serves; ``csscore workshop export DB ...`` exports."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group("workshop", cls=WorkshopGroup)
def workshop_group() -> None:
    """Run a scoring workshop: partners grade from their browsers, the facilitator watches.

    csscore workshop FILE [--db PATH] [--host HOST] [--port N] serves one district's
    issue list (grades may be blank); csscore workshop export DB -o OUT.csv writes what
    was saved as a partner-column district file. Needs the workshop extra: pip install
    'csscore[workshop]', or pip install '.[workshop]' from a checkout."""


@workshop_group.command("serve")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The workshop's SQLite database; an existing one resumes. [default: FILE.workshop.sqlite beside FILE]",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@matrix_option
def serve_command(
    file: Path, db: Path | None, host: str, port: int, matrix_ref: str | None
) -> None:
    """Serve a workshop for FILE; print the facilitator's and the partners' links first."""
    from csscore.extras import WORKSHOP_MODULES, require_extra

    # refused in one line, before anything starts, where the workshop extra is missing
    require_extra(WORKSHOP_MODULES, "workshop", "the workshop", "workshop", CsscoreError)
    from csscore.workshop.assessment import read_assessment
    from csscore.workshop.serve import base_url, bind, default_db, is_loopback, serve, start_lines
    from csscore.workshop.store import Store

    assessment = read_assessment(file, matrix_ref)
    store = Store.open(db or default_db(file), assessment)
    sock = bind(host, port)
    if not is_loopback(host):  # said on stderr before the start lines, which begin stdout
        say(
            f"warning: listening on {host}: anyone on that network with the partners' link can join",
            err=True,
        )
    for line in start_lines(store, base_url(host, sock)):
        say(line)
    serve(store, sock)


@workshop_group.command("export")
@click.argument("db", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write: .csv or .xlsx.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def export_command(db: Path, output: Path, force: bool) -> None:
    """Write a workshop's saved grades as a partner-column district file (CSV or XLSX)."""
    from csscore.render.output import write_file
    from csscore.workshop.export import export_csv, export_xlsx
    from csscore.workshop.store import Store

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CsscoreError.at(str(output), "give an output ending in .csv or .xlsx")
    store = Store.open(db, None, readonly=True)
    try:
        content = export_xlsx(store) if suffix == ".xlsx" else export_csv(store)
    finally:
        store.close()
    write_file(output, content, force)
    announce(f"wrote {output}")
