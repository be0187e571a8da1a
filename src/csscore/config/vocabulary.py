"""The issue vocabulary: standard issue ids, labels and synonyms (``config/taxonomy/*.toml``).

A district's free-text issue name is matched to a vocabulary issue by its label or a synonym,
ignoring case, spacing, hyphens and underscores.
"""

from __future__ import annotations

from typing import Annotated

from csscore.config.schema import Explain, Schema, Text, convert
from csscore.config.toml import key_path, name_problem, parse_toml, read_config
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


class CountyIssueDoc(IssueDoc):
    """An issue of a county's own vocabulary: ``themes`` names the CSA items that cover it."""

    themes: Annotated[
        tuple[str, ...], Explain(message="themes must be a list of CSA item ids")
    ] = ()


class CountyVocabularyDoc(Schema):
    """A county's vocabulary file (named by the manifest's ``vocabulary`` key)."""

    issue: tuple[CountyIssueDoc, ...] = ()
    extends: Text = DEFAULT_TAXONOMY
    title: Text = ""
    description: Text = ""


def load_county_vocabulary(ref: str) -> Vocabulary:
    """A county's vocabulary file: the built-in vocabulary it ``extends`` and the county's own
    issues. An id or name that clashes with a built-in one, or an id listed twice, is refused
    naming both places."""
    from csscore.config.district import check_text

    source = read_config("taxonomy", ref)
    file = source.name
    doc, problems = convert(parse_toml(source), CountyVocabularyDoc, file)
    unknown = name_problem("taxonomy", doc.extends, file, "extends") if doc else None
    if doc is None or unknown:
        raise ConfigError([*problems, *([unknown] if unknown else [])])
    try:
        base = load_vocabulary(doc.extends)
    except ConfigError as exc:  # a file that cannot be read: say which file and key named it
        raise ConfigError(
            Problem(file, p.message, p.row, "extends") if p.file == doc.extends else p
            for p in exc.problems
        ) from None
    built_in = {
        issue_key(name): (i, issue)
        for i, issue in enumerate(base.issues)
        for name in (issue.id, issue.label, *issue.synonyms)
    }
    owner: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(doc.issue):
        where = key_path("issue", i)
        for key, name in (
            ("id", item.id),
            ("label", item.label),
            *(("synonyms", s) for s in item.synonyms),
        ):
            problem = check_text(name, f"issue {key}") if name.strip() else f"empty issue {key}"
            if problem:
                problems.append(Problem(file, problem, column=f"{where}.{key}"))
                continue
            folded = issue_key(name)
            if folded in built_in:
                at, known = built_in[folded]
                problems.append(
                    Problem(
                        file,
                        f"{key} {name!r} clashes with built-in issue {known.id!r} "
                        f"({base.name} {key_path('issue', at)}); use the built-in issue or another name",
                        column=f"{where}.{key}",
                    )
                )
            elif folded in owner and owner[folded][1] != item.id:
                problems.append(
                    Problem(
                        file,
                        f"name {name!r} is used by both {owner[folded][1]!r} "
                        f"({key_path('issue', owner[folded][0])}) and {item.id!r} ({where})",
                        column=f"{where}.{key}",
                    )
                )
            elif key == "id" and folded in owner:
                first = key_path("issue", owner[folded][0])
                problems.append(
                    Problem(
                        file,
                        f"duplicate issue id {item.id!r} at {first} and {where}",
                        column=f"{where}.id",
                    )
                )
            owner.setdefault(folded, (i, item.id))
    if problems:
        raise ConfigError(problems)
    own = tuple(Issue(i.id, i.label, i.synonyms, i.source, i.themes) for i in doc.issue)
    return Vocabulary(
        base.name, base.version, (*base.issues, *own), base.sha256, file, source.sha256
    )


def issue_list(
    names: tuple[str, ...],
    vocabulary: Vocabulary,
    problems: list[Problem],
    place: tuple[str, int | None, str],
    ids_only: bool = True,
    noun: str = "vocabulary",
) -> tuple[str, ...]:
    """The vocabulary ids a config's list of issues names, in order: the one rule of every such
    list (a CSA's and a plan's ``covers``, a horizon item's ``issues``). An issue the vocabulary
    does not hold (``ids_only``: by its id; else by any of its names), or one listed twice (also
    under another of its names), is a problem at ``place`` (file, row, key)."""
    out: dict[str, str] = {}
    for name in names:
        issue_id = vocabulary.lookup(name)
        if issue_id is None or (ids_only and name not in vocabulary.ids):
            hint = f' (did you mean "{issue_id}"?)' if issue_id else vocabulary.suggest(name)
            message = f"issue {name!r} is not in the {vocabulary.name} {noun}{hint}"
        elif issue_id in out:
            also = f" (as {out[issue_id]!r})" if out[issue_id] != name else ""
            message = f"issue {name!r} is listed twice{also}"
        else:
            out[issue_id] = name
            continue
        problems.append(Problem(place[0], message, place[1], place[2]))
    return tuple(out)
