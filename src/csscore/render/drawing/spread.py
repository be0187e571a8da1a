"""Where the lines meeting one edge of a box end: side by side along the edge, in the order of
their other ends, each kept clear of its neighbours and of the box's rounded corners, so that
every line can be followed to its box."""

from __future__ import annotations

from collections.abc import Sequence

CLEAR = 2.5  # points of white at least between two neighbouring lines
INSET = 5.0  # points kept free at each end of the edge (past the rounded corner)
SHARE = 0.7  # of the edge at least that a box's lines are spread over


def needed(widths: Sequence[float]) -> float:
    """The length of edge that lines of these ``widths`` need, corners included."""
    if not widths:
        return 0.0
    return sum(widths) + CLEAR * (len(widths) - 1) + 2 * INSET


def ends(top: float, length: float, widths: Sequence[float], order: Sequence[float]) -> list[float]:
    """The middle of each line where it meets an edge from ``top`` down ``length`` points: the
    lines sorted by ``order`` (their other ends, top first; ties keep the given order), spread
    with equal white between them over at least ``SHARE`` of the edge and centred on it. An
    edge shorter than :func:`needed` packs the lines ``CLEAR`` apart round its middle."""
    n = len(widths)
    middle = top + length / 2
    if n <= 1:
        return [middle] * n
    ink = sum(widths)
    room = max(length - 2 * INSET, 0.0)
    span = min(max(SHARE * length, ink + CLEAR * (n - 1)), room)
    white = max((span - ink) / (n - 1), CLEAR)
    span = ink + white * (n - 1)
    out = [0.0] * n
    y = middle - span / 2
    for i in sorted(range(n), key=lambda i: order[i]):
        out[i] = y + widths[i] / 2
        y += widths[i] + white
    return out
