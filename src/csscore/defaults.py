"""The defaults, in one place: the matrix, vocabulary, CSA and plan a command uses when it is
given none.
"""

from __future__ import annotations

DEFAULT_MATRIX = "morile-csp"
DEFAULT_TAXONOMY = "community-safety"
DEFAULT_CSA = "kent-2017"
DEFAULT_PLAN = "safer-in-kent-2017"
