"""The table model every view produces and every format renders: a title, a header, rows of
cells and notes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from csscore.model.numbers import json_number

__all__ = ["Cell", "ColumnRows", "Table", "json_number", "number"]

Cell = str | int | float | bool | None


class ColumnRows(Sequence[tuple[Cell, ...]]):
    """A table's rows held a column at a time, as a view that builds its table by column makes
    them: renderers, which work a column at a time, take the columns as they are, and the rows
    are made only if something asks for one. Equal to the same rows held as a tuple."""

    __slots__ = ("_rows", "columns")

    def __init__(self, columns: Sequence[Sequence[Cell]]) -> None:
        if len({len(c) for c in columns}) > 1:
            raise ValueError("the columns of a table differ in length")
        self.columns: tuple[tuple[Cell, ...], ...] = tuple(map(tuple, columns))
        self._rows: tuple[tuple[Cell, ...], ...] | None = None

    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        """The cells a row at a time, made once."""
        if self._rows is None:
            self._rows = tuple(zip(*self.columns, strict=True))
        return self._rows

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @overload
    def __getitem__(self, index: int) -> tuple[Cell, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[Cell, ...], ...]: ...
    def __getitem__(self, index: int | slice) -> tuple[Cell, ...] | tuple[tuple[Cell, ...], ...]:
        return self.rows()[index]

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        return iter(self.rows())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ColumnRows):
            return self.columns == other.columns
        if isinstance(other, tuple):
            return self.rows() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows())

    def __repr__(self) -> str:
        return f"ColumnRows({self.rows()!r})"


@dataclass(frozen=True)
class Table:
    """A titled table: header, rows and optional notes printed beneath it."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] | ColumnRows
    notes: tuple[str, ...] = field(default=())
    align: tuple[str, ...] = field(default=())  # per column: "left" or "right"; default by type
    key: str = ""  # a short stable name, for file and sheet names
    #: per column: how its numbers show (csscore.views.number_format.KINDS); "" or none given:
    #: taken from the column's numbers
    kinds: tuple[str, ...] = field(default=())
    #: per row, for a table whose rows are different measures ("Kendall's W", "p-value"): the
    #: kind of that row's numbers, over its column's; "" or none given: the column's
    row_kinds: tuple[str, ...] = field(default=())


def number(value: float | None, digits: int = 2) -> str:
    """Format a score: whole numbers without decimals, others rounded."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")
