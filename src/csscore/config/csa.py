"""A Community Safety Agreement (``config/csa/*.toml``): priorities, cross-cutting themes, the
themes of its strategic-assessment appendix (Appendix A), and the issues each one covers.

An empty file (nothing but comments, as the template ``csscore new`` writes) is valid and declares
nothing: like a CSA with no priorities, cross-cutting themes or Appendix A themes, it counts as no
CSA (config/load.py: CSPs counted by issue, headings from its title or the manifest's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from msgspec import Meta

from csscore.config.county import NONE
from csscore.config.schema import (
    MAX_INT,
    IssueIds,
    NonEmpty,
    Schema,
    Text,
    TextList,
    Whole,
    convert,
)
from csscore.config.toml import key_path, name_problem, parse_toml, read_config
from csscore.config.vocabulary import issue_list, load_vocabulary
from csscore.defaults import DEFAULT_TAXONOMY
from csscore.errors import ConfigError, Problem
from csscore.model.csa import KINDS, Csa, CsaItem
from csscore.model.vocabulary import Vocabulary


class ItemDoc(Schema):
    """A ``[[priority]]``, ``[[cross_cutting_theme]]`` or ``[[theme]]``."""

    id: str
    name: NonEmpty
    covers: IssueIds
    lead: Text = ""
    lead_source: Text = ""
    including: Text = ""
    printed_count: Whole | None = None
    source: Text = ""
    notes: Text = ""


class AppendixBDoc(Schema):
    issues: IssueIds
    source: Text = ""
    groupings: TextList = ()


class YearsDoc(Schema):
    """The assessment year each appendix title carries: 'Appendix A: ... (2017-18)'."""

    a: Text = ""
    b: Text = ""
    c: Text = ""
    d: Text = ""
    source: Text = ""


class CsaDoc(Schema):
    """A CSA file (``config/csa/*.toml``)."""

    name: str
    priority: tuple[ItemDoc, ...] = ()
    title: Text | None = None
    edition: Text = ""
    area: Text = ""
    csps: Annotated[int, Meta(ge=1, le=MAX_INT)] | None = None
    csps_source: Text = ""
    source: Text = ""
    taxonomy: Text = DEFAULT_TAXONOMY
    cross_cutting_theme: tuple[ItemDoc, ...] = ()
    theme: tuple[ItemDoc, ...] = ()
    appendix_b: AppendixBDoc | None = None
    appendix_years: YearsDoc | None = None
    leads_text: Text = ""
    leads_source: Text = ""
    links_text: Text = ""
    links_to_plans: TextList = ()
    links_source: Text = ""


def load_csa(ref: str) -> Csa:
    """Load and validate a CSA by built-in name or path."""
    source = read_config("csa", ref, also=(NONE,))
    file = source.name
    raw = parse_toml(source)
    if not raw:  # an empty template declares nothing; its headings come from the manifest
        vocabulary = load_vocabulary(DEFAULT_TAXONOMY)
        name = Path(ref).stem
        return Csa(name, "", "", "", None, "", (), (), (), (), (), vocabulary, file, source.sha256)
    doc, problems = convert(raw, CsaDoc, file)
    unknown = name_problem("taxonomy", doc.taxonomy, file, "taxonomy") if doc else None
    if doc is None or unknown:
        raise ConfigError([*problems, *([unknown] if unknown else [])])
    vocabulary = load_vocabulary(doc.taxonomy)
    groups: dict[str, tuple[CsaItem, ...]] = {}
    for key in KINDS:
        groups[key] = _items(getattr(doc, key), key, file, vocabulary, problems)
    appendix_b: tuple[str, ...] = ()
    groupings: tuple[str, ...] = ()
    if doc.appendix_b is not None:
        appendix_b = _ids(doc.appendix_b.issues, "appendix_b.issues", file, vocabulary, problems)
        groupings = doc.appendix_b.groupings
    if problems:
        raise ConfigError(problems)
    return Csa(
        doc.name,
        doc.title if doc.title is not None else doc.name,
        doc.edition,
        doc.area,
        doc.csps,
        doc.source,
        groups["priority"],
        groups["cross_cutting_theme"],
        groups["theme"],
        appendix_b,
        groupings,
        vocabulary,
        file,
        source.sha256,
        leads_text=doc.leads_text.strip(),
        links_text=doc.links_text.strip(),
        links=tuple(v.strip() for v in doc.links_to_plans if v.strip()),
        years=_years(doc.appendix_years),
    )


def _years(doc: YearsDoc | None) -> tuple[tuple[str, str], ...]:
    """(appendix letter, year) for the appendices whose year the CSA gives."""
    if doc is None:
        return ()
    pairs = (("A", doc.a), ("B", doc.b), ("C", doc.c), ("D", doc.d))
    return tuple((letter, year.strip()) for letter, year in pairs if year.strip())


def _ids(
    ids: tuple[str, ...], where: str, file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> tuple[str, ...]:
    return issue_list(ids, vocabulary, problems, (file, None, where))


def _items(
    items: tuple[ItemDoc, ...], key: str, file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> tuple[CsaItem, ...]:
    out: list[CsaItem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = key_path(key, i)
        if item.id in seen:
            problems.append(
                Problem(
                    file,
                    f"duplicate {KINDS[key]} id {item.id!r} (also at {key_path(key, seen[item.id])})",
                    column=f"{where}.id",
                )
            )
            continue
        seen[item.id] = i
        covers = _ids(item.covers, f"{where}.covers", file, vocabulary, problems)
        out.append(
            CsaItem(
                item.id,
                item.name.strip(),
                KINDS[key],
                covers,
                item.lead,
                item.including,
                item.printed_count,
                item.source,
            )
        )
    return tuple(out)
