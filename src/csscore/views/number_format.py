"""The one rule for how a column of numbers is shown.

A table may name each column's kind; a column without one takes its kind from its numbers. Every
displayed format (terminal, Markdown, HTML, LaTeX, Word) prints a column's numbers with that one
kind, so a column never mixes ``4.5`` with ``4.58``. Machine formats (CSV, JSON, the numbers in a
workbook) keep the numbers themselves.

Kinds:

- ``"integer"``: whole numbers, ``12``.
- ``"fixed1"``, ``"fixed2"``, ``"fixed3"``: that many decimals, ``4.50``.
- ``"percent"``: a probability or share in [0, 1] as a whole percentage. Only exactly 0 and
  exactly 1 show as ``0%`` and ``100%``; below 0.5% shows ``< 1%`` and above 99.5% ``> 99%``;
  anything else rounds half up to a whole percentage between 1% and 99%.
- ``"pvalue"``: three decimals, and ``< 0.001`` below 0.001.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

KINDS: Final = ("integer", "fixed1", "fixed2", "fixed3", "percent", "pvalue")

#: Most decimals a column without a kind is given (enough for every score a matrix makes).
MAX_DECIMALS: Final = 2


def percent(p: float) -> str:
    """A probability or share as a percentage, never rounded to 0% or 100%."""
    if p <= 0:
        return "0%"
    if p >= 1:
        return "100%"
    if p < 0.005:
        return "< 1%"
    if p > 0.995:
        return "> 99%"
    return f"{min(max(math.floor(100 * p + 0.5), 1), 99)}%"


def p_value(p: float) -> str:
    """A p-value to three decimals, ``< 0.001`` below 0.001."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def show(value: float, kind: str) -> str:
    """``value`` as a column of ``kind`` shows it."""
    if math.isnan(value):
        return "n/a"
    if kind == "percent":
        return percent(value)
    if kind == "pvalue":
        return p_value(value)
    decimals = int(kind[-1]) if kind.startswith("fixed") else 0
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0"


@lru_cache(maxsize=65536)  # a long appendix repeats its scores
def _decimals(value: float) -> int:
    for d in range(MAX_DECIMALS):
        if round(value, d) == round(value, MAX_DECIMALS):
            return d
    return MAX_DECIMALS


def infer(values: Iterable[float]) -> str:
    """The kind of a column with none named: as many decimals as its most precise number needs,
    up to MAX_DECIMALS, so every cell has the same."""
    most = 0
    for v in values:
        if not math.isnan(v):
            most = max(most, _decimals(v))
            if most == MAX_DECIMALS:
                break
    return "integer" if most == 0 else f"fixed{most}"
