"""Benchmark `csscore score` as a fresh process and the core scorer's throughput.

Run: .venv/bin/python benchmarks/bench_score.py
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
from common import fresh_process, random_levels

from csscore.config.matrix import load_matrix
from csscore.scoring.score import score_values


def main() -> None:
    wall, peak = fresh_process(["score", "data/districts/ashford.csv"], runs=11)
    print(
        f"csscore score data/districts/ashford.csv: median {wall:.3f} s (11 fresh processes), peak {peak:.0f} MB"
    )
    probe = (
        "import sys, runpy; sys.argv = ['csscore', 'score', 'data/districts/ashford.csv'];\n"
        "try:\n    runpy.run_module('csscore', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('scipy', 'networkx', 'matplotlib', 'PIL', 'openpyxl') if m in sys.modules]\n"
        "print('heavy modules imported:', heavy or 'none', file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    print(out.stderr.strip())

    matrix = load_matrix("morile-csp")
    levels = random_levels(300, 60).reshape(-1, len(matrix.factors))
    values = matrix.value_table[np.arange(len(matrix.factors)), levels]
    repeats = 200
    score_values(matrix, values)  # warm up
    start = time.perf_counter()
    for _ in range(repeats):
        score_values(matrix, values)
    elapsed = time.perf_counter() - start
    rows = repeats * values.shape[0]
    print(
        f"core scorer: {rows:,} issue-rows in {elapsed:.3f} s = {rows / elapsed / 1e6:.1f} million rows/s "
        f"(300 districts x 60 issues, {repeats} repeats)"
    )


if __name__ == "__main__":
    main()
