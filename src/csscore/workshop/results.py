"""Live results: the agreement and the combined ranking of the current export, computed by the
library exactly as ``csscore agreement`` and ``csscore score`` compute them on the exported file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException

from csscore.workshop.store import Store

if TYPE_CHECKING:
    from csscore.model.district import DistrictAssessment


def exported_district(store: Store) -> DistrictAssessment:
    """The export read back as ``csscore`` reads the exported CSV file (partners combined by the
    median); 409 with the reader's one line while the grades cannot yet be combined."""
    from csscore.config.district import build_assessment
    from csscore.config.sheets import header_matcher
    from csscore.config.tables import RawTable, _csv_rows
    from csscore.model.district import District
    from csscore.workshop.export import export_csv

    a = store.assessment
    text = export_csv(store)
    display = f"{a.stem}.csv"
    if len(text.splitlines()) < 2:
        raise HTTPException(409, "no grades saved yet")
    from csscore.errors import CsscoreError

    try:
        row, header, rows = _csv_rows(text, display, header_matcher(a.matrix))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        table = RawTable(display, header, rows, digest, None, row)
        name = Path(display).stem
        found, problems = build_assessment(table, a.matrix, District(name, name, name))
    except CsscoreError as exc:
        raise HTTPException(409, str(exc)) from None
    if found is None:
        raise HTTPException(409, str(problems[0]))
    return found


def agreement_json(store: Store) -> dict[str, object]:
    """What ``csscore agreement OUT.csv --format json`` prints for the current export."""
    from csscore.api import agreement_report

    return dict(agreement_report(exported_district(store)).as_dict())


def ranking_json(store: Store) -> dict[str, object]:
    """What ``csscore score OUT.csv --format json`` prints for the current export."""
    from csscore.api import score

    return dict(score(exported_district(store)).as_dict())
