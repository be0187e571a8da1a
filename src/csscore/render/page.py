"""The printed page the papers are set on: A4 with 2 cm margins, measured in points (1/72 in)."""

from __future__ import annotations

#: The text width of a portrait page (17 cm) and of a landscape one (25.7 cm).
TEXT_WIDTH, LANDSCAPE_WIDTH = 17 / 2.54 * 72, 25.7 / 2.54 * 72
#: The text height of a portrait page (25.7 cm).
TEXT_HEIGHT = 25.7 / 2.54 * 72
#: The tallest a printed figure is: nine tenths of the text height, leaving room for its caption.
PRINT_HEIGHT = 0.9 * TEXT_HEIGHT
