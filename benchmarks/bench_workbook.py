"""Benchmark the grading workbook: `csscore init -o FILE.xlsx`, and reading a 12-sheet county
workbook (`csscore validate` and `csscore aggregate` on it), each as a fresh process.

Run: .venv/bin/python benchmarks/bench_workbook.py
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from common import fresh_process, write_county


def county_workbook(folder: Path, target: Path, districts: int) -> None:
    """A Districts sheet and a sheet per district, from a generated folder of CSVs."""
    import openpyxl

    book = openpyxl.Workbook()
    index = book.active
    index.title = "Districts"
    index.append(["id", "name", "population", "sheet"])
    for d in range(districts):
        index.append([f"d{d:03d}", f"District {d:03d}", 100000 + 1000 * d, f"d{d:03d}"])
        sheet = book.create_sheet(f"d{d:03d}")
        with (folder / f"d{d:03d}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    book.save(target)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "grades.xlsx"
        wall, peak = fresh_process(["init", "-o", str(out), "--force"], runs=11)
        print(
            f"csscore init -o grades.xlsx: median {wall:.3f} s (11 fresh processes), peak {peak:.0f} MB"
        )
        write_county(root / "county", districts=12, issues=22)
        book = root / "county.xlsx"
        county_workbook(root / "county", book, 12)
        for command in (["validate", str(book)], ["aggregate", str(book), "--format", "json"]):
            wall, peak = fresh_process(command, runs=7)
            print(
                f"csscore {command[0]} on a 12-sheet county workbook (22 issues each): "
                f"median {wall:.3f} s (7 fresh processes), peak {peak:.0f} MB"
            )
        folder = ["aggregate", str(root / "county"), "--format", "json"]
        wall, _ = fresh_process(folder, runs=7)
        print(f"csscore aggregate on the same county as a folder of CSV files: median {wall:.3f} s")


if __name__ == "__main__":
    main()
