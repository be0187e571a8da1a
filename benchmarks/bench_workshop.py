"""Save latency of the scoring workshop under load: forty partners (threads, one keep-alive
connection each) save one grade after another through ``PUT /api/v1/grades`` for a fixed time,
against ``python -m csscore workshop`` (uvicorn) on loopback. Reports saves, saves per second and
the 50th, 95th and 99th percentile latency, and checks that the database holds every save.

    .venv/bin/python benchmarks/bench_workshop.py [--partners 40] [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from workshop_support import issue_file, join, run_load, saved_cells, serve


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    issues = [f"Issue {i:03d}" for i in range(400)]
    with tempfile.TemporaryDirectory() as folder:
        file = issue_file(Path(folder), issues)
        db = Path(folder) / "bench.sqlite"
        served = serve(file, db)
        try:
            names = [f"Partner {i:02d}" for i in range(args.partners)]
            tokens = {name: join(served.base, served.code, name) for name in names}
            load = run_load(served.base, tokens, issues, args.seconds)
        finally:
            served.stop()
        rows = len(saved_cells(db))
    ms = [t * 1000 for t in load.latencies]
    print(
        f"partners {args.partners}, {args.seconds:g} s: {len(ms)} saves answered 200, "
        f"{len(ms) / args.seconds:.0f} saves/s, {len(load.failures)} failures"
    )
    print(
        f"latency ms: median {statistics.median(ms):.1f}, p95 {percentile(ms, 0.95):.1f}, "
        f"p99 {percentile(ms, 0.99):.1f}, max {max(ms):.1f}"
    )
    print(f"rows in the database {rows} (every save kept: {rows == len(ms)})")


if __name__ == "__main__":
    main()
