"""The committee paper: Appendices A to D with the leads, the links to plans, the district top
fives and a short method note; CSPs rather than districts, plain verdicts, and none of the
rank-aggregation statistics or self-check columns of the analysts' appendix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from csscore.appendix.model import Figure, Section
from csscore.appendix.paper import (
    ILLUSTRATIVE_NOTE,
    horizon_section,
    leads_section,
    links_section,
    matrix_note,
    other_focus_areas,
    titled,
)
from csscore.views.committee import (
    committee_counts_table,
    committee_proposal_table,
    committee_top_issues_table,
)
from csscore.views.table import Table

if TYPE_CHECKING:
    from csscore.county.aggregate import County
    from csscore.model.horizon import Horizon


def committee_sections(
    county: County,
    district_tops: Table,
    overlap_sections: Sequence[Section],
    horizon: Horizon | None,
    default_matrix: bool = True,
    illustrative: bool = False,
) -> list[Section]:
    """The sections of the committee paper, in the CSA's order; its method note speaks of the
    default matrix only when ``default_matrix`` (else names the matrix used), and of
    illustrative gradings only when the county's manifest says they are."""
    csa = county.csa
    matrix = county.districts[0].matrix
    counts = committee_counts_table(county)
    notes = (*counts.notes, *other_focus_areas(csa))
    appendix_a = Section(
        "appendix-a",
        titled(csa, "A", "Strategic Assessments"),
        (
            f"Draft outcome of the local strategic assessments of the {len(county.csps)} Community Safety "
            f"Partnerships in {csa.area or 'the county'}: the issues each identified either as a main priority, "
            "cross-cutting theme or as part of a broader theme.",
        ),
        (
            replace(counts, notes=notes),
            *((committee_proposal_table(county),) if county.proposed else ()),
        ),
    )
    appendix_b = Section(
        "appendix-b",
        titled(csa, "B", "MoRiLE Assessment"),
        (
            f"Each of the {len(county.districts)} districts scored its community-safety issues for harm and "
            f"likelihood; risk is harm multiplied by likelihood. The issues below appeared in the top {county.top} "
            "priorities for at least one district.",
        ),
        (committee_top_issues_table(county), district_tops),
        (
            Figure(
                "heatmap",
                "Risk by district and issue",
                "Heat map of risk scores: one row per district, one column per issue; darker is higher risk.",
            ),
        ),
    )
    front = [s for s in (leads_section(csa), links_section(csa)) if s is not None]
    appendix_c = [] if horizon is None or horizon.empty else [horizon_section(horizon, county)]
    method = Section(
        "method",
        "Method",
        (
            f"Each district graded each issue on the {matrix.title} ({matrix.name} {matrix.version}): harm and "
            "likelihood give the risk score, and the partnership's capacity and capability give its position. "
            f"A CSP identifies an issue when one of its districts selected it as a local priority, or, where a "
            f"district selected none, when the issue is in that district's top {county.top} by risk.",
            f"A theme is proposed for the county set when at least {county.share:.0%} of the CSPs identified it.",
            matrix_note(matrix, default_matrix),
            *((ILLUSTRATIVE_NOTE,) if illustrative else ()),
        ),
    )
    plan = [_plain(s) for s in overlap_sections]
    return [*front, appendix_a, appendix_b, *appendix_c, *plan, method]


def _plain(section: Section) -> Section:
    """Appendix D for a committee: its opening paragraph and tables, without the issue-by-issue
    matrix or the note on editing the plan file."""
    from dataclasses import replace

    tables = tuple(t for t in section.tables if t.key != "plan-overlap-matrix")
    return replace(section, paragraphs=section.paragraphs[:1], tables=tables)
