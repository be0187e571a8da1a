"""Numbers as the analyst reads them in JSON: whole scores without a decimal point."""

from __future__ import annotations

from typing import TypeAlias

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""What an ``as_dict`` holds: JSON's values, nested."""


def json_number(value: float | None) -> int | float | None:
    """12.0 -> 12, for JSON that reads as the analyst expects."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 6)
