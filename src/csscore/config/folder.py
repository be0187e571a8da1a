"""A folder of district files, described by an optional ``districts.toml`` manifest.

The manifest names each district's id, name, CSP, population, assessment year and file, and
whether it belongs to the county's Community Safety Agreement (``in_csa``; Medway, a unitary
authority, does not belong to Kent's). Without a manifest every .csv, .toml and .xlsx file in the
folder is a district named after its file, each its own CSP.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csscore.config.district import build_assessment, check_text, district_from_path
from csscore.config.tables import SUFFIXES, RawTable, decode_text, read_bytes, read_table
from csscore.config.toml import MAX_CONFIG_BYTES, check_keys, loads_toml
from csscore.errors import InputError, Problem
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix

MANIFEST = "districts.toml"
MANIFEST_KEYS = ("id", "file")
MANIFEST_OPTIONAL = ("name", "csp", "population", "year", "in_csa", "matrix", "notes")


@dataclass(frozen=True)
class Entry:
    """One district of a folder: who it is and which file holds its assessment."""

    district: District
    path: Path
    display: str
    matrix: str | None = None
    sheet: str | None = None  # the district's sheet, in a county workbook


@dataclass(frozen=True)
class Folder:
    """A folder's districts, its manifest (if any) and the matrix it declares."""

    path: Path
    entries: tuple[Entry, ...]
    title: str = ""
    matrix: str | None = None
    manifest_sha256: str | None = None


def _inside(folder: Path, name: str, file: str, row: int) -> Path:
    """Resolve a manifest 'file' entry, refusing anything that leaves the folder."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not name.strip() or "\0" in name:
        raise InputError.at(
            file, f"file {name!r} must be a plain name inside the folder", row, "file"
        )
    path = folder / relative
    try:
        real = path.resolve(strict=False)
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Python < 3.13)
        reason = getattr(exc, "strerror", None) or "symbolic link loop"
        raise InputError.at(file, f"cannot resolve {name!r}: {reason}", row, "file") from None
    if real != root and root not in real.parents:
        raise InputError.at(
            file, f"file {name!r} leads outside the folder (symbolic link?)", row, "file"
        )
    return path


def _population(value: Any, file: str, row: int) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise InputError.at(
            file, f"population {value!r} must be a positive number", row, "population"
        )
    return float(value)


def read_folder(folder: Path) -> Folder:
    """List a folder's districts from its manifest, or from its files if it has none; or a county
    workbook's, from its ``Districts`` sheet."""
    from csscore.config.county_book import county_entries, is_county_workbook

    if is_county_workbook(folder):
        sheets, digest = county_entries(folder)
        return Folder(
            folder,
            tuple(Entry(d, folder, f"{folder}[{s}]", m, s) for d, s, m in sheets),
            manifest_sha256=digest,
        )
    if not folder.is_dir():
        raise InputError.at(
            str(folder), "no such folder" if not folder.exists() else "not a folder"
        )
    manifest = folder / MANIFEST
    if not manifest.exists():
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
            _inside(folder, path.name, str(folder), 0)
            entries.append(Entry(district_from_path(path), path, str(path)))
        return Folder(folder, tuple(entries))
    display = str(manifest)
    data = read_bytes(manifest, display, limit=MAX_CONFIG_BYTES)
    doc = loads_toml(decode_text(data, display), display, InputError)
    problems = check_keys(doc, display, "(top level)", ["district"], ["title", "matrix", "notes"])
    if problems:
        raise InputError(problems)
    rows = doc["district"]
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise InputError.at(
            display,
            "'district' must be a non-empty array of tables ([[district]])",
            column="district",
        )
    entries = []
    ids: dict[str, int] = {}
    listed: dict[Path, int] = {}
    for row, item in enumerate(rows, start=1):
        problems = check_keys(item, display, f"district[{row}]", MANIFEST_KEYS, MANIFEST_OPTIONAL)
        if problems:
            raise InputError(problems)
        for key in ("id", "file", "name", "csp", "year", "matrix"):
            if key in item and not isinstance(item[key], str):
                raise InputError.at(display, f"{key} must be text", row, key)
            checked = key in item and key in ("id", "name", "csp")
            problem = check_text(item[key], f"district {key}") if checked else None
            if problem:
                raise InputError.at(display, problem, row, key)
        district_id = item["id"].strip()
        if not district_id:
            raise InputError.at(display, "empty district id", row, "id")
        if district_id in ids:
            raise InputError.at(
                display,
                f"district {district_id!r} is listed twice (entries {ids[district_id]} and {row})",
                row,
                "id",
            )
        ids[district_id] = row
        path = _inside(folder, item["file"], display, row)
        if path.resolve() in listed:
            raise InputError.at(
                display,
                f"file {item['file']!r} is listed for two districts (entries {listed[path.resolve()]} and {row})",
                row,
                "file",
            )
        listed[path.resolve()] = row
        try:
            found = path.is_file()
        except OSError as exc:  # a name too long for the system
            reason = exc.strerror or str(exc)
            raise InputError.at(display, f"file {item['file']!r}: {reason}", row, "file") from None
        if not found:
            raise InputError.at(
                display,
                f"district {district_id!r}: file {item['file']!r} does not exist",
                row,
                "file",
            )
        in_csa = item.get("in_csa", True)
        if not isinstance(in_csa, bool):
            raise InputError.at(display, "in_csa must be true or false", row, "in_csa")
        name = item.get("name", district_id)
        district = District(
            district_id,
            name,
            item.get("csp", name),
            _population(item.get("population"), display, row),
            item.get("year", ""),
            in_csa,
        )
        entries.append(Entry(district, path, str(path), item.get("matrix")))
    matrix = doc.get("matrix")
    if matrix is not None and not isinstance(matrix, str):
        raise InputError.at(display, "matrix must be text", column="matrix")
    return Folder(
        folder, tuple(entries), str(doc.get("title", "")), matrix, hashlib.sha256(data).hexdigest()
    )


def sample_folder() -> Path:
    """The bundled sample county (installed as the package ``csscore.sample``)."""
    from importlib import resources

    return Path(str(resources.files("csscore.sample")))


def folder_matrix(folder: Folder, default: str) -> str:
    """The one matrix a folder's districts are scored with (``default`` where none is declared),
    refusing districts scored with different ones."""
    declared = {e.matrix or folder.matrix or default for e in folder.entries}
    if len(declared) > 1:
        names = ", ".join(sorted(declared))
        raise InputError.at(
            str(folder.path / MANIFEST),
            f"districts are scored with different matrices ({names}); a county result needs one",
        )
    return declared.pop() if declared else default


def collect(folder: Folder, matrix: Matrix) -> tuple[list[DistrictAssessment], list[Problem]]:
    """Read every district of a folder, gathering every problem rather than stopping at the first."""
    assessments: list[DistrictAssessment] = []
    problems: list[Problem] = []
    sheets = _county_sheets(folder, matrix)
    for entry in folder.entries:
        try:
            table = (
                sheets[entry.sheet]
                if entry.sheet is not None
                else read_table(entry.path, entry.display, matrix)
            )
        except InputError as exc:
            problems += exc.problems
            continue
        assessment, found = build_assessment(table, matrix, entry.district)
        problems += found
        if assessment is not None:
            assessments.append(assessment)
    return assessments, problems


def _county_sheets(folder: Folder, matrix: Matrix) -> dict[str, RawTable]:
    """The district sheets of a county workbook, read with the workbook opened once."""
    from csscore.config.sheets import header_matcher
    from csscore.config.workbooks import xlsx_tables

    displays = {e.sheet: e.display for e in folder.entries if e.sheet is not None}
    if not displays:
        return {}
    data = read_bytes(folder.path, str(folder.path))
    digest = folder.manifest_sha256 or hashlib.sha256(data).hexdigest()
    return xlsx_tables(data, digest, displays, header_matcher(matrix), str(folder.path))


def load_folder(folder: Path, matrix: Matrix) -> tuple[Folder, list[DistrictAssessment]]:
    """Read and validate a whole folder; any problem anywhere stops it (no partial county)."""
    listing = read_folder(folder)
    assessments, problems = collect(listing, matrix)
    if problems:
        raise InputError(problems)
    return listing, assessments


def district_for_file(path: Path) -> tuple[District | None, str | None]:
    """The district (and declared matrix) a lone file has in its folder's manifest, if listed."""
    manifest = path.parent / MANIFEST
    if not manifest.is_file() or path.name == MANIFEST:
        return None, None
    listing = read_folder(path.parent)
    for entry in listing.entries:
        if entry.path.resolve() == path.resolve():
            return entry.district, entry.matrix or listing.matrix
    return None, None
