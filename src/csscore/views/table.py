"""The table model every view produces and every format renders: a title, a header, rows of
cells and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csscore.model.numbers import json_number

__all__ = ["Cell", "Table", "json_number", "number"]

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Table:
    """A titled table: header, rows and optional notes printed beneath it."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
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
