"""One district file read for several matrices at once, each on its own view of the file:
``issue``, its own factors and the optional columns (``csscore compare-methods``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csscore.config.district import LIVE, OPTIONAL_COLUMNS, build_assessment
from csscore.config.tables import RawTable, read_table
from csscore.errors import InputError, Problem, did_you_mean
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix
from csscore.model.text import label_key


def split_table(
    table: RawTable, matrices: Sequence[Matrix], district: District
) -> list[DistrictAssessment]:
    """Validate one file against every matrix, each on its own columns; raise listing problems."""
    file = table.file
    header = [h.strip().casefold() for h in table.header]
    factors = {f for m in matrices for f in m.factor_ids}
    known = ("issue", *sorted(factors), *OPTIONAL_COLUMNS)
    names = ", ".join(m.name for m in matrices)
    problems: list[Problem] = []
    live = [label_key(h) in LIVE and h not in known for h in header]
    for i, name in enumerate(header):
        if name and name not in known and not live[i]:
            label = table.header[i]
            hint = did_you_mean(name, known)
            problems.append(
                Problem(file, f"unknown column {label!r}{hint}: not a factor of {names}", 1, label)
            )
    for m in matrices:
        missing = [f for f in m.factor_ids if f not in header]
        if missing:
            problems.append(
                Problem(
                    file,
                    f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)} for matrix "
                    f"{m.name}: to compare methods the file needs every compared matrix's factor columns",
                    1,
                )
            )
    for number, cells in table.rows:
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file, f"row has {len(cells)} cells but the header has {len(header)}", number
                )
            )
    if problems:
        raise InputError(problems)
    out = []
    for m in matrices:
        wanted = {"issue", *m.factor_ids, *OPTIONAL_COLUMNS}
        keep = [i for i, name in enumerate(header) if (name in wanted or not name) and not live[i]]
        view = RawTable(
            file,
            tuple(table.header[i] for i in keep),
            tuple((n, tuple(cells[i] for i in keep)) for n, cells in table.rows),
            table.sha256,
            name=table.input_name,
        )
        assessment, found = build_assessment(view, m, district)
        problems += [p for p in found if p not in problems]
        if assessment is not None:
            out.append(assessment)
    if problems:
        raise InputError(problems)
    return out


def district_of_file(path: Path) -> District:
    """The district a file belongs to: as its folder's manifest lists it, else named after it."""
    from csscore.config.district import district_from_path
    from csscore.config.lone_file import district_for_file

    district = district_for_file(path)[0] if path.exists() else None
    return district if district is not None else district_from_path(path)


def read_for_methods(
    path: Path, matrices: Sequence[Matrix], district: District, display: str | None = None
) -> list[DistrictAssessment]:
    """Read one district file and validate it against every matrix, each on its own columns."""
    return split_table(
        read_table(path, display, matrices[0] if matrices else None), matrices, district
    )
