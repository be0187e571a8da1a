"""What ``csscore evidence`` writes: the evidence rows as one table."""

from __future__ import annotations

from collections.abc import Sequence

from csscore.evidence.grading import COLUMNS, EvidenceRow
from csscore.views.table import Table


def evidence_table(rows: Sequence[EvidenceRow]) -> Table:
    """district, issue (the vocabulary's name), issue_id, count, rate_per_1000, trend_change,
    frequency, trend, notes (a blank cell: no value)."""
    cells = tuple(
        (
            r.district,
            r.name,
            r.issue,
            r.count,
            r.rate_per_1000,
            r.trend_change,
            r.frequency,
            r.trend,
            r.notes,
        )
        for r in rows
    )
    return Table("", COLUMNS, cells)
