"""A :class:`~csscore.render.drawing.scene.Scene` as SVG, written directly: no plotting library, the same
scene gives the same bytes, and the page prints at its size in points.

Each line of text carries its laid-out width (``textLength``, adjusting spacing only), so a
viewer without DejaVu Sans still keeps every label inside its box.
"""

from __future__ import annotations

from html import escape

from csscore.render.drawing import fonts
from csscore.render.drawing.scene import Dot, Rect, Scene, Stroke, Text


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _dash(dash: tuple[float, float] | None) -> str:
    return f' stroke-dasharray="{_n(dash[0])} {_n(dash[1])}"' if dash else ""


def _text(t: Text) -> str:
    weight = ' font-weight="bold"' if t.bold else ""
    anchor = f' text-anchor="{t.anchor}"' if t.anchor != "start" else ""
    turn = f' transform="rotate({_n(-t.angle)} {_n(t.x)} {_n(t.y)})"' if t.angle else ""
    length = _n(fonts.advance(t.text, t.size, t.bold))
    return (
        f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}"{weight} fill="{t.colour}"'
        f'{anchor}{turn} textLength="{length}" lengthAdjust="spacing">'
        f"{escape(t.text, quote=False)}</text>"
    )


def _rect(r: Rect) -> str:
    corner = f'rx="{_n(r.radius)}" ' if r.radius else ""
    edge = f'stroke="{r.stroke}" stroke-width="{_n(r.width)}"' if r.width else 'stroke="none"'
    return (
        f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" '
        f'{corner}fill="{r.fill}" {edge}{_dash(r.dash)}/>'
    )


def _dot(d: Dot) -> str:
    opacity = f' fill-opacity="{_n(d.opacity)}"' if d.opacity < 1 else ""
    return f'<circle cx="{_n(d.x)}" cy="{_n(d.y)}" r="{_n(d.r)}" fill="{d.fill}"{opacity}/>'


def _stroke(s: Stroke) -> str:
    first, *rest = s.points
    path = f"M{_n(first[0])} {_n(first[1])}" + ("C" if s.curve else "L")
    path += " ".join(f"{_n(x)} {_n(y)}" for x, y in rest)
    return (
        f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="{_n(s.width)}"'
        f"{_dash(s.dash)}/>"
    )


def to_svg(scene: Scene) -> bytes:
    """The scene as a standalone SVG file."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}pt" '
        f'height="{_n(scene.height)}pt" viewBox="0 0 {_n(scene.width)} {_n(scene.height)}" '
        f'font-family="{fonts.FAMILY}" role="img">\n',
        f"<title>{escape(scene.title, quote=False)}</title>\n",
        f'<rect width="{_n(scene.width)}" height="{_n(scene.height)}" fill="#ffffff"/>\n',
    ]
    for item in scene.items:
        if isinstance(item, Text):
            parts.append(_text(item))
        elif isinstance(item, Rect):
            parts.append(_rect(item))
        elif isinstance(item, Dot):
            parts.append(_dot(item))
        else:
            parts.append(_stroke(item))
        parts.append("\n")
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")
