"""Benchmark `csscore aggregate` (exact Kemeny included) as a fresh process at national scale.

Targets (issue 21): 350 districts x 60 issues under 2 s, 3,500 x 60 under 8 s. The counties are
generated in a temporary folder with a shared view of each issue (``common.agreeing_levels``,
Kendall's W about 0.5; the bundled sample's is 0.74); a county of independent uniform grades (W
near 0, no two districts agreeing) is timed too, as the case the integer programme finds hardest.

Run: .venv/bin/python benchmarks/bench_aggregate.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import child_env, fresh_process, write_county

TARGETS = {350: 2.0, 3500: 8.0}


def kemeny_of(folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "csscore", "aggregate", str(folder), "--format", "json", "-q"],
        check=True, capture_output=True, text=True, env=child_env(),
    )  # fmt: skip
    data = json.loads(out.stdout)
    return {"kemeny": data["kemeny"], "w": data["concordance"]["kendall_w"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        for districts, target in TARGETS.items():
            folder = Path(tmp) / f"county-{districts}"
            write_county(folder, districts, 60, spread=1.0)
            wall, peak = fresh_process(["aggregate", str(folder), "-q"], runs=runs)
            facts = kemeny_of(folder)
            print(
                f"csscore aggregate, {districts} districts x 60 issues (W {facts['w']}): median "
                f"{wall:.2f} s of {runs}, peak {peak:.0f} MB; kemeny {facts['kemeny']}; target "
                f"< {target:g} s: {'ok' if wall < target else 'OVER'}"
            )
        folder = Path(tmp) / "no-agreement"
        write_county(folder, 350, 60)
        wall, peak = fresh_process(["aggregate", str(folder), "-q"], runs=3)
        facts = kemeny_of(folder)
        print(
            f"csscore aggregate, 350 x 60 of independent uniform grades (W {facts['w']}): median "
            f"{wall:.2f} s of 3, peak {peak:.0f} MB; kemeny {facts['kemeny']}"
        )
        wall, peak = fresh_process(["aggregate"], runs=runs)
        print(
            f"csscore aggregate (bundled sample, 12 districts): median {wall:.2f} s, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
