"""Writing outputs safely: never over an existing file without ``force``, always atomically.

A file is written to a hidden temporary name in the destination folder and renamed into place,
so an interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from csscore.errors import OutputError


def check_destination(path: Path, force: bool, folder: bool = False) -> None:
    """Refuse a destination that would overwrite without ``force`` or cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError.at(str(path), f"folder {str(parent)!r} does not exist")
    if path.is_symlink():
        raise OutputError.at(str(path), "is a symbolic link; refusing to write through it")
    if path.is_dir() and not folder:
        raise OutputError.at(str(path), "is an existing folder; give a file name")
    if path.exists() and folder and not path.is_dir():
        raise OutputError.at(str(path), "is an existing file; give a folder name")
    if path.exists() and not path.is_dir() and not path.is_file():
        raise OutputError.at(
            str(path), "is not a regular file (a device or pipe); refusing to replace it"
        )
    if path.exists() and not force:
        raise OutputError.at(str(path), "already exists; use --force to overwrite it")
    if folder and path.is_dir():
        foreign = sorted(
            p.name
            for p in path.iterdir()
            if p.is_symlink() or not p.is_file() or not _OWN_FILE.fullmatch(p.name)
        )
        if foreign:
            raise OutputError.at(
                str(path),
                f"holds {foreign[0]!r}, which csscore did not write; refusing to replace the folder",
            )


#: The files csscore writes into an output folder (numbered CSV tables); --force replaces a
#: folder holding nothing else, never one holding other files.
_OWN_FILE = re.compile(r"\d{2,}-[^/\\]+\.csv")


def _encode(content: str | bytes) -> bytes:
    """UTF-8 bytes; a lone surrogate (from a file name that is not UTF-8) becomes '\\udcxx'."""
    return content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content


def write_file(path: Path, content: str | bytes, force: bool = False) -> None:
    """Write one file atomically."""
    check_destination(path, force)
    data = _encode(content)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    except OSError as exc:
        raise OutputError.at(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError.at(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise


def write_folder(path: Path, files: Mapping[str, str | bytes], force: bool = False) -> None:
    """Write a folder of files atomically: built beside the destination, then renamed."""
    check_destination(path, force, folder=True)
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise OutputError.at(name, "output file names must be plain names")
    try:
        tmp = Path(
            tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
        )
    except OSError as exc:
        raise OutputError.at(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        for name, content in sorted(files.items()):
            (tmp / name).write_bytes(_encode(content))
        os.chmod(tmp, 0o755)
        if path.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent or ".")
            )
            os.rmdir(old)
            os.replace(path, old)
            try:
                os.replace(tmp, path)
            except OSError:
                os.replace(old, path)  # put the previous output back
                raise
            shutil.rmtree(old)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError.at(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise
