"""Tables in the formats analysts use: terminal, Markdown, HTML, LaTeX booktabs and CSV.

Every table passes through here, so escaping lives in one place: user text is escaped for
Markdown, HTML and LaTeX, and CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from csscore.model.numbers import json_number
from csscore.render.safety import latex_escape, md_escape, neutralise, one_line
from csscore.views.number_format import infer, show
from csscore.views.table import Cell, ColumnRows, Table

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


_NUMBER_TYPES = frozenset((int, float))
#: Cell types that never compare equal across types (True == 1 == 1.0 do), so a column holding
#: only these, or only these and bools, can be shown one distinct value at a time.
_PLAIN_TYPES = frozenset((int, float, str, type(None)))
_FLAG_TYPES = frozenset((bool, str, type(None)))
_TEXT_TYPE = frozenset((str,))


def _columns(table: Table) -> list[tuple[Cell, ...]]:
    """The table's cells a column at a time (as held, for a table made by column)."""
    width = len(table.columns)
    if isinstance(table.rows, ColumnRows):
        if len(table.rows.columns) != width:
            raise ValueError(
                f"table {table.title!r}: {len(table.rows.columns)} columns of cells for {width} names"
            )
        return list(table.rows.columns)
    if table.rows and set(map(len, table.rows)) != {width}:
        raise ValueError(f"table {table.title!r}: a row's length differs from its {width} columns")
    return list(zip(*table.rows, strict=True)) if table.rows else [() for _ in range(width)]


def _kinds(
    table: Table,
    columns: Sequence[tuple[Cell, ...]],
    types: Sequence[set[type]] | None = None,
) -> list[str]:
    """Each column's kind; ``types``: the set of each column's cell types, if known."""
    out = []
    for c, col in enumerate(columns):
        kind = table.kinds[c] if c < len(table.kinds) else ""
        if not kind and any(table.row_kinds):  # rows naming their own kind left out
            kind = infer(
                float(v)  # type: ignore[arg-type]
                for i, v in enumerate(col)
                if _is_number(v) and not (i < len(table.row_kinds) and table.row_kinds[i])
            )
        elif not kind:  # each distinct number once: the kind does not depend on their order
            held = set(map(type, col)) if types is None else types[c]
            if held <= _FLAG_TYPES:  # no number at all
                kind = infer(())
            elif held <= _NUMBER_TYPES and all(map(float.is_integer, map(float, set(col)))):  # type: ignore[arg-type]
                kind = infer((0.0,))  # whole numbers: no decimals
            else:
                numbers = set(col) if held <= _NUMBER_TYPES else filter(_is_number, col)
                kind = infer(float(v) for v in set(numbers))  # type: ignore[arg-type]
        out.append(kind)
    return out


def column_kinds(table: Table) -> list[str]:
    """Each column's number kind: the table's own, else taken from the column's numbers."""
    return _kinds(table, _columns(table))


def _shown(value: Cell, kind: str) -> str:
    return _number(float(value), kind) if _is_number(value) else _text(value)  # type: ignore[arg-type]


def _shown_columns(
    table: Table,
    markdown: bool = False,
    columns: list[tuple[Cell, ...]] | None = None,
    held: list[set[type]] | None = None,
) -> list[list[str]]:
    """Every cell as a displayed format prints it, a column at a time; ``markdown``: text cells
    escaped (a number, yes/no or blank has nothing to escape). A column is shown one distinct
    value at a time where no two of its values compare equal across types. ``columns`` and
    ``held`` (the set of each column's cell types), if given, save finding them again."""
    columns = _columns(table) if columns is None else columns
    out = []
    if any(table.row_kinds):  # rows of measures, each in its own kind: cell by cell
        kinds = cell_kinds(table)
        return [
            [
                md_escape(t) if markdown and isinstance(v, str) else t
                for v, t in (
                    (r[c], _shown(r[c], ks[c])) for r, ks in zip(table.rows, kinds, strict=True)
                )
            ]
            for c in range(len(columns))
        ]
    held = _types(columns) if held is None else held
    for col, kind, types in zip(columns, _kinds(table, columns, held), held, strict=True):
        if types <= _TEXT_TYPE:  # text alone: shown as it is, escaped for Markdown
            text = cast("tuple[str, ...]", col)
            escaped = {v: md_escape(v) for v in set(text)} if markdown else None
            out.append(list(map(escaped.__getitem__, text)) if escaped else list(text))
        elif types <= _NUMBER_TYPES:
            shown = {v: _number(float(v), kind) for v in set(col)}  # type: ignore[arg-type]
            out.append(list(map(shown.__getitem__, col)))
        elif types <= _PLAIN_TYPES or types <= _FLAG_TYPES:
            shown = {v: _shown(v, kind) for v in set(col)}
            if markdown:
                shown = {v: md_escape(t) if isinstance(v, str) else t for v, t in shown.items()}
            out.append(list(map(shown.__getitem__, col)))
        else:
            out.append(
                [
                    md_escape(t) if markdown and isinstance(v, str) else t
                    for v, t in ((v, _shown(v, kind)) for v in col)
                ]
            )
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
    columns = _shown_columns(table)
    return [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in table.rows]


def _types(columns: list[tuple[Cell, ...]]) -> list[set[type]]:
    """The set of each column's cell types."""
    return [set(map(type, col)) for col in columns]


def _alignment(
    table: Table,
    columns: list[tuple[Cell, ...]] | None = None,
    held: list[set[type]] | None = None,
) -> list[str]:
    if table.align:
        return list(table.align)
    columns = _columns(table) if columns is None else columns
    held = _types(columns) if held is None else held
    return [_side(col, types) for col, types in zip(columns, held, strict=True)]


def _side(col: tuple[Cell, ...], types: set[type]) -> str:
    """Right for a column whose filled cells are all numbers (not yes/no), else left; ``types``:
    the set of its cell types."""
    if col and types <= _NUMBER_TYPES:
        return "right"
    if not types & _NUMBER_TYPES and types <= _FLAG_TYPES:
        return "left"  # no number at all
    numeric = None
    for v in col:
        if v is None or (type(v) is str and not v):
            continue
        if not isinstance(v, int | float) or isinstance(v, bool):
            return "left"
        numeric = True
    return "right" if numeric else "left"


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
    by_column = _columns(table)
    held = _types(by_column)
    cells = _shown_columns(table, fmt == "github", by_column, held)
    if fmt == "github":
        columns = [md_escape(c) for c in columns]
    if fmt == "latex_booktabs":  # tabulate escapes the cells; a line break would split a row
        cells = [[one_line(c) for c in col] for col in cells]
        columns = [one_line(c) for c in columns]
    # Markdown cells are escaped text, on one line and stripped (md_escape), or numbers, flags
    # and blanks as shown, none with white space at either end
    align = _alignment(table, by_column, held)
    body = _grid(cells, len(table.rows), columns, align, fmt, stripped=fmt == "github")
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


def _grid(
    cells: list[list[str]],
    count: int,
    columns: list[str],
    align: list[str],
    fmt: str,
    stripped: bool = False,
) -> str:
    """The table body in ``fmt`` from its ``count`` rows of cells, a column at a time
    (``stripped``: no cell begins or ends with white space).
    Plain-text and Markdown grids of one-line cells are padded here, exactly as tabulate pads
    them (cells stripped, each column as wide as its widest cell and at least its heading plus
    two, every line stripped on the right) and without its per-cell type detection, which
    dominates a long appendix; anything else goes to tabulate."""
    plain = (
        fmt in ("simple", "github")
        and columns
        and len(align) == len(columns) == len(cells)
        and set(align) <= {"left", "right"}
    )
    if plain and _SPECIAL.isdisjoint("".join(columns) + "".join(map("".join, cells))):
        return _padded(
            cells if stripped else _stripped(cells), count, columns, align, fmt == "github"
        )
    from tabulate import tabulate

    rows = [list(r) for r in zip(*cells, strict=True)] if cells else [[] for _ in range(count)]
    return str(tabulate(rows, headers=columns, tablefmt=fmt, colalign=align, disable_numparse=True))


def _stripped(cells: list[list[str]]) -> list[list[str]]:
    return [list(map(str.strip, col)) for col in cells]


def _padded(
    stripped: list[list[str]], count: int, columns: list[str], align: list[str], pipes: bool
) -> str:
    widths = [
        max(len(h) + 2, max(map(len, col), default=0))
        for h, col in zip(columns, stripped, strict=True)
    ]
    right = [a == "right" and count > 0 for a in align]  # tabulate: no rows, all flush left
    fields = [f"{{:{'>' if r else '<'}{w}}}" for r, w in zip(right, widths, strict=True)]
    template = ("| " + " | ".join(fields) + " |") if pipes else "  ".join(fields)
    rule = (
        ("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        if pipes
        else ("  ".join("-" * w for w in widths))
    )
    lines = [template.format(*columns).rstrip(), rule.rstrip()]
    lines += [template.format(*values).rstrip() for values in zip(*stripped, strict=True)]
    return "\n".join(lines)


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
