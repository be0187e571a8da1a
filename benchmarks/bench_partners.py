"""Benchmark partners' gradings: ``csscore agreement`` and ``sensitivity --from partners``.

Run from the repository root: .venv/bin/python benchmarks/bench_partners.py [--runs N]

A generated county of 12 districts, each graded by 10 partners on 25 issues (one file per
district with a partner column; each partner's grade a random step of at most 2 from the
district's, a few blanks), written to a temporary folder with its manifest. Timed as fresh
processes (medians): ``csscore agreement FOLDER --format json`` (target under 1 s) and
``csscore sensitivity FOLDER --from partners --draws 10000`` (target under 5 s), with the
confidence model's ``sensitivity --draws 10000`` on the same county beside it; wall time and CPU
time (user + system) of the child, medians.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from common import FACTORS, LEVELS, fresh_process

DISTRICTS, PARTNERS, ISSUES, DRAWS = 12, 10, 25, 10_000
NAMES = (
    "Domestic abuse", "Anti-social behaviour", "Substance misuse", "Child sexual exploitation",
    "Modern slavery", "Preventing violent extremism", "Gangs", "Organised crime groups",
    "County lines", "Hate crime", "Road safety", "Reoffending", "Mental health", "Vehicle crime",
    "Burglary", "Fraud and scams", "Cyber crime", "Violent crime", "Criminal damage",
    "Missing children", "Vulnerable people", "Community confidence", "Arson", "Shoplifting",
    "Drug dealing",
)  # fmt: skip


def write_county(folder: Path) -> None:
    """12 districts x 10 partners x 25 issues, and the manifest."""
    from csscore.config.matrix import load_matrix

    matrix = load_matrix("morile-csp")
    labels = [[lv.label for lv in matrix.scale(f.scale).levels] for f in matrix.factors]
    rng = np.random.default_rng(17)
    entries = []
    for d in range(DISTRICTS):
        base = rng.integers(0, LEVELS, size=(ISSUES, len(FACTORS)))
        rows = [["issue", "partner", *FACTORS, "confidence", "selected", "notes"]]
        for i, issue in enumerate(NAMES[:ISSUES]):
            for p in range(PARTNERS):
                step = rng.integers(-2, 3, size=len(FACTORS)) * (rng.random(len(FACTORS)) < 0.4)
                level = np.clip(base[i] + step, 0, np.array(LEVELS) - 1)
                cells = [labels[f][int(level[f])] for f in range(len(FACTORS))]
                if p and rng.random() < 0.1:
                    cells[int(rng.integers(len(FACTORS)))] = ""
                confidence = ("high", "medium", "low")[int(rng.integers(3))]
                rows.append([issue, f"Partner {p:02d}", *cells, confidence, "", ""])
        with (folder / f"d{d:02d}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        entries.append(f'[[district]]\nid = "d{d:02d}"\nname = "District {d:02d}"\n'
                       f'csp = "CSP {d:02d}"\nfile = "d{d:02d}.csv"\n')  # fmt: skip
    (folder / "districts.toml").write_text("\n".join(entries), encoding="utf-8")


def cpu_seconds(args: list[str], runs: int) -> float:
    """Median CPU time (user + system, s) of ``python -m csscore ARGS`` in new processes: less
    sensitive than wall time to a machine shared with other work."""
    spent = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "csscore", *args], check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_county(folder)
        cases = {
            "agreement --format json": ["agreement", str(folder), "--format", "json"],
            "sensitivity --from partners --draws 10000": [
                "sensitivity", str(folder), "--from", "partners", "--draws", str(DRAWS), "-q",
                "--format", "json",
            ],
            "sensitivity --draws 10000 (confidence)": [
                "sensitivity", str(folder), "--draws", str(DRAWS), "-q", "--format", "json",
            ],
        }  # fmt: skip
        for name, command in cases.items():
            seconds, peak = fresh_process(command, args.runs)
            cpu = cpu_seconds(command, args.runs)
            print(
                f"{name}: {seconds:.3f} s median of {args.runs} (CPU {cpu:.3f} s), "
                f"peak {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
