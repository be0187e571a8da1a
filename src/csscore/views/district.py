"""What ``score`` and ``explain`` show: a district's ranked table, its JSON, and one issue's working."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csscore.model.matrix import Matrix, fmt_number
from csscore.model.numbers import JsonValue
from csscore.scoring.score import RankedColumns, ScoredDistrict, ScoredIssue
from csscore.views.table import Cell, ColumnRows, Table, number

SCORE_COLUMNS = (
    "rank",
    "issue",
    "harm",
    "likelihood",
    "risk",
    "band",
    "position",
    "grade",
    "gap",
    "confidence",
    "selected",
)


def band_legend(matrix: Matrix) -> str:
    """'Band: high >= 100, medium >= 50, low below.'"""
    bands = list(reversed(matrix.bands))
    parts = [f"{b.label} >= {fmt_number(b.min)}" for b in bands[:-1]]
    return "Band: " + ", ".join([*parts, f"{bands[-1].label} below"]) + "."


def grade_legend(matrix: Matrix) -> str:
    """'Grade: A well placed (position 0-1), ...'"""
    if not matrix.grades:
        return ""
    return (
        "Grade: "
        + "; ".join(
            f"{g.label} {g.description or '>= ' + fmt_number(g.min)}" for g in matrix.grades
        )
        + "."
    )


def legend_notes(matrix: Matrix) -> tuple[str, ...]:
    """The lines printed under a ranked table so it reads without the docs."""
    notes = [
        "Risk = harm x likelihood. Ranked by risk, then harm, then likelihood; equal issues share a rank.",
        band_legend(matrix),
    ]
    if matrix.grades:
        notes.append(
            grade_legend(matrix)
            + " Position = "
            + " + ".join(f.id for f in matrix.factors if f.section == "position")
            + "."
        )
        if matrix.gap_bands:
            notes.append(
                f"Gap: band {'/'.join(sorted(matrix.gap_bands))} and grade {'/'.join(sorted(matrix.gap_grades))}"
                " (high risk the partnership is poorly placed to tackle)."
            )
    notes.append("Selected: the partnership's locally agreed priority.")
    return tuple(notes)


def score_table(
    scored: ScoredDistrict, top: int | None = None, machine: bool = False, with_notes: bool = False
) -> Table:
    """The ranked table of one district; ``machine`` gives plain column keys and yes/no flags;
    ``with_notes`` (shown tables only) the partners' notes, the rationale, as its last column."""
    m = scored.matrix
    if machine:
        rows = scored.ranked(top)
        body = tuple(
            (
                r.rank,
                r.issue,
                r.harm,
                r.likelihood,
                r.risk,
                r.band,
                r.position,
                r.grade or "",
                r.gap,
                r.confidence,
                r.selected,
                *(() if r.contested is None else (r.contested,)),
            )
            for r in rows
        )
        partnered = scored.assessment.partnership is not None
        return Table("", (*SCORE_COLUMNS, *(("contested",) if partnered else ())), body)
    name = scored.assessment.district.name
    ranked = scored.columns(top)
    shown = (
        f"top {top} of {len(scored.assessment.issues)}"
        if top is not None
        else f"{len(ranked.rank)}"
    )
    title = f"{name}: {shown} issues scored with {m.name} {m.version}"
    harm, likelihood = (m.section(k) for k in ("harm", "likelihood"))
    columns: tuple[str, ...] = (
        "Rank",
        "Issue",
        harm.label if harm else "Harm",
        likelihood.label if likelihood else "Likelihood",
        "Risk",
        "Band",
        "Position",
        "Grade",
        "Gap",
        "Confidence",
        "Selected",
    )
    notes = legend_notes(m)
    partnership = scored.assessment.partnership
    if partnership is not None:
        from csscore.views.agreement import contested_note

        columns = (*columns, "Contested")
        notes = (*notes, contested_note(partnership))
    cells = _cells(ranked, partnership is not None)
    if not m.has_position:
        keep = [i for i, c in enumerate(columns) if c not in ("Position", "Grade", "Gap")]
        columns, cells = tuple(columns[i] for i in keep), [cells[i] for i in keep]
    if with_notes:
        columns, cells = (*columns, "Notes"), [*cells, ranked.notes]
    return Table(title, columns, ColumnRows(cells), notes)


def _cells(c: RankedColumns, contested: bool) -> list[Sequence[Cell]]:
    """The shown table's columns, a sequence per column: flags as "GAP" and "yes" or blank, no
    grade as blank."""
    cells: list[Sequence[Cell]] = [
        c.rank, c.issue, c.harm, c.likelihood, c.risk, c.band, c.position,
        [g or "" for g in c.grade], ["GAP" if g else "" for g in c.gap], c.confidence,
        ["yes" if s else "" for s in c.selected],
    ]  # fmt: skip
    if contested:
        cells.append(["yes" if x else "" for x in c.contested])
    return cells


def score_json(scored: ScoredDistrict, top: int | None = None) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore score`` (the district's ``as_dict``)."""
    return scored.as_dict(top)


def explain_issue(scored: ScoredDistrict, issue: str, file: str) -> list[Table]:
    """:func:`explain` for the issue named (as the file spells it, folded), or an error naming
    the nearest issue of the file."""
    index = scored.assessment.index(issue)
    if index is None:
        from csscore.errors import CsscoreError, did_you_mean

        hint = did_you_mean(issue, scored.assessment.issues)
        raise CsscoreError.at(file, f"no issue {issue!r} in this file{hint}", column="issue")
    return explain(scored, index)


def explain(scored: ScoredDistrict, index: int) -> list[Table]:
    """One issue's grades, values and contributions, and why it sits at its rank."""
    m, a = scored.matrix, scored.assessment
    r = scored.issue(index)
    values = a.values[index]
    adds = _contributions(m, values)
    other = {"harm": r.likelihood, "likelihood": r.harm}
    factor_rows = []
    for f_index, factor in enumerate(m.factors):
        level = m.scale(factor.scale).levels[int(a.levels[index, f_index])]
        section = m.section(factor.section)
        weight = factor.weight if section and section.combine == "weighted_sum" else None
        add = adds[f_index]
        share = None if add is None or factor.section not in other else add * other[factor.section]
        factor_rows.append(
            (
                section.label if section else factor.section,
                factor.label,
                level.label,
                float(values[f_index]),
                weight,
                add,
                share,
            )
        )
    combine = {s.id: s.combine for s in m.sections}
    summary = [
        ("Harm", number(r.harm), f"{combine['harm'].replace('_', ' ')} of the harm factors"),
        (
            "Likelihood",
            number(r.likelihood),
            f"{combine['likelihood'].replace('_', ' ')} of the likelihood factors",
        ),
        ("Risk", number(r.risk), f"harm x likelihood = {number(r.harm)} x {number(r.likelihood)}"),
        ("Band", r.band, band_legend(m)),
    ]
    if r.position is not None:
        summary += [
            (
                "Position",
                number(r.position),
                f"{combine['position'].replace('_', ' ')} of capacity and capability factors",
            ),
            ("Grade", r.grade or "", grade_legend(m)),
            (
                "Gap",
                "yes" if r.gap else "no",
                "high risk and poorly placed" if r.gap else "not both high risk and poorly placed",
            ),
        ]
    summary += [
        ("Confidence", r.confidence or "(not recorded)", ""),
        ("Rank", f"{r.rank} of {len(a.issues)}", ""),
    ]
    head = f"{r.issue} in {a.district.name} ({m.name} {m.version})"
    return [
        Table(
            head,
            ("Section", "Factor", "Grade", "Value", "Weight", "Contribution", "Risk share"),
            tuple(factor_rows),
            (
                "Contribution: what the factor adds to its section's score (harm, likelihood or"
                " position).",
                "Risk share: contribution x the other section's score (harm factors x likelihood,"
                " likelihood factors x harm); each section's shares add up to the risk.",
            ),
        ),
        Table("Scores", ("Measure", "Value", "How"), tuple(summary)),
        Table(
            "Why this rank",
            ("Neighbour", "Rank", "Risk", "Harm", "Likelihood", "Decided by"),
            _neighbours(scored, index),
        ),
        Table("Notes", ("The partners' rationale",), _note_lines(r.notes)),
        *_partner_tables(scored, index),
    ]


def _partner_tables(scored: ScoredDistrict, index: int) -> list[Table]:
    """Each partner's grades beside the combined ones, for a district graded by partners."""
    if scored.assessment.partnership is None:
        return []
    from csscore.views.agreement import partner_grades

    return partner_grades(scored.assessment, index)


def _note_lines(notes: str) -> tuple[tuple[Cell, ...], ...]:
    """The issue's notes, wrapped for a terminal; '(none recorded)' where it has none."""
    import textwrap

    lines = [line for part in notes.splitlines() for line in textwrap.wrap(part, 90) or [""]]
    return tuple((line,) for line in lines) if notes.strip() else (("(none recorded)",),)


def _contributions(matrix: Matrix, values: np.ndarray) -> list[float | None]:
    """What each factor adds to its section's score; None where the rule is not additive."""
    out: list[float | None] = [None] * len(matrix.factors)
    for section in matrix.sections:
        idx = [int(i) for i in matrix.indices(section.id)]
        part = [float(values[i]) for i in idx]
        if section.combine == "sum":
            adds: list[float | None] = list(part)
        elif section.combine == "weighted_sum":
            adds = [v * matrix.factors[i].weight for v, i in zip(part, idx, strict=True)]
        elif section.combine == "max":
            adds = [0.0] * len(part)
            adds[int(np.argmax(part))] = max(part)
        else:  # product: a factor multiplies, it does not add
            adds = [None] * len(part)
        for i, add in zip(idx, adds, strict=True):
            out[i] = add
    return out


def _neighbours(scored: ScoredDistrict, index: int) -> tuple[tuple[Cell, ...], ...]:
    order = [int(i) for i in scored.order]
    pos = order.index(index)
    me = scored.issue(index)
    out = []
    for j in (pos - 1, pos + 1):
        if 0 <= j < len(order):
            other = scored.issue(order[j])
            out.append(
                (
                    other.issue,
                    other.rank,
                    other.risk,
                    other.harm,
                    other.likelihood,
                    _decider(me, other),
                )
            )
    return tuple(out)


def _decider(me: ScoredIssue, other: ScoredIssue) -> str:
    for key in ("risk", "harm", "likelihood"):
        mine, theirs = getattr(me, key), getattr(other, key)
        if mine != theirs:
            higher = "higher" if theirs > mine else "lower"
            return f"{key}: {number(theirs)} is {higher} than {number(mine)}"
    return "equal risk, harm and likelihood: shares the rank, listed alphabetically"
