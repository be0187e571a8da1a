"""Counting what the sensitivity reports from sorted integer keys: rank histograms, the highest
band and themes by CSP.

Each row's sort key packs its ranking code above its slot in the district (``code << bits |
slot``), small enough for int16 where it fits. A draw's keys are laid out as districts x width
(shorter districts padded with a key that sorts last), sorted along the district axis, and equal
codes share the best position (1, 2, 2, 4). Nothing per issue is recomputed in floating point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Layout:
    """Where each row sits in the districts x width sort buffer, and its packing."""

    width: int
    bits: int  # slot bits of a packed key
    position: np.ndarray  # per row: district * width + slot
    row_at: np.ndarray  # per position: its row, or ``rows`` for padding
    dtype: type[np.signedinteger]  # of a packed key
    padding: np.ndarray  # per position: the key of an empty slot (sorts after every issue)

    @classmethod
    def build(cls, sizes: np.ndarray, codes: int) -> Layout:
        width = int(sizes.max())
        bits = max(1, (width - 1).bit_length())
        starts = np.concatenate([[0], np.cumsum(sizes)])
        rows = int(starts[-1])
        district = np.repeat(np.arange(len(sizes)), sizes)
        slot = np.arange(rows) - starts[district]
        position = district * width + slot
        row_at = np.full(len(sizes) * width, rows, dtype=np.intp)
        row_at[position] = np.arange(rows)
        top_key = (codes << bits) | (width - 1)
        dtype = np.int16 if top_key < 2**15 else np.int32 if top_key < 2**31 else np.int64
        padding = ((codes << bits) | (np.arange(len(row_at)) % width)).astype(dtype)
        return cls(width, bits, position, row_at, dtype, padding)

    def pack(self, codes: np.ndarray) -> np.ndarray:
        """Packed keys of every row's code (codes shaped (..., rows))."""
        slot = self.position % self.width
        out: np.ndarray = ((codes.astype(np.int64) << self.bits) | slot).astype(self.dtype)
        return out


class Tally:
    """Accumulates rank histograms, highest-band counts and theme counts over chunks of draws."""

    def __init__(
        self,
        layout: Layout,
        rows: int,
        high_keys: int,
        themes: ThemeBits | None,
    ) -> None:
        self.layout = layout
        self.rows = rows
        self.high_keys = high_keys  # a key below this is in the highest band
        self.themes = themes
        self.hist = np.zeros(rows * layout.width, dtype=np.int64)
        self.high = np.zeros(rows, dtype=np.int64)
        self.theme_hist = np.zeros(themes.shape if themes else (0, 0), dtype=np.int64)

    def sorted_ranks(self, buffer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sort (draws, positions) keys in place per district; (0-based ranks, positions), both
        in sorted order, shaped (draws, districts, width).

        The tie rule is :mod:`csscore.scoring.ranks`'s, applied to packed integer keys with one
        running maximum over the whole buffer rather than one per district: the inner loop of
        the Monte Carlo, kept separate for its measured speed (docs/performance.md); tests
        check its ranks against the plain scorer's."""
        lay = self.layout
        packed = buffer.reshape(buffer.shape[0], -1, lay.width)
        packed.sort(axis=-1)
        code = packed >> lay.bits
        index = np.int32 if packed.size < 2**31 else np.int64
        lines = packed.size // lay.width
        offset = (np.arange(lines, dtype=index) * lay.width).reshape(*packed.shape[:-1], 1)
        start = np.zeros(packed.shape, dtype=index)
        new = code[..., 1:] != code[..., :-1]
        np.multiply(new, np.arange(1, lay.width, dtype=index), out=start[..., 1:])
        start += offset  # one running maximum over the whole buffer: each line starts higher
        flat = start.reshape(-1)
        np.maximum.accumulate(flat, out=flat)
        start -= offset
        district = (np.arange(packed.shape[1], dtype=index) * lay.width)[None, :, None]
        position: np.ndarray = np.add(
            np.bitwise_and(packed, (1 << lay.bits) - 1), district, dtype=index
        )
        return start, position

    def add(self, buffer: np.ndarray) -> None:
        """Count one chunk: ``buffer`` (draws, positions) of packed keys (sorted in place)."""
        rank, position = self.sorted_ranks(buffer)
        lay = self.layout
        row = lay.row_at[position]
        row *= lay.width
        row += rank
        counted = np.bincount(row.ravel(), minlength=(self.rows + 1) * lay.width)
        self.hist += counted[: self.rows * lay.width]
        if self.themes is not None:
            counts = self.themes.counts(rank, position)
            self.theme_hist += self.themes.histogram(counts)

    def add_high(self, rows: np.ndarray, keys: np.ndarray) -> None:
        """Count the highest band for ``rows`` given their keys (rows, draws)."""
        self.high[rows] += np.count_nonzero(keys < self.high_keys, axis=1)


def plain_ranks(tally: Tally, rank: np.ndarray, position: np.ndarray) -> np.ndarray:
    """1-based competition ranks per row of one draw, from :meth:`Tally.sorted_ranks`."""
    out = np.empty(tally.rows + 1, dtype=np.int64)
    out[tally.layout.row_at[position.ravel()]] = rank.ravel() + 1
    return out[: tally.rows]


class ThemeBits:
    """Counts, per draw, the CSPs whose districts rank an issue of each theme in their top N.

    Each position carries its row's themes as bits (63 a word); a district's themes are the OR
    of its top-N positions' bits, a CSP's the OR of its districts'."""

    def __init__(
        self, covers: np.ndarray, csp: np.ndarray, csps: int, top: int, layout: Layout
    ) -> None:
        self.n_themes = covers.shape[1]
        districts = len(layout.row_at) // layout.width
        self.top = top
        self.csps = csps
        self.shape = (self.n_themes, csps + 1)
        padded = np.zeros((len(layout.row_at), self.n_themes), dtype=bool)
        padded[layout.position] = covers
        self.words = [
            (padded[:, w : w + 63] * (np.int64(1) << np.arange(min(63, self.n_themes - w)))).sum(
                axis=1
            )
            for w in range(0, self.n_themes, 63)
        ]
        district_csp = np.full(districts, -1, dtype=np.int64)
        district_csp[layout.position // layout.width] = csp
        inside = np.flatnonzero(district_csp >= 0)
        self.districts = inside[np.argsort(district_csp[inside], kind="stable")]
        grouped = district_csp[self.districts]
        self.starts = (
            np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(grouped) else grouped
        )

    def counts(self, rank: np.ndarray, position: np.ndarray) -> np.ndarray:
        """(draws, themes): CSPs identifying each theme, from sorted ranks and positions."""
        draws = rank.shape[0]
        out = np.zeros((draws, self.n_themes), dtype=np.int64)
        if not len(self.districts):
            return out
        width = min(self.top, rank.shape[-1])
        while width < rank.shape[-1] and np.any(rank[..., width] < self.top):
            width += 1  # ties at rank N reach further down the sorted districts
        rank, position = rank[..., :width], position[..., :width]
        in_top = rank < self.top
        for w, bits in enumerate(self.words):
            mask = np.bitwise_or.reduce(np.where(in_top, bits[position], 0), axis=-1)
            per_csp = np.bitwise_or.reduceat(mask[:, self.districts], self.starts, axis=1)
            for t in range(min(63, self.n_themes - 63 * w)):
                out[:, 63 * w + t] = np.count_nonzero((per_csp >> t) & 1, axis=1)
        return out

    def histogram(self, counts: np.ndarray) -> np.ndarray:
        index = counts + np.arange(self.n_themes) * (self.csps + 1)
        out: np.ndarray = np.bincount(index.ravel(), minlength=self.shape[0] * self.shape[1])
        return out.reshape(self.shape)
