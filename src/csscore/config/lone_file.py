"""What a lone district file's folder says of it: its district and matrix in the manifest, and
the vocabulary (the built-in one, extended by the county's own) its issue names are checked
against."""

from __future__ import annotations

from pathlib import Path

from csscore.config.county import county_vocabulary
from csscore.config.folder import read_folder
from csscore.config.manifest import MANIFEST, read_manifest
from csscore.errors import Problem
from csscore.model.district import District, DistrictAssessment
from csscore.model.vocabulary import Vocabulary


def district_for_file(path: Path, sheet: str | None = None) -> tuple[District | None, str | None]:
    """The district (and declared matrix) a lone file has in its folder's manifest, if listed;
    for a workbook whose districts the manifest lists by sheet, the district of ``sheet``."""
    manifest = path.parent / MANIFEST
    if not manifest.is_file() or path.name == MANIFEST:
        return None, None
    listing = read_folder(path.parent)
    wanted = None if sheet is None else sheet.casefold()
    for entry in listing.entries:
        listed = None if entry.sheet is None else entry.sheet.casefold()
        paths = {entry.path.resolve(), *(f.path.resolve() for f in entry.files)}
        if listed in (wanted, None) and path.resolve() in paths:
            return entry.district, entry.matrix or listing.matrix
    return None, None


def vocabulary_for_file(path: Path) -> Vocabulary:
    """The vocabulary a lone file's issue names are checked against: its folder's (the
    manifest's own vocabulary extending the built-in one), else the built-in one."""
    manifest = path.parent / MANIFEST
    if not manifest.is_file() or path.name == MANIFEST:
        return county_vocabulary(None)
    return county_vocabulary(read_manifest(manifest).settings)


def warn_unknown_issues(assessment: DistrictAssessment, vocabulary: Vocabulary) -> None:
    """Warn (on stderr, through a notice) of every issue name the vocabulary does not know."""
    from csscore.errors import notice

    for name, row in zip(assessment.issues, assessment.rows, strict=True):
        unknown = vocabulary.unknown(name)
        if unknown:
            notice(str(Problem(assessment.source, unknown, row, "issue")))
