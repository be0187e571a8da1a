"""The library's front door, the one the command line uses: load a matrix, read a district or a
folder of them, score, aggregate. Every result is a frozen dataclass; ``as_dict()`` on a scored
district or a county is exactly the JSON ``csscore score`` and ``csscore aggregate`` print.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csscore.errors import CsscoreError

if TYPE_CHECKING:
    from csscore.appendix.model import Report
    from csscore.config.folder import Progress
    from csscore.config.load import CsaRef, DistrictFolder, MatrixRef, PlanRef
    from csscore.county.aggregate import County
    from csscore.county.compare import Comparison
    from csscore.model.district import District, DistrictAssessment
    from csscore.model.matrix import Matrix
    from csscore.overlap.graph import DistrictIssues
    from csscore.overlap.study import OverlapStudy
    from csscore.scoring.agreement import AgreementReport, CountyAgreement
    from csscore.scoring.score import ScoredDistrict
    from csscore.uncertainty.methods import MethodComparison
    from csscore.uncertainty.study import SensitivityStudy


def sample_folder() -> Path:
    """The bundled sample county: thirteen Kent and Medway district files and their manifest."""
    from csscore.config.folder import sample_folder as bundled

    return bundled()


def load_matrix(name_or_path: str | Path) -> Matrix:
    """A scoring matrix: a built-in name (``morile-csp``, ``risk-5x5``, ...) or a TOML file."""
    from csscore.config.load import resolve_matrix

    return resolve_matrix(name_or_path)


def read_district(
    path: str | Path,
    matrix: MatrixRef | None = None,
    sheet: str | None = None,
    combine: str = "median",
) -> DistrictAssessment:
    """One district file (CSV, TSV, TOML or XLSX), validated; ``matrix`` as given, else the one
    its folder's manifest or the file declares, else the default; ``sheet`` picks a workbook's
    sheet (default: the first whose header names the matrix's factors); ``combine`` the rule for
    several partners' grades (``median``, ``mean`` or ``max``)."""
    from csscore.config.load import read_district as read

    return read(Path(path), matrix, sheet, combine)


def combine_partners(district: DistrictAssessment, rule: str = "median") -> DistrictAssessment:
    """The district with its partners' grades combined by ``rule`` (``median``, ``mean`` or
    ``max``); a district without partners is returned as it is."""
    from csscore.model.partners import with_rule

    return with_rule(district, rule)


def agreement_report(district: DistrictAssessment) -> AgreementReport:
    """How far a partnered district's partners agree: Krippendorff's alpha per factor and overall,
    each issue's spread and whether it is contested; ``.as_dict()`` is ``csscore agreement
    FILE --format json``."""
    from csscore.scoring.agreement import agreement_report as report

    return report(district)


def agreement(
    path: str | Path, matrix: MatrixRef | None = None, combine: str = "median"
) -> AgreementReport | CountyAgreement:
    """``agreement_report`` of one district file, or, for a folder, of each of its districts that
    has partners (``.as_dict()`` is ``csscore agreement FOLDER --format json``)."""
    from csscore.config.load import read_file_or_folder
    from csscore.scoring.agreement import county_agreement

    found = Path(path)
    assessments = read_file_or_folder(found, matrix, None, combine)[0]
    if found.is_file() and len(assessments) == 1 and not _is_county_book(found):
        return agreement_report(assessments[0])
    return county_agreement(assessments)


def _is_county_book(path: Path) -> bool:
    from csscore.config.county_book import is_county_workbook

    return is_county_workbook(path)


def score(district: DistrictAssessment) -> ScoredDistrict:
    """Harm, likelihood, risk, band, position, grade and rank of every issue of one district."""
    from csscore.scoring.score import score_district

    return score_district(district)


def read_folder(
    path: str | Path | None = None,
    matrix: MatrixRef | None = None,
    combine: str = "median",
    progress: Progress | None = None,
) -> DistrictFolder:
    """Every district of a county folder (``None``: the bundled sample), validated against one
    matrix: as given, else the manifest's, else the default; partners' grades combined by
    ``combine``. ``progress(1, total)`` is told of each district read."""
    from csscore.config.load import read_district_folder

    return read_district_folder(None if path is None else Path(path), matrix, combine, progress)


def aggregate(
    folder: DistrictFolder | str | Path | None = None,
    csa: CsaRef | None = None,
    top: int = 5,
    by: str = "theme",
    share: float = 0.5,
    kemeny_time: float = 5.0,
    combine: str = "median",
) -> County:
    """The county picture of a folder's districts under a CSA (``None``: the manifest's, else
    none: CSPs counted by issue; ``"none"``: none whatever the manifest says):
    Appendix A counts, Appendix B top issues, the county ranking, agreement, the proposed set.
    ``kemeny_time``: seconds to prove the Kemeny order optimal (past it, the best found)."""
    from csscore.config.load import DistrictFolder, county_csa
    from csscore.county.aggregate import aggregate as county
    from csscore.scoring.score import score_districts

    read = folder if isinstance(folder, DistrictFolder) else read_folder(folder, combine=combine)
    scored = score_districts(read.assessments)
    chosen = county_csa(read, csa)
    return county(scored, chosen, top=top, by=by, share=share, kemeny_time=kemeny_time)


def compare_folders(
    old: str | Path,
    new: str | Path,
    matrix: MatrixRef | None = None,
    csa: CsaRef | None = None,
    top: int = 5,
    kemeny_time: float = 5.0,
    combine: str = "median",
    progress: Progress | None = None,
) -> Comparison:
    """Two years' folders compared: rank and band movements, themes entering or leaving;
    ``progress(1, total)`` per district read, the old folder's then the new one's."""
    from csscore.county.compare import compare

    before = aggregate(
        read_folder(old, matrix, combine, progress), csa, top, kemeny_time=kemeny_time
    )
    after = aggregate(
        read_folder(new, matrix, combine, progress), csa, top, kemeny_time=kemeny_time
    )
    return compare(before, after)


def appendix(
    folder: str | Path | None = None,
    matrix: MatrixRef | None = None,
    csa: CsaRef | None = None,
    top: int = 5,
    plan: PlanRef | None = None,
    stamp: str | None = None,
    kemeny_time: float = 5.0,
    combine: str = "median",
    progress: Progress | None = None,
    audience: str = "analyst",
) -> Report:
    """The CSA appendix of a folder (``None``: the bundled sample) as a format-free Report, with
    Appendix D for the plan (``None``: the manifest's; no plan, or one with no priorities, no
    Appendix D); ``stamp`` is the run's time, if any; ``audience`` "committee" gives the
    committee paper (no analysts' statistics)."""
    from csscore.appendix.build import appendix as build
    from csscore.appendix.build import require_districts
    from csscore.config.load import county_plan

    read = read_folder(folder, matrix, combine, progress)
    county = aggregate(read, csa, top, kemeny_time=kemeny_time)
    require_districts(read.listing, county)
    return build(read.listing, county, county_plan(read.listing, plan), stamp, audience)


def overlap_study(
    csa: CsaRef | None = None,
    plans: Sequence[PlanRef] = (),
    folder: str | Path | None = None,
    matrix: MatrixRef | None = None,
    top: int = 5,
    districts: bool = True,
    combine: str = "median",
    progress: Progress | None = None,
) -> OverlapStudy:
    """The CSA set against one plan or two, with (``districts``) each CSA district of the folder
    (``None``: the bundled sample) and its identified issues, without the county ranking. The
    CSA and plans are the ones given, else the folder manifest's; a county with no plan is
    refused."""
    from csscore.config.folder import read_folder as list_folder
    from csscore.config.folder import sample_folder
    from csscore.config.load import county_csa, county_plan, resolve_plan
    from csscore.overlap.graph import identified_districts
    from csscore.overlap.study import OverlapStudy
    from csscore.scoring.score import score_districts

    read = read_folder(folder, matrix, combine, progress) if districts else None
    if read is not None:
        listing = read.listing
    else:
        listing = list_folder(Path(folder) if folder is not None else sample_folder())
    chosen = county_csa(listing, csa)
    loaded = [resolve_plan(p) for p in plans] if plans else [county_plan(listing)]
    found_plans = tuple(p for p in loaded if p is not None)
    if not found_plans:
        from csscore.config.folder import MANIFEST
        from csscore.errors import InputError

        where = listing.path / MANIFEST if listing.path.is_dir() else listing.path
        message = "no Police and Crime Plan to set the CSA against: give --plan NAME|PATH"
        raise InputError.at(str(where), f"{message}, or declare plan in the manifest", None, "plan")
    found: tuple[DistrictIssues, ...] = ()
    if read is not None:
        found = identified_districts(score_districts(read.assessments), chosen, top)
    return OverlapStudy(chosen, found_plans, found)


def compare_methods(
    file: str | Path,
    matrices: Sequence[MatrixRef],
    refs: Sequence[str] | None = None,
    district: District | None = None,
    display: str | None = None,
) -> MethodComparison:
    """One district file ranked by each matrix (it carries every matrix's factor columns), with
    Kendall's tau-b between them; ``refs`` label matrices that share a name."""
    from csscore.config.load import resolve_matrix
    from csscore.config.methods import district_of_file, read_for_methods
    from csscore.model.matrix import Matrix
    from csscore.uncertainty.methods import compare_assessments, method_labels

    path = Path(file)
    if path.is_dir():
        raise CsscoreError.at(str(path), "is a folder; give one district file")
    chosen = [resolve_matrix(m) for m in matrices]
    if district is None:
        district = district_of_file(path)
    names = refs or [m.name if isinstance(m, Matrix) else str(m) for m in matrices]
    labels = method_labels(chosen, names)
    return compare_assessments(read_for_methods(path, chosen, district, display), labels)


def sensitivity(
    path: str | Path,
    matrix: MatrixRef | None = None,
    csa: CsaRef | None = None,
    combine: str = "median",
) -> SensitivityStudy:
    """One district file, or a folder of them counted under a CSA (``None``: the default), ready
    to run: ``sensitivity(path).run(draws, seed, top)``; partners' grades combined by
    ``combine``."""
    from csscore.config.load import read_file_or_folder
    from csscore.uncertainty.study import SensitivityStudy

    assessments, chosen, inputs = read_file_or_folder(Path(path), matrix, csa, combine)
    return SensitivityStudy.of(tuple(assessments), chosen, tuple(inputs))
