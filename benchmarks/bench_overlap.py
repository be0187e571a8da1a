"""Benchmark `csscore overlap` on the bundled sample county as a fresh process, with every output.

Target (issue 4): the overlap for the sample county with all outputs (--graph-out and --plot)
under 1 s wall as a fresh process. Each line is the median of 5 runs of `python -m csscore`.

Run: .venv/bin/python benchmarks/bench_overlap.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import fresh_process

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
        for name, args in cases.items():
            wall, peak = fresh_process(["overlap", *args], runs=5)
            flag = "" if wall < TARGET else f"  (over the {TARGET:.0f} s target)"
            print(f"csscore overlap, {name}: median {wall:.2f} s, peak {peak:.0f} MB{flag}")
        wall, _ = fresh_process(["--version"], runs=5)
        print(f"for scale, csscore --version: median {wall:.2f} s")


if __name__ == "__main__":
    main()
