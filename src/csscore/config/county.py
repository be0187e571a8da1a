"""A county's own settings, read from its ``districts.toml`` manifest: the title, county and year
its headings use, the CSA and Police and Crime Plan it is counted against, its own issue
vocabulary, and whether its gradings are illustrative.

Every key is optional. Without ``csa`` a folder is counted against no CSA (neutral headings, no
"Printed in" column); without ``plan`` the appendix has no Appendix D. ``csa`` and ``plan`` are
a built-in name or a file inside the folder; ``vocabulary`` is a file inside the folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from csscore.config.schema import Explain, Schema, Text
from csscore.model.vocabulary import Vocabulary

NONE = "none"  # `--csa none` and `csa = "none"`: no Community Safety Agreement
NEUTRAL_TITLE = "Community Safety Agreement"
KIND = {"csa": "csa", "plan": "plans"}  # the built-in configuration a county key names
Ref = Annotated[str, Explain(message="{key} must be text: a built-in name or a file")]


class CountyKeys(Schema, kw_only=True):
    """The county keys of a manifest (the districts are listed by ``[[district]]``)."""

    title: Text = ""
    county: Text = ""
    year: Text = ""
    csa: Ref | None = None
    plan: Ref | None = None
    vocabulary: Ref | None = None
    illustrative: Annotated[bool, Explain(message="illustrative must be true or false")] = False


@dataclass(frozen=True)
class CountySettings:
    """A county's settings, with ``csa``, ``plan`` and ``vocabulary`` resolved: a built-in
    name, or the path of a file in the folder."""

    title: str = ""
    county: str = ""
    year: str = ""
    csa: str | None = None
    plan: str | None = None
    vocabulary: str | None = None
    illustrative: bool = False


def is_file_ref(ref: str) -> bool:
    """A reference to a file (not a built-in name)."""
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


def county_settings(
    doc: CountyKeys, resolve: Callable[[str, str], str], file: str
) -> CountySettings:
    """The settings of manifest ``file``; ``resolve(value, key)`` turns a file name into its path,
    and a built-in name that names none is refused at the file and key."""
    from csscore.config.toml import name_problem
    from csscore.errors import InputError

    def ref(value: str | None, key: str) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if is_file_ref(value):
            return resolve(value, key)
        unknown = name_problem(KIND[key], value, file, key, also=(NONE,))
        if unknown:
            raise InputError(unknown)
        return value

    return CountySettings(
        doc.title.strip(),
        doc.county.strip(),
        doc.year.strip(),
        ref(doc.csa, "csa"),
        ref(doc.plan, "plan"),
        resolve(doc.vocabulary.strip(), "vocabulary") if doc.vocabulary else None,
        doc.illustrative,
    )


def county_vocabulary(settings: CountySettings | None) -> Vocabulary:
    """The vocabulary a county's issue names are checked against: the built-in one, extended by
    the county's own file if the manifest names one."""
    from csscore.config.vocabulary import load_county_vocabulary, load_vocabulary

    if settings is not None and settings.vocabulary:
        return load_county_vocabulary(settings.vocabulary)
    return load_vocabulary()


def heading(settings: CountySettings | None) -> str:
    """The neutral heading of a county counted against no CSA: its title, else its county and
    year, else "Community Safety Agreement"."""
    if settings is None:
        return NEUTRAL_TITLE
    if settings.title:
        return settings.title
    named = " ".join(p for p in (settings.county, NEUTRAL_TITLE) if p)
    return f"{named} {settings.year}".strip() if settings.county else NEUTRAL_TITLE
