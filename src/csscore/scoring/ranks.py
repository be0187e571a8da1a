"""Competition ranking, the one tie rule of csscore ("1224" ranking).

Items are ordered by their keys, highest first, the first key deciding and later keys breaking its
ties. Items equal on every key share the best rank of their group, and the next item's rank
counts every item above it: ranks 1, 2, 2, 4. A tie-break key only orders the items of a tie for
listing; it never changes a rank. Everything works along the last axis, so many rankings (districts,
Monte Carlo draws) are ranked by the same array operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike


def ranks_from_order(
    order: np.ndarray, new_group: np.ndarray, dtype: DTypeLike = np.int64
) -> np.ndarray:
    """Ranks along the last axis from a listing order and where each tie group begins in it.

    ``order[..., k]`` is the index of the item listed k-th; ``new_group[..., k]`` is True where
    that item differs from the one listed before it (True at ``k = 0``).
    """
    position = np.arange(1, order.shape[-1] + 1, dtype=dtype)
    start = np.where(new_group, position, 0).astype(dtype)
    np.maximum.accumulate(start, axis=-1, out=start)
    rank = np.empty_like(start)
    np.put_along_axis(rank, order, start, axis=-1)
    return rank


def competition_order(
    keys: Sequence[np.ndarray], tiebreak: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(order, rank) along the last axis: keys descending, the first key first; ``tiebreak``
    (ascending) lists tied items and otherwise the input order does."""
    sort_keys = [-np.asarray(k) for k in reversed(keys)]
    if tiebreak is not None:
        sort_keys.insert(0, np.broadcast_to(tiebreak, sort_keys[0].shape))
    order = np.lexsort(sort_keys, axis=-1)
    ordered = np.stack([np.take_along_axis(np.asarray(k), order, axis=-1) for k in keys])
    new_group = np.ones(order.shape, dtype=bool)
    new_group[..., 1:] = np.any(ordered[..., 1:] != ordered[..., :-1], axis=0)
    return order, ranks_from_order(order, new_group)


def competition_ranks(*keys: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, keys descending, the first key first."""
    return competition_order(keys)[1]
