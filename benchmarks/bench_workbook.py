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
    """A Districts sheet and a sheet per district, from a generated folder of CSVs. A county
    workbook carries no vocabulary file (it reads against the built-in vocabulary, and each sheet
    lists the vocabulary's issues, as ``csscore init`` and ``csscore new --format xlsx`` lay them
    out), so the folder's made-up issue names ("Issue 00", ...) become the built-in vocabulary's
    labels, in order; the grades are the folder's."""
    import openpyxl

    from csscore.config.vocabulary import load_vocabulary

    labels = [issue.label for issue in load_vocabulary().issues]
    book = openpyxl.Workbook()
    index = book.active
    index.title = "Districts"
    index.append(["id", "name", "population", "sheet"])
    for d in range(districts):
        index.append([f"d{d:03d}", f"District {d:03d}", 100000 + 1000 * d, f"d{d:03d}"])
        sheet = book.create_sheet(f"d{d:03d}")
        with (folder / f"d{d:03d}.csv").open(encoding="utf-8", newline="") as handle:
            header, *rows = csv.reader(handle)
            if len(rows) > len(labels):
                raise SystemExit(f"{len(rows)} issues; the built-in vocabulary has {len(labels)}")
            sheet.append(header)
            for label, row in zip(labels, rows, strict=False):
                sheet.append([label, *row[1:]])
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
