"""Tables in the formats analysts use: terminal, Markdown, HTML, LaTeX booktabs and CSV.

Every table passes through here, so escaping lives in one place: user text is escaped for
Markdown, HTML and LaTeX, and CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from csscore.model.numbers import json_number
from csscore.render.safety import latex_escape, md_escape, neutralise, one_line
from csscore.views.number_format import infer, show
from csscore.views.table import Cell, Table

TABLE_FORMATS = ("simple", "github", "html", "latex_booktabs", "csv")


def _text(cell: Cell) -> str:
    if type(cell) is str:  # most cells
        return cell
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        return _number(cell)
    return str(cell)


@lru_cache(maxsize=65536)  # a long appendix repeats its scores
def _number(value: float, kind: str = "") -> str:
    return show(value, kind or infer((value,)))


def _is_number(cell: Cell) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def column_kinds(table: Table) -> list[str]:
    """Each column's number kind: the table's own, else taken from the column's numbers."""
    out = []
    for c in range(len(table.columns)):
        kind = table.kinds[c] if c < len(table.kinds) else ""
        if not kind:
            kind = infer(
                float(v)  # type: ignore[arg-type]
                for i, r in enumerate(table.rows)
                if _is_number(v := r[c]) and not (i < len(table.row_kinds) and table.row_kinds[i])
            )
        out.append(kind)
    return out


def cell_kinds(table: Table) -> list[list[str]]:
    """The kind of every cell's number: its row's (``Table.row_kinds``) where the row names
    one, else its column's."""
    kinds = column_kinds(table)
    rows = table.row_kinds
    return [
        [rows[i]] * len(kinds) if i < len(rows) and rows[i] else kinds
        for i in range(len(table.rows))
    ]


def display_rows(table: Table) -> list[list[str]]:
    """Every cell as a displayed format prints it: each column's numbers in its one kind (a
    row of a measure in the row's)."""
    return [
        [_number(float(v), k) if _is_number(v) else _text(v) for v, k in zip(r, ks, strict=True)]  # type: ignore[arg-type]
        for r, ks in zip(table.rows, cell_kinds(table), strict=True)
    ]


def _alignment(table: Table) -> list[str]:
    if table.align:
        return list(table.align)
    out = []
    for col in range(len(table.columns)):
        numeric = None  # right-aligned when every filled cell is a number (not a yes/no)
        for row in table.rows:
            v = row[col]
            if v is None or (type(v) is str and not v):
                continue
            if not isinstance(v, int | float) or isinstance(v, bool):
                numeric = False
                break
            numeric = True
        out.append("right" if numeric else "left")
    return out


def cell_text(cell: Cell) -> str:
    """A cell as every text format prints it (numbers formatted, yes/no, blank for none)."""
    return _text(cell)


def column_alignment(table: Table) -> list[str]:
    """Each column's alignment: the table's own, else right for a column of numbers."""
    return _alignment(table)


def render_table(table: Table, fmt: str) -> str:
    """Render one table; ``fmt`` is one of TABLE_FORMATS."""
    if fmt == "csv":
        return render_csv(table)
    columns = list(table.columns)
    rows = display_rows(table)
    if fmt == "github":  # text escaped; a number, yes/no or blank has nothing to escape
        rows = [
            [md_escape(t) if isinstance(c, str) else t for c, t in zip(r, shown, strict=True)]
            for r, shown in zip(table.rows, rows, strict=True)
        ]
        columns = [md_escape(c) for c in columns]
    if fmt == "latex_booktabs":  # tabulate escapes the cells; a line break would split a row
        rows = [[one_line(c) for c in r] for r in rows]
        columns = [one_line(c) for c in columns]
    body = _grid(rows, columns, _alignment(table), fmt)
    if fmt == "html":
        import html

        caption = f"<caption>{html.escape(table.title)}</caption>\n" if table.title else ""
        body = body.replace("<table>\n", f"<table>\n{caption}", 1)
        notes = "".join(f'<p class="note">{html.escape(n)}</p>\n' for n in table.notes)
        return f"{body}\n{notes}"
    if fmt == "latex_booktabs":
        caption = f"% {latex_escape(table.title)}\n" if table.title else ""
        notes = "".join(f"% {latex_escape(n)}\n" for n in table.notes)
        return f"{caption}{body}\n{notes}"
    title = md_escape(table.title) if fmt == "github" else table.title
    head = f"## {title}\n\n" if fmt == "github" and title else (f"{title}\n\n" if title else "")
    notes = "\n".join(md_escape(n) if fmt == "github" else n for n in table.notes)
    return head + body + "\n" + (f"\n{notes}\n" if notes else "")


#: What makes tabulate lay a cell out otherwise than padded text: line breaks (a multi-line
#: row), ANSI escape sequences (zero-width) and its separating-line marker.
_SPECIAL = frozenset("\n\r\x1b\x01")


def _grid(rows: list[list[str]], columns: list[str], align: list[str], fmt: str) -> str:
    """The table body in ``fmt``. Plain-text and Markdown grids of one-line cells are padded
    here, exactly as tabulate pads them (cells stripped, each column as wide as its widest cell
    and at least its heading plus two, every line stripped on the right) and without its
    per-cell type detection, which dominates a long appendix; anything else goes to tabulate."""
    plain = (
        fmt in ("simple", "github")
        and columns
        and len(align) == len(columns)
        and set(align) <= {"left", "right"}
        and all(len(r) == len(columns) for r in rows)
    )
    if plain and _SPECIAL.isdisjoint("".join(columns) + "".join("".join(r) for r in rows)):
        return _padded(rows, columns, align, fmt == "github")
    from tabulate import tabulate

    return str(tabulate(rows, headers=columns, tablefmt=fmt, colalign=align, disable_numparse=True))


def _padded(rows: list[list[str]], columns: list[str], align: list[str], pipes: bool) -> str:
    cells = [[c.strip() for c in r] for r in rows]
    widths = [len(h) + 2 for h in columns]
    if cells:
        widths = [
            max(w, *map(len, col)) for w, col in zip(widths, zip(*cells, strict=True), strict=True)
        ]
    right = [a == "right" and bool(rows) for a in align]  # tabulate: no rows, all flush left
    fields = [f"{{:{'>' if r else '<'}{w}}}" for r, w in zip(right, widths, strict=True)]
    template = ("| " + " | ".join(fields) + " |") if pipes else "  ".join(fields)

    def line(values: list[str]) -> str:
        return template.format(*values).rstrip()

    rule = (
        ("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        if pipes
        else ("  ".join("-" * w for w in widths))
    )
    return "\n".join([line(columns), rule.rstrip(), *(line(r) for r in cells)])


def render_csv(table: Table) -> str:
    """CSV (RFC 4180, LF line ends) with formula-leading text cells neutralised."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(c) if isinstance(c, str) else _machine(c) for c in row])
    return buffer.getvalue()


def _csv_text(cell: str) -> str:
    """A neutralised text cell whose line breaks are all LF: the writer quotes a cell holding
    its line terminator, so a bare CR would otherwise go out unquoted and split the row."""
    return neutralise(cell).replace("\r\n", "\n").replace("\r", "\n")


def render_tables(tables: Sequence[Table], fmt: str) -> str:
    """Several tables one after another (CSV: separated by a blank line)."""
    return "\n".join(render_table(t, fmt) for t in tables)


def to_json(data: object) -> str:
    """Deterministic, human-readable JSON."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _machine(cell: Cell) -> str:
    """A number as machine formats keep it (whole numbers without a decimal point, others to
    six decimals, as in JSON); anything else as displayed."""
    if _is_number(cell):
        return str(json_number(float(cell)))  # type: ignore[arg-type]
    return _text(cell)
