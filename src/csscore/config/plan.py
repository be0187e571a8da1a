"""A Police and Crime Plan (``config/plans/*.toml``): its priorities, each with the issues of the
taxonomy it covers and the reason for each link.

The links are data an analyst reviews and changes: every ``[[priority]]`` carries ``covers`` (issue
ids of the plan's taxonomy) and, where it covers any, a ``reason`` citing the plan's own text.

A plan with no priorities is valid, and so is an empty file (nothing but comments, as the template
``csscore new`` writes; it is named after the file): the appendix then has no Appendix D, and
``overlap`` sets the CSA against a plan that covers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from csscore.config.county import NONE
from csscore.config.schema import Explain, IssueIds, NonEmpty, Schema, Text, convert
from csscore.config.toml import key_path, name_problem, parse_toml, read_config
from csscore.config.vocabulary import issue_list, load_vocabulary
from csscore.defaults import DEFAULT_TAXONOMY
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.model.plan import PLAN_KINDS, Plan, PlanPriority
from csscore.model.vocabulary import Vocabulary


class PriorityDoc(Schema):
    """A ``[[priority]]``: a priority, principle, commitment or measure."""

    id: NonEmpty
    kind: NonEmpty
    text: NonEmpty
    covers: IssueIds
    source: Text = ""
    reason: Annotated[str, Explain(message="give the reason for the links as text")] = ""
    notes: Text = ""


class PlanDoc(Schema):
    """A plan file (``config/plans/*.toml``)."""

    name: Text
    priority: Annotated[
        tuple[PriorityDoc, ...], Explain(be="an array of tables ([[priority]])")
    ] = ()
    title: Text | None = None
    period: Text = ""
    commissioner: Text = ""
    source: Text = ""
    taxonomy: Text = DEFAULT_TAXONOMY
    description: Text = ""


def load_plan(ref: str) -> Plan:
    """Load and validate a plan by built-in name or path; every problem is reported at once."""
    source = read_config("plans", ref, also=(NONE,))
    file = source.name
    raw = parse_toml(source)
    if not raw:  # an empty template: a plan with no priorities, named after its file
        name = Path(ref).stem
        vocabulary = load_vocabulary(DEFAULT_TAXONOMY)
        return Plan(name, name, "", "", "", (), vocabulary, file, source.sha256)
    doc, problems = convert(raw, PlanDoc, file)
    unknown = name_problem("taxonomy", doc.taxonomy, file, "taxonomy") if doc else None
    if doc is None or unknown:
        raise ConfigError([*problems, *([unknown] if unknown else [])])
    vocabulary = load_vocabulary(doc.taxonomy)
    priorities = _priorities(doc.priority, file, vocabulary, problems)
    if problems:
        raise ConfigError(problems)
    return Plan(
        doc.name,
        doc.title if doc.title is not None else doc.name,
        doc.period,
        doc.commissioner,
        doc.source,
        priorities,
        vocabulary,
        file,
        source.sha256,
    )


def _priorities(
    items: tuple[PriorityDoc, ...], file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> tuple[PlanPriority, ...]:
    out: list[PlanPriority] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = key_path("priority", i)
        pid, kind = item.id, item.kind
        if pid in seen:
            first = key_path("priority", seen[pid])
            problems.append(
                Problem(file, f"duplicate priority id {pid!r} at {first} and {where}", column=where)
            )
            continue
        seen[pid] = i
        if kind not in PLAN_KINDS:
            hint = did_you_mean(kind, PLAN_KINDS) or f" (kinds: {', '.join(PLAN_KINDS)})"
            problems.append(Problem(file, f"unknown kind {kind!r}{hint}", column=f"{where}.kind"))
        covers = issue_list(
            item.covers, vocabulary, problems, (file, None, f"{where}.covers"), noun="taxonomy"
        )
        reason = item.reason
        if covers and not reason.strip():
            problems.append(
                Problem(file, "give the reason for the links as text", column=f"{where}.reason")
            )
            reason = ""
        text = " ".join(item.text.split())
        out.append(PlanPriority(pid, kind, text, covers, item.source, reason))
    return tuple(out)
