"""The method legend of a matrix: factors, scales, bands and grades as tables."""

from __future__ import annotations

from csscore.model.matrix import Matrix, fmt_number
from csscore.views.table import Table


def legend_tables(matrix: Matrix) -> list[Table]:
    """Tables an analyst needs to grade with, and read the results of, a matrix."""
    sections = {s.id: s for s in matrix.sections}
    factors = Table(
        f"{matrix.name} {matrix.version}: {matrix.title}".strip(),
        ("Section", "Factor", "Column", "Scale", "Weight", "Description"),
        tuple(
            (
                sections[f.section].label,
                f.label,
                f.id,
                matrix.scale(f.scale).label,
                f.weight,
                f.description,
            )
            for f in matrix.factors
        ),
        (
            *tuple(
                f"{s.label} = {s.combine.replace('_', ' ')} of its factors."
                for s in matrix.sections
            ),
            "Risk = harm x likelihood.",
        ),
    )
    scales = Table(
        "Scales",
        ("Scale", "Grade", "Value", "Meaning"),
        tuple(
            (scale.label, level.label, level.value, level.description)
            for scale in matrix.scales
            for level in scale.levels
        ),
        ("A cell may hold the grade (any case; spaces, hyphens, underscores alike) or its value.",),
    )
    low, high = matrix.risk_range()
    bands = Table(
        "Risk bands",
        ("Band", "From risk", "Meaning"),
        tuple((b.label, b.min, b.description) for b in matrix.bands),
        (f"Risk ranges from {fmt_number(low)} to {fmt_number(high)}.",),
    )
    tables = [factors, scales, bands]
    if matrix.grades:
        gap = (
            f"Gap: band {', '.join(sorted(matrix.gap_bands))} with grade {', '.join(sorted(matrix.gap_grades))}."
            if matrix.gap_bands
            else ""
        )
        tables.append(
            Table(
                "Organisational position grades",
                ("Grade", "From position", "Meaning"),
                tuple((g.label, g.min, g.description) for g in matrix.grades),
                (gap,) if gap else (),
            )
        )
    if matrix.perturbations:
        tables.append(
            Table(
                "Confidence (used by sensitivity analysis)",
                ("Confidence", "Chance a grade moves", "Largest move (steps)"),
                tuple((p.confidence, p.p_move, p.max_step) for p in matrix.perturbations),
                kinds=("", "percent", "integer"),
            )
        )
    return tables
