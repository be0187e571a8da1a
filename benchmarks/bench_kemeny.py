"""Benchmark the exact Kemeny order on synthetic counties (12 districts; 22, 30, 40, 60 issues).

Each district grades every issue as a shared county risk plus its own noise, rounded to a
five-point scale (so districts tie issues), and ranks them by the competition rule. The time is
that of ``kemeny`` alone, scipy already imported (its import is timed once, in a new process).

Run: .venv/bin/python benchmarks/bench_kemeny.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from csscore.county.ranking import borda, kemeny, pairwise_preferences
from csscore.scoring.ranks import competition_ranks

SIZES = (22, 30, 40, 60)
DISTRICTS = 12
COUNTIES = 5  # synthetic counties per size


def synthetic_ranks(issues: int, districts: int, seed: int) -> np.ndarray:
    """ranks[d, i]: shared risk plus district noise, graded 1-25 and ranked with ties."""
    rng = np.random.default_rng(seed)
    county = rng.normal(size=issues)
    graded = county[None, :] + rng.normal(scale=0.8, size=(districts, issues))
    grades = np.clip(np.round((graded + 3) * 4), 1, 25)
    return competition_ranks(grades).astype(float)


def main() -> None:
    code = "import time; t = time.perf_counter(); import scipy.optimize; print(time.perf_counter() - t)"
    imported = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout)  # fmt: skip
    print(f"import scipy.optimize: {imported:.2f} s (new process)")
    kemeny(pairwise_preferences(synthetic_ranks(12, DISTRICTS, 0)), np.arange(12))  # warm up
    for n in SIZES:
        times, exact, gaps = [], 0, []
        for seed in range(COUNTIES):
            ranks = synthetic_ranks(n, DISTRICTS, seed)
            points = borda(ranks)
            start = np.lexsort((np.arange(n), -points))
            began = time.perf_counter()
            result = kemeny(pairwise_preferences(ranks), start)
            times.append(time.perf_counter() - began)
            exact += result.exact
            gaps.append(result.cost - result.lower_bound)
        print(
            f"{n} issues x {DISTRICTS} districts: median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s over {COUNTIES} counties; exact {exact}/{COUNTIES}, "
            f"largest gap to the lower bound {max(gaps)}"
        )


if __name__ == "__main__":
    main()
