"""A :class:`~csscore.render.drawing.scene.Scene` as PNG, drawn with Pillow (which the ``plot`` extra
brings) in DejaVu Sans.

Boxes and lines are drawn at twice the resolution and halved, which smooths their edges; text is
then drawn at the final resolution (FreeType smooths its own edges), over everything else: a scene
drawn to PNG must not draw a shape over text.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import Any

from csscore.errors import OutputError
from csscore.extras import install_hint
from csscore.render.drawing import fonts
from csscore.render.drawing.scene import (
    NONE,
    Dot,
    Point,
    Rect,
    Scene,
    Stroke,
    Text,
    bezier,
    dashes,
    rounded,
)

SUPERSAMPLE = 2
CROP_MARGIN = 12.0  # points of white kept round what is drawn
INSTALL_HINT = f"PNG drawing needs Pillow and the DejaVu Sans font: {install_hint('plot')}"


def require_pillow() -> None:
    """Fail early, with the install hint, where Pillow or the font is missing."""
    from csscore.extras import installed

    if not installed("PIL") or fonts.font_file(False) is None or fonts.font_file(True) is None:
        raise OutputError.at("--plot", INSTALL_HINT)


@lru_cache(maxsize=64)
def _font(pixels: float, bold: bool) -> Any:
    from PIL import ImageFont, features

    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(fonts.font_file(bold)), pixels, layout_engine=engine)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_png(scene: Scene, dpi: float, crop: bool = True) -> bytes:
    """The scene as a PNG ``dpi`` dots to the inch (the page's size in points sets the pixels),
    with ``crop`` cut to what is drawn and a margin of ``CROP_MARGIN`` round it."""
    require_pillow()
    from PIL import Image, ImageChops, ImageDraw

    k = dpi / 72.0
    size = (int(scene.width * k), int(scene.height * k))
    s = k * SUPERSAMPLE
    image = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "white")
    draw = ImageDraw.Draw(image)

    def px(points: list[Point]) -> list[tuple[float, float]]:
        return [(x * s, y * s) for x, y in points]

    def line(points: list[Point], colour: str, width: float, dash: Any) -> None:
        pieces = dashes(points, *dash) if dash else [points]
        w = max(1, round(width * s))
        for piece in pieces:
            draw.line(px(piece), fill=_rgb(colour), width=w, joint="curve")

    for item in scene.items:
        if isinstance(item, Rect):
            box = (item.x * s, item.y * s, (item.x + item.w) * s, (item.y + item.h) * s)
            if item.fill != NONE:
                draw.rounded_rectangle(box, radius=item.radius * s, fill=_rgb(item.fill))
            if item.width:
                line(rounded(item), item.stroke, item.width, item.dash)
        elif isinstance(item, Stroke):
            points = bezier(item.points) if item.curve else list(item.points)
            line(points, item.colour, item.width, item.dash)
        elif isinstance(item, Dot):
            blend = ImageDraw.Draw(image, "RGBA")  # blends a see-through fill with what is below
            disc = ((item.x - item.r) * s, (item.y - item.r) * s, (item.x + item.r) * s,
                    (item.y + item.r) * s)  # fmt: skip
            blend.ellipse(disc, fill=(*_rgb(item.fill), round(255 * item.opacity)))
    image = image.reduce(SUPERSAMPLE)
    for item in scene.items:
        if isinstance(item, Text):
            _draw_text(image, item, k)
    drawn = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if crop and drawn:
        m = round(CROP_MARGIN * k)
        image = image.crop((max(drawn[0] - m, 0), max(drawn[1] - m, 0),
                            min(drawn[2] + m, image.width), min(drawn[3] + m, image.height)))  # fmt: skip
    return encode_png(image.tobytes(), image.size, dpi)


ANCHORS = {
    "start": "ls",
    "middle": "ms",
    "end": "rs",
}  # Pillow's: left, middle, right on the baseline


def _draw_text(image: Any, item: Text, k: float) -> None:
    """A line of text; turned text is drawn level on a mask, turned about its anchor and
    painted through the mask."""
    from PIL import Image, ImageDraw

    from csscore.render.safety import one_line, xml_text

    font = _font(round(item.size * k * 4) / 4, item.bold)
    at, anchor, colour = (item.x * k, item.y * k), ANCHORS[item.anchor], _rgb(item.colour)
    # a line is drawn on one line, as SVG draws it (a line break, a space), and a control
    # character or a lone surrogate (a file name that is not UTF-8) as U+FFFD, as the XML
    # formats hold it: Pillow's text layout fails on both
    text = xml_text(one_line(item.text))
    if not item.angle:
        ImageDraw.Draw(image).text(at, text, font=font, fill=colour, anchor=anchor)
        return
    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    reach = int(max(abs(left), abs(top), abs(right), abs(bottom))) + 2
    mask = Image.new("L", (2 * reach, 2 * reach), 0)
    ImageDraw.Draw(mask).text((reach, reach), text, font=font, fill=255, anchor=anchor)
    mask = mask.rotate(item.angle, resample=Image.Resampling.BICUBIC)
    image.paste(colour, (round(at[0]) - reach, round(at[1]) - reach), mask)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgb: bytes, size: tuple[int, int], dpi: float) -> bytes:
    """8-bit RGB pixels as a PNG file: no row filter and fast deflate, which suit a picture of
    flat colour on white (half the time of an adaptive filter, and a smaller file here)."""
    width, height = size
    stride = 3 * width
    rows = b"".join(b"\x00" + rgb[i : i + stride] for i in range(0, stride * height, stride))
    per_metre = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows, 1)),
            _chunk(b"IEND", b""),
        )
    )
