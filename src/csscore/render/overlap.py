"""What ``csscore overlap`` writes: the tables' text, the graph file and the diagram, all made
before anything is written so that a failure leaves no file half done."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from csscore.overlap.graph import PlanDiff

if TYPE_CHECKING:
    from csscore.overlap.study import OverlapStudy


def overlap_outputs(
    study: OverlapStudy,
    fmt: str,
    graph_out: Path | None = None,
    plot: Path | None = None,
    fmt_plot: str = "",
) -> tuple[list[tuple[Path, str | bytes]], str]:
    """(files, text): every file's content and the tables' text."""
    from csscore.render.formats.table import render_tables, to_json

    picture: bytes | None = None
    if plot is not None:
        from csscore.render.drawing.overlap import render_plot

        picture = render_plot(study.pictures(), fmt_plot)
    result = study.result()
    if isinstance(result, PlanDiff):
        from csscore.views.overlap import diff_json, diff_tables

        text = (
            to_json(diff_json(result)) if fmt == "json" else render_tables(diff_tables(result), fmt)
        )
    else:
        from csscore.views.overlap import overlap_json, overlap_tables

        text = (
            to_json(overlap_json(result))
            if fmt == "json"
            else render_tables(overlap_tables(result), fmt)
        )
    files: list[tuple[Path, str | bytes]] = []
    if graph_out is not None:
        from csscore.render.graph_files import graph_text

        files.append((graph_out, graph_text(study.graph(), graph_out)))
    if plot is not None and picture is not None:
        files.append((plot, picture))
    return files, text
