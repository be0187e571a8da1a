"""Running the Monte Carlo's blocks of draws, in this process or across worker processes.

Workers (forked, so the tables are shared, not copied) take contiguous ranges of blocks, count
into their own tallies and send back integer counts; the sums do not depend on how the blocks
were split, so ``jobs`` never changes the result. A worker ignores Ctrl-C; the parent stops the
workers and lets the interrupt through.
"""

from __future__ import annotations

import copy
import itertools
import multiprocessing as mp
import queue
import signal
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from csscore.uncertainty.draws import BLOCK, Sampler
from csscore.uncertainty.tally import Tally

#: What a worker sends: ("drawn", draws counted) or ("done", (hist, high, theme_hist)).
Message = tuple[str, int | tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything a worker needs: the sampler, an empty tally and the fixed rows' keys."""

    sampler: Sampler
    tally: Tally
    template: np.ndarray  # per position: the key of a fixed row or an empty slot
    movers: np.ndarray  # rows that are drawn
    draws: int
    chunk: int  # draws per chunk, a multiple of BLOCK

    @property
    def blocks(self) -> int:
        return -(-self.draws // BLOCK)


def run_blocks(
    plan: Plan, first: int, last: int, progress: Callable[[int], None] | None = None
) -> Tally:
    """Count the draws of blocks ``first`` to ``last - 1`` into a fresh tally."""
    tally = copy.deepcopy(plan.tally)
    position = plan.tally.layout.position[plan.movers]
    wide = np.repeat(plan.template[:, None], plan.chunk, axis=1)
    per_chunk = plan.chunk // BLOCK
    for start in range(first, last, per_chunk):
        column = 0
        for b in range(start, min(start + per_chunk, last)):
            count = min(BLOCK, plan.draws - b * BLOCK)
            keys = plan.sampler.block(b, count)
            wide[position, column : column + count] = keys
            tally.add_high(plan.movers, keys)
            column += count
        tally.add(_transpose(wide[:, :column]))
        if progress:
            progress(column)
    return tally


def _transpose(a: np.ndarray, tile: int = 1024) -> np.ndarray:
    """``a.T`` made contiguous tile by tile (a strided copy of the whole is several times slower)."""
    out = np.empty(a.shape[::-1], dtype=a.dtype)
    for start in range(0, a.shape[0], tile):
        out[:, start : start + tile] = a[start : start + tile].T
    return out


def _worker(plan: Plan, first: int, last: int, out: mp.Queue[Message]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tally = run_blocks(plan, first, last, lambda n: out.put(("drawn", n)))
    out.put(("done", (tally.hist, tally.high, tally.theme_hist)))


def run(plan: Plan, jobs: int, progress: Callable[[int], None] | None = None) -> Tally:
    """Count every draw, across ``jobs`` processes where the platform can fork."""
    blocks = plan.blocks
    jobs = min(jobs, blocks)
    if jobs <= 1 or "fork" not in mp.get_all_start_methods():
        return run_blocks(plan, 0, blocks, progress)
    context = mp.get_context("fork")
    out: mp.Queue[Message] = context.Queue()
    edges = np.linspace(0, blocks, jobs + 1).round().astype(int)
    workers = [
        context.Process(target=_worker, args=(plan, int(a), int(b), out), daemon=True)
        for a, b in itertools.pairwise(edges)
    ]
    for w in workers:
        w.start()
    total = copy.deepcopy(plan.tally)
    try:
        done = 0
        while done < len(workers):
            try:
                _, message = out.get(timeout=0.5)
            except queue.Empty:
                if any(w.exitcode not in (None, 0) for w in workers):
                    raise RuntimeError("a sensitivity worker process failed") from None
                continue
            if isinstance(message, int):
                if progress:
                    progress(message)
                continue
            hist, high, themes = message
            total.hist += hist
            total.high += high
            total.theme_hist += themes
            done += 1
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
            w.join()
    return total
