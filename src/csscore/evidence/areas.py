"""The districts evidence is counted for, and how a place name in the data finds its district.

A name matches a district by the district's id or name (and, for Home Office CSP names, its CSP),
after folding case, spacing and punctuation and following the mapping's aliases, so ``Shepway``
finds the district ``Folkestone and Hythe`` and a district listed as ``shepway`` alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from csscore.config.tables import decode_text, read_bytes
from csscore.errors import InputError
from csscore.model.text import place_key

#: A place name that matches several districts (a CSP shared by two districts).
AMBIGUOUS = "\0ambiguous"
LOOKUP_LIMIT = 100 * 1024 * 1024
_CODE_COLUMN = re.compile(r"^(lsoa[ _]?code|lsoa\d{2}cd|lsoa)$")
_DISTRICT_COLUMN = re.compile(r"^(district([ _]id)?|lad\d{2}nm|lad\d{2}cd|local authority)$")
_CSP_SUFFIX = re.compile(r"-(csp|community-safety-partnership)$")


@dataclass(frozen=True)
class Area:
    """A district: its id, display name, population and CSP."""

    id: str
    name: str
    population: float | None = None
    csp: str = ""


@dataclass(frozen=True)
class Areas:
    """The districts of a run. With none given, every place found in the data becomes one."""

    given: tuple[Area, ...]
    aliases: Mapping[str, str]
    lookup: Mapping[str, str] = field(default_factory=dict)  # LSOA code -> district name or id
    _index: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _csp_index: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for area in self.given:
            for name in (area.id, area.name):
                _add(self._index, self.canon(name), area.id)
            if area.csp:
                for key in {self.canon(area.csp), _CSP_SUFFIX.sub("", self.canon(area.csp))}:
                    _add(self._csp_index, key, area.id)

    @property
    def is_open(self) -> bool:
        """True when no districts were given: every place found counts."""
        return not self.given

    def canon(self, name: str) -> str:
        """The folded name a place stands for, after aliases."""
        key = place_key(name)
        target = self.aliases.get(key)
        return place_key(target) if target is not None else key

    def match(self, name: str, by_csp: bool = False) -> str | None:
        """The id of the district a place name means, AMBIGUOUS, or None if outside them all."""
        key = self.canon(name)
        if not key:
            return None
        if self.is_open:
            return key
        found = self._index.get(key)
        if found is None and by_csp:
            found = self._csp_index.get(key) or self._csp_index.get(_CSP_SUFFIX.sub("", key))
        return found

    def display(self, name: str) -> str:
        """The name a place is shown with: the alias target if it has one, else itself."""
        return self.aliases.get(place_key(name), name)

    def population(self, area_id: str) -> float | None:
        return next((a.population for a in self.given if a.id == area_id), None)


def _add(index: dict[str, str], key: str, area_id: str) -> None:
    if key and index.get(key, area_id) != area_id:
        index[key] = AMBIGUOUS
    elif key:
        index[key] = area_id


def load_manifest(path: Path) -> tuple[Area, ...]:
    """The districts (id, name, CSP, population) of a ``districts.toml`` manifest, read by the
    folder's manifest reader; here an entry need not name a file."""
    from csscore.config.manifest import read_manifest  # with the district reader: numpy

    return tuple(
        Area(
            item.id,
            item.name if item.name is not None else item.id,
            None if item.population is None else float(item.population),
            item.csp or "",
        )
        for item in read_manifest(path).entries
    )


def load_lookup(path: Path) -> dict[str, str]:
    """Read an LSOA lookup CSV: LSOA code column(s) -> district column.

    Accepted headers: ``lsoa_code`` (or ``LSOA code``, ``LSOA11CD``, ``LSOA21CD``; several code
    columns map every vintage) and ``district`` (or ``LAD22NM`` and the like).
    """
    display = str(path)
    text = decode_text(read_bytes(path, display, LOOKUP_LIMIT), display)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
        codes = [i for i, h in enumerate(header) if _CODE_COLUMN.match(h)]
        districts = [i for i, h in enumerate(header) if _DISTRICT_COLUMN.match(h)]
        missing = [n for n, cols in (("lsoa_code", codes), ("district", districts)) if not cols]
        if missing:
            raise InputError.at(
                display,
                f"not an LSOA lookup: missing column {' and '.join(map(repr, missing))}"
                " (e.g. header 'lsoa_code,district' or ONS 'LSOA21CD,LAD22NM')",
                1,
            )
        lookup: dict[str, str] = {}
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            if len(record) < len(header):
                raise InputError.at(
                    display,
                    f"row has {len(record)} cells; the header has {len(header)}",
                    reader.line_num,
                )
            district = record[districts[0]].strip()
            for i in codes:
                code = record[i].strip()
                if code and lookup.setdefault(code, district) != district:
                    raise InputError.at(
                        display,
                        f"LSOA {code} is given two districts: {lookup[code]!r} and {district!r}",
                        reader.line_num,
                        header[i],
                    )
    except csv.Error as exc:
        raise InputError.at(display, f"malformed CSV: {exc}", reader.line_num) from None
    return lookup


def open_areas(names: Mapping[str, str]) -> tuple[Area, ...]:
    """The districts of an open run: one per place found (id -> name as first seen)."""
    return tuple(Area(key, names[key]) for key in sorted(names))
