"""What ``overlap`` shows: the overlap matrix, the links, gaps both ways, coverage and bridging
issues for one plan, or two plans side by side; as tables or as the documented JSON."""

from __future__ import annotations

from csscore import __version__
from csscore.model.csa import Csa, CsaItem
from csscore.model.numbers import JsonValue
from csscore.model.plan import PLAN_KINDS, Plan
from csscore.overlap.graph import Overlap, PlanDiff
from csscore.views.number_format import percent
from csscore.views.table import Cell, Table, json_number

BRIDGES_SHOWN = 10


def _pct(share: float) -> str:
    return percent(share)


def _issues(issues: tuple[str, ...], csa: Csa) -> str:
    return ", ".join(csa.vocabulary.display_name(i) for i in issues)


def _item_name(item: CsaItem) -> str:
    return item.name if item.kind == "priority" else f"{item.name} (cross-cutting)"


def _subject(o: Overlap) -> str:
    edition = f", {o.csa.edition}" if o.csa.edition else ""
    return f"{o.csa.title}{edition} and {o.plan.label}"


def matrix_table(o: Overlap) -> Table:
    """CSA items down, plan priorities (by id) across; a cell is the number of shared issues."""
    rows: list[tuple[Cell, ...]] = []
    for item, counts in zip(o.rows, o.matrix, strict=True):
        rows.append((_item_name(item), *(c or "" for c in counts), sum(counts)))
    return Table(
        "Overlap matrix: CSA items x plan priorities (shared issues)",
        ("CSA", *(p.id for p in o.columns), "Total"),
        tuple(rows),
        (
            "Cells: the number of issues a CSA item and a plan priority both cover; blank: none.",
            "Plan priorities with no issue links are left out: "
            + (", ".join(p.id for p in o.plan.priorities if not p.covers) or "none")
            + ".",
        ),
        ("left", *("right" for _ in o.columns), "right"),
    )


def plan_key_table(plan: Plan, csa: Csa) -> Table:
    rows = tuple(
        (p.id, PLAN_KINDS.get(p.kind, p.kind), p.text, _issues(p.covers, csa) or "(none)")
        for p in plan.priorities
    )
    return Table(f"Plan priorities: {plan.label}", ("Id", "Kind", "Priority", "Issues"), rows)


def links_table(o: Overlap) -> Table:
    items = {item.id: item for item in o.rows}
    rows = tuple(
        (
            _item_name(items[k.csa]),
            k.plan,
            o.plan.get(k.plan).text,
            k.weight,
            _issues(k.issues, o.csa),
        )
        for k in o.links
    )
    return Table(
        "Links, heaviest first",
        ("CSA", "Plan", "Plan priority", "Shared", "Issues"),
        rows,
        ("Shared: the number of issues both cover (the link's weight in the graph).",),
    )


def gaps_table(o: Overlap) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for item in o.csa_gaps:
        rows.append(("CSA item with no plan link", _item_name(item), _issues(item.covers, o.csa)))
    for p in o.plan_gaps:
        rows.append(
            ("Plan priority no CSA item covers", f"{p.id}: {p.text}", _issues(p.covers, o.csa))
        )
    gaps = {p.id for p in o.plan_gaps}
    for p, issues in o.outside:
        if p.id not in gaps:
            rows.append(
                ("Plan issues outside the CSA", f"{p.id}: {p.text}", _issues(issues, o.csa))
            )
    return Table(
        "Gaps",
        ("Gap", "Item", "Issues"),
        tuple(rows),
        () if rows else ("No gaps either way.",),
    )


def coverage_table(o: Overlap) -> Table:
    rows = (
        (
            "CSA priorities linked to the plan",
            o.csa_linked,
            len(o.csa.priorities),
            o.csa_share,
        ),
        (
            "Plan priorities with issue links that the CSA covers",
            o.plan_covered,
            len(o.plan.linked),
            o.plan_share,
        ),
        (
            "Plan issues the CSA covers",
            len(o.shared_issues),
            len(o.plan.issues),
            o.issue_share,
        ),
    )
    return Table(
        f"Coverage: {_subject(o)}",
        ("Measure", "Count", "Of", "Share"),
        rows,
        kinds=("", "integer", "integer", "percent"),
    )


def bridges_table(o: Overlap) -> Table:
    shown = o.bridges[:BRIDGES_SHOWN]
    with_districts = bool(o.districts)
    rows = []
    for b in shown:
        row: list[Cell] = [
            b.label,
            b.degree,
            round(b.betweenness, 3),
            ", ".join(b.csa),
            ", ".join(b.plan),
        ]
        if with_districts:
            row.append(b.districts)
        rows.append(tuple(row))
    columns = ["Issue", "Degree", "Betweenness", "CSA items", "Plan priorities"]
    if with_districts:
        columns.append("Districts")
    notes = [
        "Degree: CSA items and plan priorities linked to the issue. Betweenness: the share of "
        "shortest paths between other items that pass through it (normalised; districts left out).",
    ]
    if with_districts:
        notes.append(f"Districts: of the {len(o.districts)} in the CSA that identified the issue.")
    return Table(
        f"Bridging issues (top {len(shown)} of {len(o.bridges)})",
        tuple(columns),
        tuple(rows),
        tuple(notes),
    )


def overlap_tables(o: Overlap) -> list[Table]:
    return [
        coverage_table(o),
        matrix_table(o),
        plan_key_table(o.plan, o.csa),
        links_table(o),
        gaps_table(o),
        bridges_table(o),
    ]


def _provenance(csa: Csa, plans: list[Plan]) -> dict[str, JsonValue]:
    return {
        "csscore": __version__,
        "csa": {"name": csa.name, "file": csa.file, "sha256": csa.sha256},
        "plans": [{"name": p.name, "file": p.file, "sha256": p.sha256} for p in plans],
    }


def _plan_json(plan: Plan) -> dict[str, JsonValue]:
    return {
        "name": plan.name,
        "title": plan.title,
        "period": plan.period,
        "priorities": [
            {"id": p.id, "kind": p.kind, "text": p.text, "issues": list(p.covers)}
            for p in plan.priorities
        ],
    }


def _coverage_json(o: Overlap) -> dict[str, JsonValue]:
    return {
        "csa_priorities": len(o.csa.priorities),
        "csa_linked": o.csa_linked,
        "csa_share": json_number(o.csa_share),
        "plan_priorities_with_issues": len(o.plan.linked),
        "plan_covered": o.plan_covered,
        "plan_share": json_number(o.plan_share),
        "plan_issues": len(o.plan.issues),
        "plan_issues_covered": len(o.shared_issues),
        "issue_share": json_number(o.issue_share),
    }


def overlap_json(o: Overlap) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore overlap`` with one plan."""
    return {
        "csa": {
            "name": o.csa.name,
            "title": o.csa.title,
            "edition": o.csa.edition,
            "items": [
                {"id": i.id, "name": i.name, "kind": i.kind, "issues": list(i.covers)}
                for i in o.rows
            ],
        },
        "plan": _plan_json(o.plan),
        "matrix": {
            "rows": [i.id for i in o.rows],
            "columns": [p.id for p in o.columns],
            "counts": [list(r) for r in o.matrix],
        },
        "links": [
            {"csa": k.csa, "plan": k.plan, "weight": k.weight, "issues": list(k.issues)}
            for k in o.links
        ],
        "gaps": {
            "csa": [i.id for i in o.csa_gaps],
            "plan": [p.id for p in o.plan_gaps],
            "plan_issues_outside_csa": [{"plan": p.id, "issues": list(i)} for p, i in o.outside],
        },
        "coverage": _coverage_json(o),
        "bridges": [
            {
                "issue": b.issue,
                "label": b.label,
                "degree": b.degree,
                "betweenness": json_number(round(b.betweenness, 6)),
                "districts": b.districts,
            }
            for b in o.bridges
        ],
        "districts": [{"id": d.id, "name": d.name, "issues": list(d.issues)} for d in o.districts],
        "provenance": _provenance(o.csa, [o.plan]),
    }


# ------------------------------------------------------------------------------- plan against plan

STATUS = {"both": "both", "neither": "neither"}


def _status(diff: PlanDiff, status: str) -> str:
    if status in STATUS:
        return STATUS[status]
    return f"{(diff.a if status == 'a' else diff.b).plan.name} only"


def _via(o: Overlap, item: CsaItem) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The plan priorities (plan order) linked to a CSA item and the issues (vocabulary order)."""
    links = o.links_of(item.id)
    ids = {k.plan for k in links}
    issues = {i for k in links for i in k.issues}
    return (
        tuple(p.id for p in o.plan.priorities if p.id in ids),
        tuple(i for i in o.csa.vocabulary.ids if i in issues),
    )


def diff_tables(diff: PlanDiff) -> list[Table]:
    a, b = diff.a, diff.b
    csa = a.csa
    rows = []
    for item, status in zip(a.rows, diff.status, strict=True):
        pa, ia = _via(a, item)
        pb, ib = _via(b, item)
        rows.append(
            (
                _item_name(item),
                ", ".join(pa),
                ", ".join(pb),
                _status(diff, status),
                _issues(tuple(i for i in ia if i not in ib), csa),
                _issues(tuple(i for i in ib if i not in ia), csa),
            )
        )
    by_item = Table(
        f"{csa.title}: the plan priorities each CSA item is linked to",
        ("CSA", a.plan.name, b.plan.name, "Linked in", f"Issues via {a.plan.name} only",
         f"Issues via {b.plan.name} only"),
        tuple(rows),
        (f"{a.plan.name}: {a.plan.label}.", f"{b.plan.name}: {b.plan.label}."),
    )  # fmt: skip
    issue_rows: list[tuple[Cell, ...]] = []
    csa_issues = {i for item in a.rows for i in item.covers}
    for plan_overlap, issues in ((a, diff.only_a), (b, diff.only_b)):
        for i in issues:
            via = ", ".join(p.id for p in plan_overlap.plan.priorities if i in p.covers)
            issue_rows.append(
                (
                    csa.vocabulary.display_name(i),
                    f"{plan_overlap.plan.name} only",
                    via,
                    i in csa_issues,
                )
            )
    issues_table = Table(
        "Issues only one plan covers",
        ("Issue", "Covered by", "Plan priorities", "In the CSA"),
        tuple(issue_rows),
        (f"Both plans cover: {_issues(diff.both, csa) or 'none'}.",),
    )
    coverage = Table(
        "Coverage",
        ("Measure", a.plan.name, b.plan.name),
        (
            ("CSA priorities linked", f"{a.csa_linked}/{len(csa.priorities)} ({_pct(a.csa_share)})",
             f"{b.csa_linked}/{len(csa.priorities)} ({_pct(b.csa_share)})"),
            ("Plan priorities the CSA covers",
             f"{a.plan_covered}/{len(a.plan.linked)} ({_pct(a.plan_share)})",
             f"{b.plan_covered}/{len(b.plan.linked)} ({_pct(b.plan_share)})"),
            ("Plan issues the CSA covers",
             f"{len(a.shared_issues)}/{len(a.plan.issues)} ({_pct(a.issue_share)})",
             f"{len(b.shared_issues)}/{len(b.plan.issues)} ({_pct(b.issue_share)})"),
            ("CSA items with no plan link", ", ".join(i.name for i in a.csa_gaps) or "none",
             ", ".join(i.name for i in b.csa_gaps) or "none"),
        ),
    )  # fmt: skip
    return [coverage, by_item, issues_table]


def diff_json(diff: PlanDiff) -> dict[str, JsonValue]:
    """The JSON of ``csscore overlap --plan A --plan B``."""
    a, b = diff.a, diff.b
    items: list[JsonValue] = []
    for item, status in zip(a.rows, diff.status, strict=True):
        entry: dict[str, JsonValue] = {
            "id": item.id,
            "name": item.name,
            "kind": item.kind,
            "status": status,
        }
        for key, o in (("a", a), ("b", b)):
            links = o.links_of(item.id)
            entry[key] = {
                "plan_priorities": [k.plan for k in links],
                "issues": list(dict.fromkeys(i for k in links for i in k.issues)),
            }
        items.append(entry)
    return {
        "csa": {"name": a.csa.name, "title": a.csa.title, "edition": a.csa.edition},
        "a": _plan_json(a.plan),
        "b": _plan_json(b.plan),
        "items": items,
        "issues": {
            "only_a": list(diff.only_a),
            "only_b": list(diff.only_b),
            "both": list(diff.both),
        },
        "coverage": {"a": _coverage_json(a), "b": _coverage_json(b)},
        "provenance": _provenance(a.csa, [a.plan, b.plan]),
    }
