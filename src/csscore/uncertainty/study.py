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

    def simulate(
        self,
        draws: int,
        seed: int,
        top: int,
        progress: Callable[[int], None] | None = None,
        jobs: int = 1,
        source: str = "confidence",
    ) -> Simulation:
        """Perturb the grades ``draws`` times (seeded; the same output for any ``jobs``), by
        confidence, or (``source="partners"``) drawing each grade from the partners'."""
        from csscore.uncertainty.montecarlo import simulate

        return simulate(
            self.assessments, draws, seed, top, self.themes, progress, jobs=jobs, source=source
        )

    def weights(
        self, top: int, progress: Callable[[int], None] | None = None
    ) -> tuple[FactorWeight, ...]:
        """Each factor's smallest weight change that alters a district's top N; ``progress``
        hears of each district done."""
        from csscore.uncertainty.weights import weight_sensitivity

        found: list[FactorWeight] = []
        for a in self.assessments:
            found += weight_sensitivity(a, top)
            if progress is not None:
                progress(1)
        return tuple(found)

    def run(
        self,
        draws: int,
        seed: int,
        top: int,
        progress: Callable[[int], None] | None = None,
        source: str = "confidence",
    ) -> Sensitivity:
        """The draws and the weight sensitivity together."""
        return Sensitivity(
            self.simulate(draws, seed, top, progress, source=source),
            self.weights(top),
            self.inputs,
        )

    @property
    def weight_work(self) -> int:
        """Districts x issues squared: the work of the weights analysis."""
        return sum(len(a.issues) ** 2 for a in self.assessments)
