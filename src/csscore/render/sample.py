"""The bundled sample county copied out into a folder (``csscore sample``): its manifest, district
files, horizon scan and README, and the police.uk sample month in ``police-uk/``, so that every
command of the README and the tutorial can be tried from any folder.

A file that exists is never replaced. A folder that already holds anything needs ``force``, and
even then every file it holds is kept; only the missing ones are written, staged and committed
with the command's other outputs (:mod:`csscore.render.output`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from csscore.errors import OutputError

#: What the sample folder ships: data files and their READMEs (not the package's ``__init__.py``).
SUFFIXES = (".csv", ".toml", ".md")


@dataclass(frozen=True)
class Added:
    """The files written into a folder, and those kept because they existed (relative names)."""

    folder: Path
    written: tuple[str, ...]
    kept: tuple[str, ...]


def sample_files() -> dict[str, bytes]:
    """Every file of the bundled sample county, by its name relative to the sample's folder
    ('ashford.csv', 'police-uk/README.md'), in name order."""
    from importlib import resources

    files: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: PurePosixPath) -> None:
        for child in node.iterdir():
            if child.name.startswith((".", "_")):
                continue
            if child.is_dir():
                walk(child, prefix / child.name)
            elif child.name.endswith(SUFFIXES):
                files[str(prefix / child.name)] = child.read_bytes()

    walk(resources.files("csscore.sample"), PurePosixPath())
    return dict(sorted(files.items()))


def copy_sample(folder: Path, force: bool = False) -> Added:
    """Copy the bundled sample county into ``folder`` (made if missing; one that is not empty
    needs ``force``); every file already there is kept unchanged."""
    return add_files(folder, sample_files(), force)


def add_files(folder: Path, files: Mapping[str, bytes], force: bool) -> Added:
    """Write ``files`` (names relative to ``folder``, '/' between parts) into ``folder``, never
    over an existing file; a folder holding anything is refused without ``force``."""
    from csscore.render.output import write_file

    _check_folder(folder, force)
    kept = tuple(n for n in files if _exists(folder / n))
    written = tuple(n for n in files if n not in kept)
    subfolders = sorted({folder.joinpath(*PurePosixPath(n).parts[:-1]) for n in written})
    for sub in subfolders:  # checked before any folder is made
        if sub.is_symlink() or (sub.exists() and not sub.is_dir()):
            raise OutputError.at(str(sub), "is not a folder; move it aside to copy the sample")
    for sub in subfolders:
        try:
            sub.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError.at(
                str(sub), f"cannot make the folder: {exc.strerror or exc}"
            ) from None
    for name in written:
        write_file(folder.joinpath(*PurePosixPath(name).parts), files[name], force=False)
    return Added(folder, written, kept)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _check_folder(folder: Path, force: bool) -> None:
    """Refuse a destination that is not a folder, or holds anything without ``force``."""
    shown = str(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputError.at(shown, "is not a folder; give a new or empty folder")
    if not folder.is_dir():
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError.at(shown, f"folder {str(parent)!r} does not exist")
        return
    try:
        held = any(folder.iterdir())
    except OSError as exc:
        raise OutputError.at(shown, f"cannot read: {exc.strerror or exc}") from None
    if held and not force:
        message = "is not empty; use --force to add the missing files (existing files are kept)"
        raise OutputError.at(shown, message)
