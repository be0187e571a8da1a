"""A Police and Crime Plan (``config/plans/*.toml``): its priorities, each with the issues of the
taxonomy it covers and the reason for each link.

The links are data an analyst reviews and changes: every ``[[priority]]`` carries ``covers`` (issue
ids of the plan's taxonomy) and, where it covers any, a ``reason`` citing the plan's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csscore.config import check_keys, key_path, parse_toml, read_config
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.taxonomy import DEFAULT_TAXONOMY, Vocabulary, load_vocabulary

DEFAULT_PLAN = "safer-in-kent-2017"

#: The kinds of plan priority, in the order a plan is read, with their headings.
PLAN_KINDS: dict[str, str] = {
    "guiding-principle": "Guiding principles",
    "core": "Core priorities",
    "chief-constable": "Chief Constable's priorities",
    "commissioner": "Commissioner's commitments",
    "commitment": "Commitments",
    "national-measure": "National crime and policing measures",
}
TOP_KEYS = ("name", "priority")
TOP_OPTIONAL = ("title", "period", "commissioner", "source", "taxonomy", "description")
ITEM_KEYS = ("id", "kind", "text", "covers")
ITEM_OPTIONAL = ("source", "reason", "notes")


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


def load_plan(ref: str = DEFAULT_PLAN) -> Plan:
    """Load and validate a plan by built-in name or path; every problem is reported at once."""
    source = read_config("plans", ref)
    data = parse_toml(source)
    file = source.name
    problems = check_keys(data, file, "(top level)", TOP_KEYS, TOP_OPTIONAL)
    for key in ("name", *TOP_OPTIONAL):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(file, "must be text", column=key))
    taxonomy = data.get("taxonomy", DEFAULT_TAXONOMY)
    if not isinstance(taxonomy, str):
        raise ConfigError(problems)
    vocabulary = load_vocabulary(taxonomy)
    priorities = _priorities(data.get("priority", []), file, vocabulary, problems)
    if problems:
        raise ConfigError(problems)
    return Plan(
        str(data["name"]),
        str(data.get("title", data["name"])),
        str(data.get("period", "")),
        str(data.get("commissioner", "")),
        str(data.get("source", "")),
        priorities,
        vocabulary,
        file,
        source.sha256,
    )


def _priorities(
    raw: Any, file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> tuple[PlanPriority, ...]:
    if not isinstance(raw, list):
        problems.append(
            Problem(file, "must be an array of tables ([[priority]])", column="priority")
        )
        return ()
    out: list[PlanPriority] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        where = key_path("priority", i)
        if not isinstance(item, dict):
            problems.append(Problem(file, "must be a table", column=where))
            continue
        found = check_keys(item, file, where, ITEM_KEYS, ITEM_OPTIONAL)
        problems += found
        pid, kind, text = item.get("id"), item.get("kind"), item.get("text")
        if not all(isinstance(v, str) and v.strip() for v in (pid, kind, text)):
            if not found:
                problems.append(
                    Problem(file, "id, kind and text must be non-empty text", column=where)
                )
            continue
        assert isinstance(pid, str) and isinstance(kind, str) and isinstance(text, str)
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
        covers = _covers(item.get("covers"), f"{where}.covers", file, vocabulary, problems)
        reason = item.get("reason", "")
        if not isinstance(reason, str) or (covers and not reason.strip()):
            problems.append(
                Problem(file, "give the reason for the links as text", column=f"{where}.reason")
            )
            reason = ""
        out.append(
            PlanPriority(
                pid, kind, " ".join(text.split()), covers, str(item.get("source", "")), reason
            )
        )
    return tuple(out)


def _covers(
    raw: Any, where: str, file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        problems.append(Problem(file, "must be a list of issue ids", column=where))
        return ()
    out: list[str] = []
    for issue in raw:
        if issue not in vocabulary.ids:
            known = vocabulary.lookup(issue)
            hint = f' (did you mean "{known}"?)' if known else vocabulary.suggest(issue)
            problems.append(
                Problem(
                    file,
                    f"issue {issue!r} is not in the {vocabulary.name} taxonomy{hint}",
                    column=where,
                )
            )
        elif issue in out:
            problems.append(Problem(file, f"issue {issue!r} is listed twice", column=where))
        else:
            out.append(issue)
    return tuple(out)
