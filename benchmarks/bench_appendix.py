"""Benchmark `csscore appendix` as a fresh process: on the bundled sample with and without
pictures, and at scale against `csscore aggregate` on the same generated folder.

Targets: on the sample (issue 5), under 1.5 s with pictures (HTML: heat map, bar charts,
risk/position chart and the overlap diagram), under 0.6 s without (Markdown); at scale (issue 21),
the Markdown appendix within 1.5 times `aggregate` at 350 and 3,500 districts x 60 issues, with
memory growing linearly in districts. ``--scale`` runs the scale cases, ``--scaling`` the curve
over 10, 100, 350, 1,000 and 3,500 districts (one run each, both commands).

Run: .venv/bin/python benchmarks/bench_appendix.py [--scale [--rounds N]] [--scaling]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import fresh_process, measured, run_python, write_county


def at_scale(districts: int, rounds: int, tmp: Path) -> tuple[float, float, float, float]:
    """(appendix s, aggregate s, appendix MB, aggregate MB): medians of rounds run in turn."""
    folder = tmp / f"county-{districts}"
    if not folder.exists():
        write_county(folder, districts, 60, spread=1.0)
    cases = {
        "appendix": ["-m", "csscore", "appendix", str(folder), "-o", str(tmp / "a.md"), "--force", "-q"],
        "aggregate": ["-m", "csscore", "aggregate", str(folder), "-q"],
    }  # fmt: skip
    for args in cases.values():
        run_python(args)  # fills the bytecode cache
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, args in cases.items():
            seen[name].append(measured(args))
    app = statistics.median(t for t, _ in seen["appendix"])
    agg = statistics.median(t for t, _ in seen["aggregate"])
    return app, agg, max(m for _, m in seen["appendix"]), max(m for _, m in seen["aggregate"])


def scale(rounds: int, sizes: tuple[int, ...], target: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for districts in sizes:
            app, agg, app_mb, agg_mb = at_scale(districts, rounds, Path(tmp))
            verdict = f"; target <= 1.5: {'ok' if app / agg <= 1.5 else 'OVER'}" if target else ""
            print(
                f"{districts:>5} districts x 60: appendix (Markdown) {app:.2f} s, {app_mb:.0f} MB; "
                f"aggregate {agg:.2f} s, {agg_mb:.0f} MB; ratio {app / agg:.2f}{verdict}"
                f" ({rounds} round{'s' if rounds > 1 else ''})"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if options.scale:
        scale(options.rounds, (350, 3500), True)
    if options.scaling:
        scale(1, (10, 100, 350, 1000, 3500), False)
    if options.scale or options.scaling:
        return
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
