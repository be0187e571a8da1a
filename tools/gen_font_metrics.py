"""Write src/csscore/render/drawing/font_metrics.py: DejaVu Sans advance widths, for laying out text
without a font library.

Run with the ``plot`` extra installed (it reads matplotlib's copy of DejaVu Sans with Pillow):

    .venv/bin/python tools/gen_font_metrics.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import ImageFont

from csscore.render.drawing.fonts import font_file

EM = 2048  # DejaVu Sans's units per em: at this pixel size an advance is a whole number of units
EXTRA = "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2212"
CHARS = "".join(map(chr, [*range(32, 127), *range(160, 256)])) + EXTRA
OUT = Path(__file__).resolve().parents[1] / "src" / "csscore" / "render" / "font_metrics.py"


def advances(bold: bool) -> list[int]:
    font = ImageFont.truetype(str(font_file(bold)), EM, layout_engine=ImageFont.Layout.BASIC)
    return [round(font.getlength(c)) for c in CHARS]


def ink(bold: bool) -> tuple[int, int]:
    """The ascent of 'l' and the descent of 'p', in font units."""
    font = ImageFont.truetype(str(font_file(bold)), EM, layout_engine=ImageFont.Layout.BASIC)
    _, top, _, bottom = font.getbbox("lp", anchor="ls")
    return -round(top), round(bottom)


def lines(numbers: list[int], indent: str = "    ") -> list[str]:
    out, line = [], ""
    for n in numbers:
        if len(indent) + len(line) + len(str(n)) + 4 > 96:
            out.append(f'{indent}"{line}"')
            line = ""
        line += f"{n} "
    return [*out, f'{indent}"{line}"']


def main() -> None:
    text = [
        '"""DejaVu Sans advance widths in font units (2,048 to the em), for laying text out without a',
        "font library. Written by tools/gen_font_metrics.py from the font; do not edit by hand.",
        '"""',
        "",
        "EM = 2048",
        "# printable ASCII, Latin-1, dashes, quotes, bullet, ellipsis, euro, minus",
        "CHARS = (",
        '    "".join(map(chr, [*range(32, 127), *range(160, 256)]))',
        f'    + "{EXTRA.encode("unicode_escape").decode()}"',
        ")",
        f"INK = {{False: {ink(False)}, True: {ink(True)}}}  # ascent of 'l', descent of 'p'",
    ]
    for name, bold in (("REGULAR", False), ("BOLD", True)):
        text += [f"{name} = (", *lines(advances(bold)), ")"]
    OUT.write_text("\n".join(text) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
