"""Horizon scanning (a CSA's Appendix C) as data: items under the seven PESTELO headings, each
optionally linked to vocabulary issues. Read by :mod:`csscore.config.horizon`.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The PESTELO headings, spelt and ordered as the April 2017 Kent CSA prints them (seed 003).
PESTELO = (
    "Political",
    "Economic",
    "Social / Demographic",
    "Technological",
    "Environmental (and Geographical)",
    "Legislation",
    "Organisational",
)


@dataclass(frozen=True)
class HorizonItem:
    """One existing or future issue under a PESTELO heading, and the issues it links to."""

    heading: str
    text: str
    issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Horizon:
    """A county's horizon scan: introduction, lead-in text per heading, and its items."""

    title: str
    year: str
    introduction: str
    lead_ins: tuple[tuple[str, str], ...]  # (heading, text printed before its items)
    items: tuple[HorizonItem, ...]
    file: str
    sha256: str

    @property
    def empty(self) -> bool:
        """Nothing to print: no item, lead-in or introduction (``csscore new``'s template)."""
        return not (self.items or self.lead_ins or self.introduction)

    def under(self, heading: str) -> tuple[HorizonItem, ...]:
        return tuple(i for i in self.items if i.heading == heading)

    def lead_in(self, heading: str) -> str:
        return next((text for name, text in self.lead_ins if name == heading), "")
