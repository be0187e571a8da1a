"""Every command that needs a missing extra says so in one line, naming the package and both ways
to install it: ``pip install 'csscore[X]'`` and, from a checkout, ``pip install '.[X]'``."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.errors import CsscoreError, InputError
from csscore.extras import install_hint, installed, require_extra
from support import ASHFORD, REPO, SAMPLE
from workshop_support import issue_file


def both_forms(extra: str) -> str:
    return f"pip install 'csscore[{extra}]', or pip install '.[{extra}]' from a checkout"


def test_the_hint_names_both_install_forms():
    assert install_hint("excel") == both_forms("excel")


def test_require_extra_names_the_pip_package_of_each_missing_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(InputError) as caught:
        require_extra(("docx", "csv", "PIL"), "word", "writing .docx", "out.docx", InputError)
    assert str(caught.value) == (
        f"out.docx: writing .docx needs python-docx, Pillow: {both_forms('word')}"
    )
    require_extra("csv", "word", "anything", "x")  # present: no error
    assert not installed("docx") and installed("csv")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def xlsx_district(tmp_path: Path) -> Path:
    path = tmp_path / "ashford.xlsx"
    assert run("init", "-o", str(path)).exit_code == 0
    return path


CASES = {
    # name: (module hidden, extra, what the message says before the hint, command)
    "score --format xlsx": (
        "openpyxl",
        "excel",
        "xlsx: writing .xlsx needs openpyxl",
        lambda tmp: ["score", str(ASHFORD), "--format", "xlsx", "-o", str(tmp / "o.xlsx")],
    ),
    "init -o .xlsx": (
        "openpyxl",
        "excel",
        "writing .xlsx needs openpyxl",
        lambda tmp: ["init", "-o", str(tmp / "t.xlsx")],
    ),
    "new --format xlsx": (
        "openpyxl",
        "excel",
        "writing .xlsx needs openpyxl",
        lambda tmp: ["new", str(tmp / "c"), "--county", "C", "--district", "A", "--format", "xlsx"],
    ),
    "appendix --format docx": (
        "docx",
        "word",
        "--format docx: writing .docx needs python-docx",
        lambda tmp: ["appendix", str(SAMPLE), "--format", "docx", "-o", str(tmp / "a.docx")],
    ),
    "workshop FILE": (
        "starlette",
        "workshop",
        "workshop: the workshop needs starlette",
        lambda tmp: ["workshop", str(issue_file(tmp, ("Burglary",)))],
    ),
    "evidence home-office .ods": (
        "python_calamine",
        "ods",
        "reading .ods needs python-calamine",
        lambda tmp: ["evidence", "home-office", str(tmp / "csp.ods")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_command_names_both_install_forms(tmp_path: Path, monkeypatch, case: str):
    module, extra, said, args = CASES[case]
    (tmp_path / "csp.ods").write_bytes(b"PK")
    argv = args(tmp_path)
    monkeypatch.setitem(sys.modules, module, None)
    result = run(*argv)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("error: ")
    assert line.endswith(f"{said}: {both_forms(extra)}"), line


def test_reading_an_xlsx_district_file_without_openpyxl(tmp_path: Path, monkeypatch):
    path = xlsx_district(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}: reading .xlsx needs openpyxl: {both_forms('excel')}" in result.stdout


def test_the_workshop_export_to_xlsx_without_openpyxl(monkeypatch):
    from csscore.workshop.export import export_xlsx

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(CsscoreError) as caught:
        export_xlsx(None)  # type: ignore[arg-type]  # refused before the store is read
    assert str(caught.value) == f"xlsx: writing .xlsx needs openpyxl: {both_forms('excel')}"


def test_every_install_command_in_the_source_names_both_forms():
    """Messages get the hint from ``install_hint`` or ``require_extra``; any text of the source
    (a help text, a docstring) that spells out ``pip install 'csscore[X]'`` also gives
    ``pip install '.[X]'``."""
    import re

    wrong = []
    for path in sorted((REPO / "src" / "csscore").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.split())
                for extra in re.findall(r"pip install 'csscore\[(\w+)\]'", text):
                    if f"pip install '.[{extra}]'" not in text:
                        wrong.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert wrong == []
