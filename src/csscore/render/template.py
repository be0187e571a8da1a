"""``csscore init``: a blank district file listing the standard issue vocabulary."""

from __future__ import annotations

import io

from csscore.matrix import Matrix
from csscore.render.tables import Table, render_csv
from csscore.taxonomy import Vocabulary

TEMPLATE_KINDS = ("csv", "toml", "xlsx")


def template_table(matrix: Matrix, vocabulary: Vocabulary) -> Table:
    """Header ``issue``, one column per factor, ``confidence``, ``selected``, ``notes``; a row per issue."""
    columns = ("issue", *matrix.factor_ids, "confidence", "selected", "notes")
    rows = tuple((issue.label, *([""] * (len(columns) - 1))) for issue in vocabulary.issues)
    return Table("", columns, rows)


def template(matrix: Matrix, vocabulary: Vocabulary, kind: str, name: str = "") -> str | bytes:
    """The template as CSV or TOML text, or XLSX bytes."""
    from csscore.errors import OutputError

    table = template_table(matrix, vocabulary)
    if kind == "csv":
        return render_csv(table)
    if kind == "toml":
        lines = [
            f"# District issue list for matrix {matrix.name} {matrix.version}.",
            "# Grade each factor with a scale label or its value; see `csscore matrix show "
            f"{matrix.name}`.",
            f'matrix = "{matrix.name}"',
            "",
        ]
        for row in table.rows:
            lines.append("[[issue]]")
            lines.append(f"issue = {_toml_string(str(row[0]))}")
            lines += [f'{column} = ""' for column in table.columns[1:]]
            lines.append("")
        return "\n".join(lines)
    if kind == "xlsx":
        try:
            import openpyxl
        except ImportError:
            raise OutputError.at(
                name or "template.xlsx",
                "writing .xlsx needs openpyxl: pip install 'csscore[excel]'",
            ) from None
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "issues"
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    raise OutputError.at(
        name or f"template.{kind}",
        f"unsupported template type {kind!r}; use {', '.join(TEMPLATE_KINDS)}",
    )


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
