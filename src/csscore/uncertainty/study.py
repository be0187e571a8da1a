"""What ``csscore sensitivity`` computes, as one object: the districts and the themes they are
counted under, then the Monte Carlo draws and the weight sensitivity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csscore.model.csa import Csa
from csscore.model.district import DistrictAssessment
from csscore.uncertainty.montecarlo import Simulation, ThemeMap
from csscore.uncertainty.weights import FactorWeight

Inputs = tuple[tuple[str, str, str], ...]  # (kind, name, sha256)


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """The draws' rank statistics and each factor's weight sensitivity, with the inputs."""

    simulation: Simulation
    weights: tuple[FactorWeight, ...]
    inputs: Inputs


@dataclass(frozen=True, eq=False)
class SensitivityStudy:
    """One district, or a folder of them with the CSA whose themes its CSPs are counted under."""

    assessments: tuple[DistrictAssessment, ...]
    csa: Csa | None
    inputs: Inputs
    themes: ThemeMap | None

    @classmethod
    def of(
        cls, assessments: tuple[DistrictAssessment, ...], csa: Csa | None, inputs: Inputs
    ) -> SensitivityStudy:
        from csscore.uncertainty.montecarlo import theme_map

        themes = theme_map(assessments, csa) if csa is not None else None
        return cls(assessments, csa, inputs, themes)

    @property
    def rows(self) -> int:
        """Issue rows of every district: the work of one draw."""
        return sum(len(a.issues) for a in self.assessments)

    def run(
        self, draws: int, seed: int, top: int, progress: Callable[[int], None] | None = None
    ) -> Sensitivity:
        """Perturb the grades ``draws`` times (seeded) and find each factor's weight changes."""
        from csscore.uncertainty.montecarlo import simulate
        from csscore.uncertainty.weights import weight_sensitivity

        sim = simulate(self.assessments, draws, seed, top, self.themes, progress)
        weights = tuple(w for a in self.assessments for w in weight_sensitivity(a, top))
        return Sensitivity(sim, weights, self.inputs)
