"""Numbers: the one reader of a number written as text (a cell, a label, an option), and numbers
as the analyst reads them in JSON (whole scores without a decimal point)."""

from __future__ import annotations

import math
from typing import TypeAlias

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""What an ``as_dict`` holds: JSON's values, nested."""


def json_number(value: float | None) -> int | float | None:
    """12.0 -> 12, for JSON that reads as the analyst expects."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 6)


def looks_numeric(text: str) -> bool:
    """Whether ``text`` reads as a number at all, finite or not (``3``, ``3.0``, ``1e3``, ``nan``)."""
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


def read_number(text: str) -> float | None:
    """The finite number ``text`` spells (``3``, `` 3.0 ``, ``1e3``, ``+2``), or None for other
    text, ``nan`` and ``inf`` included: every reader of a number written as text uses this."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
