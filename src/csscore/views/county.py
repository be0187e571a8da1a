"""What ``aggregate`` shows: Appendix A counts, Appendix B top issues, the county ranking, the
districts' agreement and the proposed county set, as tables or as the documented JSON."""

from __future__ import annotations

import math
from dataclasses import replace

from csscore.county.aggregate import County
from csscore.county.compare import Comparison, Movement
from csscore.model.numbers import JsonValue
from csscore.views.table import Cell, Table

MAX_TAU_TABLE = 15  # districts; beyond this the pairwise table is summarised


def _measure(value: float | None) -> Cell:
    """A statistic as a number, or 'n/a' where there is none."""
    return "n/a" if value is None or math.isnan(value) else float(value)


def counts_table(county: County) -> Table:
    csa = county.csa
    by_issue = county.by != "theme" or csa.by_issue  # no CSA: each issue its own theme
    what = "Issue" if by_issue else "Theme"
    rows = tuple(
        (c.name, c.detail, c.count, "" if c.printed is None else c.printed, ", ".join(c.districts))
        for c in county.counts
    )
    has_printed = any(c.printed is not None for c in county.counts)
    columns = (what, "Including", "CSPs", f"Printed in {csa.name}", "Districts")
    keep = [0, 1, 2, 3, 4] if has_printed else [0, 1, 2, 4]
    if by_issue:
        keep = [0, 2, 4]
    notes = [
        f"Number of the {len(county.csps)} CSPs identifying each {what.lower()} either as a main priority, "
        "cross-cutting theme or as an issue within a broader theme; a CSP counts once however many of its "
        "districts or issues fall there.",
        "Identified: the issues a district marks selected, or its top "
        f"{county.top} by risk where it marks none.",
    ]
    if county.excluded:
        notes.append("Not part of this agreement: " + ", ".join(county.excluded) + ".")
    if county.unclassified:
        notes.append(
            f"{'Unclassified'}: issues no theme covers: " + ", ".join(county.unclassified) + "."
        )
    return Table(
        f"Appendix A: strategic assessments: {csa.title}"
        + (f", {csa.edition}" if csa.edition else ""),
        tuple(columns[i] for i in keep),
        tuple(tuple(r[i] for i in keep) for r in rows),
        tuple(notes),
    )


def top_issues_table(county: County, first_note: str | None = None) -> Table:
    """Appendix B: the issues in any district's top N, with the districts; ``first_note``
    replaces the note saying what the table lists."""
    rows = tuple((c.name, c.count, ", ".join(c.districts)) for c in county.top_issues)
    notes = [
        first_note
        or f"Issues in the top {county.top} by risk of at least one of the "
        f"{len(county.districts)} districts ({len(county.top_issues)} issues)."
    ]
    if county.csa.groupings:
        notes.append("Broader headings the CSA suggests: " + ", ".join(county.csa.groupings) + ".")
    return Table(
        f"Appendix B: issues in any district's top {county.top}",
        ("Issue", "Districts", "Which"),
        rows,
        tuple(notes),
    )


def ranking_table(county: County) -> Table:
    weighted = any(r.weighted_risk is not None for r in county.ranking)
    rows = []
    for r in county.ranking:
        row: list[Cell] = [r.rank, r.name, r.borda, round(r.mean_rank, 2), r.median_rank]
        if weighted:
            row.append(None if r.weighted_risk is None else round(r.weighted_risk, 3))
        row += [r.copeland, r.kemeny, r.graded_by]
        rows.append(tuple(row))
    columns = ["Rank", "Issue", "Borda", "Mean rank", "Median rank"]
    if weighted:
        columns.append("Weighted risk")
    columns += ["Copeland", "Kemeny", "Graded by"]
    k = county.kemeny
    notes = [
        "Rank: by Borda points (a point for each issue a district ranks below, half for each tie).",
        "Weighted risk: population-weighted mean of risk scaled to 0-1 by the matrix's range."
        if weighted
        else county.population_note,
        "Copeland: pairwise wins minus losses across districts.",
        f"Kemeny: position in the order with fewest pairwise disagreements ({k.cost}); {k.method}."
        if k.exact
        else f"Kemeny: position in the best order found ({k.cost} pairwise disagreements), "
        f"not proven exact: {k.method}.",
    ]
    return Table("County ranking", tuple(columns), tuple(rows), tuple(n for n in notes if n))


def agreement_tables(county: County) -> list[Table]:
    c = county.concordance
    summary = Table(
        "Agreement between districts",
        ("Measure", "Value"),
        (
            ("Kendall's W", _measure(c.kendall_w)),
            ("Friedman chi-square", _measure(c.chi2)),
            ("Friedman p-value", _measure(c.p_value)),
            ("Districts", c.districts),
            ("Issues graded by every district", c.issues),
        ),
        (
            (
                "W runs from 0 (no agreement) to 1 (identical rankings)."
                + (f" {c.note}." if c.note else "")
            ),
        ),
        row_kinds=("fixed3", "fixed2", "pvalue", "integer", "integer"),
    )
    names = [s.assessment.district.name for s in county.districts]
    order = sorted(
        range(len(names)), key=lambda i: (_nan_last(float(county.tau_to_county[i])), names[i])
    )
    distance = Table(
        "Distance from the county ranking",
        ("District", "Kendall's tau with county"),
        tuple((names[i], _measure(county.tau_to_county[i])) for i in order),
        (
            "Furthest first: a low tau means the district's ranking differs most from the county's.",
            *(
                ()
                if len(names) <= MAX_TAU_TABLE
                else (
                    f"The table of Kendall's tau between every pair of districts is shown for up "
                    f"to {MAX_TAU_TABLE} districts, a size a reader can use; for these "
                    f"{len(names)}, csscore aggregate --format json gives it (tau.matrix).",
                )
            ),
        ),
        kinds=("", "fixed2"),
    )
    tables = [summary, distance]
    if len(names) <= MAX_TAU_TABLE:
        tables.append(
            Table(
                "Pairwise Kendall's tau between districts",
                ("District", *names),  # whole names: a heading wraps, never cut
                tuple((names[i], *(_measure(v) for v in county.tau[i])) for i in range(len(names))),
                kinds=("", *("fixed2" for _ in names)),
            )
        )
    return tables


def _nan_last(value: float) -> float:
    return math.inf if math.isnan(value) else value


def proposal_table(county: County) -> Table:
    verdicts = {"agree": "in the CSA", "add": "data would add", "drop": "data would drop"}
    rows = tuple(
        (p.name, p.count, p.share, verdicts[p.verdict], "; ".join(p.declared))
        for p in county.proposed
    )
    what = "issues" if county.csa.by_issue else "themes"
    return Table(
        f"Proposed county set: {what} identified by at least {county.share:.0%} of CSPs",
        ("Theme or CSA item", "CSPs", "Share", "Verdict", "CSA priorities and themes it meets"),
        rows,
        (
            "A theme meets a CSA priority or cross-cutting theme when they cover an issue in common.",
        ),
        kinds=("", "integer", "percent", "", ""),
    )


TABLE_KEYS = (
    "appendix-a",
    "appendix-b",
    "county-ranking",
    "agreement",
    "distance-from-county",
    "pairwise-tau",
)


def county_tables(county: County) -> list[Table]:
    """Every table of the county picture, each with its key (see TABLE_KEYS and 'proposed-set')."""
    tables = [
        counts_table(county),
        top_issues_table(county),
        ranking_table(county),
        *agreement_tables(county),
    ]
    keyed = [replace(t, key=k) for t, k in zip(tables, TABLE_KEYS, strict=False)]
    if county.proposed:
        keyed.append(replace(proposal_table(county), key="proposed-set"))
    return keyed


AGGREGATE_TABLES = ("all", "counts", "top", "ranking", "agreement", "proposed")
CHOSEN_KEYS = {
    "counts": ("appendix-a",),
    "top": ("appendix-b",),
    "ranking": ("county-ranking",),
    "agreement": ("agreement", "distance-from-county", "pairwise-tau"),
    "proposed": ("proposed-set",),
}


def chosen_tables(county: County, table: str = "all", single: bool = False) -> list[Table]:
    """The county tables ``csscore aggregate --table`` names (one of AGGREGATE_TABLES); with
    ``single`` (CSV prints one table) only the first of them, and counts for "all"."""
    tables = county_tables(county)
    if table == "all" and single:
        table = "counts"
    if table != "all":
        tables = [t for t in tables if t.key in CHOSEN_KEYS[table]]
        if single:
            tables = tables[:1]
    return tables


def county_json(county: County) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore aggregate`` (the county's ``as_dict``)."""
    return county.as_dict()


def comparison_tables(comparison: Comparison, changed_only: bool = True) -> list[Table]:
    """Year-on-year tables: district movements, county movements, themes entered and left."""

    def arrow(move: int | None) -> str:
        if move is None:
            return ""
        return f"up {move}" if move > 0 else (f"down {-move}" if move < 0 else "same")

    rows = [m for m in comparison.districts if m.changed or not changed_only]
    notes = ["Only issues whose rank or band changed are listed." if changed_only else ""]
    if comparison.only_old:
        notes.append("Only in the earlier year: " + ", ".join(comparison.only_old) + ".")
    if comparison.only_new:
        notes.append("Only in the later year: " + ", ".join(comparison.only_new) + ".")
    district = Table(
        "Movement by district",
        ("District", "Issue", "Was", "Now", "Move", "Band was", "Band now"),
        tuple(
            (
                m.district,
                m.issue,
                m.old_rank,
                m.new_rank,
                arrow(m.move) if m.old_rank and m.new_rank else "graded one year only",
                m.old_band,
                m.new_band,
            )
            for m in rows
        ),
        tuple(n for n in notes if n),
    )
    county = Table(
        "Movement in the county ranking (Borda)",
        ("Issue", "Was", "Now", "Move"),
        tuple(
            (
                m.issue,
                m.old_rank,
                m.new_rank,
                arrow(m.move) if m.old_rank and m.new_rank else "one year only",
            )
            for m in comparison.county
        ),
    )
    themes = Table(
        "Themes entering and leaving each CSP's identified set",
        ("CSP", "Entered", "Left"),
        tuple((t.csp, ", ".join(t.entered), ", ".join(t.left)) for t in comparison.themes),
    )
    return [district, county, themes]


def comparison_json(comparison: Comparison) -> dict[str, JsonValue]:
    def row(m: Movement) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {
            "issue": m.issue,
            "old_rank": m.old_rank,
            "new_rank": m.new_rank,
            "move": m.move,
        }
        if m.district:
            out = {
                "district": m.district,
                **out,
                "old_band": m.old_band or None,
                "new_band": m.new_band or None,
            }
        return out

    return {
        "districts": [row(m) for m in comparison.districts],
        "county": [row(m) for m in comparison.county],
        "themes": [
            {"csp": t.csp, "entered": list(t.entered), "left": list(t.left)}
            for t in comparison.themes
        ],
        "only_old": list(comparison.only_old),
        "only_new": list(comparison.only_new),
    }
