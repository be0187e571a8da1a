"""Writing a new county folder: never over an existing file. A folder that already holds
anything needs ``force``, and even then every file it holds is kept; only the missing ones are
written, each staged and committed with the command's other outputs (render/output.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from csscore.errors import OutputError


@dataclass(frozen=True)
class Written:
    """The files written into the folder, those kept because they existed, the district files
    written that a kept ``districts.toml`` does not list, and why that manifest does not read
    (then which files it lists is not known)."""

    folder: Path
    written: tuple[str, ...]
    kept: tuple[str, ...]
    unlisted: tuple[str, ...] = ()
    unread: str | None = None


def write_county(folder: Path, files: Mapping[str, str | bytes], force: bool) -> Written:
    """Write ``files`` (plain names) into ``folder``, made if missing; refuse a folder that is
    not empty without ``force``; keep, unchanged, every file that exists."""
    from csscore.render.output import write_file

    shown = str(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputError.at(shown, "is not a folder; give a new or empty folder")
    if folder.is_dir():
        try:
            held = any(folder.iterdir())
        except OSError as exc:
            raise OutputError.at(shown, f"cannot read: {exc.strerror or exc}") from None
        if held and not force:
            message = "is not empty; use --force to add the missing files (existing files are kept)"
            raise OutputError.at(shown, message)
    else:
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError.at(shown, f"folder {str(parent)!r} does not exist")
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputError.at(shown, f"cannot make the folder: {exc.strerror or exc}") from None
    kept = tuple(n for n in files if (folder / n).exists() or (folder / n).is_symlink())
    written = tuple(n for n in files if n not in kept)
    for name in written:
        write_file(folder / name, files[name], force=False)
    return Written(folder, written, kept)
