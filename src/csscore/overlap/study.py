"""A county's CSA set against one Police and Crime Plan, or two: what ``csscore overlap`` shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from csscore.model.csa import Csa
from csscore.model.plan import Plan
from csscore.overlap.graph import DistrictIssues, Overlap, PlanDiff

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class OverlapStudy:
    """The CSA, one or two plans, and the CSA districts' identified issues (may be empty)."""

    csa: Csa
    plans: tuple[Plan, ...]
    districts: tuple[DistrictIssues, ...] = ()

    def pictures(self) -> list[Overlap]:
        """Each plan's overlap without its bridging issues: what the diagram draws."""
        from csscore.overlap.graph import overlap

        return [overlap(self.csa, p, self.districts, with_bridges=False) for p in self.plans]

    def result(self) -> Overlap | PlanDiff:
        """One plan's overlap (with bridges), or how two plans differ."""
        from csscore.overlap.graph import compare_plans, overlap

        if len(self.plans) == 2:
            return compare_plans(self.csa, self.plans[0], self.plans[1], self.districts)
        return overlap(self.csa, self.plans[0], self.districts)

    def graph(self) -> nx.Graph:
        """The CSA / plan / issue / district graph, for writing to a graph file."""
        from csscore.overlap.graph import build_graph

        return build_graph(self.csa, self.plans, self.districts)
