"""A county's horizon scan (``horizon.toml``, declared in the manifest as ``horizon = "..."``):
the items of its CSA's Appendix C under the seven PESTELO headings. The format is in
``docs/horizon-format.md``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from csscore.config.schema import NonEmpty, Schema, Text, TextList, convert
from csscore.config.schema import Path as KeyPath
from csscore.config.tables import decode_text, read_bytes
from csscore.config.toml import MAX_CONFIG_BYTES, key_path, loads_toml
from csscore.config.vocabulary import issue_list
from csscore.errors import InputError, Problem, did_you_mean
from csscore.model.horizon import PESTELO, Horizon, HorizonItem
from csscore.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from csscore.config.folder import Folder


class LeadInDoc(Schema):
    """A ``[[heading]]``: text printed under a heading before its items."""

    name: NonEmpty
    text: NonEmpty


class ItemDoc(Schema):
    """An ``[[item]]``: one issue on the horizon under a PESTELO heading."""

    heading: NonEmpty
    text: NonEmpty
    issues: TextList = ()
    notes: Text = ""


class HorizonDoc(Schema):
    """A ``horizon.toml`` file."""

    item: tuple[ItemDoc, ...] = ()
    heading: tuple[LeadInDoc, ...] = ()
    title: Text = "Horizon Scanning"
    year: Text = ""
    introduction: Text = ""
    source: Text = ""
    notes: Text = ""


def _place(path: KeyPath) -> tuple[int | None, str]:
    """Problems in an item name it by number as the row: 'row 3, column heading'."""
    if len(path) >= 2 and path[0] == "item" and isinstance(path[1], int):
        return path[1] + 1, key_path(*path[2:]) or f"item[{path[1] + 1}]"
    return None, key_path(*path) or "(top level)"


def pestelo_heading(name: str) -> str | None:
    """The PESTELO heading ``name`` spells, ignoring case and spacing, or None."""
    key = " ".join(name.split()).casefold()
    return next((h for h in PESTELO if h.casefold() == key), None)


def _heading(name: str, file: str, row: int | None, column: str, problems: list[Problem]) -> str:
    heading = pestelo_heading(name)
    if heading is None:
        hint = did_you_mean(name, PESTELO) or did_you_mean(name.title(), PESTELO)
        message = (
            f"heading {name!r} is not a PESTELO heading{hint or ' (' + '; '.join(PESTELO) + ')'}"
        )
        problems.append(Problem(file, message, row, column))
        return ""
    return heading


def county_horizon_path(folder: Folder) -> Path | None:
    """The horizon file a county's manifest declares, inside its folder and present."""
    from csscore.config.manifest import MANIFEST
    from csscore.config.manifest import inside as _inside

    if folder.horizon is None:
        return None
    display = str(folder.path / MANIFEST)
    path, _ = _inside(folder.path, folder.horizon, display, None, "horizon")
    if not path.is_file():
        message = f"horizon file {folder.horizon!r} does not exist"
        raise InputError.at(display, message, column="horizon")
    return path


def read_horizon(path: Path, vocabulary: Vocabulary) -> Horizon:
    """Read and check a horizon file: headings are PESTELO's, linked issues the vocabulary's."""
    file = str(path)
    data = read_bytes(path, file, limit=MAX_CONFIG_BYTES)
    raw = loads_toml(decode_text(data, file), file, InputError)
    doc, problems = convert(raw, HorizonDoc, file, _place)
    if doc is None:
        raise InputError(problems or [Problem(file, "empty horizon file")])
    items: list[HorizonItem] = []
    for row, item in enumerate(doc.item, start=1):
        heading = _heading(item.heading, file, row, "heading", problems)
        place = (file, row, "issues")
        issues = issue_list(item.issues, vocabulary, problems, place, ids_only=False)
        items.append(HorizonItem(heading, item.text.strip(), issues))
    lead_ins: list[tuple[str, str]] = []
    for i, lead in enumerate(doc.heading):
        where = f"{key_path('heading', i)}.name"
        heading = _heading(lead.name, file, None, where, problems)
        if heading and any(h == heading for h, _ in lead_ins):
            problems.append(Problem(file, f"heading {heading!r} has two lead-ins", column=where))
        lead_ins.append((heading, lead.text.strip()))
    if problems:
        raise InputError(problems)
    return Horizon(
        doc.title.strip() or "Horizon Scanning",
        doc.year.strip(),
        doc.introduction.strip(),
        tuple(lead_ins),
        tuple(items),
        path.name,
        hashlib.sha256(data).hexdigest(),
    )
