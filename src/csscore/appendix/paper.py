"""The parts of the CSA a committee paper carries beside the scores: the priority leads, the
links to plans, Appendix C (horizon scanning) and the assessment year on each appendix title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csscore.appendix.model import Section
from csscore.model.horizon import PESTELO
from csscore.views.table import Table

if TYPE_CHECKING:
    from csscore.county.aggregate import County
    from csscore.model.csa import Csa
    from csscore.model.horizon import Horizon
    from csscore.model.matrix import Matrix

NOT_ASSESSED = "on the horizon, not assessed"
#: The committee's method note on a county whose manifest says ``illustrative = true``.
ILLUSTRATIVE_NOTE = "The district gradings are illustrative: the county's manifest says so."


def matrix_note(matrix: Matrix, default: bool) -> str:
    """The method note on the matrix's values: csscore's documented defaults when ``matrix`` is
    the default one, else the matrix used, named."""
    from csscore.defaults import DEFAULT_MATRIX

    if default:
        return (
            f"The values of the default matrix ({matrix.name} {matrix.version}) are csscore's documented "
            "defaults; the official NPCC MoRiLE values are not public."
        )
    return (
        f"The matrix used is {matrix.title} ({matrix.name} {matrix.version}), not csscore's default "
        f"({DEFAULT_MATRIX}); its values are those of its matrix file."
    )


def titled(csa: Csa, letter: str, title: str) -> str:
    """'Appendix A: Strategic Assessments (2017-18)': the year where the CSA gives one."""
    year = csa.year(letter)
    return f"Appendix {letter}: {title}" + (f" ({year})" if year else "")


def leads_section(csa: Csa) -> Section | None:
    """Section 7 of the CSA: each priority and its lead officer (None when no lead is given)."""
    if not any(p.lead for p in csa.priorities):
        return None
    rows = tuple((p.name, p.lead or "(not named)") for p in csa.priorities)
    table = Table("Priority leads", ("Priority", "Lead"), rows, key="leads")
    return Section("leads", "Leads", (csa.leads_text,) if csa.leads_text else (), (table,))


def links_section(csa: Csa) -> Section | None:
    """Section 8 of the CSA: the plans and strategies its priorities link to."""
    if not csa.links:
        return None
    paragraphs = (csa.links_text,) if csa.links_text else ()
    return Section("links", "Links to Plans", paragraphs, bullets=csa.links)


def graded_issues(county: County) -> dict[str, int]:
    """Vocabulary issue id -> how many districts graded it."""
    from csscore.county.aggregate import issue_keys

    counts: dict[str, int] = {}
    for scored in county.districts:
        for key in set(issue_keys(scored, county.csa)):
            counts[key] = counts.get(key, 0) + 1
    return counts


def horizon_section(horizon: Horizon, county: County) -> Section:
    """Appendix C: the items under each PESTELO heading as the county wrote them, and a table of
    the items linked to issues, each issue no district graded flagged "on the horizon, not
    assessed" (an item none of whose issues was graded: the item)."""
    csa = county.csa
    graded = graded_issues(county)
    label = csa.vocabulary.display_name
    subsections = tuple(
        Section(
            f"appendix-c-{i}",
            heading,
            (horizon.lead_in(heading),) if horizon.lead_in(heading) else (),
            bullets=tuple(item.text for item in horizon.under(heading)),
        )
        for i, heading in enumerate(PESTELO, start=1)
        if horizon.under(heading) or horizon.lead_in(heading)
    )
    rows = []
    for item in horizon.items:
        if not item.issues:
            continue
        status = (
            NOT_ASSESSED
            if not any(graded.get(i) for i in item.issues)
            else "; ".join(
                f"{label(i)}: graded by {graded[i]} of {len(county.districts)}"
                if graded.get(i)
                else f"{label(i)}: {NOT_ASSESSED}"
                for i in item.issues
            )
        )
        rows.append((item.heading, item.text, ", ".join(label(i) for i in item.issues), status))
    not_assessed = sum(1 for row in rows if NOT_ASSESSED in row[3])
    table = Table(
        "Horizon items and the district assessments",
        ("Heading", "Item", "Issues", "Assessed"),
        tuple(rows),
        (
            f'An issue no district graded reads "{NOT_ASSESSED}" ({not_assessed} of {len(rows)} items link one): '
            "the strategic assessments did not score it.",
            f"Links from items to issues are data in {horizon.file}.",
        ),
        key="horizon",
    )
    linked = Section("appendix-c-linked", "Items linked to issues", (), (table,))
    if rows:
        subsections = (*subsections, linked)
    intro = (horizon.introduction,) if horizon.introduction else ()
    heading = f"Appendix C: {horizon.title}" + (
        f" ({horizon.year or csa.year('C')})" if horizon.year or csa.year("C") else ""
    )
    return Section("appendix-c", heading, intro, subsections=subsections)


def other_focus_areas(csa: Csa) -> tuple[str, ...]:
    """Appendix A's line under its table: the themes the CSA names without a count."""
    if not any(t.printed_count is not None for t in csa.appendix_themes):
        return ()
    return tuple(
        f"{t.name} identified by districts include: {t.including}"
        for t in csa.appendix_themes
        if t.printed_count is None and t.including
    )
