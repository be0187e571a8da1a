"""Appendix D of the CSA appendix: the Police and Crime Plan's priorities, their links with the
CSA's priorities and the gaps both ways, with the two-sided overlap diagram."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from csscore.appendix.model import Figure, Section
from csscore.appendix.paper import titled

if TYPE_CHECKING:
    from csscore.county.aggregate import County
    from csscore.model.plan import Plan
    from csscore.overlap.graph import Overlap

KEYS = (
    "plan-coverage",
    "plan-overlap-matrix",
    "plan-priorities",
    "plan-links",
    "plan-gaps",
    "plan-bridges",
)


def overlap_part(county: County, plan: Plan) -> tuple[list[Section], Overlap]:
    """(sections, overlap) of the appendix, for one plan."""
    from csscore.overlap.graph import districts_of, overlap
    from csscore.views.overlap import overlap_tables

    # The bridging issues (network betweenness) belong to `csscore overlap`; leaving them out
    # here spares the appendix importing networkx.
    result = overlap(county.csa, plan, districts_of(county), with_bridges=False)
    tables = [replace(t, key=k) for t, k in zip(overlap_tables(result), KEYS, strict=False)]
    tables = [t for t in tables if t.key != "plan-bridges"]
    order = (
        "plan-priorities",
        "plan-coverage",
        "plan-links",
        "plan-gaps",
        "plan-overlap-matrix",
        "plan-bridges",
    )
    tables.sort(key=lambda t: order.index(t.key) if t.key in order else len(order))
    title = f"{plan.title}" + (f" ({plan.period})" if plan.period else "")
    section = Section(
        "appendix-d",
        titled(county.csa, "D", "Police and Crime Plan"),
        (
            f"The priorities of {title} and how they meet the Community Safety Agreement's priorities and "
            "cross-cutting themes, through the community-safety issues both cover: the responsible authorities "
            "and the Police and Crime Commissioner must have regard to each other's priorities.",
            "Each plan priority's links to issues are data in the plan file, with the reason for each; review "
            "them in config/plans/ or give your own file with --plan.",
        ),
        tuple(tables),
        (
            Figure(
                "overlap",
                "CSA priorities and Police and Crime Plan priorities",
                "Diagram with the CSA's priorities and cross-cutting themes on the left and the plan's priorities on "
                "the right, joined by lines whose width is the number of issues they share; gaps are outlined in red.",
            ),
        ),
    )
    return [section], result
