"""The issue vocabulary: standard issue ids, labels and synonyms (``config/taxonomy/*.toml``).

A district's free-text issue name is matched to a vocabulary issue by its label or a synonym,
ignoring case, spacing, hyphens and underscores.
"""

from __future__ import annotations

from dataclasses import dataclass

from csscore.assessment import issue_key
from csscore.config import check_keys, key_path, parse_toml, read_config
from csscore.errors import ConfigError, Problem, did_you_mean

DEFAULT_TAXONOMY = "community-safety"


@dataclass(frozen=True)
class Issue:
    """One standard community-safety issue."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The standard issues, with a lookup from any known name to an issue id."""

    name: str
    version: str
    issues: tuple[Issue, ...]
    sha256: str = ""

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for issue in self.issues:
            for name in (issue.id, issue.label, *issue.synonyms):
                names.setdefault(issue_key(name), issue.id)
        object.__setattr__(self, "_names", names)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def lookup(self, name: str) -> str | None:
        """The issue id a name refers to, or None if the vocabulary does not know it."""
        names: dict[str, str] = object.__getattribute__(self, "_names")
        return names.get(issue_key(name))

    def get(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def suggest(self, name: str) -> str:
        """' (did you mean "x"?)' for an unknown issue name or id."""
        return did_you_mean(name, [*self.ids, *(i.label for i in self.issues)])


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
