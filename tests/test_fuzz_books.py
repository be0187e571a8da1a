"""Bounded fuzzing of partners' files and workbooks, through the command line: a partner-column
district file, a manifest naming partners' files with ``files``, one partner's file of such a
county, and csscore's grading and county workbooks, changed cell by cell (a value replaced, a row
or column dropped or repeated, a title row put above the header, a sheet hidden, renamed or
removed) or byte by byte inside one of their XML parts.

Every input must end in one of two ways: exit 0 with the output written, or exit 2 with one line
``error: FILE...: message`` naming a file of the input (no traceback), nothing written (no
output, no temporary file) and every input file unchanged. ``CSSCORE_FUZZ_EXAMPLES`` sets the
examples (two fifths of it per target, so the file stays well under a minute in CI);
``CSSCORE_FUZZ_REPORT`` receives the counts as for tests/test_fuzz.py (merged into that file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.errors import CsscoreError
from strategies import FUZZ, FUZZ_EXAMPLES, hostile_text
from test_fuzz import mutated, read_district, text_of, toml_docs

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
SAMPLE = HERE.parent / "data" / "districts"
BOUNDED = settings(FUZZ, max_examples=max(10, FUZZ_EXAMPLES * 2 // 5))
OUTCOMES: Counter[tuple[str, str]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    path = os.environ.get("CSSCORE_FUZZ_REPORT")
    if path:
        target = Path(path)
        data = json.loads(target.read_text("utf-8")) if target.is_file() else {}
        for name in sorted({t for t, _ in OUTCOMES}):
            read, refused = OUTCOMES[(name, "read")], OUTCOMES[(name, "refused")]
            data[name] = {"tried": read + refused, "read": read, "refused": refused}
        target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="csscore-fuzz-books-") as name:
        yield Path(name)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def command(target: str, scratch: Path, inputs: Path, args: list[str]) -> None:
    """Run ``csscore ARGS -o OUT`` on the inputs laid out under ``inputs``; assert one of the
    two allowed endings and count which."""
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    output = out / "result.out"
    before = fingerprint(inputs)
    result = CliRunner().invoke(cli, [*args, "-o", str(output)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr
    assert fingerprint(inputs) == before  # no input changed, read or refused
    if result.exit_code == 0:
        assert output.is_file()
        OUTCOMES[(target, "read")] += 1
        return
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {inputs}"), result.stderr
    assert list(out.iterdir()) == []  # no output, no temporary file
    OUTCOMES[(target, "refused")] += 1


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# --- partners' files ---------------------------------------------------------------------------

PARTNER_SEED = b"".join((SAMPLE / "swale.csv").read_bytes().splitlines(keepends=True)[:10])


@BOUNDED
@given(text_of(PARTNER_SEED))
def test_a_partner_column_file(scratch: Path, data: bytes) -> None:
    inputs = fresh(scratch / "partner-file")
    path = inputs / "swale.csv"
    path.write_bytes(data)
    try:
        read_district(path)  # the library: read, or refused in one line
    except CsscoreError as exc:
        assert "\n" not in str(exc)
    command("partner-column file", scratch, inputs, ["score", str(path), "--format", "csv"])


COUNTY = CORPUS / "base" / "county"
FIRE = (
    "issue,impact,likelihood,confidence,selected,notes\nDomestic abuse,severe,likely,low,yes,"
    "\nBurglary,minor,rare,,no,\nAnti-social behaviour,moderate,likely,high,yes,+ve\n"
)
FILES_MANIFEST = (
    (COUNTY / "districts.toml")
    .read_text("utf-8")
    .replace(
        'file = "north.csv"',
        'files = [{ file = "north.csv", partner = "Police" }, { file = "fire.csv", partner = "Fire" },'
        ' "council.csv"]',
    )
)


def _council() -> str:
    lines = FIRE.splitlines()
    return "\n".join([lines[0].replace("issue,", "issue,partner,")] + [
        line.replace(",", ",Council,", 1) for line in lines[1:]]) + "\n"  # fmt: skip


def partners_county(folder: Path) -> Path:
    """The corpus county whose north is graded by police, fire and the council in three files."""
    fresh(folder)
    for item in COUNTY.iterdir():
        shutil.copy(item, folder / item.name)
    (folder / "districts.toml").write_text(FILES_MANIFEST, "utf-8")
    (folder / "fire.csv").write_text(FIRE, "utf-8")
    (folder / "council.csv").write_text(_council(), "utf-8")
    return folder


def test_the_partners_county_seed_reads() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = partners_county(Path(name) / "county")
        result = CliRunner().invoke(cli, ["agreement", str(folder), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["districts"][0]["partners"] == [
            "Council",
            "Fire",
            "Police",
        ]


@BOUNDED
@given(toml_docs(FILES_MANIFEST), st.sampled_from(["aggregate", "agreement"]))
def test_a_manifest_naming_partners_files(scratch: Path, data: bytes, verb: str) -> None:
    folder = partners_county(scratch / "partners" / "county")
    (folder / "districts.toml").write_bytes(data)
    command(f"manifest with files ({verb})", scratch, folder.parent, [verb, str(folder)])


@BOUNDED
@given(st.sampled_from(["fire.csv", "council.csv"]).flatmap(
    lambda n: st.tuples(st.just(n), text_of((_council() if n == "council.csv" else FIRE).encode()))
))  # fmt: skip
def test_one_partners_file_of_a_county(scratch: Path, file: tuple[str, bytes]) -> None:
    name, data = file
    folder = partners_county(scratch / "partners" / "county")
    (folder / name).write_bytes(data)
    command("one partner's file", scratch, folder.parent, ["aggregate", str(folder)])


# --- workbooks ---------------------------------------------------------------------------------


def _invoke(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr


def _grading_seed() -> bytes:
    with tempfile.TemporaryDirectory() as name:
        book = Path(name) / "g.xlsx"
        _invoke(["score", str(CORPUS / "base" / "good.csv"), "--matrix", "risk-5x5",
                 "--format", "xlsx", "-o", str(book)])  # fmt: skip
        return book.read_bytes()


def _county_seed() -> bytes:
    import openpyxl

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "c"
        _invoke(["new", str(folder), "--county", "Fuzz", "--district", "North", "--district",
                 "+ve South", "--format", "xlsx", "--matrix", "risk-5x5"])  # fmt: skip
        book = openpyxl.load_workbook(folder / "districts.xlsx")
        for sheet in book.worksheets[1:3]:
            headers = [c.value for c in sheet[1]]
            for row in range(2, 6):
                sheet.cell(row, headers.index("impact") + 1, ["minor", "major"][row % 2])
                sheet.cell(row, headers.index("likelihood") + 1, "likely")
            sheet.delete_rows(6, sheet.max_row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


GRADING_SEED = _grading_seed()
COUNTY_SEED = _county_seed()

#: What a cell may be made to hold: hostile text, numbers no grade is, a date, a formula.
cell_values = st.one_of(
    hostile_text,
    st.sampled_from(["9" * 400, "nan", "inf", "-1", "0", "1e308", "", " ", "yes", "no", "Risk"]),
    st.sampled_from([None, True, False, 0, -1, 3, 2.5, 10**30, dt.datetime(2024, 1, 1)]),
    st.sampled_from(["=1+1", "=A1", '=HYPERLINK("http://x.invalid")', "=1/0"]),
)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """A few changes a partner might make to a workbook (applied by ``apply``)."""
    kinds = ["cell", "cell", "cell", "drop row", "repeat row", "title row", "drop column",
             "header", "hide sheet", "rename sheet", "drop sheet", "blank rows"]  # fmt: skip
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(kinds))
        sheet, row, column = (
            draw(st.integers(0, 5)),
            draw(st.integers(1, 8)),
            draw(st.integers(1, 14)),
        )
        value = (
            draw(cell_values) if kind in ("cell", "header", "title row", "rename sheet") else None
        )
        out.append((kind, sheet, row, column, value))
    return out


def apply(seed: bytes, changes: list[tuple[Any, ...]]) -> bytes:
    """The workbook with the changes made, saved as openpyxl saves it; a change openpyxl itself
    refuses (a sheet name it rejects, text it cannot hold) is left out."""
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    refused = (ValueError, TypeError, IllegalCharacterError)
    book = openpyxl.load_workbook(io.BytesIO(seed))
    for kind, s, row, column, value in changes:
        sheet = book.worksheets[s % len(book.worksheets)]
        try:
            if kind == "cell":
                sheet.cell(row, column, value)
            elif kind == "header":
                sheet.cell(1, column, value)
            elif kind == "drop row":
                sheet.delete_rows(row)
            elif kind == "repeat row":
                sheet.append([c.value for c in sheet[row]])
            elif kind == "title row":
                sheet.insert_rows(1)
                sheet.cell(1, 1, value)
            elif kind == "blank rows":
                sheet.insert_rows(row, column)
            elif kind == "drop column":
                sheet.delete_cols(column)
            elif kind == "hide sheet":
                sheet.sheet_state = "hidden"
            elif kind == "rename sheet":
                sheet.title = str(value)[:31]
            elif kind == "drop sheet" and len(book.worksheets) > 1:
                book.remove(sheet)
        except refused:  # openpyxl's own refusal (a control character): no partner's input
            continue
    if not any(s.sheet_state == "visible" for s in book.worksheets):
        book.worksheets[0].sheet_state = "visible"
    out = io.BytesIO()
    try:
        book.save(out)
    except refused:
        return seed
    return out.getvalue()


def xml_parts(seed: bytes) -> st.SearchStrategy[bytes]:
    """The workbook with one of its XML parts damaged byte by byte."""
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    names = sorted(n for n in parts if n.endswith(".xml"))

    def rezip(change: tuple[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, change[1] if name == change[0] else data)
        return out.getvalue()

    return (
        st.sampled_from(names)
        .flatmap(lambda n: st.tuples(st.just(n), mutated(parts[n])))
        .map(rezip)
    )


def workbook_cases(seed: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(edits().map(lambda e: apply(seed, e)), xml_parts(seed))


@BOUNDED
@given(workbook_cases(GRADING_SEED))
def test_the_grading_workbook(scratch: Path, data: bytes) -> None:
    inputs = fresh(scratch / "grading")
    (inputs / "graded.xlsx").write_bytes(data)
    args = ["score", str(inputs / "graded.xlsx"), "--matrix", "risk-5x5", "--format", "csv"]
    command("grading workbook", scratch, inputs, args)


@BOUNDED
@given(workbook_cases(COUNTY_SEED), st.sampled_from(["aggregate", "appendix"]))
def test_the_county_workbook(scratch: Path, data: bytes, verb: str) -> None:
    inputs = fresh(scratch / "county-book")
    (inputs / "districts.xlsx").write_bytes(data)
    fmt = "csv" if verb == "aggregate" else "docx"
    command(f"county workbook ({verb})", scratch, inputs, [verb, str(inputs / "districts.xlsx"),
            "--format", fmt])  # fmt: skip


def test_the_workbook_seeds_read() -> None:
    """The seeds are valid, so that the changes, not the seeds, are what is refused."""
    with tempfile.TemporaryDirectory() as name:
        for data, args in ((GRADING_SEED, ["score"]), (COUNTY_SEED, ["aggregate"])):
            path = Path(name) / "seed.xlsx"
            path.write_bytes(data)
            result = CliRunner().invoke(cli, [*args, str(path), "--matrix", "risk-5x5"])
            assert result.exit_code == 0, result.stderr
