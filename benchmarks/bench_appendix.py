"""Benchmark `csscore appendix` on the bundled sample as a fresh process, with and without pictures.

Targets (issue 5): under 1.5 s with pictures (HTML: heat map, bar charts, risk/position chart and
the overlap diagram), under 0.6 s without (Markdown). Each line is the median of 7 runs.

Run: .venv/bin/python benchmarks/bench_appendix.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import fresh_process


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases = {
            "HTML with pictures": [
                "appendix",
                "--format",
                "html",
                "-o",
                str(out / "a.html"),
                "--force",
            ],
            "Markdown (no pictures)": ["appendix", "-o", str(out / "a.md"), "--force"],
            "XLSX": ["appendix", "--format", "xlsx", "-o", str(out / "a.xlsx"), "--force"],
        }
        for name, args in cases.items():
            wall, peak = fresh_process(args)
            print(f"csscore appendix, {name}: median {wall:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
