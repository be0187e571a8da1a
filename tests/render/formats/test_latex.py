"""The LaTeX appendix: table layout (column widths, landscape, sizes), escaping, and the folder
or .tex-with-figures it is written as."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.render.formats.columns import fill as _fill
from csscore.render.formats.latex_table import (
    MIN_TEXT,
    SIZES,
    column_groups,
    layout,
    longtable,
)
from csscore.render.safety import latex_escape
from csscore.views.table import Table


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["appendix", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fill_worked_example() -> None:
    # budget 100: an even share is 33.3, so the 10 keeps its width; the other two share the 90
    # left in proportion to 50 and 100: 30 and 60.
    assert _fill([10, 50, 100], [5, 10, 10], 100) == [10, 30, 60]
    # no column is under an even share (100), and in proportion the 120 would get
    # 200 * 120/420 = 57 < its minimum 90: it is held at 90 and the 300 gets the 110 left.
    assert _fill([120, 300], [90, 10], 200) == pytest.approx([90, 110])
    assert _fill([10, 20], [1, 1], 100) == [10, 20], "a table that fits keeps its widths"


@given(
    st.lists(
        st.tuples(st.floats(1, 200), st.floats(0.5, 1)).map(lambda t: (t[0], t[0] * t[1])),
        min_size=1,
        max_size=14,
    ),
    st.floats(10, 400),
)
def test_fill_stays_within_the_budget_and_the_bounds(
    columns: list[tuple[float, float]], budget: float
) -> None:
    natural = [n for n, _ in columns]
    minimum = [m for _, m in columns]
    widths = _fill(natural, minimum, budget)
    for w, n, m in zip(widths, natural, minimum, strict=True):
        assert m - 1e-6 <= w <= n + 1e-6
    if sum(minimum) <= budget:
        assert sum(widths) <= budget + 1e-6


def _table(columns: int, width: int) -> Table:
    heads = tuple(f"Column {c}" for c in range(columns))
    rows = tuple(tuple("word " * (width // 5) for _ in range(columns)) for _ in range(3))
    return Table("A table", heads, rows)


def test_a_narrow_table_is_portrait_a_wide_one_landscape_never_below_8pt() -> None:
    narrow = layout(_table(3, 40))
    assert (narrow.landscape, narrow.size) == (False, "small")
    assert abs(sum(narrow.shares) - 1) < 0.01, "wrapped text fills the width"
    wide = layout(_table(16, 40))
    assert wide.landscape and wide.size in {name for name, _ in SIZES}
    too_wide = layout(_table(40, 40))
    assert (too_wide.landscape, too_wide.size, too_wide.fits) == (True, "footnotesize", False)
    assert sum(too_wide.shares) <= 1 + 1e-9


def test_a_table_too_wide_for_any_page_is_cut_into_column_groups() -> None:
    table = _table(40, 40)
    parts = column_groups(table)
    assert len(parts) > 1 and all(layout(p).fits for p in parts)
    assert all(p.columns[0] == "Column 0" for p in parts), "each part repeats the row's name"
    assert [c for p in parts for c in p.columns[1:]] == list(table.columns[1:])
    assert parts[0].title == f"A table (columns 2 to {len(parts[0].columns)} of 40)"
    assert column_groups(_table(3, 40)) == [_table(3, 40)]


def test_numbers_are_flush_right_and_keep_their_width() -> None:
    table = Table("t", ("Issue", "Risk"), tuple((f"issue {i} " * 12, 128) for i in range(3)))
    shape = layout(table)
    assert shape.right == (False, True)
    text = longtable(table, shape)
    assert r">{\raggedleft\arraybackslash}p{" in text and r"\begin{longtable}" in text
    assert text.count(r"\textbf{Risk}") == 2, "the header row repeats on continued pages"
    assert min(shape.shares) * 300 > MIN_TEXT / 2


def test_no_page_holds_one_row_of_a_table_alone() -> None:
    long = Table("t", ("A",), tuple((str(i),) for i in range(10)))
    body = longtable(long, layout(long)).split(r"\endlastfoot")[1]
    ends = re.findall(r"\\\\\*?", body)
    assert ends[0] == ends[-2] == "\\\\*" and ends[-1] == "\\\\" and ends[3] == "\\\\"
    short = Table("t", ("A",), tuple((str(i),) for i in range(5)))
    assert longtable(short, layout(short)).split(r"\endlastfoot")[1].count("\\\\*") == 4


def test_latex_escape_breaks_ligatures_and_replaces_what_pdflatex_cannot_print() -> None:
    assert latex_escape("a--b") == "a-{}-b"
    assert latex_escape("<<x>> it''s") == "<{}<x>{}> it'{}'s"
    assert latex_escape("50% & $5 #1_2 {x} ~^\\") == (
        r"50\% \& \$5 \#1\_2 \{x\} \textasciitilde{}\textasciicircum{}\textbackslash{}"
    )
    assert latex_escape("café – ≥ 5") == r"café – $\geq$ 5"
    assert latex_escape("ǎ Ж \x07") == "a [U+0416] [U+0007]"
    assert latex_escape("two\nlines\\input") == r"two lines\textbackslash{}input"


def test_an_id_never_breaks_a_digest_may() -> None:
    table = Table("t", ("Id", "Hash"), (("pcc-2", "sha256 " + "ab" * 32),))
    text = longtable(table, layout(table))
    assert "pcc-2 &" in text, "a short id is one unbreakable word"
    assert text.count(r"\allowbreak{}") == 3, "a 64-character digest breaks every 16"


def _included(tex: str) -> list[str]:
    return re.findall(r"\\includegraphics\[[^]]*\]\{([^}]+)\}", tex)


def test_latex_to_a_folder_holds_the_tex_and_its_figures(tmp_path: Path) -> None:
    target = tmp_path / "appendix"
    code, _, err = run("--format", "latex", "--audience", "committee", "-o", str(target))
    assert code == 0, err
    names = sorted(p.name for p in target.iterdir())
    assert names == ["appendix-heatmap.pdf", "appendix-overlap.pdf", "appendix.tex"]
    tex = (target / "appendix.tex").read_text()
    assert sorted(_included(tex)) == names[:2]
    assert all((target / n).read_bytes().startswith(b"%PDF") for n in names[:2])
    assert r"\resizebox" not in tex and r"\tiny" not in tex and r"\scriptsize" not in tex
    assert r"\begin{longtable}" in tex and r"\begin{table}" not in tex


def test_latex_to_a_tex_file_puts_figures_beside_it_named_after_it(tmp_path: Path) -> None:
    target = tmp_path / "kent paper.tex"
    code, _, err = run("--format", "latex", "-o", str(target))
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "kent paper.tex" in names and "kent-paper-heatmap.pdf" in names
    assert "kent-paper-bars-ashford.pdf" in names and "kent-paper-position.pdf" in names
    tex = target.read_text()
    assert sorted(_included(tex)) == sorted(n for n in names if n.endswith(".pdf"))


def test_an_existing_figure_file_is_not_overwritten_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "a-heatmap.pdf").write_text("keep me")
    code, _, err = run("--format", "latex", "-o", str(tmp_path / "a.tex"))
    assert code == 2 and "a-heatmap.pdf" in err and "already exists" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-heatmap.pdf"]
    assert (tmp_path / "a-heatmap.pdf").read_text() == "keep me"
    code, _, err = run("--format", "latex", "-o", str(tmp_path / "a.tex"), "--force")
    assert code == 0, err and (tmp_path / "a-heatmap.pdf").read_bytes().startswith(b"%PDF")


def test_force_replaces_a_latex_folder_compiled_in_place_but_not_a_foreign_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "paper"
    assert run("--format", "latex", "--audience", "committee", "-o", str(target))[0] == 0
    for made in ("appendix.aux", "appendix.log", "appendix.pdf"):
        (target / made).write_text("pdflatex")
    code, _, err = run("--format", "latex", "-o", str(target))
    assert code == 2 and "--force" in err
    assert run("--format", "latex", "-o", str(target), "--force")[0] == 0
    assert not (target / "appendix.aux").exists(), "the folder is replaced as a whole"
    assert (target / "appendix-bars-ashford.pdf").exists()
    (target / "notes.txt").write_text("mine")
    code, _, err = run("--format", "latex", "-o", str(target), "--force")
    assert code == 2 and "notes.txt" in err
    assert (target / "notes.txt").read_text() == "mine"


def test_latex_on_standard_output_leaves_figures_out() -> None:
    code, out, _ = run("--format", "latex", "--audience", "committee")
    assert code == 0
    assert not _included(out)
    assert "% Figure: Risk by district and issue (drawn only when" in out


def test_a_continued_page_ends_with_the_rule_the_last_page_does() -> None:
    """longtable leaves room on each page for the foot of continued pages, not the last foot: a
    last foot taller than it (the closing rule under no foot) can be pushed alone onto a page
    under the repeated header, so both feet are the closing rule."""
    table = Table("t", ("A",), tuple((str(i),) for i in range(40)))
    text = longtable(table, layout(table))
    head, _ = text.split(r"\endlastfoot")
    assert head.endswith("\\bottomrule\n\\endfoot\n\\bottomrule\n")
