"""What ``agreement`` shows, and the partners' part of ``score`` and ``explain``."""

from __future__ import annotations

from csscore.model.district import DistrictAssessment
from csscore.model.partners import CONTESTED_SPREAD, Partnership
from csscore.scoring.agreement import AgreementReport, CountyAgreement
from csscore.views.table import Cell, Table

BLANK = "(blank)"


def contested_note(partnership: Partnership) -> str:
    """The line under a partnered district's ranked table."""
    names = ", ".join(partnership.names)
    return (
        f"Grades combined by the {partnership.rule} of {len(partnership.partners)} partners "
        f"({names}). Contested: some factor's levels differ by {CONTESTED_SPREAD} or more "
        "between partners."
    )


def partner_grades(assessment: DistrictAssessment, index: int) -> list[Table]:
    """One issue's grades by each partner beside the combined grade, and the partners' notes."""
    partnership = assessment.partnership
    assert partnership is not None
    m = assessment.matrix
    spread = partnership.spread[index]
    rows: list[tuple[Cell, ...]] = []
    for f, factor in enumerate(m.factors):
        labels = [level.label for level in m.scale(factor.scale).levels]

        def label(level: int, _labels: list[str] = labels) -> str:
            return _labels[level] if level >= 0 else BLANK

        rows.append(
            (
                factor.label,
                *(label(int(p.levels[index, f])) for p in partnership.partners),
                label(int(assessment.levels[index, f])),
                int(spread[f]),
            )
        )
    rows.append(
        (
            "Confidence",
            *(p.confidence[index] or BLANK for p in partnership.partners),
            assessment.confidence[index],
            None,
        )
    )
    rows.append(
        (
            "Selected",
            *(_yes_no(p.selected[index]) for p in partnership.partners),
            "yes" if assessment.selected[index] else "no",
            None,
        )
    )
    contested = "contested" if partnership.contested[index] else "not contested"
    grades = Table(
        f"Each partner's grades ({partnership.rule} combined; {contested})",
        ("Factor", *partnership.names, "Combined", "Spread"),
        tuple(rows),
        (
            "Combined: the median level of the partners who graded the factor (the upper middle "
            "for an even number), or the rule --combine names; confidence: the lowest given, a "
            "blank counting as the lowest.",
            "Spread: highest minus lowest level among the partners.",
        ),
    )
    notes = Table(
        "Each partner's notes",
        ("Partner", "Note"),
        tuple((p.name, p.notes[index] or "(none recorded)") for p in partnership.partners),
    )
    return [grades, notes]


#: How an alpha is shown, in its table and in the prose beside it.
ALPHA_KIND = "fixed3"


def _yes_no(value: bool | None) -> str:
    return BLANK if value is None else "yes" if value else "no"


def agreement_tables(report: AgreementReport) -> list[Table]:
    """A district's alphas (with the reason where one is undefined) and its issues, each with
    every partner's own band."""
    alpha = Table(
        f"{report.district}: agreement of {len(report.partners)} "
        f"partner{'s' * (len(report.partners) != 1)} "
        f"({', '.join(report.partners)})",
        ("Factor", "Krippendorff's alpha", "Note"),
        tuple((key, a.value, a.reason) for key, a in report.alpha),
        (
            "Krippendorff's alpha, ordinal, on the partners' level indices: 1 is full agreement, "
            "0 no more than chance; per factor over the issues, and overall over every issue and "
            "factor.",
        ),
        kinds=("", ALPHA_KIND, ""),
    )
    rows: list[tuple[Cell, ...]] = []
    for issue in report.issues:
        widest = max((s for _, s in issue.spread), default=0)
        wide = ", ".join(f"{f} {s}" for f, s in issue.spread if s >= CONTESTED_SPREAD)
        rows.append((issue.issue, issue.partners, wide, widest, *issue.bands))
    issues = Table(
        f"{report.district}: issues",
        ("Issue", "Partners", "Contested on", "Widest spread", *report.partners),
        tuple(rows),
        (
            f"Contested on: the factors whose levels differ by {CONTESTED_SPREAD} or more between "
            "partners, with that spread; an issue with none is not contested. Widest spread: the "
            "largest difference between partners' levels on any factor.",
            "Each partner's column: the band the partner's own grades give the issue (a factor the "
            "partner left blank takes the combined grade).",
        ),
        key="issues",
    )
    return [alpha, issues]


def county_agreement_tables(county: CountyAgreement) -> list[Table]:
    """Every partnered district's tables, in folder order."""
    out: list[Table] = []
    for report in county.districts:
        out += agreement_tables(report)
    return out
