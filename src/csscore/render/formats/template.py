"""``csscore init``'s file: the blank district table as CSV or TOML text, or XLSX bytes."""

from __future__ import annotations

from csscore.model.matrix import Matrix
from csscore.model.text import toml_string
from csscore.model.vocabulary import Vocabulary
from csscore.render.formats.table import render_csv
from csscore.views.template import template_table

TEMPLATE_KINDS = ("csv", "toml", "xlsx")


def template(matrix: Matrix, vocabulary: Vocabulary, kind: str, name: str = "") -> str | bytes:
    """The template as CSV or TOML text, or XLSX bytes (``name`` is the file, for errors)."""
    from csscore.errors import OutputError

    table = template_table(matrix, vocabulary)
    if kind == "csv":
        return render_csv(table)
    if kind == "toml":
        shown = " ".join(f"{matrix.name} {matrix.version}".split())  # a comment is one line
        lines = [
            f"# District issue list for matrix {shown}.",
            "# Grade each factor with a scale label or its value; see `csscore matrix show "
            f"{' '.join(matrix.name.split())}`.",
            f"matrix = {toml_string(matrix.name)}",
            "",
        ]
        for row in table.rows:
            lines.append("[[issue]]")
            lines.append(f"issue = {toml_string(str(row[0]))}")
            lines += [f'{column} = ""' for column in table.columns[1:]]
            lines.append("")
        return "\n".join(lines)
    if kind == "xlsx":
        from csscore import __version__
        from csscore.render.formats.workbook import blank_rows, grading_workbook

        issues = [str(row[0]) for row in table.rows]
        return grading_workbook(matrix, blank_rows(matrix, issues), __version__, name)
    raise OutputError.at(
        name or f"template.{kind}",
        f"unsupported template type {kind!r}; use {', '.join(TEMPLATE_KINDS)}",
    )
