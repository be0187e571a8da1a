"""The workshop's export: a partner-column district file of everything saved.

Columns are a district file's (``issue``, each factor, ``confidence``, ``notes``) with ``partner``
after ``issue``; one row per issue per partner who saved anything, issues in the file's order,
then partners by name. Grades a partner left blank stay blank. The same database gives the same
bytes on every run.
"""

from __future__ import annotations

import csv
import io

from csscore.render.safety import neutralise, xml_text
from csscore.workshop.store import Saved, Store


def export_rows(store: Store) -> list[list[str]]:
    """The header, then a row per issue per partner (issue order, then partner name)."""
    factors = store.assessment.matrix.factor_ids
    saved: dict[tuple[str, str], Saved] = {(s.issue, s.partner): s for s in store.saved()}
    partners = sorted({s.partner for s in saved.values()}, key=lambda n: (n.casefold(), n))
    rows = [["issue", "partner", *factors, "confidence", "notes"]]
    for issue in store.assessment.issues:
        for partner in partners:
            held = saved.get((issue, partner))
            if held is None:
                rows.append([issue, partner, *("" for _ in factors), "", ""])
            else:
                grades = [held.grades.get(f, "") for f in factors]
                rows.append([issue, partner, *grades, held.confidence, held.notes])
    return rows


def export_csv(store: Store) -> str:
    """The export as CSV (RFC 4180, LF line ends), formula-leading text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in export_rows(store):
        writer.writerow([_cell(c) for c in row])
    return buffer.getvalue()


def export_xlsx(store: Store) -> bytes:
    """The export as a one-sheet workbook with fixed timestamps (same bytes on every run)."""
    from datetime import datetime

    from csscore.extras import require_extra

    require_extra("openpyxl", "excel", "writing .xlsx", "xlsx")
    import openpyxl

    from csscore.render.formats.archive import fixed_zip
    from csscore.render.formats.workbook_sheets import append_row, print_setup

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "partners"
    for row in export_rows(store):  # texts kept, marked as text where they start like a formula
        append_row(sheet, row)
    print_setup(sheet)
    book.properties.created = datetime(2000, 1, 1)
    book.properties.modified = datetime(2000, 1, 1)
    book.properties.creator = "csscore"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue())


def _cell(text: str) -> str:
    return xml_text(neutralise(text)).replace("\r\n", "\n").replace("\r", "\n")
