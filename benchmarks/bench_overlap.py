"""Benchmark `csscore overlap` on the bundled sample county as a fresh process, with every output.

Target (issue 4): the overlap for the sample county with all outputs (--graph-out and --plot)
under 1 s wall as a fresh process. The cases are run in turn, 11 rounds of `python -m csscore`;
each line gives the median and the fastest and slowest run, then the peak resident memory of
the first case.

Run: .venv/bin/python benchmarks/bench_overlap.py
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from common import fresh_process, interleaved

TARGET = 1.0  # seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases = {
            "all outputs (tables, --graph-out .graphml, --plot .png)": [
                "--graph-out", str(out / "g.graphml"), "--plot", str(out / "p.png"), "--force",
            ],
            "all outputs, SVG plot and DOT graph": [
                "--graph-out", str(out / "g.dot"), "--plot", str(out / "p.svg"), "--force",
            ],
            "tables and --graph-out .graphml, no plot": [
                "--graph-out", str(out / "g2.graphml"), "--force",
            ],
            "tables only": [],
            "plan against plan, all outputs": [
                "--plan", "safer-in-kent-2017", "--plan", "making-kent-safer-2022",
                "--graph-out", str(out / "g3.gexf"), "--plot", str(out / "p3.png"), "--force",
            ],
        }  # fmt: skip
        cases = {f"csscore overlap, {name}": ["overlap", *args] for name, args in cases.items()}
        cases["for scale, csscore --version"] = ["--version"]
        # Memory first: the peak of child processes only ever grows, so measure the main case alone.
        main_case = next(iter(cases))
        _, peak = fresh_process(cases[main_case], runs=3)
        for name, times in interleaved(cases).items():
            wall = statistics.median(times)
            flag = (
                ""
                if wall < TARGET or "--version" in name
                else f"  (over the {TARGET:.0f} s target)"
            )
            print(f"{name}: median {wall:.2f} s ({min(times):.2f}-{max(times):.2f} s){flag}")
        print(f"peak memory, {main_case}: {peak:.0f} MB")


if __name__ == "__main__":
    main()
