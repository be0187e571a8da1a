"""The ``csscore`` command line: the group, its commands (one module each) and the entry point.

Nothing here computes: each command module parses its options, calls one library function and
renders; :mod:`csscore.cli.options` maps a CsscoreError to one line and exit 2.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

import click

from csscore import __version__
from csscore.cli.options import CsscoreGroup, say

#: Each command by name, as (module under csscore.cli, object): a command's module is imported
#: only when it runs or help lists it, so ``csscore score FILE`` loads none of the others.
COMMANDS = {
    "matrices": ("matrix", "matrices_command"),
    "matrix": ("matrix", "matrix_group"),
    "init": ("init", "init_command"),
    "new": ("new", "new_command"),
    "sample": ("sample", "sample_command"),
    "score": ("score", "score_command"),
    "explain": ("explain", "explain_command"),
    "validate": ("validate", "validate_command"),
    "aggregate": ("aggregate", "aggregate_command"),
    "compare": ("compare", "compare_command"),
    "appendix": ("appendix", "appendix_command"),
    "overlap": ("overlap", "overlap_command"),
    "evidence": ("evidence", "evidence_group"),
    "sensitivity": ("sensitivity", "sensitivity_command"),
    "compare-methods": ("compare_methods", "compare_methods_command"),
    "agreement": ("agreement", "agreement_command"),
    "workshop": ("workshop", "workshop_group"),
}


class LazyGroup(CsscoreGroup):
    """The top-level group: its commands come from :data:`COMMANDS`, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"csscore.cli.{module}"), name)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand:  # suggest from every name, loaded or not
            raise click.exceptions.NoSuchCommand(args[0], possibilities=COMMANDS, ctx=ctx) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csscore")
def cli() -> None:
    """Score community-safety issues with a MoRiLE-style matrix, aggregate districts into the
    county Community Safety Agreement and map it onto the Police and Crime Plan."""


def main() -> None:
    """Entry point: run the CLI; an unexpected failure is one line, never a traceback."""
    # A command's objects mostly live until it exits and form few reference cycles, so the
    # oldest generation is collected a tenth as often as Python's default: each full collection
    # walks every object read, and they were 0.14 s of a 3,500-district appendix
    # (docs/performance.md)
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        say("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last guard; CSSCORE_DEBUG=1 shows the traceback
        if os.environ.get("CSSCORE_DEBUG"):
            raise
        say(f"error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        sys.exit(1)
