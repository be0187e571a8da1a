"""The CSA appendix as a format-free model: sections of paragraphs, tables and pictures, plus
provenance. Renderers in :mod:`csscore.render.formats` turn one :class:`Report` into Markdown,
HTML, LaTeX, CSV, JSON or XLSX; :mod:`csscore.appendix.build` makes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csscore.views.table import Table

if TYPE_CHECKING:
    from csscore.county.aggregate import County
    from csscore.overlap.graph import Overlap

#: What an appendix of illustrative gradings says first (the wording of the sample's README), and
#: in its provenance; the manifest's ``illustrative = true`` asks for it.
ILLUSTRATIVE = (
    "The gradings are illustrative. Every grade, selection, confidence and note was invented for "
    "illustration: they are not the districts' own strategic assessments. Do not quote them as "
    "facts about any district or CSP."
)
ILLUSTRATIVE_PROVENANCE = (
    "illustrative: invented for illustration, not the districts' own strategic assessments"
)


@dataclass(frozen=True)
class Figure:
    """A picture the HTML report draws: which one, for what, and its alt text."""

    kind: str  # "heatmap", "bars", "position", "overlap"
    caption: str
    alt: str
    district: str = ""  # district id, for "bars"


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    subsections: tuple[Section, ...] = ()
    grids: tuple[Table, ...] = ()  # drawn by the HTML report only: partners x issues bands
    bullets: tuple[str, ...] = ()  # a list printed after the paragraphs, before the tables


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    provenance: tuple[tuple[str, str | int], ...]  # a count as a number
    inputs: tuple[tuple[str, str, str], ...]  # (kind, name, sha256)
    county: County = field(compare=False)
    overlap: Overlap | None = field(default=None, compare=False)
    illustrative: bool = False  # the gradings were invented for illustration (the manifest says)
    audience: str = "analyst"  # "committee": the paper for committee, no analysts' statistics

    def tables(self) -> list[tuple[str, Table]]:
        """Every table with a stable slug, in reading order (used by CSV and XLSX)."""
        out: list[tuple[str, Table]] = []

        def walk(section: Section) -> None:
            for i, table in enumerate(section.tables, start=1):
                slug = table.key or (
                    section.id if len(section.tables) == 1 else f"{section.id}-{i}"
                )
                out.append((slug, table))
            for sub in section.subsections:
                walk(sub)

        for section in self.sections:
            walk(section)
        out.append(("provenance", provenance_table(self)))
        return out


def provenance_table(report: Report) -> Table:
    rows = [(label, value) for label, value in report.provenance]
    rows += [(f"{kind}: {name}", f"sha256 {digest}") for kind, name, digest in report.inputs]
    return Table("Provenance", ("Item", "Value"), tuple(rows), key="provenance")
