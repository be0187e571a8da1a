"""A Community Safety Agreement (``config/csa/*.toml``): priorities, cross-cutting themes, the
themes of its strategic-assessment appendix (Appendix A), and the issues each one covers.
"""

from __future__ import annotations

from typing import Any

from csscore.config.toml import check_keys, key_path, parse_toml, read_config
from csscore.config.vocabulary import load_vocabulary
from csscore.defaults import DEFAULT_CSA
from csscore.errors import ConfigError, Problem
from csscore.model.csa import KINDS, Csa, CsaItem
from csscore.model.vocabulary import Vocabulary

TOP_KEYS = ("name", "priority")
TOP_OPTIONAL = (
    "title",
    "edition",
    "area",
    "csps",
    "csps_source",
    "source",
    "taxonomy",
    "cross_cutting_theme",
    "theme",
    "appendix_b",
)
ITEM_KEYS = ("id", "name", "covers")
ITEM_OPTIONAL = ("lead", "lead_source", "including", "printed_count", "source", "notes")


def load_csa(ref: str = DEFAULT_CSA) -> Csa:
    """Load and validate a CSA by built-in name or path."""
    source = read_config("csa", ref)
    data = parse_toml(source)
    file = source.name
    problems = check_keys(data, file, "(top level)", TOP_KEYS, TOP_OPTIONAL)
    taxonomy = data.get("taxonomy", "community-safety")
    if not isinstance(taxonomy, str):
        raise ConfigError.at(file, "must be text", column="taxonomy")
    vocabulary = load_vocabulary(taxonomy)
    groups: dict[str, tuple[CsaItem, ...]] = {}
    for key in KINDS:
        items, found = _items(data.get(key, []), key, file, vocabulary)
        groups[key] = items
        problems += found
    appendix_b: tuple[str, ...] = ()
    groupings: tuple[str, ...] = ()
    if "appendix_b" in data:
        table = data["appendix_b"]
        if not isinstance(table, dict):
            table = {}
            problems.append(Problem(file, "must be a table", column="appendix_b"))
        problems += check_keys(table, file, "appendix_b", ["issues"], ["source", "groupings"])
        appendix_b = tuple(
            _ids(table.get("issues", []), "appendix_b.issues", file, vocabulary, problems)
        )
        raw = table.get("groupings", [])
        groupings = tuple(g for g in raw if isinstance(g, str)) if isinstance(raw, list) else ()
    csps = data.get("csps")
    if csps is not None and (isinstance(csps, bool) or not isinstance(csps, int) or csps < 1):
        problems.append(Problem(file, "must be a whole number >= 1", column="csps"))
    if problems:
        raise ConfigError(problems)
    return Csa(
        str(data["name"]),
        str(data.get("title", data["name"])),
        str(data.get("edition", "")),
        str(data.get("area", "")),
        csps,
        str(data.get("source", "")),
        groups["priority"],
        groups["cross_cutting_theme"],
        groups["theme"],
        appendix_b,
        groupings,
        vocabulary,
        file,
        source.sha256,
    )


def _ids(
    raw: Any, where: str, file: str, vocabulary: Vocabulary, problems: list[Problem]
) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        problems.append(Problem(file, "must be a list of issue ids", column=where))
        return []
    for issue_id in raw:
        if issue_id not in vocabulary.ids:
            problems.append(
                Problem(
                    file,
                    f"issue {issue_id!r} is not in the {vocabulary.name} vocabulary{vocabulary.suggest(issue_id)}",
                    column=where,
                )
            )
    return [v for v in raw if v in vocabulary.ids]


def _items(
    raw: Any, key: str, file: str, vocabulary: Vocabulary
) -> tuple[tuple[CsaItem, ...], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(raw, list):
        return (), [Problem(file, "must be an array of tables", column=key)]
    out: list[CsaItem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        where = key_path(key, i)
        if not isinstance(item, dict):
            problems.append(Problem(file, "must be a table", column=where))
            continue
        problems += check_keys(item, file, where, ITEM_KEYS, ITEM_OPTIONAL)
        item_id, name = item.get("id"), item.get("name")
        if not isinstance(item_id, str) or not isinstance(name, str) or not name.strip():
            problems.append(Problem(file, "id and name must be non-empty text", column=where))
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    file,
                    f"duplicate {KINDS[key]} id {item_id!r} (also at {key_path(key, seen[item_id])})",
                    column=f"{where}.id",
                )
            )
            continue
        seen[item_id] = i
        covers = _ids(item.get("covers"), f"{where}.covers", file, vocabulary, problems)
        count = item.get("printed_count")
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or count < 0
        ):
            problems.append(
                Problem(file, "must be a whole number >= 0", column=f"{where}.printed_count")
            )
            count = None
        out.append(
            CsaItem(
                item_id,
                name.strip(),
                KINDS[key],
                tuple(covers),
                str(item.get("lead", "")),
                str(item.get("including", "")),
                count,
                str(item.get("source", "")),
            )
        )
    return tuple(out), problems
