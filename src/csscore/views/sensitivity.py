"""The tables ``csscore sensitivity --table`` chooses, for the terminal formats or for CSV."""

from __future__ import annotations

from collections.abc import Sequence

from csscore.uncertainty.montecarlo import Simulation
from csscore.uncertainty.weights import FactorWeight
from csscore.views.table import Table
from csscore.views.uncertainty import (
    Inputs,
    issue_csv,
    issue_tables,
    provenance_table,
    simulation_provenance,
    theme_table,
    weights_table,
)

SENSITIVITY_TABLES = ("all", "issues", "themes", "weights")


def sensitivity_csv(
    sim: Simulation, weights: Sequence[FactorWeight], table: str, k: int | None
) -> Table:
    """The one CSV table: themes, weights, else every issue (plain keys, unrounded numbers)."""
    chosen = {
        "themes": theme_table(sim, k, machine=True),
        "weights": weights_table(weights, sim.top, machine=True),
    }
    return chosen.get(table) or issue_csv(sim)


def sensitivity_tables(
    sim: Simulation,
    weights: Sequence[FactorWeight],
    inputs: Inputs,
    table: str = "all",
    k: int | None = None,
) -> list[Table]:
    """The tables ``--table`` names (one of SENSITIVITY_TABLES) and the provenance; empty when
    none applies (themes of a single file)."""
    tables = []
    if table in ("all", "issues"):
        tables += issue_tables(sim)
    theme = theme_table(sim, k)
    if table in ("all", "themes") and theme is not None:
        tables.append(theme)
    if table in ("all", "weights"):
        tables.append(weights_table(weights, sim.top))
    if not tables:
        return []
    tables.append(provenance_table(simulation_provenance(sim), inputs))
    return tables
