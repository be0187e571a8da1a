"""Several partners' gradings of one district, and the rules that combine them into one.

Each partner's grades are level indices, ``-1`` where the partner left a factor blank. For each
issue and factor the combined level is, over the partners who graded it:

- ``median``: the middle level; with an even number of partners, the upper of the two middle
  levels (the precautionary choice);
- ``mean``: the mean level, rounded half up (a mean of 1.5 gives 2);
- ``max``: the highest level.

The combined confidence is the lowest any partner gave (a blank counts as the lowest level), and
partners are always held in name order, so the order they were read in never changes a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from csscore.model.district import DistrictAssessment

#: The combining rules, the default first.
RULES = ("median", "mean", "max")
#: A factor's spread (highest minus lowest level among the partners) that makes an issue contested.
CONTESTED_SPREAD = 2


@dataclass(frozen=True, eq=False)
class PartnerGrading:
    """One partner's grades of a district, in the district's issue order."""

    name: str
    source: str  # where the grades' problems are named: the file, or ``file[sheet]``
    file: str  # the file read, as provenance names it beside ``sha256``
    sha256: str
    levels: np.ndarray  # (issues, factors) level indices, -1 where blank
    confidence: tuple[str, ...]  # "" where blank
    selected: tuple[bool | None, ...]  # None where blank
    notes: tuple[str, ...]
    rows: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Partnership:
    """Every partner's grading of one district (in name order) and the rule combining them."""

    partners: tuple[PartnerGrading, ...]
    rule: str = "median"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.partners)

    @cached_property
    def stack(self) -> np.ndarray:
        """(partners, issues, factors) level indices, -1 where blank."""
        return np.stack([p.levels for p in self.partners])

    @cached_property
    def spread(self) -> np.ndarray:
        """(issues, factors): highest minus lowest level among the partners who graded it."""
        return spread(self.stack)

    @cached_property
    def contested(self) -> np.ndarray:
        """(issues,) bool: some factor's spread is :data:`CONTESTED_SPREAD` or more."""
        out: np.ndarray = np.any(self.spread >= CONTESTED_SPREAD, axis=1)
        return out

    @cached_property
    def graded(self) -> np.ndarray:
        """(issues,) how many partners graded at least one factor of each issue."""
        out: np.ndarray = np.count_nonzero(np.any(self.stack >= 0, axis=2), axis=0)
        return out

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """(file, sha256) of each file read, once each, in name order of their first partner."""
        seen: dict[str, str] = {}
        for p in self.partners:
            seen.setdefault(p.file, p.sha256)
        return tuple(seen.items())


def spread(stack: np.ndarray) -> np.ndarray:
    """(..., factors) highest minus lowest graded level over the first axis (0 where none)."""
    given = stack >= 0
    high = np.where(given, stack, -1).max(axis=0)
    low = np.where(given, stack, np.iinfo(np.int64).max).min(axis=0)
    out: np.ndarray = np.where(given.any(axis=0), high - low, 0).astype(np.int64)
    return out


def combine_levels(stack: np.ndarray, rule: str = "median") -> np.ndarray:
    """Combine (partners, ...) level indices (-1 blank) by ``rule``; -1 where no partner graded."""
    if rule not in RULES:
        raise ValueError(f"unknown combining rule {rule!r}; use one of {', '.join(RULES)}")
    stack = np.asarray(stack, dtype=np.int64)
    given = stack >= 0
    count = given.sum(axis=0)
    if rule == "max":
        out = stack.max(axis=0)
    elif rule == "mean":
        total = np.where(given, stack, 0).sum(axis=0)
        # half up, in whole numbers: floor(total / count + 1/2)
        out = (2 * total + count) // np.maximum(2 * count, 1)
    else:
        big = np.iinfo(np.int64).max
        ordered = np.sort(np.where(given, stack, big), axis=0)
        middle = np.minimum(count // 2, max(len(stack) - 1, 0))  # upper middle for an even count
        out = np.take_along_axis(ordered, middle[None, ...], axis=0)[0]
    result: np.ndarray = np.where(count > 0, out, -1).astype(np.int64)
    return result


def lowest_confidence(given: Sequence[str], levels: Sequence[str]) -> str:
    """The lowest of the confidences given (``levels`` listed highest first; a blank counts as
    the lowest level)."""
    if not levels:
        return ""
    rank = {label: i for i, label in enumerate(levels)}
    return levels[max(rank.get(c, len(levels) - 1) if c else len(levels) - 1 for c in given)]


def combined_notes(notes: Sequence[str]) -> str:
    """The partners' notes for one issue: each distinct note once, in partner name order."""
    return "; ".join(dict.fromkeys(n for n in notes if n))


def with_rule(assessment: DistrictAssessment, rule: str) -> DistrictAssessment:
    """The assessment with its partners' grades combined by ``rule`` (unchanged without
    partners, or when that rule already applies)."""
    partnership = assessment.partnership
    if partnership is None or partnership.rule == rule:
        if rule not in RULES:
            raise ValueError(f"unknown combining rule {rule!r}")
        return assessment
    levels = combine_levels(partnership.stack, rule)
    return replace(assessment, levels=levels, partnership=replace(partnership, rule=rule))
