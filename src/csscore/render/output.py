"""Writing outputs safely: never over an existing file without ``force``, always atomically.

A file is written to a hidden temporary name in the destination folder and renamed into place,
so an interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
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
    if path.exists() and not force:
        raise OutputError.at(str(path), "already exists; use --force to overwrite it")


def write_file(path: Path, content: str | bytes, force: bool = False) -> None:
    """Write one file atomically."""
    check_destination(path, force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder(path: Path, files: Mapping[str, str | bytes], force: bool = False) -> None:
    """Write a folder of files atomically: built beside the destination, then renamed."""
    check_destination(path, force, folder=True)
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise OutputError.at(name, "output file names must be plain names")
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or "."))
    try:
        for name, content in sorted(files.items()):
            data = content.encode("utf-8") if isinstance(content, str) else content
            (tmp / name).write_bytes(data)
        os.chmod(tmp, 0o755)
        if path.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent or ".")
            )
            os.rmdir(old)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
