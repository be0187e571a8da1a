"""Tables for the committee paper: Community Safety Partnerships rather than districts, plain
verdicts, and none of the analysts' statistics or self-check columns."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from csscore.views.county import top_issues_table
from csscore.views.table import Table

if TYPE_CHECKING:
    from csscore.county.aggregate import County

MEETS = "meets the {share} threshold"
BELOW = "below the threshold"


def csp_note(county: County) -> str:
    """'CSPs and their districts: Ashford CSP (Ashford); Dartford and Gravesham CSP (Dartford, Gravesham); ...'"""
    members: dict[str, list[str]] = {}
    for scored in county.districts:
        district = scored.assessment.district
        members.setdefault(district.csp, []).append(district.name)
    parts = [f"{csp} ({', '.join(names)})" for csp, names in sorted(members.items())]
    return "CSPs and their districts: " + "; ".join(parts) + "."


def committee_counts_table(county: County) -> Table:
    """Appendix A: each theme, how many CSPs identified it, and which."""
    csa = county.csa
    rows = tuple((c.name, c.detail, c.count, ", ".join(c.csps)) for c in county.counts)
    notes = [
        f"Number of the {len(county.csps)} Community Safety Partnerships (CSPs) identifying each theme "
        "either as a main priority, cross-cutting theme or as an issue within a broader theme.",
        csp_note(county),
    ]
    if county.excluded:
        notes.append("Not part of this agreement: " + ", ".join(county.excluded) + ".")
    return Table(
        f"Appendix A: strategic assessments: {csa.title}",
        ("Theme", "Including", "CSPs", "Which CSPs"),
        rows,
        tuple(notes),
        key="appendix-a",
    )


def committee_proposal_table(county: County) -> Table:
    """The proposed county set with its verdicts in words a committee reads."""
    share = f"{county.share:.0%}"
    meets = MEETS.format(share=share)
    rows = []
    for p in county.proposed:
        verdict = meets if p.verdict in ("agree", "add") else BELOW
        in_csa = "yes" if p.declared else "no"
        rows.append((p.name, p.count, p.share, verdict, in_csa, "; ".join(p.declared)))
    return Table(
        f"Themes identified by at least {share} of CSPs",
        ("Theme or CSA item", "CSPs", "Share", "Verdict", "In the CSA", "CSA priorities it meets"),
        tuple(rows),
        (
            f"A theme {meets} when at least {share} of the {len(county.csps)} CSPs identified it.",
            "A theme meets a CSA priority or cross-cutting theme when they cover an issue in common.",
        ),
        key="proposed-set",
        kinds=("", "integer", "percent", "", "", ""),
    )


def committee_top_issues_table(county: County) -> Table:
    """Appendix B: the issues in any district's top N, with the districts."""
    note = (
        f"Issues in the top {county.top} of at least one of the {len(county.districts)} districts."
    )
    return replace(top_issues_table(county, note), key="appendix-b")
