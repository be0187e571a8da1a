"""Generators for the corpus cases (tests/corpus/*.toml): inputs too big, binary or odd to commit
(UTF-16 and Latin-1 bytes, sparse 200 MB files, symbolic links), each named by a case's ``make``."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus_more import MORE_MAKE
from corpus_readers import READERS_MAKE
from corpus_writers import WRITERS_MAKE

CORPUS = Path(__file__).parent / "corpus"
HEADER = "issue,impact,likelihood,confidence,selected,notes\n"
GOOD_ROWS = "Domestic abuse,major,likely,high,yes,\nBurglary,minor,possible,medium,no,\n"
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
STREET_ROW = (
    "a1,2023-04,Kent Police,Kent Police,0.5,51.1,On or near Here,E01000001,Ashford 001A,"
    "Burglary,Under investigation,\n"
)
DISTRICT_LIMIT = 200 * 1024 * 1024
CONFIG_LIMIT = 5 * 1024 * 1024

# --- generators --------------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no space on disk (never read: refused on its size)."""
    with path.open("wb") as handle:
        handle.truncate(size)


def _deep_toml(key: str = "a") -> str:
    return f"{key} = " + "[" * 5000 + "]" * 5000 + "\n"


def _book(rows: list[list[Any]], path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a workbook's zip, changing (or dropping, when ``change`` returns None) its parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info, data)
    target.write_bytes(out.getvalue())


def _county(d: Path) -> Path:
    return d / "county"


def _edit_manifest(d: Path, old: str, new: str) -> None:
    manifest = _county(d) / "districts.toml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count(old) == 1
    manifest.write_text(text.replace(old, new), encoding="utf-8")


def _hyperlink_xlsx(d: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["issue", "impact", "likelihood"])
    sheet.append(["placeholder", "minor", "possible"])
    sheet["A2"].value = '=HYPERLINK("http://example.invalid","Burglary")'
    sheet["A2"].data_type = "s"  # a text cell that starts with '=', not a formula
    book.save(d / "hyperlink.xlsx")


def _damaged_xlsx(d: Path) -> None:
    _book([["issue", "impact", "likelihood"], ["Burglary", "minor", "possible"]], d / "g.xlsx")

    def half(name: str, data: bytes) -> bytes | None:
        return data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data

    _rezip(d / "g.xlsx", d / "damaged.xlsx", half)
    (d / "g.xlsx").unlink()


def _no_sheet_xlsx(d: Path) -> None:
    _book([["issue", "impact", "likelihood"], ["Burglary", "minor", "possible"]], d / "g.xlsx")

    def drop(name: str, data: bytes) -> bytes | None:
        return None if name == "xl/worksheets/sheet1.xml" else data

    _rezip(d / "g.xlsx", d / "no-sheet.xlsx", drop)
    (d / "g.xlsx").unlink()


def _symlink_out(d: Path) -> None:
    (d / "secret.csv").write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    os.symlink(d / "secret.csv", _county(d) / "link.csv")
    _edit_manifest(d, 'file = "south.csv"', 'file = "link.csv"')


def _symlink_loop(d: Path) -> None:
    os.symlink("loop-b.csv", _county(d) / "loop-a.csv")
    os.symlink("loop-a.csv", _county(d) / "loop-b.csv")
    _edit_manifest(d, 'file = "south.csv"', 'file = "loop-a.csv"')


def _folder_symlink_out(d: Path) -> None:
    (_county(d) / "districts.toml").unlink()
    (d / "secret.csv").write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    os.symlink(d / "secret.csv", _county(d) / "link.csv")


def _folder_directory_csv(d: Path) -> None:
    (_county(d) / "districts.toml").unlink()
    (_county(d) / "west.csv").mkdir()


def _bad_south(d: Path) -> None:
    (_county(d) / "south.csv").write_text(
        HEADER + "Domestic abuse,severe,likely,high,yes,\nBurglary,huge,possible,medium,no,\n",
        encoding="utf-8",
    )


def _empty_folder(d: Path) -> None:
    shutil.rmtree(_county(d))
    _county(d).mkdir()


def _south_folder(d: Path) -> None:
    (_county(d) / "south.csv").unlink()
    (_county(d) / "south.csv").mkdir()


def _new_year(d: Path) -> None:
    for name in ("north.csv", "south.csv", "east.toml"):
        shutil.copy(_county(d) / name, d / "new" / name)


def _crlf_manifest(d: Path) -> None:
    manifest = _county(d) / "districts.toml"
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))


def _write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return make


SCORED = HEADER + "Domestic abuse,major,likely,high,yes,\nBurglary,minor,possible,medium,no,\n"
MATRIX = (CORPUS / "matrix" / "good.toml").read_text(encoding="utf-8")

MAKE: dict[str, Callable[[Path], None]] = {
    "nothing": lambda d: None,
    "utf16-csv": _write("utf16.csv", (HEADER + GOOD_ROWS).encode("utf-16")),
    "utf16le-csv": _write("utf16le.csv", (HEADER + GOOD_ROWS).encode("utf-16-le")),
    "latin1-csv": _write(
        "latin1.csv", (HEADER + GOOD_ROWS + "Caf\xe9 fights,minor,rare,,,\n").encode("latin-1")
    ),
    "binary-csv": _write("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    "long-cell-csv": _write("long-cell.csv", HEADER + "Burglary,minor,possible,,," + "x" * 100_000),
    "directory-csv": lambda d: (d / "folder.csv").mkdir(),
    "sparse-district": lambda d: _sparse(d / "huge.csv", DISTRICT_LIMIT + 1),
    "empty-xlsx": _write("empty.xlsx", b""),
    "hyperlink-xlsx": _hyperlink_xlsx,
    "formula-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood"], ['=HYPERLINK("http://x.invalid")', "minor", "rare"]],
        d / "formula.xlsx",
    ),
    "damaged-xlsx": _damaged_xlsx,
    "no-sheet-xlsx": _no_sheet_xlsx,
    "duplicate-header-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood", "impact"], ["Burglary", "minor", "rare", "major"]],
        d / "duplicate-header.xlsx",
    ),
    "header-only-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood"], [None, None, None]], d / "header-only.xlsx"
    ),
    "numbers-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood"], ["Burglary", 2, 3], ["Robbery", -3, 1e308]],
        d / "numbers.xlsx",
    ),
    "long-cell-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood", "notes"], ["Burglary", 2, 3, "x" * 20_000]],
        d / "long-cell.xlsx",
    ),
    "good-xlsx": lambda d: _book(
        [["issue", "impact", "likelihood"], ["Burglary", 2, 3], ["Robbery", 1, 1]], d / "good.xlsx"
    ),
    "deep-district-toml": _write("deep.toml", _deep_toml()),
    "long-number-district-toml": _write(
        "long-number.toml", '[[issue]]\nissue = "Burglary"\nimpact = ' + "9" * 5000 + "\n"
    ),
    "utf16-matrix": _write("utf16.toml", MATRIX.encode("utf-16")),
    "deep-matrix": _write("deep.toml", MATRIX + _deep_toml("x")),
    "long-number-matrix": _write("long-number.toml", MATRIX + "x = " + "9" * 5000 + "\n"),
    "sparse-matrix": lambda d: _sparse(d / "huge.toml", CONFIG_LIMIT + 1),
    "directory-matrix": lambda d: (d / "folder.toml").mkdir(),
    "good-matrix-copy": _write("good.toml", MATRIX),
    "symlink-out": _symlink_out,
    "symlink-loop": _symlink_loop,
    "deep-manifest": lambda d: (_county(d) / "districts.toml").write_text(_deep_toml("district")),
    "long-number-manifest": lambda d: (_county(d) / "districts.toml").write_text(
        '[[district]]\nid = "north"\nfile = "north.csv"\npopulation = ' + "9" * 5000 + "\n"
    ),
    "long-number-manifest-flat": _write(
        "long-number.toml", '[[district]]\nid = "ashford"\npopulation = ' + "9" * 5000 + "\n"
    ),
    "sparse-manifest": lambda d: _sparse(_county(d) / "districts.toml", CONFIG_LIMIT + 1),
    "utf16-manifest": lambda d: (_county(d) / "districts.toml").write_bytes(
        (CORPUS / "base" / "county" / "districts.toml").read_text().encode("utf-16")
    ),
    "south-txt": lambda d: shutil.copy(_county(d) / "south.csv", _county(d) / "south.txt"),
    "south-folder": _south_folder,
    "bad-south": _bad_south,
    "empty-folder": _empty_folder,
    "synonym-north": lambda d: (_county(d) / "north.csv").write_text(
        HEADER + "Domestic abuse,major,likely,high,yes,\nDA,minor,rare,low,no,\n", encoding="utf-8"
    ),
    "folder-symlink-out": _folder_symlink_out,
    "folder-directory-csv": _folder_directory_csv,
    "no-county": lambda d: shutil.rmtree(_county(d)),
    "new-year": _new_year,
    "utf16-police": _write("utf16-street.csv", (STREET_HEADER + STREET_ROW).encode("utf-16")),
    "latin1-police": _write(
        "latin1-street.csv",
        (STREET_HEADER + STREET_ROW.replace("Here", "H\xe9re")).encode("latin-1"),
    ),
    "binary-police": _write("binary-street.csv", bytes(range(256)) * 4),
    "big-field-police": _write(
        "big-field-street.csv",
        STREET_HEADER + STREET_ROW.replace("On or near Here", '"' + "x" * 200_000 + '"'),
    ),
    "police-empty-folder": lambda d: (d / "2023-04").mkdir(),
    # accepted: line ends and encodings a spreadsheet may write
    "crlf-csv": _write("crlf.csv", SCORED.replace("\n", "\r\n")),
    "mixed-eol-csv": _write("mixed.csv", HEADER.replace("\n", "\r\n") + GOOD_ROWS),
    "cr-csv": _write("cr.csv", SCORED.replace("\n", "\r")),
    "bom-semicolon-csv": _write(
        "semicolon.csv", b"\xef\xbb\xbf" + SCORED.replace(",", ";").replace("\n", "\r\n").encode()
    ),
    "crlf-toml": _write(
        "crlf.toml",
        '[[issue]]\r\nissue = "Domestic abuse"\r\nimpact = "major"\r\nlikelihood = 4\r\n\r\n'
        '[[issue]]\r\nissue = "Burglary"\r\nimpact = 2\r\nlikelihood = "possible"\r\n',
    ),
    "crlf-manifest": _crlf_manifest,
    "crlf-police": _write(
        "crlf-street.csv", (STREET_HEADER + STREET_ROW * 2).replace("\n", "\r\n")
    ),
    "mixed-eol-police": _write(
        "mixed-street.csv", STREET_HEADER.replace("\n", "\r\n") + STREET_ROW + STREET_ROW
    ),
}

MAKE.update(MORE_MAKE)
MAKE.update(READERS_MAKE)
MAKE.update(WRITERS_MAKE)
