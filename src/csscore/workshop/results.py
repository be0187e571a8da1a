"""Live results: the agreement and the combined ranking of the current export, computed by the
library's own functions on the exported file, so that they are exactly what ``csscore agreement
OUT.csv --format json`` and ``csscore score OUT.csv --format json`` print for it.

While some factor of some issue has no partner's grade, the export is not yet a district file
csscore scores: the results answer 409 with the reason (the file's name, row and column as
``csscore agreement`` would report them).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.exceptions import HTTPException

from csscore.errors import CsscoreError
from csscore.workshop.export import export_csv
from csscore.workshop.store import Store


def _on_export(store: Store, compute: Callable[[Path], str]) -> str:
    """``compute`` run on the current export, written as ``STEM.csv`` in a private folder."""
    with tempfile.TemporaryDirectory(prefix="csscore-workshop-") as folder:
        path = Path(folder) / f"{store.assessment.stem}.csv"
        path.write_text(export_csv(store), encoding="utf-8")
        try:
            return compute(path)
        except CsscoreError as exc:
            message = str(exc).replace(f"{folder}/", "")
            raise HTTPException(409, f"no results yet: {message}") from None


def agreement_json(store: Store) -> str:
    """What ``csscore agreement OUT.csv --format json`` prints for the current export."""
    from csscore.api import agreement
    from csscore.render.formats.table import to_json

    matrix = store.assessment.matrix
    return _on_export(store, lambda path: to_json(agreement(path, matrix).as_dict()))


def ranking_json(store: Store) -> str:
    """What ``csscore score OUT.csv --format json`` prints for the current export."""
    from csscore.api import read_district, score
    from csscore.render.formats.table import to_json

    matrix = store.assessment.matrix
    return _on_export(store, lambda path: to_json(score(read_district(path, matrix)).as_dict()))
