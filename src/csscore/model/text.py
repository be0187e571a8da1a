"""The one text-folding rule: how issue names and labels compare, whatever their spelling."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-]+")


@lru_cache(maxsize=16384)
def issue_key(name: str) -> str:
    """Fold an issue name so that trivially different spellings compare equal."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return _SEPARATORS.sub(" ", text).strip()
