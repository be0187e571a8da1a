"""A Police and Crime Plan as data: its priorities by kind, each with the issues it covers.
Read by :mod:`csscore.config.plan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from csscore.model.vocabulary import Vocabulary

#: The kinds of plan priority, in the order a plan is read, with their headings.
PLAN_KINDS: dict[str, str] = {
    "guiding-principle": "Guiding principles",
    "core": "Core priorities",
    "chief-constable": "Chief Constable's priorities",
    "commissioner": "Commissioner's commitments",
    "commitment": "Commitments",
    "national-measure": "National crime and policing measures",
}


@dataclass(frozen=True)
class PlanPriority:
    """One priority, principle, commitment or measure of a plan, and the issues it covers."""

    id: str
    kind: str
    text: str
    covers: tuple[str, ...]
    source: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Plan:
    """A Police and Crime Plan and the issue vocabulary its links use."""

    name: str
    title: str
    period: str
    commissioner: str
    source: str
    priorities: tuple[PlanPriority, ...]
    vocabulary: Vocabulary
    file: str
    sha256: str

    @property
    def label(self) -> str:
        """'Safer in Kent: ... (April 2017 to March 2021)'."""
        return f"{self.title} ({self.period})" if self.period else self.title

    @property
    def linked(self) -> tuple[PlanPriority, ...]:
        """The priorities that cover at least one issue."""
        return tuple(p for p in self.priorities if p.covers)

    @property
    def issues(self) -> tuple[str, ...]:
        """Every issue the plan covers, in vocabulary order."""
        covered = {i for p in self.priorities for i in p.covers}
        return tuple(i for i in self.vocabulary.ids if i in covered)

    def get(self, priority_id: str) -> PlanPriority:
        return next(p for p in self.priorities if p.id == priority_id)

    def kinds(self) -> tuple[str, ...]:
        """The kinds this plan uses, in :data:`PLAN_KINDS` order."""
        used = {p.kind for p in self.priorities}
        return tuple(k for k in PLAN_KINDS if k in used)
