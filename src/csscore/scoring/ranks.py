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
    width = order.shape[-1]
    start: np.ndarray = np.multiply(new_group, np.arange(1, width + 1, dtype=dtype), dtype=dtype)
    np.maximum.accumulate(start, axis=-1, out=start)
    rank = np.empty_like(start)
    count = int(np.prod(order.shape[:-1], dtype=np.int64))
    lines = (np.arange(count, dtype=np.intp) * width).reshape(*order.shape[:-1], 1)
    rank.reshape(-1)[(order + lines).reshape(-1)] = start.reshape(-1)
    return rank


def competition_order(
    keys: Sequence[np.ndarray], tiebreak: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(order, rank) along the last axis: keys descending, the first key first; ``tiebreak``
    (ascending) lists tied items and otherwise the input order does. ``keys``: one or more
    arrays of one shape, with at least one axis."""
    arrays = [np.asarray(k) for k in keys]
    packed = _packed(arrays, tiebreak)
    if packed is not None:  # small whole numbers (every score csscore gives): one integer sort
        key, below = packed
        key.sort(axis=-1)
        width = key.shape[-1]
        order = (key % width).astype(np.intp)
        code = key // below
        new_group = np.ones(order.shape, dtype=bool)
        np.not_equal(code[..., 1:], code[..., :-1], out=new_group[..., 1:])
        return order, ranks_from_order(order, new_group)
    sort_keys = [-k for k in reversed(arrays)]
    if tiebreak is not None:
        sort_keys.insert(0, np.broadcast_to(tiebreak, sort_keys[0].shape))
    order = np.lexsort(sort_keys, axis=-1)
    ordered = np.stack([np.take_along_axis(k, order, axis=-1) for k in arrays])
    new_group = np.ones(order.shape, dtype=bool)
    new_group[..., 1:] = np.any(ordered[..., 1:] != ordered[..., :-1], axis=0)
    return order, ranks_from_order(order, new_group)


def _packed(
    keys: Sequence[np.ndarray], tiebreak: np.ndarray | None
) -> tuple[np.ndarray, int] | None:
    """The keys (descending), the tie-break (ascending) and the position along the last axis
    packed into one integer whose ascending order is the listing order, with the divisor that
    leaves only the keys' part; None (the general sort is used) unless there is an item, every
    key is a whole number of magnitude below 2**53 (where a float holds every whole number), the
    tie-break is an integer array and the product of the ranges fits in 62 bits."""
    if keys[0].size == 0:
        return None
    shape = keys[0].shape
    spans: list[tuple[np.ndarray, int, int]] = []  # (values, lowest, range), first key first
    for k in keys:
        if k.shape != shape or k.dtype.kind not in "iuf":
            return None
        lo, hi = k.min(), k.max()
        if not -(2**53) < lo <= hi < 2**53:  # False for NaN too
            return None
        spans.append((k, int(lo), int(hi) - int(lo) + 1))
    width = shape[-1]
    below = width
    if tiebreak is not None:
        tb = np.asarray(tiebreak)
        if tb.dtype.kind not in "iu":  # never empty: it lists the items of a key
            return None
        tie_lo, tie_hi = int(tb.min()), int(tb.max())
        spans.append((tb, tie_lo, tie_hi - tie_lo + 1))
        below *= tie_hi - tie_lo + 1
    total = width
    for _, _, span in spans:
        total *= span
    if total >= 2**62:
        return None
    # int32 when every intermediate fits in it, to halve the memory traffic
    small = total < 2**29 and all(lo > -(2**29) and lo + span < 2**29 for _, lo, span in spans)
    dtype = np.int32 if small else np.int64
    key = np.zeros(shape, dtype=dtype)
    for n, (k, lo, span) in enumerate(spans):
        whole = k.astype(dtype, copy=False)
        if k.dtype.kind == "f" and not np.array_equal(whole, k):
            return None
        key *= span
        key -= lo
        key += whole
        if n == len(keys) - 1:  # the keys counted down from their highest, so that ascending
            np.subtract(total // below - 1, key, out=key)  # order is descending keys
    key *= width
    key += np.arange(width, dtype=dtype)
    return key, below


def competition_ranks(*keys: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, keys descending, the first key first."""
    return competition_order(keys)[1]
