"""Text measurement for drawn pictures, from DejaVu Sans's advance widths, and the font files
that draw them.

Widths come from a table (:mod:`csscore.render.drawing.font_metrics`), so laying a picture out needs no
font library and gives the same geometry in SVG, PNG and PDF. Widths add the glyphs' advances and
ignore kerning, which only ever narrows a line, and err a little wide on purpose.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

WIDEN = 1.02  # rasterisers that hint advance widths draw up to 2 % wider than the font's widths
LINESPACING = 1.25  # baseline to baseline, in font sizes
FAMILY = "DejaVu Sans, Verdana, sans-serif"  # Verdana's widths are close to DejaVu Sans's
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
)


@lru_cache(maxsize=2)
def _advances(bold: bool) -> dict[str, float]:
    from csscore.render.drawing import (
        font_metrics as fm,  # generated from the font, which needs this
    )

    units = (fm.BOLD if bold else fm.REGULAR).split()
    return {c: int(u) / fm.EM for c, u in zip(fm.CHARS, units, strict=True)}


@lru_cache(maxsize=2)
def _ink(bold: bool) -> tuple[float, float]:
    from csscore.render.drawing import font_metrics as fm

    up, down = fm.INK[bold]
    return up / fm.EM, down / fm.EM


@lru_cache(maxsize=2)
def _widest(bold: bool) -> float:
    return max(_advances(bold).values())


def advance(text: str, size: float, bold: bool = False) -> float:
    """The font's own width of ``text`` at ``size`` points (no widening): what SVG asks for."""
    table = _advances(bold)
    widest = _widest(bold)
    return size * sum(table.get(c, widest) for c in text)


def width(text: str, size: float, bold: bool = False) -> float:
    """The width to lay ``text`` out in, in points; a character the table lacks counts as the
    widest it has."""
    return advance(text, size, bold) * WIDEN


def ascent(size: float, bold: bool = False) -> float:
    """From the top of a text block to its first baseline (the ink of 'l')."""
    return _ink(bold)[0] * size


def height(lines: int, size: float, bold: bool = False) -> float:
    """The ink height of ``lines`` lines set ``LINESPACING`` apart."""
    up, down = _ink(bold)
    return (up + down) * size + max(lines - 1, 0) * size * LINESPACING


def wrap(text: str, room: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``room`` points, between words (a word wider than
    the room has a line to itself)."""
    out: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and width(trial, size, bold) > room:
            out.append(line)
            line = word
        else:
            line = trial
    return [*out, line] if line else out


def font_file(bold: bool) -> Path | None:
    """DejaVu Sans on this machine: matplotlib's copy (the ``plot`` extra), else the system's."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        spec = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):  # ValueError: marked as not importable
        spec = None
    places = spec.submodule_search_locations or () if spec else ()
    folders = [Path(p) / "mpl-data" / "fonts" / "ttf" for p in places]
    for folder in (*folders, *SYSTEM_FONTS):
        if (folder / name).is_file():
            return folder / name
    return None
