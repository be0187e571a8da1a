"""A drawn picture as plain data: text, boxes, strokes and dots on a page measured in points
(1/72 in), y downwards. Layout code builds a :class:`Scene`; :mod:`~csscore.render.drawing.svg`,
:mod:`~csscore.render.drawing.png` and :mod:`~csscore.render.drawing.pdf` draw the same scene to each
format, so the three agree to the point.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]
Anchor = Literal["start", "middle", "end"]
NONE = "none"  # no fill


@dataclass(frozen=True)
class Text:
    """One line of text on its baseline, ``(x, y)`` at its start, middle or end (``anchor``), turned
    ``angle`` degrees anticlockwise about that point."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    colour: str = "#111111"
    anchor: Anchor = "start"
    angle: float = 0.0


@dataclass(frozen=True)
class Rect:
    """A box with rounded corners, its outline centred on its edge; ``fill`` may be ``NONE``, and an
    outline of width 0 is not drawn."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str
    width: float
    dash: tuple[float, float] | None = None  # (on, off) in points
    radius: float = 4.0


@dataclass(frozen=True)
class Stroke:
    """An open line through ``points``, or with ``curve`` one cubic Bézier (four points)."""

    points: tuple[Point, ...]
    colour: str
    width: float
    dash: tuple[float, float] | None = None
    curve: bool = False


@dataclass(frozen=True)
class Dot:
    """A filled disc of radius ``r`` centred on ``(x, y)``, ``opacity`` from 0 to 1 (a marker)."""

    x: float
    y: float
    r: float
    fill: str
    opacity: float = 1.0


Item = Text | Rect | Stroke | Dot


@dataclass(frozen=True)
class Scene:
    """A page ``width`` x ``height`` points, its items in drawing order."""

    width: float
    height: float
    title: str
    items: tuple[Item, ...]


def bezier(points: tuple[Point, ...], steps: int = 32) -> list[Point]:
    """A cubic Bézier as ``steps`` straight segments."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    out = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def rounded(rect: Rect, steps: int = 6) -> list[Point]:
    """The outline of a rounded box as a closed polygon (first point repeated at the end)."""
    r = min(rect.radius, rect.w / 2, rect.h / 2)
    corners = (
        (rect.x + rect.w - r, rect.y + r, -90.0),
        (rect.x + rect.w - r, rect.y + rect.h - r, 0.0),
        (rect.x + r, rect.y + rect.h - r, 90.0),
        (rect.x + r, rect.y + r, 180.0),
    )
    out: list[Point] = []
    for cx, cy, start in corners:
        for i in range(steps + 1):
            angle = math.radians(start + 90.0 * i / steps)
            out.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return [*out, out[0]]


def dashes(line: list[Point], on: float, off: float) -> list[list[Point]]:
    """Cut a polyline into the dashes of an (on, off) pattern that starts with a dash."""
    out: list[list[Point]] = []
    current: list[Point] = [line[0]]
    drawing, left = True, on
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            point = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if drawing:
                out.append([*current, point])
            current = [point]
            drawing = not drawing
            left = on if drawing else off
        left -= length - done
        if drawing:
            current.append((x1, y1))
    if drawing and len(current) > 1:
        out.append(current)
    return out
