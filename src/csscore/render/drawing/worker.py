"""Draw a picture on the second core while the first goes on with the command.

``csscore overlap --plot FILE.png`` forks a child at the start, before the data is read; the
child imports what drawing needs and opens its fonts at once, then waits for the laid-out
:class:`~csscore.render.drawing.scene.Scene`, draws it and sends back the file's bytes, while the parent
computes the bridging issues, the tables and the graph. The parent writes every file, so atomic
writing and ``--force`` behave as everywhere else. Where ``fork`` is unavailable, or the child
fails to start or dies, the picture is drawn in the main process instead: same bytes.
"""

from __future__ import annotations

import contextlib
import os
import pickle

from csscore.errors import OutputError
from csscore.render.drawing.files import draw_scene
from csscore.render.drawing.scene import Scene


class PlotWorker:
    """A forked process that draws one scene in ``fmt``: :meth:`send` it, then :meth:`result`;
    or :meth:`cancel`."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.scene: Scene | None = None
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
            _child(fmt, job_r, out_w)
        os.close(job_r)
        os.close(out_w)
        self.pid, self.write_fd, self.read_fd = pid, job_w, out_r

    def send(self, scene: Scene) -> None:
        """Hand the scene to the child (or keep it, to draw here)."""
        self.scene = scene
        if self.pid:
            try:
                with os.fdopen(self.write_fd, "wb") as job:
                    pickle.dump(scene, job)
            except OSError:  # the child is gone: draw here
                self.cancel()

    def result(self) -> bytes:
        """The file's bytes, drawn by the child if it is running, else here."""
        if self.scene is None:
            raise ValueError("send a scene before asking for the result")
        if not self.pid:
            return draw_scene(self.scene, self.fmt)
        try:
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
        return draw_scene(self.scene, self.fmt)  # the child died: draw here

    def cancel(self) -> None:
        """Tell the child there is nothing (more) to do, and reap it."""
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


def _child(fmt: str, job_r: int, out_w: int) -> None:
    """Warm up, wait for the scene, draw, answer, exit without running the parent's cleanup."""
    code = 0
    try:
        with contextlib.suppress(Exception):  # drawing will report it
            from csscore.render.drawing.files import warm_up

            warm_up(fmt)
        with os.fdopen(job_r, "rb") as job:
            try:
                scene = pickle.load(job)
            except EOFError:  # cancelled
                os._exit(0)
        try:
            answer: tuple[str, object] = ("ok", draw_scene(scene, fmt))
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
