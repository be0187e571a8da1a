"""The diagram drawn in a forked worker is the same file as drawn in-process, and every way the
worker can fail still gives the user the picture or a one-line error."""

from __future__ import annotations

import os

import pytest

from csscore.config.csa import load_csa
from csscore.config.plan import load_plan
from csscore.errors import OutputError
from csscore.overlap.graph import overlap
from csscore.render.drawing.files import draw_scene
from csscore.render.drawing.overlap import scene
from csscore.render.drawing.worker import PlotWorker

pytest.importorskip("PIL")


@pytest.fixture(scope="module")
def page():  # type: ignore[no-untyped-def]
    return scene([overlap(load_csa("kent-2017"), load_plan("safer-in-kent-2017"))])


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_worker_draws_the_same_bytes(page, fmt) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker(fmt)
    assert worker.pid > 0
    worker.send(page)
    assert worker.result() == draw_scene(page, fmt)
    assert worker.pid == 0, "the child is reaped"


def test_worker_reports_a_drawing_error(page) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker("bmp")
    worker.send(page)
    with pytest.raises(OutputError, match="unknown plot format 'bmp'"):
        worker.result()


def test_cancelled_worker_exits() -> None:
    worker = PlotWorker("png")
    pid = worker.pid
    worker.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_dead_worker_is_replaced_by_drawing_here(page) -> None:  # type: ignore[no-untyped-def]
    worker = PlotWorker("png")
    os.kill(worker.pid, 9)
    worker.send(page)
    assert worker.result() == draw_scene(page, "png")


def test_without_fork_draws_in_process(page, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(os, "fork")
    worker = PlotWorker("png")
    assert worker.pid == 0
    worker.send(page)
    assert worker.result() == draw_scene(page, "png")


def test_result_before_send_is_a_programming_error() -> None:
    worker = PlotWorker("svg")
    try:
        with pytest.raises(ValueError, match="send a scene"):
            worker.result()
    finally:
        worker.cancel()
