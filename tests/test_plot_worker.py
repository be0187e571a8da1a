"""The overlap diagram drawn in a forked worker is the same picture as drawn in-process."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("matplotlib")

from csscore.csa import load_csa
from csscore.errors import OutputError
from csscore.overlap import overlap
from csscore.plan import load_plan
from csscore.render.plot_overlap import render_plot
from csscore.render.plot_worker import PlotWorker


@pytest.fixture(scope="module")
def overlaps():  # type: ignore[no-untyped-def]
    return [overlap(load_csa("kent-2017"), load_plan("safer-in-kent-2017"))]


def test_worker_draws_the_same_bytes(overlaps) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker()
    assert worker.pid > 0
    assert worker.draw(overlaps, "svg") == render_plot(overlaps, "svg")
    assert worker.pid == 0, "the child is reaped"


def test_worker_reports_a_drawing_error(overlaps) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker()
    with pytest.raises(OutputError, match="unknown plot format"):
        worker.draw(overlaps, "bmp")


def test_cancelled_worker_exits(overlaps) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker()
    pid = worker.pid
    worker.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_without_fork_draws_in_process(overlaps, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(os, "fork")
    worker = PlotWorker()
    assert worker.pid == 0
    assert worker.draw(overlaps, "svg") == render_plot(overlaps, "svg")
