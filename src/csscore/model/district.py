"""A district and its graded issues: ``levels[i, f]`` is the level index of factor f for issue i.
Read and validated by :mod:`csscore.config.district`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csscore.model.matrix import Matrix
from csscore.model.partners import Partnership
from csscore.model.text import issue_key


@dataclass(frozen=True)
class District:
    """Who an assessment belongs to (from the folder's districts.toml, or the file name)."""

    id: str
    name: str
    csp: str
    population: float | None = None
    year: str = ""
    in_csa: bool = True


@dataclass(frozen=True, eq=False)
class DistrictAssessment:
    """One district's graded issues: ``levels[i, f]`` is the level index of factor f for issue i."""

    district: District
    source: str
    sha256: str
    matrix: Matrix
    issues: tuple[str, ...]
    levels: np.ndarray
    confidence: tuple[str, ...]
    selected: tuple[bool, ...]
    notes: tuple[str, ...]
    rows: tuple[int, ...]
    partnership: Partnership | None = None  # several partners' grades, combined into levels
    file: str = ""  # the file read as provenance names it, if not ``source`` (a lone workbook)

    @property
    def input_name(self) -> str:
        """The file read, as provenance names it beside ``sha256``: ``source`` without the sheet
        of a workbook holding one district."""
        return self.file or self.source

    @property
    def values(self) -> np.ndarray:
        """Numeric value of each grade, shape (issues, factors)."""
        columns = np.arange(len(self.matrix.factors))
        values: np.ndarray = self.matrix.value_table[columns, self.levels]
        return values

    def index(self, issue: str) -> int | None:
        """Row index of an issue by name (case, spacing and look-alike tolerant)."""
        key = issue_key(issue)
        return next((i for i, name in enumerate(self.issues) if issue_key(name) == key), None)
