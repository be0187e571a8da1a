"""A Community Safety Agreement as data: priorities, cross-cutting themes and the Appendix A
themes, each with the vocabulary issues it covers. Read by :mod:`csscore.config.csa`.
"""

from __future__ import annotations

from dataclasses import dataclass

from csscore.model.vocabulary import Vocabulary

UNCLASSIFIED = "Unclassified"
NO_CSA = "none"  # the name of the CSA a county without one is counted against


KINDS = {"priority": "priority", "cross_cutting_theme": "cross-cutting theme", "theme": "theme"}


@dataclass(frozen=True)
class CsaItem:
    """A priority, cross-cutting theme or Appendix A theme, and the issues it covers."""

    id: str
    name: str
    kind: str
    covers: tuple[str, ...]
    lead: str = ""
    including: str = ""
    printed_count: int | None = None
    source: str = ""

    @property
    def full_name(self) -> str:
        """'Safeguarding (including child sexual exploitation, ...)' as printed."""
        return f"{self.name} ({self.including})" if self.including else self.name


@dataclass(frozen=True)
class Csa:
    """A Community Safety Agreement and its issue vocabulary."""

    name: str
    title: str
    edition: str
    area: str
    csps: int | None
    source: str
    priorities: tuple[CsaItem, ...]
    cross_cutting: tuple[CsaItem, ...]
    appendix_themes: tuple[CsaItem, ...]
    appendix_b: tuple[str, ...]
    groupings: tuple[str, ...]
    vocabulary: Vocabulary
    file: str
    sha256: str
    leads_text: str = ""  # the sentence the leads table follows (section 7)
    links_text: str = ""  # the sentence the links to plans follow (section 8)
    links: tuple[str, ...] = ()  # plans and strategies the priorities link to
    years: tuple[tuple[str, str], ...] = ()  # (appendix letter, assessment year)
    by_issue: bool = False  # no CSA: each issue of the vocabulary is its own theme

    @property
    def empty(self) -> bool:
        """Declares no priority, cross-cutting theme or Appendix A theme (an empty template)."""
        return not (self.priorities or self.cross_cutting or self.appendix_themes)

    def year(self, letter: str) -> str:
        """The assessment year printed on Appendix ``letter``'s title, or ''."""
        return next((y for a, y in self.years if a == letter), "")

    @property
    def themes(self) -> tuple[CsaItem, ...]:
        """The themes districts are counted under: Appendix A's if given, else the priorities
        and cross-cutting themes."""
        return self.appendix_themes or (*self.priorities, *self.cross_cutting)

    @property
    def declared(self) -> tuple[CsaItem, ...]:
        """What the CSA declares: its priorities and cross-cutting themes."""
        return (*self.priorities, *self.cross_cutting)

    def themes_of(self, issue_id: str) -> tuple[CsaItem, ...]:
        return tuple(t for t in self.themes if issue_id in t.covers)

    def extended(self, vocabulary: Vocabulary) -> Csa:
        """This CSA with a county's vocabulary (the built-in one extended by the county's own
        issues): each own issue is covered by the items its ``themes`` name."""
        from dataclasses import replace

        own = [i for i in vocabulary.issues if i.id not in self.vocabulary.ids]

        def more(items: tuple[CsaItem, ...]) -> tuple[CsaItem, ...]:
            return tuple(
                replace(t, covers=(*t.covers, *(i.id for i in own if t.id in i.themes)))
                for t in items
            )

        return replace(
            self,
            priorities=more(self.priorities),
            cross_cutting=more(self.cross_cutting),
            appendix_themes=more(self.appendix_themes),
            vocabulary=vocabulary,
        )


def no_csa(vocabulary: Vocabulary, title: str, area: str = "", given: Csa | None = None) -> Csa:
    """The CSA of a county counted against none (or against an empty CSA file, ``given``): no
    priorities, and each issue of the vocabulary its own Appendix A theme, so CSPs are counted
    by issue; headed ``title``."""
    themes = tuple(CsaItem(i.id, i.label, "theme", (i.id,)) for i in vocabulary.issues)
    return Csa(
        given.name if given is not None else NO_CSA,
        title,
        given.edition if given is not None else "",
        area,
        None,
        given.source if given is not None else "",
        (),
        (),
        themes,
        (),
        (),
        vocabulary,
        given.file if given is not None else "",
        given.sha256 if given is not None else "",
        by_issue=True,
    )
