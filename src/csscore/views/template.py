"""``csscore init``: the blank district table listing the standard issue vocabulary."""

from __future__ import annotations

from csscore.model.matrix import Matrix
from csscore.model.vocabulary import Vocabulary
from csscore.views.table import Table


def template_table(matrix: Matrix, vocabulary: Vocabulary) -> Table:
    """Header ``issue``, one column per factor, ``confidence``, ``selected``, ``notes``; a row per issue."""
    columns = ("issue", *matrix.factor_ids, "confidence", "selected", "notes")
    rows = tuple((issue.label, *([""] * (len(columns) - 1))) for issue in vocabulary.issues)
    return Table("", columns, rows)
