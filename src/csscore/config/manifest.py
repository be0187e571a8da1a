"""The ``districts.toml`` manifest: its schema, and the reading and checking of it.

The manifest names each district's id, name, CSP, population, assessment year and file (or its
sheet of a workbook), and
whether it belongs to the county's Community Safety Agreement (``in_csa``), beside the county keys
(config/county.py). config/folder.py lists a folder's districts from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from msgspec import Meta
from msgspec.structs import replace

from csscore.config.county import CountyKeys, CountySettings, county_settings, is_file_ref
from csscore.config.schema import MAX_FLOAT, Explain, Schema, Text, convert
from csscore.config.schema import Path as KeyPath
from csscore.config.tables import decode_text, read_bytes
from csscore.config.toml import MAX_CONFIG_BYTES, key_path, loads_toml, name_problem
from csscore.errors import InputError, Problem
from csscore.model.text import fold_case

MANIFEST = "districts.toml"
Named = Annotated[str, Explain(message="{key} must be text")]


class PartnerFileDoc(Schema):
    """One partner's file in a district's ``files``, naming the partner."""

    file: Named
    partner: Named


class EntryDoc(Schema):
    """One ``[[district]]``; ``file`` (or ``files``, one per partner) is needed for a folder.
    ``sheet`` names the district's sheet when ``file`` is a workbook several districts share."""

    id: Named
    file: Named | None = None
    sheet: Named | None = None
    files: tuple[Named | PartnerFileDoc, ...] | None = None
    name: Named | None = None
    csp: Named | None = None
    population: (
        Annotated[
            float,
            Meta(gt=0, le=MAX_FLOAT),
            Explain(message="population {value!r} must be a positive number"),
        ]
        | None
    ) = None
    year: Named = ""
    in_csa: Annotated[bool, Explain(message="in_csa must be true or false")] = True
    matrix: Named | None = None
    notes: Text = ""


class FolderEntryDoc(EntryDoc):
    """A ``[[district]]`` of a folder's manifest: it names the district's file or files."""


_NOT_ARRAY = "'district' must be a non-empty array of tables ([[district]])"


class ManifestDoc(CountyKeys, kw_only=True):
    """A ``districts.toml`` manifest: the county keys (config/county.py) and its districts."""

    district: Annotated[tuple[EntryDoc, ...], Meta(min_length=1), Explain(message=_NOT_ARRAY)]
    matrix: Named | None = None
    horizon: Named | None = None  # the county's horizon scan (Appendix C), a file in the folder
    notes: Text = ""


class FolderManifestDoc(ManifestDoc, kw_only=True):
    """A folder's manifest: every district names its file."""

    district: Annotated[tuple[FolderEntryDoc, ...], Meta(min_length=1), Explain(message=_NOT_ARRAY)]


@dataclass(frozen=True)
class Manifest:
    """A manifest's districts (ids present and unique), its title, matrix and horizon file."""

    entries: tuple[EntryDoc, ...]
    title: str
    matrix: str | None
    sha256: str
    horizon: str | None = None
    settings: CountySettings = field(default_factory=CountySettings)


def _place(path: KeyPath) -> tuple[int | None, str]:
    """Manifest problems name the entry by number: 'district[2]', or row 2 and the key."""
    if len(path) >= 2 and path[0] == "district" and isinstance(path[1], int):
        if len(path) == 2:
            return None, f"district[{path[1] + 1}]"
        return path[1] + 1, key_path(*path[2:])
    return None, key_path(*path) or "(top level)"


def read_manifest(path: Path, schema: type[ManifestDoc] = ManifestDoc) -> Manifest:
    """Read and check a ``districts.toml`` manifest (a folder's, or evidence's ``--districts``)."""
    display = str(path)
    data = read_bytes(path, display, limit=MAX_CONFIG_BYTES)
    raw = loads_toml(decode_text(data, display), display, InputError)
    doc, problems = convert(raw, schema, display, _place)
    if problems or doc is None:
        raise InputError(problems or [Problem(display, "empty manifest")])
    _no_district_twice(doc.district, display)
    folder = path.parent

    def resolve(name: str, key: str) -> str:
        found = inside(folder, name, display, None, key)[0]
        if not found.is_file():  # named by the manifest: the manifest's key is the place
            state = "is not a file" if found.exists() else "does not exist"
            raise InputError.at(display, f"{key} file {name!r} {state}", column=key)
        return str(found)

    matrices = [(None, doc.matrix)] + [(r, e.matrix) for r, e in enumerate(doc.district, 1)]
    unknown = [
        p
        for row, ref in matrices
        if ref is not None and ref.strip() and not is_file_ref(ref.strip())
        for p in [name_problem("matrices", ref.strip(), display, "matrix", row)]
        if p is not None
    ]
    if unknown:
        raise InputError(unknown)
    digest = hashlib.sha256(data).hexdigest()
    settings = county_settings(doc, resolve, display)
    entries = tuple(replace(e, matrix=_beside(folder, e.matrix)) for e in doc.district)
    matrix = _beside(folder, doc.matrix)
    return Manifest(entries, doc.title, matrix, digest, doc.horizon, settings)


def _beside(folder: Path, ref: str | None) -> str | None:
    """A matrix as the manifest names it: a built-in name as it is, a relative path taken from
    the manifest's folder (as its CSA, plan and horizon files are), not the working folder."""
    if ref is None or not is_file_ref(ref.strip()) or Path(ref.strip()).is_absolute():
        return ref
    return str(folder / ref.strip())


def _no_district_twice(entries: tuple[EntryDoc, ...], display: str) -> None:
    """Refuse an empty id, and two entries naming one district (:func:`listed_once`)."""
    first: dict[tuple[str, str], int] = {}
    for row, item in enumerate(entries, start=1):
        listed_once(first, display, row, item.id, item.name)


def listed_once(
    first: dict[tuple[str, str], int],
    display: str,
    row: int,
    district_id: str,
    name: str | None,
    rows: str = "entries",
) -> None:
    """The one rule for a manifest's entries and a county workbook's ``Districts`` rows: refuse
    an empty id, and a second entry (at ``row``) with one id or one name (the id, for an entry
    with no name) as an earlier one in ``first``, which it then joins. Ids are compared folded
    (:func:`fold_case`, as a file system may compare the files made from them), names also
    ignoring spacing, since both name the district in every output."""
    district_id = district_id.strip()
    if not district_id:
        raise InputError.at(display, "empty district id", row, "id")
    named = name is not None and bool(name.strip())
    shown = " ".join(name.split()) if name is not None and named else district_id
    for kind, value, key, what in (
        ("id", district_id, "id", "district"),
        ("name", shown, "name" if named else "id", "district name"),
    ):
        folded = (kind, fold_case(value))
        if folded in first:
            message = f"{what} {value!r} is listed twice ({rows} {first[folded]} and {row})"
            raise InputError.at(display, message, row, key)
        first[folded] = row


def inside(
    folder: Path,
    name: str,
    file: str,
    row: int | None,
    key: str = "file",
    roots: dict[Path, Path] | None = None,
) -> tuple[Path, Path]:
    """Resolve a manifest entry's file inside the folder: (path, resolved); ``roots`` caches."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not name.strip() or "\0" in name:
        raise InputError.at(file, f"file {name!r} must be a plain name inside the folder", row, key)
    path = folder / relative
    roots = {} if roots is None else roots
    try:
        real = path.resolve(strict=False)
        if folder not in roots:
            roots[folder] = folder.resolve(strict=True)
        root = roots[folder]
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Python < 3.13)
        reason = getattr(exc, "strerror", None) or "symbolic link loop"
        raise InputError.at(file, f"cannot resolve {name!r}: {reason}", row, key) from None
    if real != root and root not in real.parents:
        message = f"file {name!r} leads outside the folder (symbolic link?)"
        raise InputError.at(file, message, row, key)
    return path, real
