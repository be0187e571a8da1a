"""Writing outputs safely: what is written, and when, is decided here alone.

Every output of a command run is *staged*: its destination is checked when it is named (never
over an existing file without ``force``; never over a file the run reads, ``csscore.inputs``;
never a folder, device, pipe or symbolic link) and its content is held in memory. Only when the whole command has succeeded does :meth:`Outputs.commit`
write them: each to a hidden temporary name in its destination folder first, then all renamed
into place. A run that fails at any step, or is interrupted, writes nothing; a commit that fails
half-way (a full disk, a folder that cannot be renamed) puts back every file it had replaced.

Outside a command run (the library called directly) :func:`write_file` and :func:`write_folder`
commit their one output at once, the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from csscore.errors import OutputError
from csscore.inputs import is_input, run_inputs


def check_destination(
    path: Path, force: bool, folder: bool = False, rewrites_input: bool = False
) -> None:
    """Refuse a destination that would overwrite without ``force``, that is one of the run's
    inputs (unless the output ``rewrites_input`` on purpose: ``evidence --fill``), or that cannot
    be written."""
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
    if is_input(path) and not rewrites_input:
        raise OutputError.at(
            str(path), "is one of this command's inputs; write the output to another file"
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


#: The files csscore writes into an output folder (numbered CSV tables; the LaTeX appendix and
#: its figures, and the files pdflatex makes from it); --force replaces a folder holding nothing
#: else, never one holding other files.
_OWN_FILE = re.compile(
    r"\d{2,}-[^/\\]+\.csv|appendix\.(tex|aux|log|out|toc|pdf|synctex\.gz)|appendix-[\w-]+\.pdf"
)


def _encode(content: str | bytes) -> bytes:
    """UTF-8 bytes; a lone surrogate (from a file name that is not UTF-8) becomes '\\udcxx'."""
    return content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content


@dataclass
class _Staged:
    """One output: a file (``files`` None) or a folder of files, and where commit has got to."""

    path: Path
    force: bool
    data: bytes
    files: dict[str, bytes] | None = None
    tmp: Path | None = None  # the written content, beside the destination
    backup: Path | None = None  # the replaced output, kept until the commit has succeeded
    placed: bool = False
    rewrites_input: bool = False  # an input rewritten on purpose (evidence --fill)


class Outputs:
    """Every output of one run, staged: checked as each is named, written by :meth:`commit`."""

    def __init__(self) -> None:
        self._staged: list[_Staged] = []
        self.notes: list[str] = []  # lines to print once the outputs are written

    def __len__(self) -> int:
        return len(self._staged)

    def claim(
        self, path: Path, force: bool, folder: bool = False, rewrites_input: bool = False
    ) -> None:
        """Check a destination now (before any work) and that no other output of the run names
        the same file."""
        check_destination(path, force, folder, rewrites_input)
        same = next((s for s in self._staged if same_file(s.path, path)), None)
        if same is not None:
            raise OutputError.at(
                str(path), f"names the same file as another output of this run ({same.path})"
            )

    def file(
        self, path: Path, content: str | bytes, force: bool, rewrites_input: bool = False
    ) -> None:
        """Stage one file."""
        self.claim(path, force, rewrites_input=rewrites_input)
        self._staged.append(_Staged(path, force, _encode(content), rewrites_input=rewrites_input))

    def folder(self, path: Path, files: Mapping[str, str | bytes], force: bool) -> None:
        """Stage a folder of files (plain names), replacing a folder of csscore's own tables."""
        self.claim(path, force, folder=True)
        for name in files:
            if Path(name).name != name or name.startswith("."):
                raise OutputError.at(name, "output file names must be plain names")
        encoded = {name: _encode(content) for name, content in sorted(files.items())}
        self._staged.append(_Staged(path, force, b"", encoded))

    def note(self, line: str) -> None:
        """A line to print once every output is written (``wrote FILE``)."""
        self.notes.append(line)

    def discard(self) -> None:
        self._staged.clear()
        self.notes.clear()

    def commit(self) -> None:
        """Write every staged output, or none: temporary copies first, then each renamed into
        place; a failure on the way removes the copies and puts replaced outputs back."""
        staged, self._staged = self._staged, []
        current: _Staged | None = None
        try:
            for current in staged:  # again: the inputs read since each was claimed count too
                check_destination(
                    current.path, current.force, current.files is not None, current.rewrites_input
                )
            for current in staged:
                _write_beside(current)
            for current in staged:
                _place(current)
        except BaseException as exc:
            for item in reversed(staged):
                _undo(item)
            if isinstance(exc, OSError) and current is not None:
                message = f"cannot write: {exc.strerror or exc}"
                raise OutputError.at(str(current.path), message) from None
            raise
        for item in staged:
            _forget(item.backup)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (after following links)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return a.absolute() == b.absolute()


def _write_beside(item: _Staged) -> None:
    """Write the content to a hidden ``.part`` name in the destination's folder."""
    import tempfile

    folder = item.path.parent if str(item.path.parent) else Path(".")
    prefix, suffix = f".{item.path.name}.", ".part"
    if item.files is None:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
        item.tmp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(item.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(item.tmp, 0o644)
        return
    item.tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=folder))
    for name, content in item.files.items():
        (item.tmp / name).write_bytes(content)
    os.chmod(item.tmp, 0o755)


def _place(item: _Staged) -> None:
    """Rename the written content into place, keeping what it replaces until the end."""
    import shutil
    import tempfile

    assert item.tmp is not None
    path = item.path
    if path.exists() or path.is_symlink():
        folder = path.parent if str(path.parent) else Path(".")
        backup = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=folder))
        os.rmdir(backup)
        if item.files is None:
            try:  # the old file stays where it is until the new one replaces it atomically
                os.link(path, backup)
            except OSError:
                shutil.copy2(path, backup)
        else:
            os.replace(path, backup)
        item.backup = backup
    os.replace(item.tmp, path)
    item.tmp, item.placed = None, True


def _undo(item: _Staged) -> None:
    """Take back one output: its temporary copy removed, what it replaced put back."""
    if item.tmp is not None:
        _forget(item.tmp)
        item.tmp = None
    try:
        if item.placed and item.backup is not None:
            if item.files is not None:
                _forget(item.path)
            os.replace(item.backup, item.path)
        elif item.placed:
            _forget(item.path)
        elif item.backup is not None and item.files is not None:
            os.replace(item.backup, item.path)  # moved aside, new folder never placed
        else:
            _forget(item.backup)
    except OSError:
        pass  # nothing more can be done; the backup keeps the old content under its hidden name
    item.backup, item.placed = None, False


def _forget(path: Path | None) -> None:
    import shutil

    if path is None:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


_RUN: ContextVar[Outputs | None] = ContextVar("csscore_outputs", default=None)


def current_run() -> Outputs | None:
    """The outputs of the command being run, or None outside one."""
    return _RUN.get()


@contextmanager
def staged_run() -> Iterator[Outputs]:
    """Stage every output written inside the block; commit them when it ends without an
    exception, else write nothing. Inside an enclosing run, the enclosing run decides."""
    outer = _RUN.get()
    if outer is not None:
        yield outer
        return
    run = Outputs()
    with run_inputs():  # the files the run reads, which no output may replace
        token = _RUN.set(run)
        try:
            yield run
        except BaseException:
            run.discard()
            raise
        finally:
            _RUN.reset(token)
        run.commit()


def write_file(
    path: Path, content: str | bytes, force: bool = False, rewrites_input: bool = False
) -> None:
    """Write one file atomically: staged in the run when there is one, else at once.
    ``rewrites_input``: the file is one of the run's inputs, rewritten on purpose."""
    run = _RUN.get()
    if run is not None:
        run.file(path, content, force, rewrites_input)
        return
    single = Outputs()
    single.file(path, content, force, rewrites_input)
    single.commit()


def write_folder(path: Path, files: Mapping[str, str | bytes], force: bool = False) -> None:
    """Write a folder of files atomically (built beside the destination, then renamed)."""
    run = _RUN.get()
    if run is not None:
        run.folder(path, files, force)
        return
    single = Outputs()
    single.folder(path, files, force)
    single.commit()
