"""Benchmark the police.uk adapter on one million street-level rows (target: < 5 s, < 300 MB).

Generates twelve monthly files (1,000,000 rows in all: 13 districts, 1,040 LSOAs, the 14 crime
types, 3 % without a location, a few rows from a neighbouring force) in a temporary folder, then
times, each in a fresh process:

- the adapter alone: read_police_uk + grade_tally (wall time and peak RSS of that process);
- the whole command: ``python -m csscore evidence police-uk DIR --districts ... -o ...``.

Run: .venv/bin/python benchmarks/bench_evidence.py [ROWS]
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
)
DISTRICTS = (
    "Ashford", "Canterbury", "Dartford", "Dover", "Gravesham", "Maidstone", "Medway",
    "Sevenoaks", "Shepway", "Swale", "Thanet", "Tonbridge and Malling", "Tunbridge Wells",
)  # fmt: skip
CRIME_TYPES = (
    ("Anti-social behaviour", 24), ("Violence and sexual offences", 35), ("Criminal damage and arson", 8),
    ("Other theft", 6), ("Vehicle crime", 5), ("Public order", 6), ("Shoplifting", 5), ("Burglary", 4),
    ("Other crime", 2), ("Drugs", 2), ("Possession of weapons", 1), ("Robbery", 1),
    ("Bicycle theft", 1), ("Theft from the person", 1),
)  # fmt: skip
ADAPTER = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
from csscore.evidence.areas import Areas, load_manifest
from csscore.evidence.grading import grade_tally
from csscore.evidence.mapping import load_mapping
from csscore.evidence.police_uk import expand, read_police_uk
mapping = load_mapping("police-uk")
areas = Areas(load_manifest(Path(sys.argv[2])), mapping.aliases)
tally = read_police_uk(expand([Path(sys.argv[1])]), mapping, areas)
rows, _ = grade_tally(tally, mapping)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{wall:.3f} {peak:.1f} {tally.report.rows} {len(rows)}")
"""


def generate(folder: Path, total: int, seed: int = 0) -> Path:
    """Twelve monthly street-level files holding ``total`` rows, and a districts.toml."""
    rng = random.Random(seed)
    lsoas = [
        (f"E0{1023000 + 80 * d + i:07d}", f"{name} {i + 1:03d}{'ABCD'[i % 4]}")
        for d, name in enumerate(DISTRICTS)
        for i in range(80)
    ]
    types = [t for t, _ in CRIME_TYPES]
    weights = [w for _, w in CRIME_TYPES]
    per_month = total // 12
    for m in range(12):
        month = f"2023-{m + 1:02d}"
        count = per_month + (total - per_month * 12 if m == 11 else 0)
        crime_types = rng.choices(types, weights, k=count)
        lines = [HEADER]
        for crime in crime_types:
            crime_id = "" if crime == "Anti-social behaviour" else os.urandom(32).hex()
            draw = rng.random()
            if draw < 0.03:
                code, name, location, lon, lat = "", "", "No Location", "", ""
            elif draw < 0.031:
                code, name, location, lon, lat = (
                    "E01000001",
                    "Rother 001A",
                    "On or near Hill Road",
                    "0.5",
                    "50.9",
                )
            else:
                code, name = lsoas[rng.randrange(len(lsoas))]
                location, lon, lat = "On or near High Street", "0.871234", "51.146789"
            outcome = "" if not crime_id else "Investigation complete; no suspect identified"
            lines.append(
                f"{crime_id},{month},Kent Police,Kent Police,{lon},{lat},{location},{code},{name},{crime},{outcome},\n"
            )
        sub = folder / month
        sub.mkdir(parents=True)
        (sub / f"{month}-kent-street.csv").write_text("".join(lines))
    manifest = folder / "districts.toml"
    manifest.write_text(
        "".join(
            f'[[district]]\nid = "d{i:02d}"\nname = "{name}"\npopulation = {100000 + 10000 * i}\n\n'
            for i, name in enumerate(DISTRICTS)
        )
    )
    return manifest


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "police"
        start = time.perf_counter()
        manifest = generate(data, total)
        size = sum(p.stat().st_size for p in data.rglob("*.csv")) / 1e6
        print(
            f"generated {total:,} rows in 12 files ({size:.0f} MB) in {time.perf_counter() - start:.1f} s"
        )

        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", ADAPTER, str(data), str(manifest)],
                capture_output=True,
                text=True,
                check=True,
            )
            wall, peak, rows, graded = out.stdout.split()
            runs.append((float(wall), float(peak)))
        assert int(rows) == total, rows
        wall = sorted(r[0] for r in runs)[1]
        peak = max(r[1] for r in runs)
        print(
            f"adapter (read + grade, fresh process): median {wall:.2f} s of 3, peak RSS {peak:.0f} MB"
            f" ({total / wall / 1e6:.2f} million rows/s; {graded} district-issue rows)"
        )

        output = Path(tmp) / "evidence.csv"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "csscore", "evidence", "police-uk", str(data),
             "--districts", str(manifest), "-o", str(output)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"csscore evidence police-uk (whole command, fresh process): {wall:.2f} s, peak RSS of any child {peak:.0f} MB"
        )
        ok = wall < 5 and peak < 300
        print(f"target < 5 s and < 300 MB: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
