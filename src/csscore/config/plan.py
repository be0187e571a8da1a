"""A Police and Crime Plan (``config/plans/*.toml``): its priorities, each with the issues of the
taxonomy it covers and the reason for each link.

The links are data an analyst reviews and changes: every ``[[priority]]`` carries ``covers`` (issue
ids of the plan's taxonomy) and, where it covers any, a ``reason`` citing the plan's own text.
"""

from __future__ import annotations

from typing import Any

from csscore.config.toml import check_keys, key_path, parse_toml, read_config
from csscore.config.vocabulary import load_vocabulary
from csscore.defaults import DEFAULT_PLAN, DEFAULT_TAXONOMY
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.model.plan import PLAN_KINDS, Plan, PlanPriority
from csscore.model.vocabulary import Vocabulary

TOP_KEYS = ("name", "priority")
TOP_OPTIONAL = ("title", "period", "commissioner", "source", "taxonomy", "description")
ITEM_KEYS = ("id", "kind", "text", "covers")
ITEM_OPTIONAL = ("source", "reason", "notes")


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
