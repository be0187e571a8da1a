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
    # the grade reached by a 16-bit uniform u: offsets -s..-1, 1..s each for p / 2s of the
    # 65,536 values, no move for the rest; then clipped to the scale and looked up
    rules = sorted({(float(p[r]), int(s[r])) for r in movers})
    u16 = np.arange(1 << 16)
    offsets = []
    for pr, st in rules:
        k = np.minimum(u16 * (2 * st) // round(pr * (1 << 16)), 2 * st)
        offsets.append(np.where(k < st, k - st, np.where(k < 2 * st, k - st + 1, 0)))
    rule = np.searchsorted([r[0] * 1000 + r[1] for r in rules], p[movers] * 1000 + s[movers])
    lv = levels[movers]
    steps = max(r[1] for r in rules) if rules else 0
    reach = np.arange(-steps, steps + 1)
    reached = np.clip(lv[:, :, None] + reach, 0, top_level[None, :, None])  # (m, f, offsets)
    value_of = table[np.arange(factors)[None, :, None], reached].astype(np.int16).ravel()
    base_index = ((np.arange(len(movers))[:, None] * factors + np.arange(factors)) * len(reach)
                  + steps).astype(np.int32)  # fmt: skip
    offset_lut = np.stack(offsets).astype(np.int8) if rules else np.zeros((0, 1 << 16), np.int8)
    rule_base = (rule.astype(np.int32) << 16)[:, None]
    harm_f, like_f = np.flatnonzero(harm_w), np.flatnonzero(like_w)
    plain_h, plain_l = bool(np.all(harm_w[harm_f] == 1)), bool(np.all(like_w[like_f] == 1))
    flat_lut = offset_lut.ravel()
    rng = np.random.default_rng(seed)
    hist = np.zeros(rows * width, dtype=np.int64)
    high = np.zeros(rows, dtype=np.int64)
    positions = np.arange(width)
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        size = n * len(movers) * factors
        u = np.frombuffer(rng.bytes(2 * size), dtype=np.uint16).reshape(n, len(movers), factors)
        offset = flat_lut.take(u + rule_base)
        values = value_of.take(offset + base_index)
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
