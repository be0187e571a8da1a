"""A :class:`~csscore.render.drawing.scene.Scene` as a vector PDF, drawn with matplotlib (the ``plot``
extra) in DejaVu Sans, with no creation date so that the same scene gives the same bytes."""

from __future__ import annotations

import io
from typing import Any

from csscore.render.drawing.scene import Dot, Rect, Scene, Text

ALIGN = {"start": "left", "middle": "center", "end": "right"}


def require_matplotlib() -> None:
    """Fail early, with the install hint, where matplotlib is missing."""
    from csscore.extras import require_extra

    require_extra("matplotlib", "plot", "PDF drawing", "--plot")


def _dash(dash: tuple[float, float] | None) -> Any:
    return (0, dash) if dash else "solid"


def to_pdf(scene: Scene) -> bytes:
    """The scene as a one-page PDF of the scene's size."""
    require_matplotlib()
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyBboxPatch, PathPatch
    from matplotlib.path import Path

    settings: Any = {"lines.scale_dashes": False, "font.family": "DejaVu Sans", "pdf.fonttype": 42}
    with rc_context(settings):
        figure = Figure(figsize=(scene.width / 72, scene.height / 72), dpi=72)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, scene.width)
        ax.set_ylim(scene.height, 0)
        ax.axis("off")
        for z, item in enumerate(scene.items):
            if isinstance(item, Text):
                ax.text(item.x, item.y, item.text, fontsize=item.size, color=item.colour,
                        fontweight="bold" if item.bold else "normal", va="baseline",
                        ha=ALIGN[item.anchor], rotation=item.angle, rotation_mode="anchor",
                        zorder=z)  # fmt: skip
            elif isinstance(item, Rect):
                style = (
                    f"round,pad=0,rounding_size={item.radius}" if item.radius else "square,pad=0"
                )
                ax.add_patch(
                    FancyBboxPatch(
                        (item.x, item.y), item.w, item.h, boxstyle=style,
                        facecolor=item.fill, edgecolor=item.stroke if item.width else "none",
                        linewidth=item.width, linestyle=_dash(item.dash), zorder=z,
                    )
                )  # fmt: skip
            elif isinstance(item, Dot):
                ax.add_patch(Circle((item.x, item.y), item.r, facecolor=item.fill,
                                    edgecolor="none", alpha=item.opacity, zorder=z))  # fmt: skip
            else:
                code = Path.CURVE4 if item.curve else Path.LINETO
                codes = [Path.MOVETO] + [code] * (len(item.points) - 1)
                ax.add_patch(
                    PathPatch(
                        Path(item.points, codes), facecolor="none", edgecolor=item.colour,
                        linewidth=item.width, linestyle=_dash(item.dash), capstyle="butt",
                        zorder=z,
                    )
                )  # fmt: skip
        buffer = io.BytesIO()
        figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    return buffer.getvalue()
