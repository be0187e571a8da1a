"""What ``sensitivity`` and ``compare-methods`` show: tables for people, CSV and JSON for tools."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from csscore import __version__
from csscore.model.matrix import Matrix, fmt_number
from csscore.model.numbers import JsonValue
from csscore.model.text import issue_key
from csscore.uncertainty.methods import MethodComparison
from csscore.uncertainty.montecarlo import HIGH_Q, LOW_Q, Simulation
from csscore.uncertainty.weights import FactorWeight, WeightChange
from csscore.views.district import band_legend
from csscore.views.table import Cell, Table, json_number, number

#: Extra provenance rows: (label, value), and input files: (kind, name, sha256).
Inputs = Sequence[tuple[str, str, str]]


def rule_text(matrix: Matrix) -> str:
    """'high: no change; medium: p 0.5, 1 step; low: p 0.8, 1-2 steps; blank: as low.'"""
    parts = []
    for p in matrix.perturbations:
        if p.p_move == 0 or p.max_step == 0:
            parts.append(f"{p.confidence}: no change")
        else:
            steps = "1 step" if p.max_step == 1 else f"1-{p.max_step} steps"
            parts.append(f"{p.confidence}: moves with p {fmt_number(p.p_move)}, {steps}")
    widest = matrix.widest_perturbation
    return "; ".join(parts) + f"; blank: as {widest.confidence}"


PARTNER_DRAWS = (
    "each draw takes, for every issue and factor, one partner's grade at random (the partners "
    "who graded it weigh the same); districts without partners keep their grades"
)


def draw_text(sim: Simulation) -> str:
    """The line saying what each draw varies."""
    if sim.source == "partners":
        return f"Disagreement between partners: {PARTNER_DRAWS}."
    return f"Each draw moves grades by confidence: {rule_text(sim.matrix)}."


def _order(sim: Simulation, d: int) -> list[int]:
    rows = range(*sim.rows(d).indices(len(sim.base_rank)))
    names = sim.assessments[d].issues
    start = sim.rows(d).start
    return sorted(rows, key=lambda r: (sim.base_rank[r], issue_key(names[r - start])))


def issue_tables(sim: Simulation) -> list[Table]:
    """One table per district: each issue's chance of the top N, rank interval and top band."""
    m, top = sim.matrix, sim.top
    high = m.bands[-1].label
    p_top, p_high = sim.p_top, sim.p_high_band
    lo, hi = sim.rank_quantile(LOW_Q), sim.rank_quantile(HIGH_Q)
    tables = []
    for d, a in enumerate(sim.assessments):
        start = sim.rows(d).start
        rows: list[tuple[Cell, ...]] = []
        for r in _order(sim, d):
            interval = str(lo[r]) if lo[r] == hi[r] else f"{lo[r]}-{hi[r]}"
            rows.append(
                (int(sim.base_rank[r]), a.issues[r - start], float(sim.base_risk[r]),
                 m.bands[int(sim.base_band[r])].label, a.confidence[r - start],
                 float(p_top[r]), interval, float(p_high[r]))
            )  # fmt: skip
        tables.append(
            Table(
                f"{a.district.name}: how firm is the top {top}? ({sim.draws:,} draws, seed {sim.seed}, {m.name} {m.version})",
                (
                    "Rank",
                    "Issue",
                    "Risk",
                    "Band",
                    "Confidence",
                    f"P(top {top})",
                    "Rank 5-95%",
                    f"P({high})",
                ),
                tuple(rows),
                align=("right", "left", "right", "left", "left", "right", "right", "right"),
                kinds=("integer", "", "", "", "", "percent", "", "percent"),
            )
        )
    tables[-1] = Table(
        tables[-1].title, tables[-1].columns, tables[-1].rows,
        (
            f"P(top {top}): share of draws in which the issue ranks {top} or better (equal issues share a rank).",
            "Rank 5-95%: 90% of draws rank the issue within this range.",
            f"P({high}): share of draws in the {high} band. {band_legend(m)}",
            draw_text(sim),
        ),
        tables[-1].align,
        kinds=tables[-1].kinds,
    )  # fmt: skip
    return tables


def theme_table(sim: Simulation, k: int | None = None, machine: bool = False) -> Table | None:
    """P(theme identified by at least k CSPs), for every k or the one asked for; ``machine``
    gives plain column keys and unrounded numbers (CSV)."""
    th = sim.themes
    if th is None:
        return None
    csps = len(th.csp_names)
    ks = [k] if k is not None else list(range(1, csps + 1))
    at_least, expected = th.p_at_least, th.expected
    order = sorted(range(len(th.names)), key=lambda t: (-expected[t], th.names[t].casefold()))
    if machine:
        return Table(
            "",
            ("theme", "count_at_grades", "mean", *(f"p_at_least_{j}" for j in ks)),
            tuple(
                (th.names[t], int(th.base_count[t]), round(float(expected[t]), 6),
                 *(round(float(at_least[t, j - 1]), 6) for j in ks))
                for t in order
            ),
        )  # fmt: skip
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (th.names[t], int(th.base_count[t]), round(float(expected[t]), 2),
         *(float(at_least[t, j - 1]) for j in ks))
        for t in order
    )  # fmt: skip
    return Table(
        f"Themes: chance of being identified by at least k of {csps} CSPs ({sim.draws:,} draws, seed {sim.seed})",
        ("Theme", "At grades", "Mean", *(f"P(>={j})" for j in ks)),
        rows,
        (
            f"In each draw a district identifies the issues it ranks {sim.top} or better; a CSP identifies a theme when any of its districts does.",
            "Selected marks are fixed judgements, so the simulation follows the scores: 'At grades' counts CSPs by the same top-N rule at the graded scores (csscore aggregate counts selected marks and can differ).",
        ),
        kinds=("", "integer", "fixed2", *("percent" for _ in ks)),
    )


def _change(c: WeightChange | None, floor: bool = False) -> str:
    if c is None:
        return "none to weight 0" if floor else "none"
    sign = "+" if c.delta >= 0 else "-"
    return f"{sign}{number(abs(c.delta))} (to {number(c.weight)})"


def _moves(c: WeightChange | None) -> str:
    if c is None:
        return ""
    text = " ".join([*(f"+{n}" for n in c.enters), *(f"-{n}" for n in c.leaves)])
    return text + (" (tie)" if c.enters and not c.leaves else "")


def weights_table(weights: Sequence[FactorWeight], top: int, machine: bool = False) -> Table:
    """Per district and factor: the smallest weight change each way that alters the top N."""
    if machine:
        return Table(
            "",
            ("district", "factor", "weight", "increase", "enters_up", "leaves_up", "decrease", "enters_down", "leaves_down"),
            tuple(
                (w.district, w.factor, w.weight,
                 None if w.increase is None else w.increase.delta,
                 "; ".join(w.increase.enters) if w.increase else "",
                 "; ".join(w.increase.leaves) if w.increase else "",
                 None if w.decrease is None else w.decrease.delta,
                 "; ".join(w.decrease.enters) if w.decrease else "",
                 "; ".join(w.decrease.leaves) if w.decrease else "")
                for w in weights
            ),
        )  # fmt: skip
    rows = tuple(
        (w.district, w.label, "" if w.weight is None else w.weight,
         w.note if w.weight is None else _change(w.increase), _moves(w.increase),
         "" if w.weight is None else _change(w.decrease, floor=True), _moves(w.decrease))
        for w in weights
    )  # fmt: skip
    return Table(
        f"Weights: the smallest change in one factor's weight that alters the top {top}",
        (
            "District",
            "Factor",
            "Weight",
            "Increase",
            "Enters / leaves",
            "Decrease",
            "Enters / leaves",
        ),
        rows,
        (
            "One weight changed at a time, solved exactly at the points where two issues' scores cross; a sum counts as weights of 1.",
            f"+X joins and -Y leaves the top {top} just beyond the change; (tie): X draws level at rank {top}. 0 means a tie at rank {top} already.",
        ),
        align=("left", "left", "right", "right", "left", "right", "left"),
    )


def provenance_table(items: Sequence[tuple[str, str]], inputs: Inputs) -> Table:
    rows = [("csscore", __version__), *items]
    rows += [(f"{kind}: {name}", f"sha256 {digest}") for kind, name, digest in inputs]
    return Table("Provenance", ("Item", "Value"), tuple(rows))


def comparison_provenance(c: MethodComparison) -> Table:
    """What ``compare-methods`` ranked: each matrix (name, version, hash) and the district file."""
    items = [
        (f"matrix {label}", f"{m.name} {m.version} (sha256 {m.sha256})")
        for label, m in zip(c.labels, (s.matrix for s in c.scored), strict=True)
    ]
    return provenance_table(items, [("district", c.file, c.sha256)])


def simulation_provenance(sim: Simulation) -> list[tuple[str, str]]:
    m = sim.matrix
    return [
        ("matrix", f"{m.name} {m.version} (sha256 {m.sha256})"),
        ("seed", str(sim.seed)),
        ("draws", str(sim.draws)),
        ("top", str(sim.top)),
        ("perturbation", rule_text(m))
        if sim.source == "confidence"
        else ("draws from", PARTNER_DRAWS),
        (
            "random numbers",
            "Philox per block of 64 draws, seeded by numpy SeedSequence(seed, spawn_key=(block,)); "
            "independent of chunking and --jobs",
        ),
    ]


def issue_csv(sim: Simulation) -> Table:
    """Every issue of every district, one row each, with plain column keys."""
    lo, hi, med = sim.rank_quantile(LOW_Q), sim.rank_quantile(HIGH_Q), sim.rank_quantile(0.5)
    rows = []
    for d, a in enumerate(sim.assessments):
        start = sim.rows(d).start
        for r in _order(sim, d):
            rows.append(
                (a.district.name, a.issues[r - start], int(sim.base_rank[r]), float(sim.base_risk[r]),
                 sim.matrix.bands[int(sim.base_band[r])].label, a.confidence[r - start],
                 round(float(sim.p_top[r]), 6), int(lo[r]), int(med[r]), int(hi[r]),
                 round(float(sim.p_high_band[r]), 6), sim.draws, sim.seed)
            )  # fmt: skip
    columns = ("district", "issue", "rank", "risk", "band", "confidence", "p_top", "rank_p5",
               "rank_median", "rank_p95", "p_high_band", "draws", "seed")  # fmt: skip
    return Table("", columns, tuple(rows))


def _change_json(c: WeightChange | None) -> dict[str, JsonValue] | None:
    if c is None:
        return None
    return {"delta": json_number(c.delta), "weight": json_number(c.weight),
            "enters": list(c.enters), "leaves": list(c.leaves)}  # fmt: skip


def sensitivity_json(
    sim: Simulation, weights: Sequence[FactorWeight], inputs: Inputs, k: int | None
) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore sensitivity``."""
    m = sim.matrix
    lo, hi, med = sim.rank_quantile(LOW_Q), sim.rank_quantile(HIGH_Q), sim.rank_quantile(0.5)
    districts: list[JsonValue] = []
    for d, a in enumerate(sim.assessments):
        start = sim.rows(d).start
        districts.append({
            "district": a.district.name, "csp": a.district.csp, "in_csa": a.district.in_csa,
            "issues": [
                {"issue": a.issues[r - start], "rank": int(sim.base_rank[r]),
                 "risk": json_number(float(sim.base_risk[r])),
                 "band": m.bands[int(sim.base_band[r])].label,
                 "confidence": a.confidence[r - start] or None,
                 "p_top": round(float(sim.p_top[r]), 6),
                 "rank_p5": int(lo[r]), "rank_median": int(med[r]), "rank_p95": int(hi[r]),
                 "p_high_band": round(float(sim.p_high_band[r]), 6)}
                for r in _order(sim, d)
            ],
        })  # fmt: skip
    themes: JsonValue = None
    if sim.themes is not None:
        th = sim.themes
        themes = {
            "csps": list(th.csp_names),
            "k": k,
            "themes": [
                {"name": name, "count_at_grades": int(th.base_count[t]),
                 "mean": round(float(th.expected[t]), 6),
                 "p_at_least": [round(float(p), 6) for p in th.p_at_least[t]]}
                for t, name in enumerate(th.names)
            ],
        }  # fmt: skip
    return {
        "seed": sim.seed,
        "draws": sim.draws,
        "top": sim.top,
        "matrix": {"name": m.name, "version": m.version, "sha256": m.sha256},
        "perturbation": {p.confidence: {"p_move": p.p_move, "max_step": p.max_step} for p in m.perturbations},
        "blank_confidence": m.widest_perturbation.confidence,
        **({"draws_from": "partners"} if sim.source == "partners" else {}),
        "districts": districts,
        "themes": themes,
        "weights": [
            {"district": w.district, "factor": w.factor, "section": w.section, "weight": json_number(w.weight),
             "increase": _change_json(w.increase), "decrease": _change_json(w.decrease), "note": w.note}
            for w in weights
        ],
        "provenance": {
            "csscore": __version__,
            "inputs": [{"kind": kd, "name": n, "sha256": h} for kd, n, h in inputs],
        },
    }  # fmt: skip


def _tau(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def comparison_tables(c: MethodComparison, movers: int = 10) -> list[Table]:
    """Each method's ranking, tau-b between methods, and the issues that move most."""
    first = c.scored[0]
    order = [int(i) for i in first.order]
    columns: list[str] = ["Issue"]
    for label in c.labels:
        columns += [f"Rank {label}", f"Band {label}"]
    rows = []
    for i in order:
        cells: list[Cell] = [c.issues[i]]
        for s in c.scored:
            cells += [int(s.rank[i]), s.issue(i).band]
        rows.append((*cells, int(c.spread[i])))
    notes = tuple(
        f"{s.matrix.name} {s.matrix.version}: {s.matrix.title}. {band_legend(s.matrix)}"
        for s in c.scored
    )
    ranking = Table(
        f"{c.district.name}: ranks by {len(c.labels)} methods (listed by {c.labels[0]})",
        (*columns, "Moves"), tuple(rows), notes,
    )  # fmt: skip
    tau = Table(
        "Kendall's tau-b between the methods' rankings",
        ("Method", *c.labels),
        tuple((label, *(_tau(float(v)) for v in row)) for label, row in zip(c.labels, c.tau, strict=True)),
        ("1 = the same order, 0 = unrelated, -1 = reversed; ties counted as tau-b does.",),
    )  # fmt: skip
    moved = c.movers()[:movers]
    moves = Table(
        f"Issues whose rank moves most (up to {movers})",
        ("Issue", *(f"Rank {label}" for label in c.labels), "Moves"),
        tuple((c.issues[i], *(int(r) for r in c.ranks[:, i]), int(c.spread[i])) for i in moved),
        ("Moves: largest rank minus smallest rank across the methods.",) if moved
        else ("Every issue has the same rank under every method.",),
    )  # fmt: skip
    return [ranking, tau, moves]


def comparison_csv(c: MethodComparison) -> Table:
    columns = ["issue"]
    for label in c.labels:
        columns += [f"rank_{label}", f"risk_{label}", f"band_{label}"]
    rows = []
    for i in (int(x) for x in c.scored[0].order):
        cells: list[Cell] = [c.issues[i]]
        for s in c.scored:
            cells += [int(s.rank[i]), float(s.scores.risk[i]), s.issue(i).band]
        rows.append((*cells, int(c.spread[i])))
    return Table("", (*columns, "moves"), tuple(rows))


def comparison_json(c: MethodComparison) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore compare-methods``."""
    return {
        "district": c.district.name,
        "file": {"name": c.file, "sha256": c.sha256},
        "methods": [{"label": label, "name": s.matrix.name, "version": s.matrix.version,
                     "sha256": s.matrix.sha256} for label, s in zip(c.labels, c.scored, strict=True)],
        "issues": [
            {"issue": c.issues[i],
             "ranks": {label: int(s.rank[i]) for label, s in zip(c.labels, c.scored, strict=True)},
             "risk": {label: json_number(float(s.scores.risk[i])) for label, s in zip(c.labels, c.scored, strict=True)},
             "band": {label: s.issue(i).band for label, s in zip(c.labels, c.scored, strict=True)},
             "moves": int(c.spread[i])}
            for i in (int(x) for x in c.scored[0].order)
        ],
        "tau": {"methods": list(c.labels),
                "matrix": [[None if np.isnan(v) else round(float(v), 6) for v in row] for row in c.tau]},
        "movers": [c.issues[i] for i in c.movers()],
        "csscore": __version__,
    }  # fmt: skip
