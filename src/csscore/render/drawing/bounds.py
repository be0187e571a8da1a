"""What a :class:`~csscore.render.drawing.scene.Scene` covers, measured from its items (text by the
font table), and the scene trimmed to it: a page laid out on A4 becomes a figure no larger than
what is drawn, the same in SVG, PNG and PDF."""

from __future__ import annotations

import math
from dataclasses import replace

from csscore.render.drawing import fonts
from csscore.render.drawing.scene import Dot, Item, Rect, Scene, Stroke, Text, bezier

Box = tuple[float, float, float, float]  # left, top, right, bottom


def extent(item: Item) -> Box:
    """The box round an item's ink: a line of text from the ascent of 'l' to the descent of 'p',
    turned as drawn; a box or line with half its outline; a curve as drawn, not its handles."""
    if isinstance(item, Text):
        w = fonts.width(item.text, item.size, item.bold)
        start = {"start": 0.0, "middle": -w / 2, "end": -w}[item.anchor]
        up = fonts.ascent(item.size, item.bold)
        down = fonts.height(1, item.size, item.bold) - up
        a = math.radians(item.angle)
        corners = [(start + dx, dy) for dx in (0.0, w) for dy in (-up, down)]
        xs = [item.x + u * math.cos(a) + v * math.sin(a) for u, v in corners]
        ys = [item.y - u * math.sin(a) + v * math.cos(a) for u, v in corners]
        return min(xs), min(ys), max(xs), max(ys)
    if isinstance(item, Rect):
        half = item.width / 2
        return item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half
    if isinstance(item, Dot):
        return item.x - item.r, item.y - item.r, item.x + item.r, item.y + item.r
    points = bezier(item.points) if item.curve else list(item.points)
    half = item.width / 2
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half


def covered(scene: Scene) -> Box:
    """The box round everything the scene draws (the whole page if it draws nothing)."""
    boxes = [extent(i) for i in scene.items]
    if not boxes:
        return 0.0, 0.0, scene.width, scene.height
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _moved(item: Item, dx: float, dy: float) -> Item:
    if isinstance(item, Stroke):
        return replace(item, points=tuple((x + dx, y + dy) for x, y in item.points))
    return replace(item, x=item.x + dx, y=item.y + dy)


def trimmed(scene: Scene, margin: float) -> Scene:
    """The scene cut to what it draws with ``margin`` points round it, every item moved with it
    (sizes rounded up to the hundredth of a point, which the SVG writer keeps)."""
    left, top, right, bottom = covered(scene)
    dx, dy = margin - left, margin - top
    width = math.ceil((right - left + 2 * margin) * 100) / 100
    height = math.ceil((bottom - top + 2 * margin) * 100) / 100
    items = tuple(_moved(i, dx, dy) for i in scene.items)
    return Scene(width, height, scene.title, items)
