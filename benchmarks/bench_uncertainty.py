"""Benchmark the sensitivity Monte Carlo against its plain numpy floor, and the whole command.

Run from the repository root: .venv/bin/python benchmarks/bench_uncertainty.py [--rounds N]
[--scaling] [--command]

1. Floor ratio: 350 districts x 60 issues x 10,000 draws generated in memory (a third of the
   issues each of high, medium and low confidence). csscore's ``simulate`` (no themes: the same
   outputs as the floor) and ``floor_montecarlo.floor`` each run in a fresh process, in turn,
   round after round; medians, the ratio csscore / floor (target 1.25 or less), csscore's peak
   memory (target under 500 MB) and the largest difference of their probabilities in standard
   errors.
2. ``--command``: ``csscore sensitivity FOLDER --draws 10000`` on a generated folder of 350
   districts x 60 issues (themes and weights included), with --jobs 1 and --jobs 2, and the
   sample county: fresh processes, medians.
3. ``--previous REV``: csscore's ``simulate`` (with themes) against the one at git revision REV
   (e.g. ``0f817a1``, before the integer Monte Carlo), in turn, fresh processes, medians.
4. ``--scaling``: ``simulate`` with themes at 10, 100, 350, 1,000 and 3,500 districts of 60
   issues (10,000 draws; 1,000 at 3,500 districts, scaled), each in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DISTRICTS, ISSUES, DRAWS = 350, 60, 10_000


def national_inputs(districts: int = DISTRICTS) -> tuple[list[Any], Any]:
    """A national picture in memory: districts x 60 issues, and 10 themes over one CSP each."""
    from csscore.config.matrix import load_matrix
    from csscore.model.district import District, DistrictAssessment
    from csscore.uncertainty.montecarlo import ThemeMap

    matrix = load_matrix("morile-csp")
    rng = np.random.default_rng(2017)
    names = tuple(f"Issue {i:02d}" for i in range(ISSUES))
    confidence = ("high", "medium", "low")
    assessments = []
    for d in range(districts):
        levels = rng.integers(0, matrix.level_counts, size=(ISSUES, len(matrix.factors)))
        conf = tuple(confidence[i] for i in rng.integers(0, 3, ISSUES))
        assessments.append(
            DistrictAssessment(
                District(f"d{d:04d}", f"District {d:04d}", f"CSP {d:04d}"), f"d{d:04d}.csv", "",
                matrix, names, levels, conf, (False,) * ISSUES, ("",) * ISSUES,
                tuple(range(2, ISSUES + 2)),
            )
        )  # fmt: skip
    themes = 10
    covers = np.zeros((districts * ISSUES, themes), dtype=bool)
    covers[np.arange(districts * ISSUES), np.tile(np.arange(ISSUES) % themes, districts)] = True
    theme_map = ThemeMap(
        tuple(f"Theme {t}" for t in range(themes)),
        covers,
        np.repeat(np.arange(districts), ISSUES),
        tuple(f"CSP {d:04d}" for d in range(districts)),
    )
    return assessments, theme_map


def worker(kind: str, districts: int, draws: int) -> dict[str, Any]:
    """Time one run in this (fresh) process: csscore, the floor, or csscore with themes."""
    sys.path.insert(0, str(HERE))
    from floor_montecarlo import floor

    from csscore.uncertainty.montecarlo import simulate

    assessments, themes = national_inputs(districts)
    start = time.perf_counter()
    if kind == "floor":
        result = floor(assessments, draws, 0)
        p_top, p_high = result.p_top(5), result.high_band / draws
    elif kind.startswith("previous:"):
        sim = previous(kind.split(":", 1)[1]).simulate(assessments, draws, 0, 5, themes)
        p_top, p_high = sim.p_top, sim.p_high_band
    else:
        sim = simulate(assessments, draws, 0, 5, themes if kind == "themes" else None)
        p_top, p_high = sim.p_top, sim.p_high_band
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "peak_mb": peak, "p_top": p_top.tolist(), "p_high": p_high.tolist()}


def previous(rev: str) -> Any:
    """csscore's montecarlo module as it was at git revision ``rev`` (imported from a copy)."""
    import importlib.util

    text = subprocess.run(
        ["git", "show", f"{rev}:src/csscore/uncertainty/montecarlo.py"],
        check=True, capture_output=True, text=True, cwd=REPO,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "previous_montecarlo.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("previous_montecarlo", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def against_previous(rev: str, rounds: int) -> None:
    runs: dict[str, list[float]] = {"csscore": [], rev: []}
    for _ in range(rounds):
        runs["csscore"].append(fresh("themes")["seconds"])
        runs[rev].append(fresh(f"previous:{rev}")["seconds"])
    now, then = statistics.median(runs["csscore"]), statistics.median(runs[rev])
    print(f"with themes, {DISTRICTS} x {ISSUES} x {DRAWS:,}: csscore median {now:.1f} s, at {rev} "
          f"median {then:.1f} s, {rounds} rounds interleaved: {then / now:.1f} times faster")  # fmt: skip


def fresh(kind: str, districts: int = DISTRICTS, draws: int = DRAWS) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(districts), str(draws)],
        check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def floor_ratio(rounds: int) -> None:
    runs: dict[str, list[dict[str, Any]]] = {"csscore": [], "floor": []}
    for _ in range(rounds):
        for kind in runs:
            runs[kind].append(fresh(kind))
    ours = statistics.median(r["seconds"] for r in runs["csscore"])
    theirs = statistics.median(r["seconds"] for r in runs["floor"])
    peak = max(r["peak_mb"] for r in runs["csscore"])
    worst = 0.0
    for key in ("p_top", "p_high"):
        a, b = np.array(runs["csscore"][0][key]), np.array(runs["floor"][0][key])
        mean = (a + b) / 2
        se = np.sqrt(np.maximum(mean * (1 - mean), 1 / DRAWS) * 2 / DRAWS)
        worst = max(worst, float(np.max(np.abs(a - b) / se)))
    each = {k: ", ".join(f"{r['seconds']:.1f}" for r in v) for k, v in runs.items()}
    ratio = ours / theirs
    print(f"Monte Carlo, {DISTRICTS} districts x {ISSUES} issues x {DRAWS:,} draws, fresh "
          f"processes, {rounds} rounds interleaved: csscore median {ours:.2f} s ({each['csscore']}), "
          f"plain numpy floor median {theirs:.2f} s ({each['floor']})")  # fmt: skip
    print(f"ratio csscore / floor {ratio:.2f} (target <= 1.25: {'ok' if ratio <= 1.25 else 'OVER'}); "
          f"csscore peak {peak:.0f} MB (target < 500 MB: {'ok' if peak < 500 else 'OVER'}); "
          f"largest probability difference {worst:.1f} standard errors")  # fmt: skip


def command(rounds: int) -> None:
    sys.path.insert(0, str(HERE))
    from common import write_county

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        write_county(folder, DISTRICTS, ISSUES)
        cases = {
            "national --jobs 1": [str(folder), "--draws", "10000"],
            "national --jobs 2": [str(folder), "--draws", "10000", "--jobs", "2"],
            "sample": ["data/districts", "--draws", "10000"],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        peak = 0.0
        for _ in range(rounds):
            for name, args in cases.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "csscore", "sensitivity", *args, "-q"],
                               check=True, capture_output=True, cwd=REPO)  # fmt: skip
                times[name].append(time.perf_counter() - start)
                peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    for name, t in times.items():
        print(f"csscore sensitivity ({name}), 10,000 draws, fresh process: median "
              f"{statistics.median(t):.2f} s of {rounds} ({', '.join(f'{x:.1f}' for x in t)})")  # fmt: skip
    print(f"largest peak memory of those processes: {peak:.0f} MB")


def scaling() -> None:
    for districts in (10, 100, 350, 1000, 3500):
        draws = DRAWS if districts < 3500 else 1000
        r = fresh("themes", districts, draws)
        per = r["seconds"] * DRAWS / draws
        note = "" if draws == DRAWS else f" (measured on {draws:,} draws)"
        print(
            f"{districts:>5} districts x {ISSUES} issues: {per:.2f} s per 10,000 draws{note}, "
            f"peak {r['peak_mb']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--command", action="store_true", help="also time the whole command")
    parser.add_argument("--scaling", action="store_true", help="also the scaling curve")
    parser.add_argument("--previous", metavar="REV", help="also against git revision REV")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        kind, districts, draws = options.worker
        print(json.dumps(worker(kind, int(districts), int(draws))))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    floor_ratio(options.rounds)
    if options.previous:
        against_previous(options.previous, options.rounds)
    if options.command:
        command(options.rounds)
    if options.scaling:
        scaling()


if __name__ == "__main__":
    main()
