"""Ranks of many Monte Carlo draws at once: the plain ranking rule (risk, harm, likelihood
descending; equal issues share the best rank) by one sort along the district axis."""

from __future__ import annotations

import numpy as np

from csscore.model.matrix import Matrix
from csscore.scoring.ranks import ranks_from_order


class Codes:
    """Dense integer codes of exact float values, growing as new values appear."""

    def __init__(self) -> None:
        self.known = np.empty(0)

    def encode(self, x: np.ndarray) -> tuple[np.ndarray, bool]:
        """(codes, grew): codes index ``known``; ``grew`` when new values were added."""
        grew = False
        while True:
            idx = np.searchsorted(self.known, x)
            np.minimum(idx, max(len(self.known) - 1, 0), out=idx)
            if len(self.known) and np.array_equal(self.known[idx], x):
                return idx, grew
            missing = x if not len(self.known) else x[self.known[idx] != x]
            self.known = np.union1d(self.known, np.unique(missing))
            grew = True


def integral(matrix: Matrix) -> bool:
    """Whether harm and likelihood are always whole numbers (so they can index a table)."""
    values = matrix.value_table[np.isfinite(matrix.value_table)]
    weights = np.array([f.weight for f in matrix.factors])
    weighted = any(s.combine == "weighted_sum" for s in matrix.sections)
    return bool(np.all(values == np.round(values))) and (
        not weighted or bool(np.all(weights == np.round(weights)))
    )


class DrawRanker:
    """Competition ranks of (risk, harm, likelihood), descending, within each district, for
    many draws at once.

    Each (harm, likelihood) pair gets one integer code ordered as the ranking rule orders them;
    the code is packed with the issue's slot in its district, the packed keys are sorted along
    the district axis, and equal codes share the best position (1, 2, 2, 4)."""

    def __init__(self, matrix: Matrix, slots: np.ndarray, sizes: np.ndarray) -> None:
        self.width = int(sizes.max())
        self.bits = max(1, self.width.bit_length())
        self.flat = slots  # per row: district * width + slot in the district
        self.slot = slots % self.width
        self.districts = len(sizes)
        self.ranges: tuple[int, int, int, int] | None = None
        if integral(matrix):
            h_lo, h_hi = matrix.section_range("harm")
            l_lo, l_hi = matrix.section_range("likelihood")
            if (h_hi - h_lo + 1) * (l_hi - l_lo + 1) <= 1 << 20:
                self.ranges = (int(h_lo), int(h_hi - h_lo) + 1, int(l_lo), int(l_hi - l_lo) + 1)
                self._pairs(np.arange(h_lo, h_hi + 1), np.arange(l_lo, l_hi + 1))
        self.harm, self.like = Codes(), Codes()

    def _pairs(self, harm: np.ndarray, likelihood: np.ndarray) -> None:
        h, lk = np.meshgrid(harm.astype(float), likelihood.astype(float), indexing="ij")
        risk = h * lk  # the same float operation as scoring.score_values
        order = np.lexsort((-lk.ravel(), -h.ravel(), -risk.ravel()))
        codes = np.empty(order.size, dtype=np.int64)
        codes[order] = np.arange(order.size)
        self.pair = codes  # flat: harm code * likelihood codes + likelihood code
        self.n_like = lk.shape[1]

    def _codes(self, harm: np.ndarray, likelihood: np.ndarray) -> np.ndarray:
        if self.ranges is not None:
            h_lo, h_n, l_lo, l_n = self.ranges
            hi = harm.astype(np.intp) - h_lo
            li = likelihood.astype(np.intp) - l_lo
            index = hi * l_n + li
            if hi.min() >= 0 and hi.max() < h_n and li.min() >= 0 and li.max() < l_n:
                out: np.ndarray = self.pair[index]
                return out
            self.ranges = None  # a value outside the section range: use exact codes instead
            self.pair = np.zeros(0, dtype=np.int64)
        hc, grew_h = self.harm.encode(harm)
        lc, grew_l = self.like.encode(likelihood)
        if grew_h or grew_l or self.pair.size == 0:
            self._pairs(self.harm.known, self.like.known)
        out = self.pair[hc * self.n_like + lc]
        return out

    def ranks(self, harm: np.ndarray, likelihood: np.ndarray) -> np.ndarray:
        """Ranks shaped like ``harm``: (draws, rows)."""
        code = self._codes(harm, likelihood)  # 0 = the highest (risk, harm, likelihood)
        last = self.pair.size
        dtype = np.int32 if (last + 1) << self.bits < 2**31 else np.int64
        draws = harm.shape[0]
        flat = np.full((draws, self.districts * self.width), last << self.bits, dtype)
        flat[:, self.flat] = (code << self.bits) | self.slot
        packed = flat.reshape(draws, self.districts, self.width)
        packed.sort(axis=-1)
        order = (packed & ((1 << self.bits) - 1)).astype(np.intp)
        key = packed >> self.bits
        new = np.empty(key.shape, dtype=bool)
        new[..., 0] = True
        np.not_equal(key[..., 1:], key[..., :-1], out=new[..., 1:])
        rank = ranks_from_order(order, new, dtype)
        out: np.ndarray = rank.reshape(draws, -1)[:, self.flat]
        return out
