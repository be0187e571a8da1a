"""Text folding, in one place: how names and labels compare, whatever their spelling.

Every rule starts from :func:`fold_case` (Unicode NFKC, then case folded). :func:`issue_key` is
the rule for issue names and the vocabulary; the others keep the equivalence their inputs have
always had: grade labels (:func:`label_key`), crime categories (:func:`category_key`) and place
names (:func:`place_key`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold_case(text: str) -> str:
    """Unicode-compatible, case-insensitive form: NFKC, then casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=16384)
def issue_key(name: str) -> str:
    """Fold an issue name so that trivially different spellings compare equal: case, and runs
    of spaces, hyphens and underscores, do not matter."""
    return _SEPARATORS.sub(" ", fold_case(name)).strip()


def label_key(text: str) -> str:
    """Fold a grade label for matching: case, spaces, hyphens and underscores do not matter."""
    return _SEPARATORS.sub("-", fold_case(text).strip())


def category_key(text: str) -> str:
    """Fold a crime category name for matching: case and runs of spaces do not matter."""
    return " ".join(fold_case(text).split())


def place_key(text: str) -> str:
    """Fold a place name: case, spacing, punctuation and '&' against 'and' do not matter."""
    return _NOT_ALNUM.sub("-", fold_case(text).replace("&", " and ")).strip("-")
