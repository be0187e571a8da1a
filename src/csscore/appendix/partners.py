"""The appendix's partnership section: for each district graded by partners, how far they agree
(Krippendorff's alpha) and which issues they contest; a county list of contested issues; and,
for the HTML report, a partners x issues grid of the bands each partner's own grades give the
contested issues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from csscore.appendix.model import Section
from csscore.scoring.agreement import OVERALL, AgreementReport, agreement_report
from csscore.scoring.score import ScoredDistrict
from csscore.views.agreement import ALPHA_KIND, agreement_tables
from csscore.views.number_format import show
from csscore.views.table import Cell, Table


def _alpha(report: AgreementReport) -> str:
    overall = dict(report.alpha)[OVERALL]
    if overall.value is None:
        return f"overall alpha undefined ({overall.reason})"
    return f"overall Krippendorff's alpha {show(overall.value, ALPHA_KIND)}"


def contested_grid(report: AgreementReport) -> Table | None:
    """Partners x contested issues: the band each partner's own grades give each issue."""
    contested = [i for i in report.issues if i.contested]
    if not contested:
        return None
    rows: list[tuple[Cell, ...]] = [
        (partner, *(issue.bands[p] for issue in contested))
        for p, partner in enumerate(report.partners)
    ]
    return Table(
        f"{report.district}: each partner's band for the contested issues",
        ("Partner", *(i.issue for i in contested)),
        tuple(rows),
        ("The band each partner's own grades give the issue (a blank takes the combined grade).",),
        key="partners-grid",
    )


def partnership_section(districts: Sequence[ScoredDistrict]) -> Section | None:
    """The section, or None when no district was graded by partners."""
    reports = [(s, agreement_report(s.assessment)) for s in districts if s.assessment.partnership]
    if not reports:
        return None
    county_rows: list[tuple[Cell, ...]] = []
    subsections = []
    for scored, report in reports:
        d = scored.assessment.district
        alpha, issues = agreement_tables(report)
        contested = [i for i in report.issues if i.contested]
        for issue in contested:
            widest = max(s for _, s in issue.spread)
            where = ", ".join(f for f, s in issue.spread if s == widest)
            bands = ", ".join(dict.fromkeys(issue.bands))
            county_rows.append((d.name, issue.issue, f"{widest} ({where})", bands))
        names = ", ".join(report.partners)
        text = (
            f"{len(report.partners)} partners graded {d.name} ({names}); {_alpha(report)}. "
            f"{len(contested)} of {len(report.issues)} issues are contested"
            + (": " + ", ".join(i.issue for i in contested) + "." if contested else ".")
        )
        grid = contested_grid(report)
        subsections.append(
            Section(
                f"partners-{d.id}",
                d.name,
                (text,),
                (
                    replace(alpha, key=f"partners-alpha-{d.id}"),
                    replace(issues, key=f"partners-issues-{d.id}"),
                ),
                grids=() if grid is None else (replace(grid, key=f"partners-grid-{d.id}"),),
            )
        )
    county = Table(
        "Contested issues across the county",
        ("District", "Issue", "Widest spread", "Partners' bands"),
        tuple(county_rows),
        (
            "Contested: for some factor the partners' levels differ by 2 or more. Widest spread: "
            "the largest difference and the factors where it occurs.",
        ),
        key="partners-contested",
    )
    return Section(
        "partnership",
        "Partnership agreement",
        (
            "Districts graded by several partners are scored on their combined grades (the median "
            "level of each factor, the upper middle for an even number of partners). Krippendorff's "
            "alpha (ordinal) shows how far the partners agree: 1 is full agreement, 0 no more than "
            "chance.",
        ),
        (county,),
        subsections=tuple(subsections),
    )
