"""Monte Carlo sensitivity of a ranking to the analysts' confidence in their grades.

Perturbation rule (the numbers come from the matrix's ``[confidence.perturbation.*]`` tables):
each harm and likelihood grade of an issue whose confidence has ``p_move = p`` and
``max_step = s`` moves, independently of every other grade, with probability ``p``; a move is
``k`` steps with ``k`` uniform on ``1..s``, up or down with equal chance, so each of the ``2s``
offsets ``-s..-1, 1..s`` has probability ``p / 2s``. The moved grade is clipped to its scale (a
grade at the top of its scale that draws "up" stays where it is). A blank confidence takes the
widest perturbation the matrix defines (an unrecorded confidence is not a high one); a confidence
with no perturbation table does not move. Position factors are not perturbed: they change neither
rank nor band.

Every draw scores all issues of all districts at once (:func:`csscore.scoring.score.score_values` on
arrays shaped ``(draws, rows, factors)``), in chunks that keep ``draws x rows x factors`` under
``CHUNK_BYTES``. Ranks per district per draw use the plain rule (risk, harm, likelihood descending;
equal issues share the best rank) by one sort along an axis. Draw ``d`` always uses the same
random numbers, whatever the chunk size, so a seed fixes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from csscore.errors import ConfigError
from csscore.model.csa import UNCLASSIFIED, Csa
from csscore.model.district import DistrictAssessment
from csscore.model.matrix import Matrix, Perturbation
from csscore.scoring.score import score_values
from csscore.uncertainty.draw_ranks import DrawRanker

#: Memory budget of one chunk's grade values (float64 draws x rows x factors), in bytes: small
#: chunks stay in the processor's cache, which measured faster than large ones.
CHUNK_BYTES = 8 * 1024 * 1024
#: Percentiles of rank reported per issue (inverted CDF: the smallest rank r with P(rank <= r) >= q).
LOW_Q, HIGH_Q = 0.05, 0.95
_MAX_STEP = 127


@dataclass(frozen=True, eq=False)
class ThemeMap:
    """Which issue rows each theme covers, and the CSP each row counts for (-1: not in the CSA)."""

    names: tuple[str, ...]
    covers: np.ndarray  # bool (rows, themes), rows in the order of the assessments given
    csp: np.ndarray  # int per row
    csp_names: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ThemeResult:
    """How many CSPs identify each theme, at the graded scores and across the draws."""

    names: tuple[str, ...]
    csp_names: tuple[str, ...]
    base_count: np.ndarray  # (themes,) CSPs identifying the theme at the graded scores
    hist: np.ndarray  # (themes, csps + 1): draws in which exactly c CSPs identify the theme

    @property
    def p_at_least(self) -> np.ndarray:
        """(themes, csps): P(identified by at least k CSPs) for k = 1..csps."""
        tail = np.cumsum(self.hist[:, ::-1], axis=1)[:, ::-1]
        out: np.ndarray = tail[:, 1:] / self.hist.sum(axis=1, keepdims=True)
        return out

    @property
    def expected(self) -> np.ndarray:
        counts = np.arange(self.hist.shape[1])
        out: np.ndarray = (self.hist @ counts) / self.hist.sum(axis=1)
        return out


@dataclass(frozen=True, eq=False)
class Simulation:
    """Per issue row (assessments in the order given, issues in file order): rank statistics."""

    matrix: Matrix
    assessments: tuple[DistrictAssessment, ...]
    draws: int
    seed: int
    top: int
    starts: np.ndarray  # row index where each district begins (len = districts + 1)
    base_rank: np.ndarray  # plain ranks at the graded scores
    base_band: np.ndarray
    base_risk: np.ndarray
    perturbation: tuple[Perturbation | None, ...]  # per row: the rule that applied
    rank_hist: np.ndarray  # (rows, max issues): draws with rank r + 1
    high_band: np.ndarray  # (rows,) draws in the matrix's highest band
    themes: ThemeResult | None

    def rows(self, district: int) -> slice:
        return slice(int(self.starts[district]), int(self.starts[district + 1]))

    @property
    def p_top(self) -> np.ndarray:
        """P(rank <= top)."""
        out: np.ndarray = self.rank_hist[:, : self.top].sum(axis=1) / self.draws
        return out

    @property
    def p_high_band(self) -> np.ndarray:
        out: np.ndarray = self.high_band / self.draws
        return out

    def rank_quantile(self, q: float) -> np.ndarray:
        """Smallest rank r with P(rank <= r) >= q, per row."""
        cdf = np.cumsum(self.rank_hist, axis=1)
        out: np.ndarray = np.argmax(cdf >= q * self.draws - 1e-9, axis=1) + 1
        return out


def risk_matrix(matrix: Matrix) -> Matrix:
    """The matrix reduced to its harm and likelihood factors (all rank and band depend on)."""
    factors = tuple(f for f in matrix.factors if f.section in ("harm", "likelihood"))
    return replace(
        matrix, factors=factors, grades=(), gap_bands=frozenset(), gap_grades=frozenset()
    )


def row_perturbations(matrix: Matrix, confidence: Sequence[str]) -> list[Perturbation | None]:
    """The perturbation each row's confidence selects (see the module docstring for blanks)."""
    if not matrix.perturbations:
        raise ConfigError.at(
            matrix.where,
            f"matrix {matrix.name} has no [confidence.perturbation.*] tables; sensitivity needs them",
            column="confidence.perturbation",
        )
    by_label = {p.confidence: p for p in matrix.perturbations}
    widest = matrix.widest_perturbation
    for p in matrix.perturbations:
        if p.max_step > _MAX_STEP:
            raise ConfigError.at(
                matrix.where,
                f"max_step {p.max_step} is above the {_MAX_STEP} sensitivity supports",
                column=f"confidence.perturbation.{p.confidence}.max_step",
            )
    return [by_label.get(c) if c else widest for c in confidence]


def theme_map(assessments: Sequence[DistrictAssessment], csa: Csa) -> ThemeMap:
    """Theme membership per issue row (an issue no theme covers falls under "Unclassified") and
    each row's CSP; districts outside the CSA (``in_csa = false``) count for no CSP."""
    keys = [csa.vocabulary.lookup(name) or name for a in assessments for name in a.issues]
    themes = list(csa.themes)
    covers = np.array([[k in t.covers for t in themes] for k in keys], dtype=bool)
    covers = covers.reshape(len(keys), len(themes))
    names = [t.name for t in themes]
    csp_names = tuple(sorted({a.district.csp for a in assessments if a.district.in_csa}))
    column = {c: i for i, c in enumerate(csp_names)}
    csp = np.array(
        [
            column[a.district.csp] if a.district.in_csa else -1
            for a in assessments
            for _ in a.issues
        ],
        dtype=np.int64,
    )
    unclassified = ~covers.any(axis=1)
    if np.any(unclassified & (csp >= 0)):
        covers = np.column_stack([covers, unclassified])
        names.append(UNCLASSIFIED)
    return ThemeMap(tuple(names), covers, csp, csp_names)


class _Perturber:
    """Draws perturbed grade values for the rows that can move (the first ``len(levels)`` rows).

    A look-up table holds, for each rule, factor and starting level, the value reached from each
    cell of the scaled uniform: cell ``k = floor(u * 2s / p)`` moves ``k - s`` steps for
    ``k < s``, ``k - s + 1`` for ``s <= k < 2s`` and none for ``k >= 2s``, then clips to the
    scale. A draw is then one uniform number and one look-up per grade."""

    def __init__(self, matrix: Matrix, levels: np.ndarray, rules: Sequence[Perturbation]) -> None:
        rows, factors = levels.shape
        self.shape = (rows, factors)
        distinct = sorted(set(rules), key=lambda p: (p.confidence, p.p_move, p.max_step))
        rule = np.array([distinct.index(p) for p in rules], dtype=np.intp)
        steps = np.array([p.max_step for p in distinct], dtype=np.int64)
        width = 2 * int(steps.max(initial=0)) + 1
        k = np.arange(width)
        s = steps[:, None]
        offset = np.where(k < s, k - s, np.where(k < 2 * s, k - s + 1, 0))  # (rules, width)
        n_levels = matrix.value_table.shape[1]
        start = np.arange(n_levels)
        top = (matrix.level_counts - 1)[None, :, None, None]
        reached = np.clip(start[None, None, :, None] + offset[:, None, None, :], 0, top)
        f = np.arange(factors)[None, :, None, None]
        self.lut = matrix.value_table[f, reached].ravel()  # (rules, factors, levels, width)
        index = (rule[:, None] * factors + np.arange(factors)[None, :]) * n_levels + levels
        self.base = (index * width).astype(np.intp)
        p_move = np.array([p.p_move for p in rules], dtype=np.float32)
        self.scale = (2 * steps[rule] / np.maximum(p_move, 1e-30)).astype(np.float32)[:, None]
        self.cap = (2 * steps[rule]).astype(np.float32)[:, None]

    def fill(self, rng: np.random.Generator, out: np.ndarray) -> None:
        """Write one chunk of drawn values into ``out`` (draws, rows, factors)."""
        u = rng.random((out.shape[0], *self.shape), dtype=np.float32)
        u *= self.scale
        np.minimum(u, self.cap, out=u)
        cell = u.astype(np.intp)
        cell += self.base
        np.take(self.lut, cell, out=out, mode="clip")


class _Themer:
    """Counts, per draw, the CSPs whose districts put an issue of each theme in their top N.

    Each row carries its themes as bits; a CSP's themes are the OR of its top-N rows' bits."""

    def __init__(self, themes: ThemeMap, order: np.ndarray, top: int) -> None:
        csp = themes.csp[order]
        inside = np.flatnonzero(csp >= 0)
        self.rows = inside[np.argsort(csp[inside], kind="stable")]
        grouped = csp[self.rows]
        self.starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        covers = themes.covers[order][self.rows]
        self.n_themes = covers.shape[1]
        self.words = [
            (covers[:, w : w + 63] * (np.int64(1) << np.arange(min(63, self.n_themes - w)))).sum(
                axis=1
            )
            for w in range(0, self.n_themes, 63)
        ]
        self.top = top
        self.csps = len(themes.csp_names)
        self.hist = np.zeros((self.n_themes, self.csps + 1), dtype=np.int64)

    def counts(self, rank: np.ndarray) -> np.ndarray:
        """(draws, themes): CSPs identifying each theme."""
        out = np.zeros((rank.shape[0], self.n_themes), dtype=np.int64)
        if not len(self.rows):
            return out
        in_top = rank[:, self.rows] <= self.top
        for w, bits in enumerate(self.words):
            per_csp = np.bitwise_or.reduceat(np.where(in_top, bits, 0), self.starts, axis=1)
            for t in range(min(63, self.n_themes - 63 * w)):
                out[:, 63 * w + t] = np.count_nonzero((per_csp >> t) & 1, axis=1)
        return out

    def add(self, rank: np.ndarray) -> None:
        index = self.counts(rank) + np.arange(self.n_themes) * (self.csps + 1)
        self.hist += np.bincount(index.ravel(), minlength=self.hist.size).reshape(self.hist.shape)


def simulate(
    assessments: Sequence[DistrictAssessment],
    draws: int,
    seed: int,
    top: int,
    themes: ThemeMap | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> Simulation:
    """Perturb every grade ``draws`` times and collect each issue's rank statistics."""
    if draws < 1 or top < 1:
        raise ValueError("draws and top must be at least 1")
    if not assessments:
        raise ValueError("no districts")
    full = assessments[0].matrix
    if any(a.matrix != full for a in assessments):
        raise ValueError("every district must be scored with the same matrix")
    matrix = risk_matrix(full)
    keep = np.array([i for i, f in enumerate(full.factors) if f.section in ("harm", "likelihood")])
    levels = np.concatenate([a.levels[:, keep] for a in assessments])
    rows, factors = levels.shape
    sizes = np.array([len(a.issues) for a in assessments])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    district_of = np.repeat(np.arange(len(assessments)), sizes)
    slots = district_of * int(sizes.max()) + (np.arange(rows) - starts[district_of])
    per_row = row_perturbations(full, [c for a in assessments for c in a.confidence])
    rules = [p for p in per_row if p is not None and p.p_move > 0 and p.max_step > 0]
    movers = [r for r, p in enumerate(per_row) if p is not None and p.p_move > 0 and p.max_step > 0]
    order = np.concatenate([movers, np.setdiff1d(np.arange(rows), movers)]).astype(np.intp)
    n_move = len(movers)
    perturber = _Perturber(matrix, levels[movers], rules)
    ranker = DrawRanker(matrix, slots[order], sizes)
    base_values = matrix.value_table[np.arange(factors), levels][order]
    base = score_values(matrix, base_values[None])
    base_rank = ranker.ranks(base.harm, base.likelihood)
    themer = _Themer(themes, order, top) if themes is not None else None
    base_themes = themer.counts(base_rank) if themer else None

    chunk = max(1, min(draws, chunk_bytes // max(1, rows * factors * 8)))
    values = np.empty((chunk, rows, factors))
    values[:, n_move:] = base_values[n_move:]
    width = int(sizes.max())
    hist = np.zeros(rows * width, dtype=np.int64)
    hist_index = (np.arange(rows) * width - 1)[None, :]
    high = np.zeros(rows, dtype=np.int64)
    highest = len(matrix.bands) - 1
    rng = np.random.default_rng(seed)
    done = 0
    while done < draws:
        n = min(chunk, draws - done)
        if n_move:
            perturber.fill(rng, values[:n, :n_move])
        scores = score_values(matrix, values[:n])
        rank = ranker.ranks(scores.harm, scores.likelihood)
        hist += np.bincount((rank + hist_index).ravel(), minlength=hist.size)
        high += np.count_nonzero(scores.band == highest, axis=0)
        if themer:
            themer.add(rank)
        done += n
        if progress:
            progress(n)
    back = np.argsort(order)
    theme_result = None
    if themer and themes is not None and base_themes is not None:
        theme_result = ThemeResult(themes.names, themes.csp_names, base_themes[0], themer.hist)
    return Simulation(
        full, tuple(assessments), draws, seed, top, starts,
        base_rank[0][back], base.band[0][back], base.risk[0][back], tuple(per_row),
        hist.reshape(rows, width)[back], high[back], theme_result,
    )  # fmt: skip
