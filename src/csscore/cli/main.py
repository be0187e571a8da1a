"""The ``csscore`` command line: the group, its commands (one module each) and the entry point.

Nothing here computes: each command module parses its options, calls one library function and
renders; :mod:`csscore.cli.options` maps a CsscoreError to one line and exit 2.
"""

from __future__ import annotations

import os
import sys

import click

from csscore import __version__
from csscore.cli.aggregate import aggregate_command
from csscore.cli.agreement import agreement_command
from csscore.cli.appendix import appendix_command
from csscore.cli.compare import compare_command
from csscore.cli.compare_methods import compare_methods_command
from csscore.cli.evidence import evidence_group
from csscore.cli.explain import explain_command
from csscore.cli.init import init_command
from csscore.cli.matrix import matrices_command, matrix_group
from csscore.cli.options import CsscoreGroup, say
from csscore.cli.overlap import overlap_command
from csscore.cli.score import score_command
from csscore.cli.sensitivity import sensitivity_command
from csscore.cli.validate import validate_command
from csscore.cli.workshop import workshop_group


@click.group(cls=CsscoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csscore")
def cli() -> None:
    """Score community-safety issues with a MoRiLE-style matrix, aggregate districts into the
    county Community Safety Agreement and map it onto the Police and Crime Plan."""


# `csscore --help` lists them by name, whatever the order here.
for command in (
    matrices_command,
    matrix_group,
    init_command,
    score_command,
    explain_command,
    validate_command,
    aggregate_command,
    compare_command,
    appendix_command,
    overlap_command,
    evidence_group,
    sensitivity_command,
    compare_methods_command,
    agreement_command,
    workshop_group,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: run the CLI; an unexpected failure is one line, never a traceback."""
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
