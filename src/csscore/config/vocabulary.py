"""The issue vocabulary: standard issue ids, labels and synonyms (``config/taxonomy/*.toml``).

A district's free-text issue name is matched to a vocabulary issue by its label or a synonym,
ignoring case, spacing, hyphens and underscores.
"""

from __future__ import annotations

from typing import Annotated

from csscore.config.schema import Explain, Schema, Text, convert
from csscore.config.toml import key_path, parse_toml, read_config
from csscore.defaults import DEFAULT_TAXONOMY
from csscore.errors import ConfigError, Problem
from csscore.model.text import issue_key
from csscore.model.vocabulary import Issue, Vocabulary


class IssueDoc(Schema):
    id: str
    label: str
    synonyms: Annotated[tuple[str, ...], Explain(message="synonyms must be a list of text")] = ()
    source: Text = ""
    notes: Text = ""


class VocabularyDoc(Schema):
    """A taxonomy file (``config/taxonomy/*.toml``)."""

    name: str
    issue: tuple[IssueDoc, ...]
    version: Text = ""
    title: Text = ""
    description: Text = ""


def load_vocabulary(ref: str = DEFAULT_TAXONOMY) -> Vocabulary:
    """Load the issue vocabulary by built-in name or path."""
    source = read_config("taxonomy", ref)
    file = source.name
    doc, problems = convert(parse_toml(source), VocabularyDoc, file)
    if doc is None:
        raise ConfigError(problems)
    owner: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, item in enumerate(doc.issue):
        if item.id in first:
            where = key_path("issue", i)
            message = (
                f"duplicate issue id {item.id!r} at {key_path('issue', first[item.id])} and {where}"
            )
            problems.append(Problem(file, message, column=f"{where}.id"))
        first.setdefault(item.id, i)
        for name in (item.id, item.label, *item.synonyms):
            key = issue_key(name)
            if key in owner and owner[key] != item.id:
                problems.append(
                    Problem(
                        file,
                        f"name {name!r} is used by both {owner[key]!r} and {item.id!r}",
                        column=key_path("issue", i),
                    )
                )
            owner[key] = item.id
    if problems:
        raise ConfigError(problems)
    issues = tuple(Issue(i.id, i.label, i.synonyms, i.source) for i in doc.issue)
    return Vocabulary(doc.name, doc.version, issues, source.sha256)
