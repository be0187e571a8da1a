"""Appendix D (Police and Crime Plan links and gaps) for the appendix; filled in once the
overlap graph is available."""

from __future__ import annotations

from typing import Any


def overlap_part(county: Any, plan_ref: str) -> tuple[list[Any], Any, list[Any]]:
    """(sections, overlap, plans) for the appendix; none yet."""
    return [], None, []


def overlap_svg(overlap: Any) -> str | None:
    return None
