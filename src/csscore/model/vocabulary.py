"""The issue vocabulary: standard issue ids, labels and synonyms, and the lookup from any known
name to an issue id. Read by :mod:`csscore.config.vocabulary`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from csscore.errors import did_you_mean
from csscore.model.text import issue_key


@dataclass(frozen=True)
class Issue:
    """One standard community-safety issue."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    source: str = ""
    themes: tuple[str, ...] = ()  # CSA items that cover it (a county vocabulary's own issues)


@dataclass(frozen=True)
class Vocabulary:
    """The standard issues, with a lookup from any known name to an issue id."""

    name: str
    version: str
    issues: tuple[Issue, ...]
    sha256: str = ""
    extension: str = ""  # the county vocabulary file that extends the built-in one, if any
    extension_sha256: str = ""

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for issue in self.issues:
            for name in (issue.id, issue.label, *issue.synonyms):
                names.setdefault(issue_key(name), issue.id)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_suggested", {})  # suggest_name's answers, by folded name

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def lookup(self, name: str) -> str | None:
        """The issue id a name refers to, or None if the vocabulary does not know it."""
        names: dict[str, str] = object.__getattribute__(self, "_names")
        return names.get(issue_key(name))

    def get(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def display_name(self, key: str) -> str:
        """How an issue key is shown: its label, or the key itself (a district's own name for an
        issue the vocabulary does not know)."""
        return self.get(key).label if key in self.ids else key

    def suggest(self, name: str) -> str:
        """' (did you mean "x"?)' for an unknown issue name or id."""
        return did_you_mean(name, [*self.ids, *(i.label for i in self.issues)])

    def suggest_name(self, name: str) -> str:
        """' (did you mean "Label"?)' for an unknown issue name: the closest label, synonym or id,
        compared as :func:`issue_key` folds them, named by its issue's label; else ''."""
        key = issue_key(name)
        # each distinct name compared once: a county of unknown names repeats them row by row
        suggested: dict[str, str] = object.__getattribute__(self, "_suggested")
        hint = suggested.get(key)
        if hint is None:
            names: dict[str, str] = object.__getattribute__(self, "_names")
            match = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
            hint = f' (did you mean "{self.get(names[match[0]]).label}"?)' if match else ""
            suggested[key] = hint
        return hint

    def unknown(self, name: str) -> str | None:
        """'unknown issue 'X' (did you mean "Y"?)' for a name the vocabulary does not know."""
        if self.lookup(name) is not None:
            return None
        return f"unknown issue {name!r}{self.suggest_name(name)}"
