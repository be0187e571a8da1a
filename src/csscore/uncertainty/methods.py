"""One district scored by several matrices side by side: each method's ranking, Kendall's tau-b
between the methods, and the issues whose rank moves most.

Matrices may grade different factors (``risk-5x5`` grades impact and likelihood, ``morile-csp``
eight harm and likelihood factors). A file compared across matrices carries the factor columns of
every one of them; each matrix is validated on its own view of the file: ``issue``, its own
factors and the optional columns. A column that is a factor of none of the matrices is refused as
unknown, and a file that lacks a matrix's factors is refused naming the missing columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from csscore.config.district import LIVE, OPTIONAL_COLUMNS, build_assessment
from csscore.config.tables import RawTable, read_table
from csscore.county.ranking import tau_matrix
from csscore.errors import InputError, Problem, did_you_mean
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix, normalise_label
from csscore.scoring.score import ScoredDistrict, score_district


@dataclass(frozen=True, eq=False)
class MethodComparison:
    """A district ranked by each method; arrays are per method x issue (file order)."""

    district: District
    file: str
    sha256: str
    labels: tuple[str, ...]
    scored: tuple[ScoredDistrict, ...]
    issues: tuple[str, ...]
    ranks: np.ndarray  # (methods, issues)
    tau: np.ndarray  # (methods, methods) Kendall's tau-b

    @property
    def spread(self) -> np.ndarray:
        """How far each issue's rank moves across the methods: largest minus smallest rank."""
        out: np.ndarray = self.ranks.max(axis=0) - self.ranks.min(axis=0)
        return out

    def movers(self) -> list[int]:
        """Issue indices by how far their rank moves, most first (ties by first method's rank)."""
        spread = self.spread
        return sorted(
            (i for i in range(len(self.issues)) if spread[i] > 0),
            key=lambda i: (-spread[i], self.ranks[0, i], self.issues[i].casefold()),
        )


def method_labels(matrices: Sequence[Matrix], refs: Sequence[str]) -> tuple[str, ...]:
    """Each matrix's name, or the reference given where two matrices share a name."""
    names = [m.name for m in matrices]
    labels = [n if names.count(n) == 1 else r for n, r in zip(names, refs, strict=True)]
    for label in labels:
        if labels.count(label) > 1:
            raise InputError.at(label, "matrix given twice; compare different matrices")
    return tuple(labels)


def split_table(
    table: RawTable, matrices: Sequence[Matrix], district: District
) -> list[DistrictAssessment]:
    """Validate one file against every matrix, each on its own columns; raise listing problems."""
    file = table.file
    header = [h.strip().casefold() for h in table.header]
    factors = {f for m in matrices for f in m.factor_ids}
    known = ("issue", *sorted(factors), *OPTIONAL_COLUMNS)
    names = ", ".join(m.name for m in matrices)
    problems: list[Problem] = []
    live = [normalise_label(h) in LIVE and h not in known for h in header]
    for i, name in enumerate(header):
        if name and name not in known and not live[i]:
            label = table.header[i]
            hint = did_you_mean(name, known)
            problems.append(
                Problem(file, f"unknown column {label!r}{hint}: not a factor of {names}", 1, label)
            )
    for m in matrices:
        missing = [f for f in m.factor_ids if f not in header]
        if missing:
            problems.append(
                Problem(
                    file,
                    f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)} for matrix "
                    f"{m.name}: to compare methods the file needs every compared matrix's factor columns",
                    1,
                )
            )
    for number, cells in table.rows:
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file, f"row has {len(cells)} cells but the header has {len(header)}", number
                )
            )
    if problems:
        raise InputError(problems)
    out = []
    for m in matrices:
        wanted = {"issue", *m.factor_ids, *OPTIONAL_COLUMNS}
        keep = [i for i, name in enumerate(header) if (name in wanted or not name) and not live[i]]
        view = RawTable(
            file,
            tuple(table.header[i] for i in keep),
            tuple((n, tuple(cells[i] for i in keep)) for n, cells in table.rows),
            table.sha256,
        )
        assessment, found = build_assessment(view, m, district)
        problems += [p for p in found if p not in problems]
        if assessment is not None:
            out.append(assessment)
    if problems:
        raise InputError(problems)
    return out


def compare_assessments(
    assessments: Sequence[DistrictAssessment], labels: Sequence[str]
) -> MethodComparison:
    """Rank one district's issues by each method and measure their agreement."""
    scored = tuple(score_district(a) for a in assessments)
    first = assessments[0]
    ranks = np.array([s.rank for s in scored], dtype=float)
    return MethodComparison(
        first.district, first.source, first.sha256, tuple(labels), scored, first.issues,
        ranks.astype(np.int64), tau_matrix(ranks),
    )  # fmt: skip


def compare_methods(
    path: Path,
    matrices: Sequence[Matrix],
    refs: Sequence[str],
    district: District,
    display: str | None = None,
) -> MethodComparison:
    """Read one district file and compare its rankings under each matrix."""
    labels = method_labels(matrices, refs)
    table = read_table(path, display, matrices[0] if matrices else None)
    return compare_assessments(split_table(table, matrices, district), labels)
