"""The LaTeX appendix compiled by pdflatex: it compiles for both audiences, every appendix heading
and table caption is printed, every figure file is included, and hostile text prints as
written. Skipped where pdflatex or poppler (pdftotext) is absent."""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.api import appendix
from csscore.cli.main import cli
from csscore.render.formats.latex import PREAMBLE
from csscore.render.safety import latex_escape

pytestmark = pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("pdftotext") is None,
    reason="pdflatex or pdftotext is not installed",
)


def compile_tex(folder: Path, tex: str) -> Path:
    """pdflatex twice (longtable settles its column widths on the second run)."""
    for _ in range(2):
        result = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stdout[-3000:]
    return folder / tex.replace(".tex", ".pdf")


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # TeX sets ' as a curly quote
    return [" ".join(page.split()) for page in text.split("\f")]


@pytest.mark.parametrize("audience", ["committee", "analyst"])
def test_the_appendix_compiles_and_prints_every_heading_and_figure(
    tmp_path: Path, audience: str
) -> None:
    folder = tmp_path / "appendix"
    result = CliRunner().invoke(
        cli, ["appendix", "--format", "latex", "--audience", audience, "-o", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    figures = sorted(p.name for p in folder.glob("*.pdf"))
    pdf = compile_tex(folder, "appendix.tex")
    printed = pages(pdf)
    text = " ".join(printed)
    report = appendix(audience=audience)

    def headings(sections: object) -> list[str]:
        out = []
        for s in sections:  # type: ignore[attr-defined]
            out += [s.heading, *headings(s.subsections)]
        return out

    for heading in headings(report.sections):
        assert " ".join(heading.split()) in text, heading
    for letter in "ABCD":
        assert f"Appendix {letter}: " in text
    for _, table in report.tables():
        assert " ".join(table.title.split()) in text, table.title
    log = (folder / "appendix.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log, "nothing runs into the margin or a next column"
    included = set(re.findall(rb"/PTEX.FileName \(\./([^)]+)\)", pdf.read_bytes()))
    assert included == {f.encode() for f in figures if f != "appendix.pdf"}
    assert len(included) == (2 if audience == "committee" else 15)
    assert text.count("Figure: ") == len(included)
    assert "line width = number of issues shared" in text, "the overlap figure is drawn"


def test_hostile_text_prints_as_written(tmp_path: Path) -> None:
    hostile = "50% & $5 #1 {x} ~a^b \\input{/etc/passwd} -- << café ≥ Ж"
    body = PREAMBLE + "\\begin{document}\n" + latex_escape(hostile) + "\n\\end{document}\n"
    (tmp_path / "t.tex").write_text(body)
    text = pages(compile_tex(tmp_path, "t.tex"))[0]
    assert "50% & $5 #1 {x} ~a^b \\input{/etc/passwd} -- << café ≥ [U+0416]" in text


def test_the_latex_width_table_is_what_pdflatex_measures(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csscore.render.formats import latex_metrics
    from support import REPO

    monkeypatch.syspath_prepend(str(REPO / "tools"))  # as when the tool is run as a script
    generator = runpy.run_path(str(REPO / "tools" / "gen_latex_metrics.py"))
    monkeypatch.setitem(generator["main"].__globals__, "OUT", tmp_path)
    generator["main"]()
    written = (tmp_path / "latex_metrics.py").read_text(encoding="utf-8")
    assert written == Path(latex_metrics.__file__).read_text(encoding="utf-8")


def test_a_heading_is_laid_out_as_wide_as_pdflatex_sets_it() -> None:
    """'Canterbury' in bold at 8 pt: pdflatex sets it 49.48 pt wide (measured with \\settowidth
    in the appendix's preamble); the table's sum of its letters is that, or a little more
    where pdflatex kerns a pair."""
    from csscore.render.formats.latex_table import _em

    width = _em("Canterbury", "footnotesize", bold=True) * 8
    assert 49.47 <= width <= 49.47 + 0.5


def test_the_heat_map_prints_its_numbers_at_8pt(tmp_path: Path) -> None:
    """The heat map is drawn for the text width (17 cm) and included at its own size: its cell
    numbers, 8 pt DejaVu Sans, print with a box 8 x 1.164 pt high (the font's ascent 0.928 and
    descent 0.236 of its size), as ``pdftotext -bbox`` measures them."""
    folder = tmp_path / "appendix"
    result = CliRunner().invoke(
        cli, ["appendix", "--format", "latex", "--audience", "committee", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    pdf = compile_tex(folder, "appendix.tex")
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    word = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    (page,) = [p for p in boxes.split("<page ") if ">rank<" in p and ">Vehicle<" in p]
    words = [(float(a), float(b), t) for a, b, t in re.findall(word, page)]
    title = next(a for a, _, t in words if t == "rank")
    caption = next(a for a, _, t in words if t == "Figure:")
    numbers = [b - a for a, b, t in words if title < a < caption and t.isdigit()]
    assert len(numbers) >= 22 * 12  # every cell, and the key's thresholds
    assert min(numbers) >= 8 * 1.164 - 0.02
