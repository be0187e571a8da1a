"""Errors that end a csscore command with a one-line message and exit code 2.

Every error knows where it happened: the file, and where it applies the row and column (or the TOML
key). The command line prints ``str(error)`` and nothing else, so the message must stand alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is and what is wrong."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file or "<input>"]
        if self.row is not None:
            where.append(str(self.row))
        if self.column:
            where.append(self.column)
        text = ":".join(where) + ": " + self.message
        return " ".join(text.split())  # one line, whatever the input held


class CsscoreError(Exception):
    """An error the user can act on; carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        if not self.problems:
            raise ValueError("CsscoreError needs at least one problem")
        super().__init__(str(self))

    @classmethod
    def at(
        cls, file: str, message: str, row: int | None = None, column: str | None = None
    ) -> CsscoreError:
        """Build an error for a single place."""
        return cls(Problem(file, message, row, column))

    def __str__(self) -> str:
        first = str(self.problems[0])
        extra = len(self.problems) - 1
        return first if not extra else f"{first} (and {extra} more problem{'s' * (extra > 1)})"


class InputError(CsscoreError):
    """A district file, manifest or evidence file that cannot be used."""


class ConfigError(CsscoreError):
    """A matrix, taxonomy, CSA or plan file that cannot be used."""


class OutputError(CsscoreError):
    """An output that cannot be written safely."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean "x"?)' when a close choice exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


class Notice(UserWarning):
    """Something a command did with its input that the user should know (printed on stderr)."""


def notice(message: str) -> None:
    """Report a notice: the command line prints it as ``warning: MESSAGE`` on stderr."""
    import warnings

    warnings.warn(" ".join(message.split()), Notice, stacklevel=2)
