"""The issue vocabulary: standard issue ids, labels and synonyms (``config/taxonomy/*.toml``).

A district's free-text issue name is matched to a vocabulary issue by its label or a synonym,
ignoring case, spacing, hyphens and underscores.
"""

from __future__ import annotations

from csscore.config.toml import check_keys, key_path, parse_toml, read_config
from csscore.defaults import DEFAULT_TAXONOMY
from csscore.errors import ConfigError, Problem
from csscore.model.text import issue_key
from csscore.model.vocabulary import Issue, Vocabulary


def load_vocabulary(ref: str = DEFAULT_TAXONOMY) -> Vocabulary:
    """Load the issue vocabulary by built-in name or path."""
    source = read_config("taxonomy", ref)
    data = parse_toml(source)
    file = source.name
    problems: list[Problem] = check_keys(
        data, file, "(top level)", ["name", "issue"], ["version", "title", "description"]
    )
    items = data.get("issue", [])
    if not isinstance(items, list):
        problems.append(Problem(file, "must be an array of tables", column="issue"))
        items = []
    issues: list[Issue] = []
    owner: dict[str, str] = {}
    for i, item in enumerate(items):
        where = key_path("issue", i)
        if not isinstance(item, dict):
            problems.append(Problem(file, "must be a table", column=where))
            continue
        problems += check_keys(item, file, where, ["id", "label"], ["synonyms", "source", "notes"])
        issue_id, label, synonyms = item.get("id"), item.get("label"), item.get("synonyms", [])
        if not isinstance(issue_id, str) or not isinstance(label, str):
            problems.append(Problem(file, "id and label must be text", column=where))
            continue
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            problems.append(
                Problem(file, "synonyms must be a list of text", column=f"{where}.synonyms")
            )
            continue
        for name in (issue_id, label, *synonyms):
            key = issue_key(name)
            if key in owner and owner[key] != issue_id:
                problems.append(
                    Problem(
                        file,
                        f"name {name!r} is used by both {owner[key]!r} and {issue_id!r}",
                        column=where,
                    )
                )
            owner[key] = issue_id
        issues.append(Issue(issue_id, label, tuple(synonyms), str(item.get("source", ""))))
    if problems:
        raise ConfigError(problems)
    return Vocabulary(str(data["name"]), str(data.get("version", "")), tuple(issues), source.sha256)
