"""Benchmark the sensitivity Monte Carlo: the sample county as a fresh process, and national scale.

Run from the repository root: .venv/bin/python benchmarks/bench_uncertainty.py [--runs N]

1. `csscore sensitivity data/districts --draws 10000` (13 districts, 286 issues, themes and the
   weights analysis included) in fresh processes: median wall time; target under 2 s.
2. National scale: 350 districts x 60 issues x 10,000 draws, generated in memory in a fresh
   process pinned to at most 2 cores, calling csscore.uncertainty.montecarlo.simulate directly (with 10
   themes over 350 CSPs): median time, peak memory (ru_maxrss); targets under 60 s and 1 GB.
3. Throughput in scored issue-rows per second against the core scorer (score_values on a
   (350 x 60, factors) array, repeated).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DISTRICTS, ISSUES, DRAWS = 350, 60, 10_000


def national_inputs() -> tuple[list[Any], Any]:
    """A national picture in memory: 350 districts x 60 issues, and 10 themes over 350 CSPs."""
    from csscore.config.matrix import load_matrix
    from csscore.model.district import District, DistrictAssessment
    from csscore.uncertainty.montecarlo import ThemeMap

    matrix = load_matrix("morile-csp")
    rng = np.random.default_rng(2017)
    names = tuple(f"Issue {i:02d}" for i in range(ISSUES))
    confidence = ("high", "medium", "low")
    assessments = []
    for d in range(DISTRICTS):
        levels = rng.integers(0, matrix.level_counts, size=(ISSUES, len(matrix.factors)))
        conf = tuple(confidence[i] for i in rng.integers(0, 3, ISSUES))
        assessments.append(
            DistrictAssessment(
                District(f"d{d:03d}", f"District {d:03d}", f"CSP {d:03d}"), f"d{d:03d}.csv", "",
                matrix, names, levels, conf, (False,) * ISSUES, ("",) * ISSUES,
                tuple(range(2, ISSUES + 2)),
            )
        )  # fmt: skip
    themes = 10
    covers = np.zeros((DISTRICTS * ISSUES, themes), dtype=bool)
    covers[np.arange(DISTRICTS * ISSUES), np.tile(np.arange(ISSUES) % themes, DISTRICTS)] = True
    theme_map = ThemeMap(
        tuple(f"Theme {t}" for t in range(themes)),
        covers,
        np.repeat(np.arange(DISTRICTS), ISSUES),
        tuple(f"CSP {d:03d}" for d in range(DISTRICTS)),
    )
    return assessments, theme_map


def national(draws: int) -> dict[str, float]:
    """Time simulate() on the national picture (run in a fresh process)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    from csscore.uncertainty.montecarlo import simulate

    assessments, theme_map = national_inputs()
    start = time.perf_counter()
    simulate(assessments, draws, 0, 5, theme_map)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "peak_mb": peak, "cores": len(os.sched_getaffinity(0))}


def core_scorer(repeats: int = 200) -> float:
    """Issue-rows per second of scoring.score_values on a (350 x 60, factors) array."""
    from csscore.config.matrix import load_matrix
    from csscore.scoring.score import score_values

    matrix = load_matrix("morile-csp")
    rng = np.random.default_rng(0)
    levels = rng.integers(0, matrix.level_counts, size=(DISTRICTS * ISSUES, len(matrix.factors)))
    values = matrix.value_table[np.arange(len(matrix.factors)), levels]
    score_values(matrix, values)
    start = time.perf_counter()
    for _ in range(repeats):
        score_values(matrix, values)
    return repeats * values.shape[0] / (time.perf_counter() - start)


def fresh(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and peak memory (MB) of a command in new processes."""
    times, peak = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="national-scale runs (each ~30 s)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        print(json.dumps(national(options.worker)))
        return

    command = [sys.executable, "-m", "csscore", "sensitivity", "data/districts", "--draws", "10000"]
    wall, peak = fresh(command, runs=7)
    status = "ok" if wall < 2 else "OVER TARGET"
    print(f"sample county, 10,000 draws, fresh process: median {wall:.2f} s of 7 runs, "
          f"peak {peak:.0f} MB (target < 2 s: {status})")  # fmt: skip

    results = []
    for _ in range(options.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(DRAWS)],
            check=True, capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        results.append(json.loads(out.stdout))
    seconds = statistics.median(r["seconds"] for r in results)
    peak_mb = max(r["peak_mb"] for r in results)
    rows = DISTRICTS * ISSUES * DRAWS
    each = ", ".join(f"{r['seconds']:.1f}" for r in results)
    print(f"national, {DISTRICTS} districts x {ISSUES} issues x {DRAWS:,} draws on "
          f"{results[0]['cores']} cores: median {seconds:.1f} s of {len(results)} runs "
          f"({each}), peak {peak_mb:.0f} MB "
          f"(targets < 60 s, < 1024 MB: {'ok' if seconds < 60 and peak_mb < 1024 else 'OVER TARGET'})")  # fmt: skip
    simulated = rows / seconds
    core = core_scorer()
    print(f"throughput: Monte Carlo {simulated / 1e6:.2f} million scored issue-rows/s "
          f"(perturb + score + rank + themes) against the core scorer's "
          f"{core / 1e6:.1f} million issue-rows/s (score_values alone): {simulated / core:.0%}")  # fmt: skip


if __name__ == "__main__":
    main()
