"""The files a command run has read, so that no output of the run is written over one of them.

Every reader of an input file notes it (:func:`note_read`); ``render/output.py`` refuses an
output that is the same file as one noted (after resolving links and ``..``), as it refuses any
other destination it must not write. Outside a run (the library called directly) nothing is
kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_READ: ContextVar[set[Path] | None] = ContextVar("csscore_inputs", default=None)


def resolved(path: Path) -> Path:
    """The path with links and ``..`` followed, as far as they exist."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def note_read(path: Path) -> None:
    """Note that the run reads ``path``."""
    read = _READ.get()
    if read is not None:
        read.add(resolved(path))


def is_input(path: Path) -> bool:
    """Whether the run has read the file ``path`` names."""
    read = _READ.get()
    return read is not None and resolved(path) in read


@contextmanager
def run_inputs() -> Iterator[None]:
    """Note the files read inside the block (an enclosing block keeps noting into its own)."""
    if _READ.get() is not None:
        yield
        return
    token = _READ.set(set())
    try:
        yield
    finally:
        _READ.reset(token)
