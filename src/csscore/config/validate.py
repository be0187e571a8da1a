"""``csscore validate``: check district files and folders, gathering every problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csscore.config.county import is_file_ref
from csscore.config.county_book import is_county_workbook
from csscore.config.district import build_assessment, district_from_path
from csscore.config.folder import (
    MANIFEST,
    Folder,
    collect,
    folder_matrix,
    read_folder,
)
from csscore.config.lone_file import district_for_file, vocabulary_for_file
from csscore.config.matrix import load_matrix
from csscore.config.tables import read_table
from csscore.errors import CsscoreError, InputError, Problem


def validate_paths(
    paths: Sequence[Path], matrix_ref: str | None, default: str, sheet: str | None = None
) -> tuple[list[Problem], int]:
    """Every problem in the given files and folders, and how many files were checked (district
    files, manifests, the county's own CSA, plan and horizon files, and a matrix file)."""
    problems: list[Problem] = []
    checked = 0
    for path in paths:
        try:
            if path.is_dir() or is_county_workbook(path):
                checked += 1 if (path / MANIFEST).exists() else 0  # counted even if it is bad
                listing = read_folder(path)
                checked += sum(max(1, len(e.files)) for e in listing.entries)
                matrix_file = matrix_ref or folder_matrix(listing, default)
                checked += 1 if is_file_ref(matrix_file) else 0  # a matrix file is checked too
                matrix = load_matrix(matrix_file)
                found = collect(listing, matrix)[1] + horizon_problems(listing)
                checked += 1 if listing.horizon is not None else 0
                county, found_county = county_files(listing)
                checked += county
                found += found_county
            else:
                checked += 1
                district, listed = district_for_file(path, sheet)
                if path.suffix.lower() == ".toml":  # a TOML district file may declare its matrix
                    table = read_table(path, str(path))
                    matrix_file = matrix_ref or listed or table.matrix or default
                    checked += 1 if is_file_ref(matrix_file) else 0
                    matrix = load_matrix(matrix_file)
                else:
                    matrix_file = matrix_ref or listed or default
                    checked += 1 if is_file_ref(matrix_file) else 0
                    matrix = load_matrix(matrix_file)
                    table = read_table(path, str(path), matrix, sheet)
                district = district or district_from_path(path)
                vocabulary = vocabulary_for_file(path)
                found = build_assessment(table, matrix, district, vocabulary=vocabulary)[1]
        except CsscoreError as exc:
            found = list(exc.problems)
        problems += found
    return problems, checked


def county_files(listing: Folder) -> tuple[int, list[Problem]]:
    """(files checked, problems) of the CSA and plan files a folder's manifest names (a built-in
    name is csscore's own, not checked here)."""
    from csscore.config.csa import load_csa
    from csscore.config.load import declared
    from csscore.config.plan import load_plan

    checked = 0
    problems: list[Problem] = []
    for key, load in (("csa", load_csa), ("plan", load_plan)):
        try:
            ref = declared(listing, key)
            if ref is not None and is_file_ref(ref):
                checked += 1
                load(ref)
        except CsscoreError as exc:
            problems += exc.problems
    return checked, problems


def horizon_problems(listing: Folder) -> list[Problem]:
    """The problems of the horizon file a folder's manifest names, read as the appendix reads it
    (its issues checked against the county's vocabulary)."""
    from csscore.config.county import county_vocabulary
    from csscore.config.horizon import county_horizon_path, read_horizon

    try:
        path = county_horizon_path(listing)
        if path is not None:
            read_horizon(path, county_vocabulary(listing.settings))
    except InputError as exc:
        return list(exc.problems)
    return []
