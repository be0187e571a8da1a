"""Write src/csscore/render/formats/latex_metrics.py: the width pdflatex gives each character of
the LaTeX appendix's table text, in the appendix's own preamble (Latin Modern, T1), at the two
sizes its tables are set in, regular and bold, so that a column is laid out as wide as its text
prints.

Needs pdflatex (and lmodern):

    .venv/bin/python tools/gen_latex_metrics.py
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from csscore.render.formats.latex import PREAMBLE
from csscore.render.safety import latex_escape

EXTRA = "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2212"
CHARS = "".join(map(chr, [*range(32, 127), *range(160, 256)])) + EXTRA
SIZES = ("small", "footnotesize")
OUT = Path(__file__).resolve().parents[1] / "src" / "csscore" / "render" / "formats"


def measure() -> dict[tuple[str, bool], list[int]]:
    """Each character's width in thousandths of a point, by (size, bold); a space is the font's
    interword space."""
    body = [PREAMBLE, r"\newlength{\cssw}", r"\begin{document}"]
    for size in SIZES:
        for bold in (False, True):
            face = r"\bfseries" if bold else r"\normalfont"
            body.append(
                f"{{\\{size}{face}\\typeout{{W:{size}:{int(bold)}:32:\\the\\fontdimen2\\font}}"
            )
            for ch in CHARS[1:]:
                tex = latex_escape(ch)
                body.append(
                    f"\\settowidth{{\\cssw}}{{{tex}}}"
                    f"\\typeout{{W:{size}:{int(bold)}:{ord(ch)}:\\the\\cssw}}"
                )
            body.append("}")
    body.append(r"\end{document}")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "m.tex").write_text("\n".join(body), encoding="utf-8")
        log = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "m.tex"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    widths: dict[tuple[str, bool], dict[int, int]] = {}
    for size, bold, code, points in re.findall(r"W:(\w+):(\d):(\d+):([\d.]+)pt", log):
        widths.setdefault((size, bold == "1"), {})[int(code)] = round(float(points) * 1000)
    return {k: [v[ord(c)] for c in CHARS] for k, v in widths.items()}


def lines(numbers: list[int], indent: str = "        ") -> list[str]:
    out, line = [], ""
    for n in numbers:
        if len(indent) + len(line) + len(str(n)) + 4 > 96:
            out.append(f'{indent}"{line}"')
            line = ""
        line += f"{n} "
    return [*out, f'{indent}"{line}"']


def main() -> None:
    widths = measure()
    text = [
        '"""The width pdflatex sets each character of the LaTeX appendix in (Latin Modern, T1, as',
        "escaped by csscore.render.safety.latex_escape), in thousandths of a point, by size command",
        "and weight; a space is the font's interword space. Written by tools/gen_latex_metrics.py;",
        'do not edit by hand."""',
        "",
        "# printable ASCII, Latin-1, dashes, quotes, bullet, ellipsis, euro, minus",
        "CHARS = (",
        '    "".join(map(chr, [*range(32, 127), *range(160, 256)]))',
        f'    + "{EXTRA.encode("unicode_escape").decode()}"',
        ")",
        "WIDTHS = {",
    ]
    for size in SIZES:
        for bold in (False, True):
            text += [f'    ("{size}", {bold}): (', *lines(widths[(size, bold)]), "    ),"]
    text.append("}")
    (OUT / "latex_metrics.py").write_text("\n".join(text) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
