"""``csscore sample``: copy the bundled sample county into a folder."""

from __future__ import annotations

from pathlib import Path

import click

from csscore.cli.options import announce


@click.command("sample")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Add the missing files to a folder that is not empty (keeps every existing file).",
)
def sample_command(folder: Path, force: bool) -> None:
    """Copy the bundled sample county (Kent and Medway, illustrative gradings) into FOLDER, with
    a police.uk sample month in police-uk/ to try `csscore evidence` on. Never overwrites a
    file."""
    from csscore.render.sample import copy_sample

    done = copy_sample(folder, force)
    for name in done.kept:
        announce(f"kept {folder / name} (it exists; csscore sample never replaces a file)")
    count = len(done.written)
    announce(
        f"wrote {count} file{'s' * (count != 1)} in {folder}: "
        f"try `csscore validate {folder}` and `csscore appendix {folder}`"
    )
