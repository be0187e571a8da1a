"""Where a Community Safety Agreement and a Police and Crime Plan meet: both declare which issues of
one taxonomy they cover, so a CSA item and a plan priority are linked by the issues they share.

Pure functions over :class:`~csscore.model.csa.Csa` and :class:`~csscore.model.plan.Plan`; networkx is imported
only inside the functions that need it, so the other commands start without it.

Definitions (also in docs/overlap.md):
- *CSA items*: the CSA's priorities, then its cross-cutting themes.
- *link*: a CSA item and a plan priority that cover at least one common issue; its weight is the
  number of issues they share.
- *plan gap*: a plan priority with issue links, none of which any CSA item covers.
- *CSA gap*: a CSA item linked to no plan priority.
- *bridging issue*: an issue's degree and betweenness in the link graph (CSA items, plan priorities
  and issues; edges issue-CSA item and issue-plan priority; districts left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csscore.errors import ConfigError
from csscore.model.csa import Csa, CsaItem
from csscore.model.plan import Plan, PlanPriority

if TYPE_CHECKING:
    import networkx as nx

    from csscore.county.aggregate import County
    from csscore.scoring.score import ScoredDistrict

CSA_PRIORITY = "csa-priority"
CROSS_CUTTING = "cross-cutting-theme"
PLAN_PRIORITY = "plan-priority"
ISSUE = "issue"
DISTRICT = "district"


@dataclass(frozen=True)
class DistrictIssues:
    """One district's identified issues (vocabulary ids, or its own name for an unknown issue)."""

    id: str
    name: str
    csp: str
    issues: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A CSA item and a plan priority, and the issues they share."""

    csa: str
    plan: str
    issues: tuple[str, ...]

    @property
    def weight(self) -> int:
        return len(self.issues)


@dataclass(frozen=True)
class Bridge:
    """An issue's place in the link graph."""

    issue: str
    label: str
    degree: int
    csa: tuple[str, ...]  # names of the CSA items covering it
    plan: tuple[str, ...]  # ids of the plan priorities linking it
    districts: int  # districts identifying it
    betweenness: float


@dataclass(frozen=True)
class Overlap:
    """A CSA set against one plan."""

    csa: Csa
    plan: Plan
    rows: tuple[CsaItem, ...]  # CSA priorities, then cross-cutting themes
    columns: tuple[PlanPriority, ...]  # plan priorities with issue links
    matrix: tuple[tuple[int, ...], ...]  # rows x columns: shared-issue counts
    links: tuple[Link, ...]
    plan_gaps: tuple[PlanPriority, ...]
    outside: tuple[tuple[PlanPriority, tuple[str, ...]], ...]  # plan issues no CSA item covers
    csa_gaps: tuple[CsaItem, ...]
    csa_linked: int  # CSA priorities (not themes) with a plan link
    plan_covered: int  # linked plan priorities sharing an issue with the CSA
    shared_issues: tuple[str, ...]  # plan issues the CSA also covers
    bridges: tuple[Bridge, ...]
    districts: tuple[DistrictIssues, ...]

    @property
    def csa_share(self) -> float:
        total = len(self.csa.priorities)
        return self.csa_linked / total if total else 0.0

    @property
    def plan_share(self) -> float:
        total = len(self.plan.linked)
        return self.plan_covered / total if total else 0.0

    @property
    def issue_share(self) -> float:
        total = len(self.plan.issues)
        return len(self.shared_issues) / total if total else 0.0

    def links_of(self, item_id: str) -> tuple[Link, ...]:
        return tuple(k for k in self.links if k.csa == item_id)


@dataclass(frozen=True)
class PlanDiff:
    """Two plans' coverage of the same CSA."""

    a: Overlap
    b: Overlap
    status: tuple[str, ...]  # per CSA item (a.rows order): "both", "a", "b" or "neither"
    only_a: tuple[str, ...]  # issues covered by plan a only
    only_b: tuple[str, ...]
    both: tuple[str, ...]


def identified_districts(
    scored: Iterable[ScoredDistrict], csa: Csa, top: int
) -> tuple[DistrictIssues, ...]:
    """Each CSA district's identified issues, by the rule of :func:`csscore.county.aggregate.aggregate`
    (those marked selected, else those ranked ``top`` or better), without its ranking statistics."""
    from csscore.county.aggregate import identify, issue_keys

    out = []
    for s in scored:
        d = s.assessment.district
        if not d.in_csa:
            continue
        issues = identify(s, issue_keys(s, csa), top)[0]
        out.append(DistrictIssues(d.id, d.name, d.csp, issues))
    return tuple(sorted(out, key=lambda x: x.id))


def districts_of(county: County) -> tuple[DistrictIssues, ...]:
    """The identified issues of an aggregated county's districts."""
    return tuple(
        DistrictIssues(d.id, d.name, d.csp, county.identified[d.id])
        for d in (s.assessment.district for s in county.districts)
    )


def check_same_taxonomy(csa: Csa, plan: Plan) -> None:
    if csa.vocabulary.name != plan.vocabulary.name:
        raise ConfigError.at(
            plan.file,
            f"the plan links issues of the {plan.vocabulary.name!r} taxonomy but the CSA "
            f"{csa.name!r} uses {csa.vocabulary.name!r}; they cannot be compared",
            column="taxonomy",
        )


def overlap(
    csa: Csa, plan: Plan, districts: Sequence[DistrictIssues] = (), with_bridges: bool = True
) -> Overlap:
    """Set a CSA against a plan: matrix, links, gaps both ways, coverage and (unless
    ``with_bridges`` is false, which spares importing networkx) the bridging issues."""
    check_same_taxonomy(csa, plan)
    rows = csa.declared
    columns = plan.linked
    matrix, links = _links(rows, columns)
    csa_issues = {i for item in rows for i in item.covers}
    outside = tuple(
        (p, tuple(i for i in p.covers if i not in csa_issues))
        for p in columns
        if any(i not in csa_issues for i in p.covers)
    )
    plan_gaps = tuple(p for p in columns if not csa_issues & set(p.covers))
    linked_rows = {k.csa for k in links}
    return Overlap(
        csa,
        plan,
        rows,
        columns,
        matrix,
        links,
        plan_gaps,
        outside,
        tuple(item for item in rows if item.id not in linked_rows),
        sum(1 for item in csa.priorities if item.id in linked_rows),
        len(columns) - len(plan_gaps),
        tuple(i for i in plan.issues if i in csa_issues),
        bridges(csa, plan, districts) if with_bridges else (),
        tuple(districts),
    )


def _links(
    rows: Sequence[CsaItem], columns: Sequence[PlanPriority]
) -> tuple[tuple[tuple[int, ...], ...], tuple[Link, ...]]:
    """The shared-issue matrix and the links, heaviest first (then CSA order, then plan order)."""
    links: list[tuple[int, int, int, Link]] = []
    matrix = []
    for r, item in enumerate(rows):
        counts = []
        for c, p in enumerate(columns):
            shared = tuple(i for i in p.covers if i in item.covers)
            counts.append(len(shared))
            if shared:
                links.append((-len(shared), r, c, Link(item.id, p.id, shared)))
        matrix.append(tuple(counts))
    return tuple(matrix), tuple(k for *_, k in sorted(links, key=lambda x: x[:3]))


def compare_plans(csa: Csa, a: Plan, b: Plan, districts: Sequence[DistrictIssues] = ()) -> PlanDiff:
    """Which CSA items each of two plans links to, and which issues only one of them covers."""
    oa, ob = overlap(csa, a, districts), overlap(csa, b, districts)
    status = []
    for item in oa.rows:
        in_a, in_b = bool(oa.links_of(item.id)), bool(ob.links_of(item.id))
        status.append("both" if in_a and in_b else "a" if in_a else "b" if in_b else "neither")
    ia, ib = set(a.issues), set(b.issues)
    order = csa.vocabulary.ids
    return PlanDiff(
        oa,
        ob,
        tuple(status),
        tuple(i for i in order if i in ia - ib),
        tuple(i for i in order if i in ib - ia),
        tuple(i for i in order if i in ia & ib),
    )


# ------------------------------------------------------------------------------------ the graph


def csa_node(item: CsaItem) -> str:
    return f"{'csa' if item.kind == 'priority' else 'theme'}:{item.id}"


def plan_node(plan: Plan, priority: PlanPriority, qualified: bool = False) -> str:
    return f"plan:{plan.name}:{priority.id}" if qualified else f"plan:{priority.id}"


def issue_node(issue: str) -> str:
    return f"issue:{issue}"


def district_node(district: DistrictIssues) -> str:
    return f"district:{district.id}"


def _issue_nodes(graph: nx.Graph, csa: Csa, issues: Iterable[str]) -> None:
    for issue in issues:
        node = issue_node(issue)
        if node not in graph:
            known = issue in csa.vocabulary.ids
            graph.add_node(
                node,
                label=csa.vocabulary.display_name(issue),
                type=ISSUE,
                kind="issue" if known else "unclassified issue",
                source=csa.vocabulary.get(issue).source if known else "",
            )


def link_graph(csa: Csa, plans: Sequence[Plan]) -> nx.Graph:
    """CSA items, plan priorities and issues, with issue-CSA item ('covers') and issue-plan
    priority ('links') edges; the graph bridging issues are measured in."""
    import networkx as nx

    graph = nx.Graph()
    qualified = len(plans) > 1
    for item in csa.declared:
        node = csa_node(item)
        graph.add_node(
            node,
            label=item.full_name,
            type=CSA_PRIORITY if item.kind == "priority" else CROSS_CUTTING,
            kind=item.kind,
            source=item.source,
        )
        _issue_nodes(graph, csa, item.covers)
        for issue in item.covers:
            graph.add_edge(issue_node(issue), node, relation="covers", weight=1)
    for plan in plans:
        for p in plan.priorities:
            node = plan_node(plan, p, qualified)
            graph.add_node(
                node, label=p.text, type=PLAN_PRIORITY, kind=p.kind, source=p.source, plan=plan.name
            )
            _issue_nodes(graph, csa, p.covers)
            for issue in p.covers:
                graph.add_edge(issue_node(issue), node, relation="links", weight=1)
    return graph


def build_graph(
    csa: Csa, plans: Sequence[Plan], districts: Sequence[DistrictIssues] = ()
) -> nx.Graph:
    """The overlap graph: :func:`link_graph`, plus district-issue ('identifies') edges and
    CSA item-plan priority ('shares') edges weighted by the issues they share."""
    for plan in plans:
        check_same_taxonomy(csa, plan)
    graph = link_graph(csa, plans)
    graph.graph.update(name="csscore overlap", csa=csa.name, plans="; ".join(p.name for p in plans))
    qualified = len(plans) > 1
    items = {item.id: item for item in csa.declared}
    for plan in plans:
        for k in _links(csa.declared, plan.linked)[1]:
            graph.add_edge(
                csa_node(items[k.csa]),
                plan_node(plan, plan.get(k.plan), qualified),
                relation="shares",
                weight=k.weight,
                issues="; ".join(k.issues),
            )
    for d in districts:
        node = district_node(d)
        graph.add_node(node, label=d.name, type=DISTRICT, kind="district", source="", csp=d.csp)
        _issue_nodes(graph, csa, d.issues)
        for issue in d.issues:
            graph.add_edge(node, issue_node(issue), relation="identifies", weight=1)
    return graph


def bridges(csa: Csa, plan: Plan, districts: Sequence[DistrictIssues] = ()) -> tuple[Bridge, ...]:
    """Every issue of the link graph: its degree and (normalised) betweenness, most bridging first."""
    import networkx as nx

    graph = link_graph(csa, [plan])
    between: Mapping[str, float] = nx.betweenness_centrality(graph)
    counts: dict[str, int] = {}
    for d in districts:
        for issue in set(d.issues):
            counts[issue] = counts.get(issue, 0) + 1
    out = []
    for node, data in graph.nodes(data=True):
        if data["type"] != ISSUE:
            continue
        issue = node.split(":", 1)[1]
        near = [graph.nodes[n] for n in graph[node]]
        out.append(
            Bridge(
                issue,
                data["label"],
                graph.degree(node),
                tuple(n["label"] for n in near if n["type"] != PLAN_PRIORITY),
                tuple(
                    n.split(":")[-1] for n in graph[node] if graph.nodes[n]["type"] == PLAN_PRIORITY
                ),
                counts.get(issue, 0),
                float(between[node]),
            )
        )
    return tuple(sorted(out, key=lambda b: (-b.betweenness, -b.degree, b.label.casefold())))
