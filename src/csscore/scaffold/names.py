"""The names a new county's files are given: each district's id, file stem and workbook sheet,
derived from its name as the user wrote it, which the manifest keeps unchanged.

A name is refused (one line, exit 2) where the folder reader would refuse it (text starting with
a formula character, a control character other than tab and line break, an invisible one,
look-alike letters), when it is empty, or when it holds text no file can store (a lone
surrogate). Two names that differ only in case or spacing are the same district, refused; two
different names whose files would still clash (``North/East`` and ``North-East``) are kept
apart by a number, ``North-East-2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from csscore.config.district import check_text
from csscore.errors import InputError
from csscore.model.text import file_stem, fold_case, place_key
from csscore.render.formats.files import sheet_name

#: Sheet names of a county workbook that no district's sheet may take.
RESERVED_SHEETS = ("Districts", "Legend", "About", "Lists")


@dataclass(frozen=True)
class DistrictName:
    """One district of a new county: its name as written, and what is derived from it."""

    name: str
    id: str  # the manifest's id: the name folded to a slug ('tonbridge-and-malling')
    stem: str  # its district file's name without the suffix, safe on every system
    sheet: str  # its sheet in a county workbook (at most 31 characters, unique)


def checked_text(text: str, what: str, option: str) -> str:
    """``text`` if a folder's manifest can hold it and csscore reads it back; else refused,
    naming the option."""
    if not text.strip():
        raise InputError.at(option, f"{what} is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError.at(option, f"{what} {text!r} is not valid text (not UTF-8)") from None
    problem = check_text(text, what)
    if problem:
        shown = text if len(text) <= 60 else text[:59] + "\u2026"
        raise InputError.at(option, f"{problem}: {shown!r}")
    return text


def district_names(names: Sequence[str]) -> tuple[DistrictName, ...]:
    """Every district's derived names, in the order given."""
    seen: dict[str, str] = {}
    stems: set[str] = set()
    ids: set[str] = set()
    sheets = {s.casefold() for s in RESERVED_SHEETS}
    out = []
    for name in names:
        checked_text(name, "district name", "--district")
        key = " ".join(fold_case(name).split())
        if key in seen:
            same = "" if seen[key] == name else f" (as {seen[key]!r})"
            raise InputError.at("--district", f"district {name!r} is given twice{same}")
        seen[key] = name
        stem = _unique(file_stem(name), stems)
        district_id = _unique(slug(name), ids)
        out.append(DistrictName(name, district_id, stem, sheet_name(stem, sheets)))
    return tuple(out)


def slug(name: str) -> str:
    """The id a name is known by: 'Tonbridge and Malling' -> 'tonbridge-and-malling' (a name
    with no Latin letter or digit keeps its letters: 'Ζάκυνθος')."""
    return file_stem(place_key(name) or name)


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ...: the first not in ``taken`` (ignoring case,
    as a file system may); added to ``taken``."""
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate.casefold())
    return candidate
