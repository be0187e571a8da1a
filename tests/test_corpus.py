"""The hostile-input corpus (tests/corpus/cases.toml, and tests/corpus/readers.toml for the newer
readers and writers, tests/corpus/writers.toml for csscore new, the horizon and vocabulary files,
Word output, partner files and workbooks): every case ends with exit code 2, one line naming the
file and where in it, no traceback, no output file and no input file changed. Inputs too big, binary or odd to commit
are made by the generator a case names in ``make`` (tests/corpus_make.py).
"""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from corpus_make import MAKE
from csscore.cli.main import cli

CORPUS = Path(__file__).parent / "corpus"
#: The case files: the first corpus, the newer readers, and the scaffold, writers and workbooks.
SPEC_FILES = ("cases.toml", "readers.toml", "writers.toml", "configs.toml")
SPECS = [tomllib.loads((CORPUS / name).read_text(encoding="utf-8")) for name in SPEC_FILES]
CASES: list[dict[str, Any]] = [c for spec in SPECS for c in spec.get("case", [])]
ACCEPT: list[dict[str, Any]] = [c for spec in SPECS for c in spec.get("accept", [])]
READERS = {
    "district CSV",
    "district XLSX",
    "district TOML",
    "matrix TOML",
    "CSA TOML",
    "taxonomy TOML",
    "plan TOML",
    "manifest",
    "police.uk CSV",
    "command-line option",
    "district TSV",
    "vocabulary TOML",
    "horizon TOML",
    "partner files",
    "grading workbook",
    "county workbook",
    "Word output",
    "csscore new",
}

# --- running a case ----------------------------------------------------------------------------


def prepare(case: dict[str, Any], tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Lay out a case's inputs; return (input directory, output path, arguments)."""
    indir = tmp_path / "in"
    indir.mkdir()
    if "base" in case:
        shutil.copytree(CORPUS / "base" / case["base"], indir / case["base"])
    for item in case.get("files", []):
        source, _, dest = item.partition(">")
        target = indir / (dest or Path(source).name)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = (CORPUS / source).read_bytes()
        target.write_bytes(data.replace(b"@IN@", str(indir).encode()))
    for name, text in case.get("write", {}).items():  # small files given in the case itself
        target = indir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("@IN@", str(indir)), encoding="utf-8")
    MAKE[case.get("make", "nothing")](indir)
    outdir = tmp_path / "out"
    outdir.mkdir()
    output = outdir / "result.out"
    args = [a.replace("{in}", str(indir)).replace("{out}", str(output)) for a in case["args"]]
    return indir, output, args


def fingerprint(folder: Path) -> dict[str, str]:
    """Every regular file under a folder and a hash of its bytes (sparse giants by size only)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            out[str(path)] = "link" if path.is_symlink() else "folder"
        elif path.stat().st_size > 1_000_000:
            out[str(path)] = f"size {path.stat().st_size}"
        else:
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=True)


def assert_no_crash(result: Result) -> None:
    """The command ended through click (a SystemExit), never by an uncaught exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"internal error (a bug): {result.exception!r}\n{trace}")
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text


def shown_text(output: Path) -> str:
    """An output's text: a file's, or for a Word or Excel file the text of its XML parts."""
    if zipfile.is_zipfile(output):
        with zipfile.ZipFile(output) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
            )
    return output.read_text(encoding="utf-8")


def located(line: str, at: str) -> bool:
    """The line names the place ``at`` (a file's name and its row/column or key) before ': '."""
    return f"/{at}: " in line or line.startswith((f"error: {at}: ", f"{at}: "))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_is_refused_in_one_line(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for target, value in case.get("limits", {}).items():
        module, _, name = target.rpartition(".")
        monkeypatch.setattr(importlib.import_module(module), name, value)
    indir, output, args = prepare(case, tmp_path)
    before = fingerprint(indir)
    result = invoke(args)
    assert_no_crash(result)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    if args[0] == "validate":
        summary = r"error: \d+ problems?( in (\d+ of )?\d+ files?)?"
        assert re.fullmatch(summary, errors[0]), errors[0]
        lines = [line for line in result.stdout.splitlines() if located(line, case["at"])]
    else:
        assert result.stdout == ""
        lines = errors if located(errors[0], case["at"]) else []
    assert lines, f"no line names {case['at']!r}:\n{result.stdout}{result.stderr}"
    assert any(case["message"] in line for line in lines), (case["message"], lines)
    assert not output.exists()
    assert list(output.parent.iterdir()) == []  # no output, no .part file
    assert fingerprint(indir) == before  # no input file changed


def placed(template: str, indir: Path, output: Path) -> Path:
    return Path(template.replace("{in}", str(indir)).replace("{out}", str(output)))


@pytest.mark.parametrize("case", ACCEPT, ids=[c["id"] for c in ACCEPT])
def test_odd_but_valid_input_is_accepted(case: dict[str, Any], tmp_path: Path) -> None:
    """CRLF, mixed and CR-only line ends and a BOM with semicolons read as plain files do.

    Optional keys: ``read``, the file whose text is shown (default: {out}, else standard
    output); ``exists``, files that must be there afterwards; ``kept``, input files that must
    not change; ``names_at_most``, the longest file name the command may write under {out}."""
    indir, output, args = prepare(case, tmp_path)
    before = fingerprint(indir)
    result = invoke(args)
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    read = placed(case["read"], indir, output) if "read" in case else output
    shown = shown_text(read) if read.is_file() else result.stdout
    assert case["stdout"] in shown
    for text in case.get("absent", []):  # what must not reach the output (live LaTeX, a raw '+')
        assert text not in shown, text
    for name in case.get("exists", []):
        assert placed(name, indir, output).is_file(), name
    for name in case.get("kept", []):
        path = str(placed(name, indir, output))
        assert fingerprint(indir)[path] == before[path], name
    if "names_at_most" in case:
        written = [p.name for p in output.rglob("*")] if output.is_dir() else [output.name]
        assert written and max(map(len, written)) <= case["names_at_most"], written


def test_the_corpus_covers_every_reader_and_holds_500_cases() -> None:
    assert len(CASES) + len(ACCEPT) >= 500
    assert {c["reader"] for c in CASES} == READERS
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert len({c["id"] for c in ACCEPT}) == len(ACCEPT)
    for case in CASES:
        assert case.get("make", "nothing") in MAKE, case["id"]
        for item in case.get("files", []):
            assert (CORPUS / item.partition(">")[0]).is_file(), (case["id"], item)
    for case in ACCEPT:
        assert case.get("make", "nothing") in MAKE


def test_every_corpus_file_is_used() -> None:
    used = {item.partition(">")[0] for c in CASES + ACCEPT for item in c.get("files", [])}
    used |= {f"base/{c['base']}" for c in CASES + ACCEPT if "base" in c}
    unused = [
        p.relative_to(CORPUS).as_posix()
        for p in sorted(CORPUS.rglob("*"))
        if p.is_file()
        and p.name not in SPEC_FILES
        and p.relative_to(CORPUS).as_posix() not in used
        and not any(p.relative_to(CORPUS).as_posix().startswith(b + "/") for b in used)
        and p.relative_to(CORPUS).as_posix() not in KEPT
    ]
    assert unused == []


#: Corpus files read by the generators or other tests rather than listed by a case.
KEPT = {"matrix/good.toml", "csa/good.toml", "plan/good.toml", "base/home-office.csv"}
