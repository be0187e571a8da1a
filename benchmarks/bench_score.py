"""Benchmark `csscore score` as a fresh process, the core scorer's throughput, and
`score_districts` against `score_values` on 350 districts x 60 issues (target: within 2x).

Run: .venv/bin/python benchmarks/bench_score.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np
from common import random_levels, run_python

from csscore.config.matrix import load_matrix
from csscore.model.district import District, DistrictAssessment
from csscore.scoring.score import score_districts, score_values


def districts_against_values(rounds: int = 51) -> None:
    """score_districts on 350 x 60 against score_values on the same grades, in turn."""
    matrix = load_matrix("morile-csp")
    levels = random_levels(350, 60)
    names = tuple(f"Issue {i:02d}" for i in range(60))
    assessments = [
        DistrictAssessment(District(f"d{d}", f"D{d}", f"C{d}"), "", "", matrix, names,
                           levels[d], ("",) * 60, (False,) * 60, ("",) * 60, tuple(range(60)))
        for d in range(350)
    ]  # fmt: skip
    values = matrix.value_table[np.arange(len(matrix.factors)), levels.reshape(-1, levels.shape[2])]
    plain, many = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        score_values(matrix, values)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        score_districts(assessments)
        many.append(time.perf_counter() - start)
    p, m = statistics.median(plain), statistics.median(many)
    rows = 350 * 60
    print(
        f"score_districts, 350 districts x 60 issues: median {m * 1e3:.2f} ms ({rows / m / 1e6:.1f} "
        f"million rows/s) against score_values {p * 1e3:.2f} ms, {rounds} rounds interleaved: "
        f"ratio {m / p:.2f} (target <= 2: {'ok' if m / p <= 2 else 'OVER'})"
    )


def main(rounds: int = 21) -> None:
    # csscore score and a fresh `import scipy.stats` in turn, round after round, both with
    # compiled bytecode cached (one untimed run each first): a slow spell falls on both alike
    score = ["-m", "csscore", "score", "data/districts/ashford.csv"]
    scipy = ["-c", "import scipy.stats"]
    run_python(score)
    run_python(scipy)
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(run_python(score))
        theirs.append(run_python(scipy))
    wall, scipy_wall = statistics.median(ours), statistics.median(theirs)
    ratios = sorted(a / b for a, b in zip(ours, theirs, strict=True))
    print(
        f"csscore score data/districts/ashford.csv: median {wall:.3f} s (fastest {min(ours):.3f} s); "
        f"python -c 'import scipy.stats': median {scipy_wall:.3f} s (fastest {min(theirs):.3f} s); "
        f"{rounds} rounds interleaved"
    )
    print(
        f"csscore score takes {wall / scipy_wall:.2f} of 'import scipy.stats' (round by round: "
        f"{ratios[len(ratios) // 4]:.2f}-{ratios[3 * len(ratios) // 4]:.2f} between quartiles); "
        f"target under 0.25: {'ok' if wall / scipy_wall < 0.25 else 'OVER'}"
    )
    probe = (
        "import sys, runpy; sys.argv = ['csscore', 'score', 'data/districts/ashford.csv'];\n"
        "try:\n    runpy.run_module('csscore', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('scipy', 'networkx', 'matplotlib', 'PIL', 'openpyxl', 'tabulate') if m in sys.modules]\n"
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
    districts_against_values()
