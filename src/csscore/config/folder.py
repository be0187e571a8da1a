"""A folder of district files, described by an optional ``districts.toml`` manifest.

The manifest (config/manifest.py) names each district's id, name, CSP, population, assessment year
and file, and whether it belongs to the county's Community Safety Agreement (``in_csa``; Medway, a
unitary authority, does not belong to Kent's). Without a manifest every .csv, .toml and .xlsx file
in the folder is a district named after its file, each its own CSP.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from csscore.config.county import CountySettings, county_vocabulary
from csscore.config.district import build_assessment, check_text, district_from_path
from csscore.config.manifest import (
    MANIFEST,
    EntryDoc,
    FolderManifestDoc,
    PartnerFileDoc,
    read_manifest,
)
from csscore.config.manifest import inside as _inside
from csscore.config.tables import SUFFIXES, RawTable, read_bytes, read_table, refuse_macros
from csscore.errors import InputError, Problem
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix

__all__ = ["MANIFEST", "read_manifest"]  # re-exported: the folder's readers import them from here


@dataclass(frozen=True)
class Entry:
    """One district of a folder: who it is and which file holds its assessment."""

    district: District
    path: Path
    display: str
    matrix: str | None = None
    sheet: str | None = None  # the district's sheet, in a county workbook
    files: tuple[PartnerFile, ...] = ()  # one per partner, for a district graded by partners


@dataclass(frozen=True)
class PartnerFile:
    """One file of a district graded by partners: the partner is named here or in the file."""

    path: Path
    display: str
    partner: str | None
    manifest: str
    row: int  # the district's entry in the manifest


Progress = Callable[[int, int], None]  # told of work done as (steps, total steps)


@dataclass(frozen=True)
class Folder:
    """A folder's districts, its manifest (if any) and the matrix it declares."""

    path: Path
    entries: tuple[Entry, ...]
    title: str = ""
    matrix: str | None = None
    manifest_sha256: str | None = None
    horizon: str | None = None  # the horizon file the manifest names (config.horizon reads it)
    settings: CountySettings | None = None  # from the manifest; None for a folder without one


def read_folder(folder: Path) -> Folder:
    """List a folder's districts from its manifest, or from its files if it has none; or a county
    workbook's, from its ``Districts`` sheet."""
    from csscore.config.county_book import county_entries, is_county_workbook

    if is_county_workbook(folder):
        sheets, digest = county_entries(folder)
        book = tuple(Entry(d, folder, f"{folder}[{s}]", m, s) for d, s, m in sheets)
        return Folder(folder, book, manifest_sha256=digest)
    if not folder.is_dir():
        _refuse_non_folder(folder)
    manifest = folder / MANIFEST
    roots: dict[Path, Path] = {}  # the folder, resolved once
    if not manifest.exists():
        return Folder(folder, _files_of(folder, roots))
    listing = read_manifest(manifest, FolderManifestDoc)
    listed: dict[tuple[Path, str | None], int] = {}
    entries = [
        _entry(folder, item, str(manifest), row, listed, roots)
        for row, item in enumerate(listing.entries, start=1)
    ]
    return Folder(
        folder,
        tuple(entries),
        listing.title,
        listing.matrix,
        listing.sha256,
        listing.horizon,
        listing.settings,
    )


def _refuse_non_folder(folder: Path) -> NoReturn:
    """Refuse what is neither a folder nor a county workbook, saying which it is."""
    if folder.is_file():
        refuse_macros(folder, str(folder))
    workbook = folder.is_file() and folder.suffix.lower() == ".xlsx"
    raise InputError.at(
        str(folder),
        "no such folder"
        if not folder.exists()
        else "not a folder, nor a county workbook (it has no sheet named 'Districts')"
        if workbook
        else "not a folder",
    )


def _files_of(folder: Path, roots: dict[Path, Path]) -> tuple[Entry, ...]:
    """A folder without a manifest: a district per file, named by its stem."""
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUFFIXES and p.name != MANIFEST and not p.name.startswith(".")
    )
    if not files:
        raise InputError.at(str(folder), "folder holds no district files (.csv, .toml, .xlsx)")
    seen: dict[str, Path] = {}
    entries = []
    for path in files:
        if path.stem in seen:
            raise InputError.at(
                str(path),
                f"two files for district {path.stem!r}: {seen[path.stem].name} and {path.name}",
            )
        seen[path.stem] = path
        _inside(folder, path.name, str(folder), None, roots=roots)
        entries.append(Entry(district_from_path(path), path, str(path)))
    return tuple(entries)


def _entry(
    folder: Path,
    item: EntryDoc,
    display: str,
    row: int,
    listed: dict[tuple[Path, str | None], int],
    roots: dict[Path, Path],
) -> Entry:
    """The manifest's ``row``-th district: its names checked, its file or partners' files found."""
    for key in ("id", "name", "csp"):  # names a county's outputs show
        value = getattr(item, key)
        problem = check_text(value, f"district {key}") if value is not None else None
        if problem:
            raise InputError.at(display, problem, row, key)
    district_id = item.id.strip()
    if item.file is None and item.files is None:
        raise InputError.at(display, "missing required key 'file'", None, f"district[{row}]")
    if item.file is not None and item.files is not None:
        message = "give 'file', or 'files' (one per partner), not both"
        raise InputError.at(display, message, row, "files")
    names = [item.file] if item.file is not None else [_file_name(f) for f in item.files or ()]
    key = "file" if item.file is not None else "files"
    if not names:
        raise InputError.at(display, "'files' lists no file", row, key)
    sheet = _sheet(item.sheet, item.file, display, row)
    paths = [
        _listed(folder, name, display, row, key, district_id, listed, roots, sheet)
        for name in names
    ]
    name = item.name if item.name is not None else district_id
    csp = item.csp if item.csp is not None else name
    population = None if item.population is None else float(item.population)
    district = District(district_id, name, csp, population, item.year, item.in_csa)
    parts = tuple(
        PartnerFile(p, str(p), f.partner if isinstance(f, PartnerFileDoc) else None, display, row)
        for p, f in zip(paths, item.files or (), strict=False)
    )
    shown = str(paths[0]) if sheet is None else f"{paths[0]}[{sheet}]"
    return Entry(district, paths[0], shown, item.matrix, sheet, parts)


def _file_name(item: str | PartnerFileDoc) -> str:
    return item.file if isinstance(item, PartnerFileDoc) else item


def _sheet(sheet: str | None, file: str | None, display: str, row: int) -> str | None:
    """An entry's sheet: given only with one ``file``, a workbook."""
    if sheet is None:
        return None
    if file is None or not file.lower().endswith(".xlsx"):
        message = "'sheet' names a sheet of the workbook (.xlsx) that 'file' names"
        raise InputError.at(display, message, row, "sheet")
    if not sheet.strip():
        raise InputError.at(display, "empty sheet name", row, "sheet")
    return sheet


def _listed(
    folder: Path, name: str, display: str, row: int, key: str, district_id: str,
    listed: dict[tuple[Path, str | None], int], roots: dict[Path, Path], sheet: str | None,
) -> Path:  # fmt: skip
    """A file a manifest entry lists: inside the folder, existing, listed once (a workbook
    once for each sheet)."""
    path, real = _inside(folder, name, display, row, key, roots)
    place = (real, None if sheet is None else sheet.casefold())
    if place in listed:
        first = listed[place]
        where = (
            "twice in this entry"
            if first == row
            else f"for two districts (entries {first} and {row})"
        )
        what = f"file {name!r}" if sheet is None else f"sheet {sheet!r} of {name!r}"
        raise InputError.at(display, f"{what} is listed {where}", row, key)
    listed[place] = row
    try:
        found = path.is_file()
    except OSError as exc:  # a name too long for the system
        reason = exc.strerror or str(exc)
        raise InputError.at(display, f"file {name!r}: {reason}", row, key) from None
    if not found:
        raise InputError.at(
            display, f"district {district_id!r}: file {name!r} does not exist", row, key
        )
    return path


def index_place(folder: Folder) -> str:
    """Where a county's list of districts is, as messages name it: the folder's manifest, or the
    county workbook's ``Districts`` sheet."""
    return str(folder.path / MANIFEST) if folder.path.is_dir() else f"{folder.path}[Districts]"


def require_csa_district(folder: Folder) -> None:
    """Refuse, naming the manifest (or workbook), a county with no district in the CSA."""
    if folder.entries and not any(e.district.in_csa for e in folder.entries):
        where = index_place(folder)
        message = "every district is outside the CSA (in_csa = false); a county needs one inside"
        raise InputError.at(where, message, column="in_csa")


def sample_folder() -> Path:
    """The bundled sample county (installed as the package ``csscore.sample``)."""
    from importlib import resources

    return Path(str(resources.files("csscore.sample")))


def folder_matrix(folder: Folder, default: str) -> str:
    """The one matrix a folder's districts are scored with (``default`` if none is declared)."""
    declared = {e.matrix or folder.matrix or default for e in folder.entries}
    if len(declared) > 1:
        names = ", ".join(sorted(declared))
        raise InputError.at(
            index_place(folder),
            f"districts are scored with different matrices ({names}); a county result needs one",
            column="matrix",
        )
    return declared.pop() if declared else default


def collect(
    folder: Folder, matrix: Matrix, progress: Progress | None = None
) -> tuple[list[DistrictAssessment], list[Problem]]:
    """Read every district of a folder, gathering every problem rather than stopping at the first;
    ``progress(1, total)`` is told of each district read."""
    assessments: list[DistrictAssessment] = []
    problems: list[Problem] = []
    vocabulary = county_vocabulary(folder.settings)
    sheets = _county_sheets(folder, matrix)
    total = len(folder.entries)
    for entry in folder.entries:
        if progress is not None:
            progress(1, total)
        if entry.files:
            from csscore.config.partners import read_partner_files

            found_assessment, found = read_partner_files(
                entry.files, matrix, entry.district, vocabulary
            )
            problems += found
            if found_assessment is not None:
                assessments.append(found_assessment)
            continue
        try:
            table = (
                sheets[(entry.path, entry.sheet)]
                if entry.sheet is not None
                else read_table(entry.path, entry.display, matrix)
            )
        except InputError as exc:
            problems += exc.problems
            continue
        assessment, found = build_assessment(table, matrix, entry.district, vocabulary=vocabulary)
        problems += found
        if assessment is not None:
            assessments.append(assessment)
    return assessments, problems


def _county_sheets(folder: Folder, matrix: Matrix) -> dict[tuple[Path, str], RawTable]:
    """The district sheets of a county workbook, or of the workbooks a manifest names with a
    ``sheet``: {(workbook, sheet): table}, each workbook opened once."""
    from csscore.config.sheets import header_matcher
    from csscore.config.workbooks import xlsx_tables

    books: dict[Path, dict[str, str]] = {}
    for e in folder.entries:
        if e.sheet is not None:
            books.setdefault(e.path, {})[e.sheet] = e.display
    out: dict[tuple[Path, str], RawTable] = {}
    for path, displays in books.items():
        data = read_bytes(path, str(path))
        digest = hashlib.sha256(data).hexdigest()
        tables = xlsx_tables(data, digest, displays, header_matcher(matrix), str(path))
        out |= {(path, sheet): table for sheet, table in tables.items()}
    return out


def load_folder(folder: Path, matrix: Matrix) -> tuple[Folder, list[DistrictAssessment]]:
    """Read and validate a whole folder; any problem anywhere stops it (no partial county)."""
    listing = read_folder(folder)
    assessments, problems = collect(listing, matrix)
    if problems:
        raise InputError(problems)
    return listing, assessments
