"""The floor for the sensitivity Monte Carlo: a plain numpy loop with the same outputs.

Per chunk of 64 draws it draws one float32 uniform per moving grade, moves and clips levels, looks
up values, sums the harm and likelihood sections, ranks each district by one argsort of a
combined integer key (risk, then harm, then likelihood; equal issues share the best rank) and
counts the rank histogram and the highest band with bincount. No tabulated laws, no packing:
what a careful analyst would write. It handles matrices whose sections combine by ``sum`` or
``weighted_sum`` with whole-number values and weights (the shipped MoRiLE matrices).

``benchmarks/bench_uncertainty.py`` times it beside csscore and checks csscore's probabilities
against it; ``tests/uncertainty/test_floor.py`` does the same on small cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csscore.model.district import DistrictAssessment
from csscore.uncertainty.montecarlo import risk_matrix, row_perturbations

CHUNK = 64


@dataclass(frozen=True)
class FloorResult:
    rank_hist: np.ndarray  # (rows, width): draws with rank r + 1
    high_band: np.ndarray  # (rows,)
    draws: int

    def p_top(self, top: int) -> np.ndarray:
        out: np.ndarray = self.rank_hist[:, :top].sum(axis=1) / self.draws
        return out


def floor(assessments: Sequence[DistrictAssessment], draws: int, seed: int) -> FloorResult:
    """Simulate every district (all the same size) with a plain loop."""
    full = assessments[0].matrix
    matrix = risk_matrix(full)
    keep = [i for i, f in enumerate(full.factors) if f.section in ("harm", "likelihood")]
    levels = np.concatenate([a.levels[:, keep] for a in assessments])
    rows, factors = levels.shape
    width = len(assessments[0].issues)
    districts = len(assessments)
    rules = row_perturbations(full, [c for a in assessments for c in a.confidence])
    p = np.array([r.p_move if r else 0.0 for r in rules])
    s = np.array([r.max_step if r else 0 for r in rules])
    movers = np.flatnonzero((p > 0) & (s > 0))
    weight = np.array([f.weight for f in matrix.factors])
    harm_w = np.where([f.section == "harm" for f in matrix.factors], weight, 0).astype(np.int16)
    like_w = np.where([f.section == "likelihood" for f in matrix.factors], weight, 0)
    like_w = like_w.astype(np.int16)
    table = np.nan_to_num(matrix.value_table).astype(np.int16)
    top_level = matrix.level_counts - 1
    h_max = int(table.max(axis=1).astype(np.int64) @ harm_w) + 1
    l_max = int(table.max(axis=1).astype(np.int64) @ like_w) + 1
    highest = matrix.bands[-1].min
    base_values = table[np.arange(factors), levels]
    base_harm, base_like = base_values @ harm_w, base_values @ like_w
    pm = p[movers].astype(np.float32)[:, None]
    sm = s[movers].astype(np.int16)[:, None]
    scale = (2 * sm / pm).astype(np.float32)
    # offset by cell k = floor(u * 2s / p): -s..-1 for k < s, 1..s for s <= k < 2s, else 0
    steps = np.unique(sm)
    lut = np.concatenate([np.r_[np.arange(-t, 0), np.arange(1, t + 1), 0] for t in steps])
    lut_base = np.concatenate([[0], np.cumsum(2 * steps + 1)])[np.searchsorted(steps, sm)]
    lut, lut_base, cap = lut.astype(np.int16), lut_base.astype(np.int16), 2 * sm
    lv = levels[movers].astype(np.int16)
    top_level = top_level.astype(np.int16)
    factor = np.arange(factors)
    harm_f, like_f = np.flatnonzero(harm_w), np.flatnonzero(like_w)
    plain_h, plain_l = bool(np.all(harm_w[harm_f] == 1)), bool(np.all(like_w[like_f] == 1))
    rng = np.random.default_rng(seed)
    hist = np.zeros(rows * width, dtype=np.int64)
    high = np.zeros(rows, dtype=np.int64)
    positions = np.arange(width)
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        u = rng.random((n, len(movers), factors), dtype=np.float32)
        k = np.minimum((u * scale).astype(np.int16), cap)
        offset = lut[k + lut_base]
        level = np.clip(lv + offset, 0, top_level)
        values = table[factor, level]
        harm = np.broadcast_to(base_harm, (n, rows)).copy()
        like = np.broadcast_to(base_like, (n, rows)).copy()
        harm[:, movers] = (
            values[..., harm_f].sum(axis=-1, dtype=np.int16) if plain_h else values @ harm_w
        )
        like[:, movers] = (
            values[..., like_f].sum(axis=-1, dtype=np.int16) if plain_l else values @ like_w
        )
        risk = harm.astype(np.int32) * like
        high += np.count_nonzero(risk >= highest, axis=0)
        key = -((risk * h_max + harm) * l_max + like).reshape(n, districts, width)
        order = np.argsort(key, axis=-1)
        ordered = np.take_along_axis(key, order, axis=-1)
        new = np.ones(ordered.shape, dtype=bool)
        new[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
        rank0 = np.maximum.accumulate(np.where(new, positions, 0), axis=-1)
        row = order + (np.arange(districts) * width)[None, :, None]
        hist += np.bincount((row * width + rank0).ravel(), minlength=rows * width)
        done += n
    return FloorResult(hist.reshape(rows, width), high, draws)
