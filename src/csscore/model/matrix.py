"""The scoring matrix: ordinal scales, factors, sections, bands and organisational position grades.

A matrix is configuration (``config/matrices/*.toml``, validated by :mod:`csscore.config.matrix`)
into an immutable :class:`Matrix`. Scoring itself lives in :mod:`csscore.scoring.score`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from csscore.model.numbers import read_number
from csscore.model.text import label_key

SECTIONS = ("harm", "likelihood", "position")
COMBINE = ("sum", "weighted_sum", "max", "product")


def apply_rule(rule: str, part: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A section's combine rule over the last axis of ``part`` (its factors' values): ``sum``,
    ``weighted_sum`` (by ``weights``), ``max`` or ``product``. The one place the rules are
    computed; :func:`csscore.scoring.score.combine` applies it to a matrix's sections."""
    if rule == "weighted_sum":
        out: np.ndarray = part @ weights
    elif rule == "max":
        out = part.max(axis=-1)
    elif rule == "product":
        out = part.prod(axis=-1)
    else:
        out = part.sum(axis=-1)
    return out


#: The grade-label rule of :mod:`csscore.model.text`, by the name the matrix reader imports.


@dataclass(frozen=True)
class Level:
    """One step of an ordinal scale."""

    label: str
    value: float
    description: str = ""


@dataclass(frozen=True)
class Scale:
    """A named ordinal scale; levels are in increasing order of value."""

    id: str
    label: str
    levels: tuple[Level, ...]

    @cached_property
    def _by_label(self) -> dict[str, int]:
        return {label_key(level.label): i for i, level in enumerate(self.levels)}

    @cached_property
    def _seen(self) -> dict[str, int | None]:
        return {}

    def parse(self, cell: str) -> int | None:
        """Index of the level a cell names (by label or by value), or None."""
        seen = self._seen  # a district's cells repeat a handful of spellings
        if cell in seen:
            return seen[cell]
        if len(seen) < 4096:
            seen[cell] = self._parse(cell)
            return seen[cell]
        return self._parse(cell)

    def _parse(self, cell: str) -> int | None:
        index = self._by_label.get(label_key(cell))
        if index is not None:
            return index
        number = read_number(cell)
        if number is None:
            return None
        for i, level in enumerate(self.levels):
            if level.value == number:
                return i
        return None

    def describe(self) -> str:
        """'none=0, limited=1, ...' for messages and legends."""
        return ", ".join(f"{lv.label}={fmt_number(lv.value)}" for lv in self.levels)


@dataclass(frozen=True)
class Factor:
    """One graded column of a district file."""

    id: str
    label: str
    section: str
    scale: str
    weight: float = 1.0
    description: str = ""


@dataclass(frozen=True)
class Section:
    """How the factors of harm, likelihood or organisational position combine."""

    id: str
    label: str
    combine: str


@dataclass(frozen=True)
class Threshold:
    """A band of risk or a grade of position: applies from ``min`` upwards."""

    label: str
    min: float
    description: str = ""


@dataclass(frozen=True)
class Perturbation:
    """How far a grade may move under a given confidence (used by sensitivity analysis)."""

    confidence: str
    p_move: float
    max_step: int

    @property
    def width(self) -> float:
        """Expected distance a grade moves: p_move times the mean step, (max_step + 1) / 2."""
        return self.p_move * (self.max_step + 1) / 2


@dataclass(frozen=True)
class Matrix:
    """A validated scoring matrix."""

    name: str
    version: str
    title: str
    description: str
    scales: tuple[Scale, ...]
    factors: tuple[Factor, ...]
    sections: tuple[Section, ...]
    bands: tuple[Threshold, ...]
    grades: tuple[Threshold, ...]
    gap_bands: frozenset[str]
    gap_grades: frozenset[str]
    confidence: tuple[str, ...]
    perturbations: tuple[Perturbation, ...]
    source: str = ""
    sha256: str = field(default="", compare=False)
    file: str = field(default="", compare=False)  # the file it was read from, for messages

    @property
    def where(self) -> str:
        """What a message about this matrix names: its file, else (built in code) its name."""
        return self.file or self.name

    def scale(self, scale_id: str) -> Scale:
        return next(s for s in self.scales if s.id == scale_id)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.factors)

    @property
    def has_position(self) -> bool:
        return any(f.section == "position" for f in self.factors)

    def indices(self, section_id: str) -> np.ndarray:
        """Column indices of the factors in one section."""
        return np.array([i for i, f in enumerate(self.factors) if f.section == section_id], int)

    @cached_property
    def value_table(self) -> np.ndarray:
        """values[f, k] = value of level k of factor f's scale (NaN past the scale's end)."""
        width = max(len(s.levels) for s in self.scales)
        table = np.full((len(self.factors), width), np.nan)
        for i, factor in enumerate(self.factors):
            levels = self.scale(factor.scale).levels
            table[i, : len(levels)] = [lv.value for lv in levels]
        return table

    @cached_property
    def level_counts(self) -> np.ndarray:
        """Number of levels of each factor's scale."""
        return np.array([len(self.scale(f.scale).levels) for f in self.factors], int)

    @property
    def widest_perturbation(self) -> Perturbation:
        """The perturbation that moves grades furthest (the first of equals): what a blank
        confidence takes, since an unrecorded confidence is not a high one."""
        return max(self.perturbations, key=lambda p: p.width)

    def rule(self, section_id: str) -> str:
        """How a section combines its factors (``sum`` for a section the matrix leaves out)."""
        section = self.section(section_id)
        return section.combine if section else "sum"

    def weights(self, section_id: str) -> np.ndarray:
        """The weights of a section's factors, in factor order."""
        return np.array([self.factors[i].weight for i in self.indices(section_id)])

    def section_range(self, section_id: str) -> tuple[float, float]:
        """Smallest and largest value a section can take."""
        idx = self.indices(section_id)
        lows = np.nanmin(self.value_table[idx], axis=1)
        highs = np.nanmax(self.value_table[idx], axis=1)
        ends = apply_rule(self.rule(section_id), np.stack([lows, highs]), self.weights(section_id))
        return float(ends[0]), float(ends[1])

    def risk_range(self) -> tuple[float, float]:
        h_lo, h_hi = self.section_range("harm")
        l_lo, l_hi = self.section_range("likelihood")
        return h_lo * l_lo, h_hi * l_hi


def fmt_number(value: float) -> str:
    """12.0 -> '12'; 12.5 -> '12.5'."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
