"""Drawing each issue's perturbed (harm, likelihood) as one integer ranking code.

An issue's harm and likelihood are functions of different grades, each perturbed independently,
so their distributions are computed exactly beforehand, section by section and factor by factor
(:func:`section_law`). The joint distribution over the ranking codes (:func:`pair_codes`: 0 is the
highest (risk, harm, likelihood)) is then sampled by the alias method: one 32-bit random number per
moving issue per draw, its top bits choosing a cell and the rest deciding between the cell's own
code and its alias. Probabilities are held to 2**-(32 - cell bits), far below Monte Carlo error.

Random numbers come in blocks of :data:`BLOCK` draws. Block ``b`` has its own Philox stream,
seeded by ``SeedSequence(seed, spawn_key=(b,))``, so a draw's numbers depend only on the seed and
the draw's index: not on the chunk size, the number of worker processes or the total draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from csscore.errors import ConfigError
from csscore.model.matrix import Matrix

#: Draws per random-number block (the unit of seeding; fixed, so the output never depends on it).
BLOCK = 64
#: Most distinct values one section may take, and most cells in one issue's alias table.
MAX_VALUES = 4096
MAX_CELL_BITS = 14
_BATCH = 2048  # rows of alias tables built at once
#: (probabilities, packed keys) of each cell, both (rows, width).
Cells = tuple[np.ndarray, np.ndarray]


def level_probabilities(
    levels: np.ndarray, count: int, p_move: np.ndarray, max_step: np.ndarray
) -> np.ndarray:
    """(rows, count): the law of each row's perturbed level (moves of 1..s either way, clipped)."""
    rows = len(levels)
    out = np.zeros((rows, count))
    r = np.arange(rows)
    moves = max_step > 0
    np.add.at(out, (r, levels), np.where(moves, 1 - p_move, 1.0))
    share = np.where(moves, p_move / (2 * np.maximum(max_step, 1)), 0.0)
    for step in range(1, int(max_step.max(initial=0)) + 1):
        each = np.where(step <= max_step, share, 0.0)
        for sign in (-1, 1):
            np.add.at(out, (r, np.clip(levels + sign * step, 0, count - 1)), each)
    return out


def _combine(rule: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.maximum(a, b) if rule == "max" else a * b if rule == "product" else a + b
    return out


def section_law(
    matrix: Matrix,
    section_id: str,
    levels: np.ndarray,
    p_move: np.ndarray,
    max_step: np.ndarray,
    laws: Sequence[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, law, base): the distinct values the section can take (sorted), each row's
    probability of each (rows, values) and the index of its value at the graded levels. With
    ``laws`` (one (rows, levels) array per factor), each grade follows its law instead of the
    confidence perturbation."""
    section = matrix.section(section_id)
    rule = section.combine if section else "sum"
    rows = len(levels)
    values = np.zeros(1) if rule in ("sum", "weighted_sum") else None
    law = np.ones((rows, 1))
    base = np.zeros(rows, dtype=np.intp)
    for f in matrix.indices(section_id):
        count = int(matrix.level_counts[f])
        v = matrix.value_table[f, :count]
        if rule == "weighted_sum":
            v = v * matrix.factors[f].weight
        grid = v[None, :] if values is None else _combine(rule, values[:, None], v[None, :])
        values, inverse = np.unique(grid.ravel(), return_inverse=True)
        if len(values) > MAX_VALUES:
            raise ConfigError.at(
                matrix.name,
                f"section {section_id} takes more than {MAX_VALUES} distinct values; "
                "sensitivity cannot tabulate it",
            )
        if laws is not None:
            probs = laws[f]
        else:
            probs = level_probabilities(levels[:, f], count, p_move, max_step)
        joint = (law[:, :, None] * probs[:, None, :]).reshape(rows, -1)
        order = np.argsort(inverse, kind="stable")
        starts = np.searchsorted(inverse[order], np.arange(len(values)))
        law = np.add.reduceat(joint[:, order], starts, axis=1)
        base = inverse.reshape(grid.shape)[base, levels[:, f]]
    assert values is not None
    return values, law, base


def pair_codes(harm: np.ndarray, likelihood: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, risk): codes[h, l] orders (harm[h], likelihood[l]) pairs as the ranking rule does
    (0 = highest risk, then harm, then likelihood); risk[code] is that pair's risk."""
    h, lk = np.meshgrid(harm, likelihood, indexing="ij")
    risk = h * lk  # the same float operation as scoring.score_values
    order = np.lexsort((-lk.ravel(), -h.ravel(), -risk.ravel()))
    codes = np.empty(order.size, dtype=np.int64)
    codes[order] = np.arange(order.size)
    return codes.reshape(h.shape), risk.ravel()[order]


def compress(law: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's values of non-zero probability first: (indices, probabilities), equal width."""
    nonzero = law > 0
    width = max(1, int(nonzero.sum(axis=1).max(initial=1)))
    index = np.argsort(~nonzero, axis=1, kind="stable")[:, :width]
    return index, np.take_along_axis(law, index, axis=1)


def alias_tables(prob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keep, alias), both (rows, cells): Vose's alias method, run on every row in lockstep.

    A uniform cell c keeps its own outcome with probability keep[c], else takes alias[c]."""
    rows, cells = prob.shape
    q = (prob * (cells / prob.sum(axis=1, keepdims=True))).ravel()
    small = q.reshape(rows, cells) < 1.0
    base = np.arange(rows) * cells
    perm = (np.argsort(~small, axis=1, kind="stable") + base[:, None]).ravel()  # smalls first
    n_small = small.sum(axis=1)
    keep = np.ones(rows * cells)
    alias = np.tile(np.arange(cells), rows)
    i = base.copy()  # next small, as an index into perm
    end_small = base + n_small
    last = base + cells - 1
    j = np.minimum(end_small, last)  # the current large, as an index into perm
    w = q[perm[j]]
    for _ in range(cells):
        large = perm[j]
        nxt = perm[np.minimum(j + 1, last)]
        at_last = j == last
        fill = (i < end_small) & ((w > 1.0) | at_last)
        s = perm[np.minimum(i, last)]
        q_s = q[s]
        cell = np.where(fill, s, large)
        done = ~fill & at_last
        keep[cell] = np.where(fill, q_s, np.where(done, 1.0, np.minimum(w, 1.0)))
        alias[cell] = np.where(fill | done, large, nxt) - base
        w = np.where(fill, w - (1.0 - q_s), np.where(done, w, q[nxt] - (1.0 - w)))
        i += fill
        j = np.where(fill | done, j, np.minimum(j + 1, last))
    return keep.reshape(rows, cells), alias.reshape(rows, cells)


class Sampler:
    """Draws the packed sort keys of the moving rows, block by block.

    ``keys[r, c]`` is the packed key (code << slot bits | slot) of row r's cell c; ``entry`` packs
    each cell's keep threshold (high bits) and alias cell (low ``bits``)."""

    def __init__(
        self, seed: int, rows: int, width: int, cells_of: Callable[[slice], Cells]
    ) -> None:
        """``cells_of(rows)`` gives (probabilities, packed keys), each (rows, width), for a slice
        of the moving rows; tables are built a batch of rows at a time to bound memory."""
        self.bits = max(1, (width - 1).bit_length())
        cells = 1 << self.bits
        if self.bits > MAX_CELL_BITS:
            raise ConfigError.at("sensitivity", "too many reachable scores per issue to tabulate")
        span = 1 << (32 - self.bits)
        entries, all_keys = [], []
        for start in range(0, rows, _BATCH):
            prob, keys = cells_of(slice(start, min(start + _BATCH, rows)))
            prob = np.pad(prob, ((0, 0), (0, cells - width)))
            all_keys.append(np.pad(keys, ((0, 0), (0, cells - width)), mode="edge"))
            keep, alias = alias_tables(prob)
            alias = np.where(keep >= 1.0, np.arange(cells)[None, :], alias)
            threshold = np.minimum(np.floor(keep * span), span - 1).astype(np.uint32)
            entries.append((threshold << np.uint32(self.bits)) | alias.astype(np.uint32))
        self.entry = np.concatenate(entries).ravel() if entries else np.zeros(0, np.uint32)
        self.keys = np.concatenate(all_keys).ravel() if all_keys else np.zeros(0, np.int16)
        self.base = (np.arange(rows, dtype=np.uint32) << np.uint32(self.bits))[:, None]
        self.rows = rows
        self.seed = seed

    def block(self, index: int, count: int) -> np.ndarray:
        """Packed keys (rows, count) of the first ``count`` draws of block ``index``."""
        stream = np.random.Philox(np.random.SeedSequence(self.seed, spawn_key=(index,)))
        size = self.rows * BLOCK
        x = stream.random_raw((size + 1) // 2).view(np.uint32)[:size]
        x = x.reshape(self.rows, BLOCK)[:, :count]
        shift = np.uint32(32 - self.bits)
        cell = x >> shift
        cell += self.base
        entry = self.entry.take(cell)
        mask = np.uint32((1 << self.bits) - 1)
        primary = (x << np.uint32(self.bits)) < (entry & ~mask)
        chosen = np.where(primary, cell, (entry & mask) + self.base)
        out: np.ndarray = self.keys.take(chosen)
        return out
