"""Draw the overlap diagram on the second core while the first loads the data.

Importing matplotlib and drawing take about as long as reading and scoring the districts, so
``csscore overlap --plot`` forks a child at the start that imports matplotlib at once, then waits
for the overlaps, draws them and sends back the file's bytes. The parent writes the file, so
atomic writing and ``--force`` behave as everywhere else. Where ``fork`` is unavailable, or the
child fails to start or dies, the picture is drawn in the main process instead: same bytes.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Sequence
from typing import Any

from csscore.errors import OutputError


class PlotWorker:
    """A forked process that draws one plot; use :meth:`draw` once, or :meth:`cancel`."""

    def __init__(self) -> None:
        self.pid = 0
        self.read_fd = self.write_fd = -1
        if not hasattr(os, "fork"):
            return
        job_r, job_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (job_r, job_w, out_r, out_w):
                os.close(fd)
            return
        if pid == 0:  # the child: never returns
            os.close(job_w)
            os.close(out_r)
            _child(job_r, out_w)
        os.close(job_r)
        os.close(out_w)
        self.pid, self.write_fd, self.read_fd = pid, job_w, out_r

    def draw(self, overlaps: Sequence[Any], fmt: str) -> bytes:
        """The plot's bytes, drawn by the child if it is running, else here."""
        from csscore.render.plot_overlap import render_plot

        if not self.pid:
            return render_plot(overlaps, fmt)
        try:
            with os.fdopen(self.write_fd, "wb") as job:
                pickle.dump((list(overlaps), fmt), job)
            with os.fdopen(self.read_fd, "rb") as answer:
                status, payload = pickle.load(answer)
        except (OSError, EOFError, pickle.PickleError):
            status, payload = "lost", b""
        finally:
            self._reap()
        if status == "ok":
            data: bytes = payload
            return data
        if status == "error":
            raise OutputError.at("--plot", str(payload))
        return render_plot(overlaps, fmt)  # the child died: draw here

    def cancel(self) -> None:
        """Tell the child there is nothing to draw."""
        if self.pid:
            for fd in (self.write_fd, self.read_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._reap()

    def _reap(self) -> None:
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _child(job_r: int, out_w: int) -> None:
    """Import matplotlib, wait for the job, draw, answer, exit without running parent cleanup."""
    code = 0
    try:
        try:
            from csscore.render import plot_overlap

            plot_overlap.warm_up()
        except Exception:  # drawing will report it
            pass
        with os.fdopen(job_r, "rb") as job:
            try:
                overlaps, fmt = pickle.load(job)
            except EOFError:  # cancelled
                os._exit(0)
        try:
            answer: tuple[str, Any] = ("ok", plot_overlap.render_plot(overlaps, fmt))
        except OutputError as exc:
            answer = ("error", str(exc).split(": ", 1)[-1])
        except Exception as exc:
            answer = ("error", f"cannot draw the plot ({type(exc).__name__}: {exc})")
        with os.fdopen(out_w, "wb") as out:
            pickle.dump(answer, out)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
