"""Resolving what the user names into loaded objects: a matrix, CSA or plan given by name, path or
already loaded; one district file; a folder of them (default: the bundled sample).

A county's CSA and plan are the ones given (``--csa``, ``--plan``, or the API's arguments), else
the ones its manifest declares, else none (``"none"`` says so explicitly). With no CSA, or an
empty one, CSPs are counted by issue and the headings come from the manifest's title, county and
year (config/county.py ``heading``); with no plan, or one with no priorities, there is no
Appendix D.

The command line and the library API both come through here, so a file is read the same way
whichever door it enters by.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from csscore.defaults import DEFAULT_MATRIX
from csscore.errors import CsscoreError
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix

if (
    TYPE_CHECKING
):  # the folder reader, CSA and plan load when first used: `csscore score` needs none
    from csscore.config.folder import Folder, Progress
    from csscore.model.csa import Csa
    from csscore.model.plan import Plan

MatrixRef: TypeAlias = "Matrix | str | Path"
CsaRef: TypeAlias = "Csa | str | Path"
PlanRef: TypeAlias = "Plan | str | Path"


@dataclass(frozen=True, eq=False)
class DistrictFolder:
    """A folder's listing and every district in it, read and validated against one matrix."""

    listing: Folder
    matrix: Matrix
    assessments: tuple[DistrictAssessment, ...]

    @property
    def path(self) -> Path:
        return self.listing.path


def resolve_matrix(ref: MatrixRef | None, declared: str | None = None) -> Matrix:
    """A matrix: the one given (loaded, or a name or path), else ``declared``, else the default."""
    if isinstance(ref, Matrix):
        return ref
    from csscore.config.matrix import load_matrix

    return load_matrix(str(ref) if ref else declared or DEFAULT_MATRIX)


def resolve_csa(ref: CsaRef | None) -> Csa | None:
    """A CSA: the one given (loaded, or a name or path); None for none (``None`` or "none")."""
    from csscore.model.csa import Csa

    if isinstance(ref, Csa):
        return ref
    if ref is None or _is_none(ref):
        return None
    from csscore.config.csa import load_csa

    return load_csa(str(ref))


def resolve_plan(ref: PlanRef | None) -> Plan | None:
    """A Police and Crime Plan: the one given (loaded, or a name or path); None for none."""
    from csscore.model.plan import Plan

    if isinstance(ref, Plan):
        return ref
    if ref is None or _is_none(ref):
        return None
    from csscore.config.plan import load_plan

    return load_plan(str(ref))


def _is_none(ref: str | Path) -> bool:
    from csscore.config.county import NONE

    return isinstance(ref, str) and ref.strip().casefold() == NONE


def read_district(
    file: Path, matrix: MatrixRef | None = None, sheet: str | None = None, combine: str = "median"
) -> DistrictAssessment:
    """Read and validate one district file. The matrix is the one given, else the one its folder's
    manifest or the file itself declares, else the default; the manifest names the district.
    ``sheet`` chooses a workbook's sheet (default: the first whose header names the factors);
    ``combine`` the rule combining several partners' grades (median, mean or max)."""
    from csscore.config.district import build_assessment, district_from_path
    from csscore.config.lone_file import district_for_file, vocabulary_for_file, warn_unknown_issues
    from csscore.config.tables import read_table
    from csscore.errors import InputError
    from csscore.model.partners import with_rule

    if not file.exists():
        raise CsscoreError.at(str(file), "no such file")
    if file.is_dir():
        raise CsscoreError.at(str(file), "is a folder; give one district file")
    district, declared = district_for_file(file, sheet)
    if file.suffix.lower() == ".toml":  # a TOML district file may declare its matrix
        table = read_table(file, str(file))
        chosen = resolve_matrix(matrix, declared or table.matrix)
    else:
        chosen = resolve_matrix(matrix, declared)
        table = read_table(file, str(file), chosen, sheet)
    assessment, problems = build_assessment(table, chosen, district or district_from_path(file))
    if assessment is None:
        raise InputError(problems)
    warn_unknown_issues(assessment, vocabulary_for_file(file))
    return with_rule(assessment, combine)


def read_district_folder(
    folder: Path | None,
    matrix: MatrixRef | None = None,
    combine: str = "median",
    progress: Progress | None = None,
) -> DistrictFolder:
    """Every district of a folder (default: the bundled sample), validated against one matrix:
    the one given, else the manifest's, else the default; partners' grades combined by
    ``combine``; ``progress(1, total)`` per district."""
    from csscore.config.folder import (
        collect,
        folder_matrix,
        read_folder,
        require_csa_district,
        sample_folder,
    )
    from csscore.errors import InputError
    from csscore.model.partners import with_rule

    path = folder if folder is not None else sample_folder()
    listing = read_folder(path)
    require_csa_district(listing)
    chosen = resolve_matrix(matrix, folder_matrix(listing, DEFAULT_MATRIX))
    assessments, problems = collect(listing, chosen, progress)
    if problems:  # any problem anywhere stops it (no partial county)
        raise InputError(problems)
    return DistrictFolder(listing, chosen, tuple(with_rule(a, combine) for a in assessments))


def county_csa(folder: DistrictFolder | Folder, csa: CsaRef | None = None) -> Csa:
    """The CSA a folder's districts are counted under: the one given, else the manifest's, with
    the county's own issues (its vocabulary file) added to the themes they name; with none, or an
    empty one, each issue its own theme under the manifest's heading."""
    from csscore.config.county import county_vocabulary, heading
    from csscore.model.csa import no_csa

    listing = folder.listing if isinstance(folder, DistrictFolder) else folder
    settings = listing.settings
    chosen = resolve_csa(csa if csa is not None else declared(listing, "csa"))
    if chosen is None or chosen.empty:
        title = chosen.title if chosen is not None and chosen.title else heading(settings)
        area = settings.county if settings is not None else ""
        return no_csa(county_vocabulary(settings), title, area, chosen)
    if settings is None or not settings.vocabulary:
        return chosen
    return chosen.extended(county_vocabulary(settings))


def county_plan(listing: Folder, plan: PlanRef | None = None) -> Plan | None:
    """The plan a county's Appendix D is drawn from: the one given, else the manifest's, else
    None."""
    return resolve_plan(plan if plan is not None else declared(listing, "plan"))


def declared(listing: Folder, key: str) -> str | None:
    """The CSA or plan (``key``) a folder's manifest declares: a built-in name, or the path of a
    file in the folder (config/manifest.py has checked that it exists), or None."""
    settings = listing.settings
    return getattr(settings, key) if settings is not None else None


def folder_inputs(folder: DistrictFolder, csa: Csa) -> list[tuple[str, str, str]]:
    """(kind, name, sha256) of a folder's districts, its manifest and the CSA."""
    inputs = [i for a in folder.assessments for i in district_inputs(a)]
    if folder.listing.manifest_sha256:
        manifest = str(folder.path if folder.path.is_file() else folder.path / "districts.toml")
        inputs.append(("manifest", manifest, folder.listing.manifest_sha256))
    if csa.file:  # no CSA, no file
        inputs.append(("csa", csa.file, csa.sha256))
    return inputs


def district_inputs(assessment: DistrictAssessment) -> list[tuple[str, str, str]]:
    """(kind, name, sha256) of the file or files a district was read from."""
    if assessment.partnership is None:
        return [("district", assessment.input_name, assessment.sha256)]
    return [("district", file, sha) for file, sha in assessment.partnership.sources]


def available_matrices() -> list[Matrix]:
    """Every built-in scoring matrix, loaded, in name order."""
    from csscore.config.matrix import load_matrix
    from csscore.config.toml import available

    return [load_matrix(name) for name in available("matrices")]


def read_file_or_folder(
    path: Path, matrix: MatrixRef | None = None, csa: CsaRef | None = None, combine: str = "median"
) -> tuple[list[DistrictAssessment], Csa | None, list[tuple[str, str, str]]]:
    """(assessments, CSA or None, inputs) for one district file, or for a folder of them (then
    with the CSA its CSPs are counted under)."""
    if not path.exists():
        raise CsscoreError.at(str(path), "no such file or folder")
    from csscore.config.county_book import is_county_workbook

    if path.is_dir() or is_county_workbook(path):
        folder = read_district_folder(path, matrix, combine)
        chosen = county_csa(folder, csa)
        return list(folder.assessments), chosen, folder_inputs(folder, chosen)
    assessment = read_district(path, matrix, combine=combine)
    return [assessment], None, district_inputs(assessment)
