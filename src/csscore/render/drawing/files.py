"""A :class:`~csscore.render.drawing.scene.Scene` to a file's bytes, by format: SVG written directly, PNG
with Pillow, PDF with matplotlib. Light to import: each writer is imported when it is used."""

from __future__ import annotations

from csscore.render.drawing.scene import Scene

PLOT_FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 300  # print resolution


def require_drawing(fmt: str) -> None:
    """Fail early, with the install hint, where ``fmt`` needs a library that is missing (SVG
    needs none)."""
    if fmt == "png":
        from csscore.render.drawing.png import require_pillow

        require_pillow()
    elif fmt == "pdf":
        from csscore.render.drawing.pdf import require_matplotlib

        require_matplotlib()


def draw_scene(scene: Scene, fmt: str) -> bytes:
    """The scene as a file in ``fmt`` (png, svg or pdf)."""
    if fmt not in PLOT_FORMATS.values():
        raise ValueError(f"unknown plot format {fmt!r}")
    require_drawing(fmt)
    if fmt == "svg":
        from csscore.render.drawing.svg import to_svg

        return to_svg(scene)
    if fmt == "png":
        from csscore.render.drawing.png import to_png

        return to_png(scene, PNG_DPI)
    from csscore.render.drawing.pdf import to_pdf

    return to_pdf(scene)
