"""Shared helpers for the benchmark scripts: fresh-process timing and synthetic counties."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import numpy as np

from csscore.config.matrix import load_matrix

_MATRIX = load_matrix("morile-csp")
FACTORS = _MATRIX.factor_ids
LEVELS = tuple(int(n) for n in _MATRIX.level_counts)  # levels per factor
VALUES_FROM = tuple(int(_MATRIX.scale(f.scale).levels[0].value) for f in _MATRIX.factors)


@cache
def child_env() -> dict[str, str]:
    """The environment of every timed process: compiled bytecode kept in one temporary cache, as
    an installed package has it (``PYTHONDONTWRITEBYTECODE`` would otherwise make each run
    compile csscore's source afresh while numpy and scipy load their installed bytecode)."""
    cache_dir = tempfile.mkdtemp(prefix="csscore-bench-pyc-")
    atexit.register(shutil.rmtree, cache_dir, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def run_python(args: list[str]) -> float:
    """Wall time (s) of ``python ARGS`` in a new process, with the shared bytecode cache."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=child_env())
    return time.perf_counter() - start


def measured(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB, from GNU time) of one ``python ARGS`` process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, sys.executable, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env(),
        )
        wall = time.perf_counter() - start
        return wall, int(rss.read().split()[-1]) / 1024


def fresh_process(args: list[str], runs: int = 7) -> tuple[float, float]:
    """Median wall time (s) and peak memory (MB) of ``python -m csscore ARGS`` in new processes
    (after one untimed run that fills the bytecode cache)."""
    run_python(["-m", "csscore", *args])
    results = [measured(["-m", "csscore", *args]) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def interleaved(cases: dict[str, list[str]], rounds: int = 11) -> dict[str, list[float]]:
    """Wall times (s) of ``python -m csscore ARGS`` for each case, run in turn round after round,
    so that a slow spell on a shared machine falls on every case alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for args in cases.values():
        run_python(["-m", "csscore", *args])  # fills the bytecode cache
    for _ in range(rounds):
        for name, args in cases.items():
            times[name].append(run_python(["-m", "csscore", *args]))
    return times


def random_levels(districts: int, issues: int, seed: int = 0) -> np.ndarray:
    """Random level indices, shape (districts, issues, factors)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, np.array(LEVELS), size=(districts, issues, len(LEVELS)))


def agreeing_levels(districts: int, issues: int, spread: float, seed: int = 0) -> np.ndarray:
    """Level indices of districts that share a view of each issue: a county-wide level per issue
    and factor (uniform on the scale), each district's grade that level plus normal noise of
    ``spread`` levels, rounded onto the scale. ``spread`` 1 gives a Kendall's W near 0.5 on 60
    issues (the bundled sample's 12 districts agree at 0.74); independent uniform grades (see
    ``random_levels``) give W near 0, a county where no two districts agree."""
    rng = np.random.default_rng(seed)
    top = np.array(LEVELS) - 1
    shared = rng.uniform(0, top, size=(issues, len(LEVELS)))
    noisy = shared[None] + rng.normal(0, spread, size=(districts, issues, len(LEVELS)))
    return np.clip(np.rint(noisy), 0, top).astype(np.int64)


def write_county(
    folder: Path, districts: int, issues: int, seed: int = 0, spread: float | None = None
) -> None:
    """A folder of district CSVs (grades as numbers) with a manifest, populations and the
    county's own vocabulary declaring the issues ("Issue 00", ...); grades independent and
    uniform, or with ``spread`` from a shared view (``agreeing_levels``)."""
    folder.mkdir(parents=True, exist_ok=True)
    levels = (
        random_levels(districts, issues, seed)
        if spread is None
        else agreeing_levels(districts, issues, spread, seed)
    )
    values = levels + np.array(VALUES_FROM)
    header = "issue," + ",".join(FACTORS) + ",confidence\n"
    manifest = ['vocabulary = "vocabulary.toml"\n']
    (folder / "vocabulary.toml").write_text(
        "".join(
            f'[[issue]]\nid = "issue-{i:02d}"\nlabel = "Issue {i:02d}"\n' for i in range(issues)
        )
    )
    for d in range(districts):
        lines = [header]
        for i in range(issues):
            lines.append(f"Issue {i:02d}," + ",".join(str(v) for v in values[d, i]) + ",medium\n")
        (folder / f"d{d:03d}.csv").write_text("".join(lines))
        manifest.append(
            f'[[district]]\nid = "d{d:03d}"\nname = "District {d:03d}"\ncsp = "CSP {d:03d}"\n'
            f'population = {100000 + 1000 * d}\nfile = "d{d:03d}.csv"\n'
        )
    (folder / "districts.toml").write_text("\n".join(manifest))
