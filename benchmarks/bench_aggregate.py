"""Benchmark `csscore aggregate` at national scale (350 districts x 60 issues) as a fresh process.

Run: .venv/bin/python benchmarks/bench_aggregate.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import fresh_process, write_county


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        write_county(folder, 350, 60)
        wall, peak = fresh_process(
            ["aggregate", str(folder), "--format", "json", "--by", "issue"], runs=5
        )
        print(
            f"csscore aggregate (350 districts x 60 issues, JSON): median {wall:.2f} s, peak {peak:.0f} MB"
        )
        wall, peak = fresh_process(["aggregate"], runs=5)
        print(
            f"csscore aggregate (bundled sample, 12 districts): median {wall:.2f} s, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
