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

Each issue's harm and likelihood laws under that rule are tabulated exactly
(:mod:`csscore.uncertainty.draws`); a draw then takes one integer ranking code per moving issue,
and ranks come from sorting packed integer keys per district (:mod:`csscore.uncertainty.tally`).
Only what is reported is counted: the rank histogram, the highest band (a prefix of the codes)
and, for a folder, the themes. Draw ``d`` always uses the same random numbers, whatever the chunk
size or the number of worker processes, so a seed fixes the result.
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
from csscore.uncertainty.draws import BLOCK, Sampler, compress, pair_codes, section_law
from csscore.uncertainty.runner import Plan, run
from csscore.uncertainty.tally import Layout, Tally, ThemeBits, plain_ranks

#: Issue slots x draws per chunk (about 60 MB of working arrays), in whole blocks of
#: :data:`csscore.uncertainty.draws.BLOCK` draws: 192 draws at 350 x 60, never fewer than 64.
CHUNK_SLOTS = 1 << 22
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
    source: str = "confidence"  # what the draws vary: "confidence" or "partners"

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
    widest = max(matrix.perturbations, key=lambda p: p.p_move * (p.max_step + 1) / 2)
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


def _row_laws(
    source: str,
    assessments: Sequence[DistrictAssessment],
    keep: np.ndarray,
    matrix: Matrix,
    rows: int,
) -> tuple[list[Perturbation | None], np.ndarray, np.ndarray, np.ndarray, list[np.ndarray] | None]:
    """How each row's grades may move: by its confidence (its perturbation, the chance it moves
    and its widest step), or by the partners' own grades (their laws); and which rows move."""
    if source == "partners":
        from csscore.uncertainty.partners import moving_rows, partner_laws

        laws = partner_laws(assessments, keep, matrix.level_counts)
        none: list[Perturbation | None] = [None] * rows
        return none, np.zeros(rows), np.zeros(rows, dtype=np.int64), moving_rows(laws), laws
    full = assessments[0].matrix
    per_row = row_perturbations(full, [c for a in assessments for c in a.confidence])
    p_move = np.array([p.p_move if p else 0.0 for p in per_row])
    max_step = np.array([p.max_step if p else 0 for p in per_row])
    max_step = np.where(p_move > 0, max_step, 0)
    return per_row, p_move, max_step, max_step > 0, None


def simulate(
    assessments: Sequence[DistrictAssessment],
    draws: int,
    seed: int,
    top: int,
    themes: ThemeMap | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_blocks: int | None = None,
    jobs: int = 1,
    source: str = "confidence",
) -> Simulation:
    """Perturb every grade ``draws`` times and collect each issue's rank statistics; with
    ``source="partners"``, draw each grade from the partners' own grades instead
    (:mod:`csscore.uncertainty.partners`)."""
    if source not in ("confidence", "partners"):
        raise ValueError(f"unknown source of uncertainty {source!r}")
    if draws < 1 or top < 1 or (chunk_blocks is not None and chunk_blocks < 1) or jobs < 1:
        raise ValueError("draws, top, chunk_blocks and jobs must be at least 1")
    if not assessments:
        raise ValueError("no districts")
    full = assessments[0].matrix
    if any(a.matrix != full for a in assessments):
        raise ValueError("every district must be scored with the same matrix")
    matrix = risk_matrix(full)
    keep = np.array([i for i, f in enumerate(full.factors) if f.section in ("harm", "likelihood")])
    levels = np.concatenate([a.levels[:, keep] for a in assessments])
    rows = len(levels)
    sizes = np.array([len(a.issues) for a in assessments])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    per_row, p_move, max_step, moving, laws = _row_laws(source, assessments, keep, matrix, rows)
    harm, harm_law, harm_base = section_law(matrix, "harm", levels, p_move, max_step, laws)
    like, like_law, like_base = section_law(matrix, "likelihood", levels, p_move, max_step, laws)
    codes, risk = pair_codes(harm, like)
    layout = Layout.build(sizes, codes.size)
    base_keys = layout.pack(codes[harm_base, like_base])
    bits = None
    if themes is not None:
        bits = ThemeBits(themes.covers, themes.csp, len(themes.csp_names), top, layout)
    high_keys = int(np.count_nonzero(risk >= matrix.bands[-1].min)) << layout.bits
    tally = Tally(layout, rows, high_keys, bits)
    template = layout.padding.copy()
    template[layout.position] = base_keys
    sorted_rank, sorted_position = tally.sorted_ranks(template[None].copy())
    base_rank = plain_ranks(tally, sorted_rank, sorted_position)

    movers = np.flatnonzero(moving)
    h_index, h_prob = compress(harm_law[movers])
    l_index, l_prob = compress(like_law[movers])
    slot = (layout.position % layout.width)[movers, None]

    def cells_of(part: slice) -> tuple[np.ndarray, np.ndarray]:
        """The joint (harm, likelihood) cells of some moving rows: probabilities, packed keys."""
        n = len(range(*part.indices(len(movers))))
        prob = (h_prob[part, :, None] * l_prob[part, None, :]).reshape(n, -1)
        code = codes[h_index[part, :, None], l_index[part, None, :]].reshape(n, -1)
        return prob, ((code << layout.bits) | slot[part]).astype(layout.dtype)

    width = h_prob.shape[1] * l_prob.shape[1]
    sampler = Sampler(seed, len(movers), width, cells_of)
    if chunk_blocks is None:
        chunk_blocks = max(1, min(8, CHUNK_SLOTS // (len(template) * BLOCK)))
    plan = Plan(sampler, tally, template, movers, draws, chunk_blocks * BLOCK)
    counted = run(plan, jobs, progress)
    fixed = np.ones(rows, dtype=bool)
    fixed[movers] = False
    counted.high[fixed] = (base_keys[fixed] < high_keys) * draws

    base = score_values(matrix, matrix.value_table[np.arange(levels.shape[1]), levels])
    theme_result = None
    if themes is not None and bits is not None:
        base_themes = bits.counts(sorted_rank, sorted_position)[0]
        theme_result = ThemeResult(themes.names, themes.csp_names, base_themes, counted.theme_hist)
    return Simulation(
        full, tuple(assessments), draws, seed, top, starts, base_rank, base.band, base.risk,
        tuple(per_row), counted.hist.reshape(rows, layout.width), counted.high, theme_result,
        source,
    )  # fmt: skip
