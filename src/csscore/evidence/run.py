"""One ``csscore evidence`` run, as the library does it: the mapping, matrix and districts it
grades against, and the district files it fills, computed before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from csscore.config.folder import Entry, Folder
from csscore.evidence.areas import Areas
from csscore.evidence.fill import FillResult
from csscore.evidence.grading import EvidenceRow
from csscore.evidence.mapping import EvidenceMapping
from csscore.model.matrix import Matrix


@dataclass(frozen=True)
class EvidenceSetup:
    """What a run grades against: the mapping, the matrix, the districts (and the folder whose
    district files it fills, if any)."""

    mapping: EvidenceMapping
    matrix: Matrix
    areas: Areas
    folder: Folder | None = None


def evidence_setup(
    source: str,
    mapping_ref: str | None = None,
    matrix_ref: str | None = None,
    districts: Path | None = None,
    fill_dir: Path | None = None,
    lookup: Path | None = None,
) -> EvidenceSetup:
    """Load the mapping (default: the source's), the matrix (default: the fill folder's, else
    the default) and the districts (a manifest, else the fill folder's, else none)."""
    from csscore.config.folder import folder_matrix, read_folder
    from csscore.config.matrix import load_matrix
    from csscore.defaults import DEFAULT_MATRIX
    from csscore.evidence.areas import Area, load_lookup, load_manifest
    from csscore.evidence.mapping import check_grades, load_mapping

    folder = read_folder(fill_dir) if fill_dir is not None else None
    mapping = load_mapping(mapping_ref or source)
    matrix = load_matrix(
        matrix_ref or (folder_matrix(folder, DEFAULT_MATRIX) if folder else DEFAULT_MATRIX)
    )
    check_grades(mapping, matrix)
    if districts is not None:
        given = load_manifest(districts)
    elif folder is not None:
        given = tuple(
            Area(e.district.id, e.district.name, e.district.population, e.district.csp)
            for e in folder.entries
        )
    else:
        given = ()
    areas = Areas(given, mapping.aliases, load_lookup(lookup) if lookup else {})
    return EvidenceSetup(mapping, matrix, areas, folder)


def prepare_fills(
    setup: EvidenceSetup, rows: Sequence[EvidenceRow], overwrite: bool
) -> tuple[list[tuple[Path, FillResult]], list[str]]:
    """(fills, skipped): every district file's new content, computed before anything is written,
    and a line for each district file left alone."""
    from csscore.config.county import county_vocabulary
    from csscore.config.tables import read_bytes
    from csscore.evidence.fill import fill_csv
    from csscore.model.text import label_key

    if setup.folder is None:
        return [], []
    matrix, areas = setup.matrix, setup.areas
    vocabulary = county_vocabulary(setup.folder.settings)
    scales = {f.id: matrix.scale(f.scale) for f in matrix.factors if f.id in ("frequency", "trend")}

    def same_grade(column: str, old: str, new: str) -> bool:
        scale = scales.get(column)
        if scale is not None and scale.parse(old) is not None:
            return bool(scale.parse(old) == scale.parse(new))
        return label_key(old) == label_key(new)

    by_district: dict[str, dict[str, tuple[str, str]]] = {}
    without_data = {r.district for r in rows if r.count is None}
    for r in rows:
        by_district.setdefault(r.district, {})[r.issue] = (r.frequency, r.trend)
    out: list[tuple[Path, FillResult]] = []
    skipped: list[str] = []
    for entry in setup.folder.entries:
        district = entry.district
        found = next(
            (
                d
                for d in (district.id, areas.match(district.id), areas.match(district.name))
                if d in by_district
            ),
            None,
        )
        for path, display in fill_files(entry):
            if path.suffix.lower() != ".csv":
                skipped.append(f"skipped {display}: --fill edits CSV district files only")
            elif found is None:
                skipped.append(f"skipped {display}: no evidence for district {district.id!r}")
            elif found in without_data:
                skipped.append(
                    f"skipped {display}: no data for district {district.id!r} in the files read;"
                    " its grades are left as they are"
                )
            else:
                data = read_bytes(path, display)
                grades = by_district[found]
                result = fill_csv(data, display, grades, vocabulary.lookup, same_grade, overwrite)
                out.append((path, result))
    return out, skipped


def fill_files(entry: Entry) -> list[tuple[Path, str]]:
    """(path, display) of every file of a district that ``--fill`` may rewrite: its one file,
    or each partner's file (the evidence is the same for every partner)."""
    if entry.files:
        return [(f.path, f.display) for f in entry.files]
    return [(entry.path, entry.display)]


def fill_report(result: FillResult) -> list[str]:
    """What filling one file did, as the lines ``csscore evidence --fill`` prints."""
    action = "filled" if result.content is not None else "unchanged"
    line = (
        f"{action} {result.file}: {result.filled} grade(s) written, {result.same} already the same"
    )
    if result.kept:
        line += f", {len(result.kept)} analyst grade(s) kept (use --overwrite to replace)"
    if result.replaced:
        line += f", {len(result.replaced)} analyst grade(s) replaced"
    if result.blank:
        line += f", {result.blank} left blank (no evidence grade: no population, or one period)"
    lines = [line, *(f"  {message}" for message in (*result.kept, *result.replaced))]
    if result.unknown:
        names = ", ".join(repr(n) for n in result.unknown)
        lines.append(f"  not in the issue vocabulary, not filled: {names}")
    return lines
