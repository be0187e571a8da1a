"""How far a district's partners agree: Krippendorff's alpha (ordinal, on level indices) per
factor and overall, each issue's spread, the contested issues, and each partner's own band.

``AgreementReport.as_dict()`` is the JSON of ``csscore agreement`` for one district;
``CountyAgreement.as_dict()`` for a folder (only the districts that have partners).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csscore.model.district import DistrictAssessment
from csscore.model.numbers import JsonValue
from csscore.model.partners import CONTESTED_SPREAD, Partnership
from csscore.scoring.score import score_values

OVERALL = "overall"


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha over some units, or None with the reason it is undefined."""

    value: float | None
    reason: str = ""


@dataclass(frozen=True)
class IssueAgreement:
    """One issue: how many partners graded it, each factor's spread, whether it is contested,
    and the band each partner's own grades give it (partner order)."""

    issue: str
    partners: int
    spread: tuple[tuple[str, int], ...]
    bands: tuple[str, ...]

    @property
    def contested(self) -> bool:
        return any(s >= CONTESTED_SPREAD for _, s in self.spread)


@dataclass(frozen=True)
class AgreementReport:
    """A district's partners (in name order), the alphas and every issue's agreement."""

    district: str
    partners: tuple[str, ...]
    alpha: tuple[tuple[str, Alpha], ...]  # each factor id, then "overall"
    issues: tuple[IssueAgreement, ...]

    @property
    def contested(self) -> tuple[str, ...]:
        return tuple(i.issue for i in self.issues if i.contested)

    def as_dict(self) -> dict[str, JsonValue]:
        """The documented JSON contract of ``csscore agreement FILE``."""
        return {
            "district": self.district,
            "partners": list(self.partners),
            "alpha": {k: a.value for k, a in self.alpha},
            "issues": [
                {
                    "issue": i.issue,
                    "partners": i.partners,
                    "contested": i.contested,
                    "spread": dict(i.spread),
                }
                for i in self.issues
            ],
        }


@dataclass(frozen=True)
class CountyAgreement:
    """The agreement of every district of a folder that has partners, in folder order."""

    districts: tuple[AgreementReport, ...]

    def as_dict(self) -> dict[str, JsonValue]:
        """The documented JSON contract of ``csscore agreement FOLDER``."""
        return {"districts": [d.as_dict() for d in self.districts]}


def krippendorff_alpha(data: np.ndarray) -> Alpha:
    """Ordinal alpha of a (raters, units) array of level indices (NaN where missing), by the
    ``krippendorff`` package, rounded to 6 decimals; None where it is undefined."""
    if data.shape[0] < 2:
        return Alpha(None, "one partner")
    pairable = np.count_nonzero(~np.isnan(data), axis=0) >= 2
    if not pairable.any():
        return Alpha(None, "no issue graded by two partners")
    values = data[:, pairable]
    values = values[~np.isnan(values)]
    if np.all(values == values[0]):
        return Alpha(None, "no variation: every partner gave the same level")
    import krippendorff

    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))
    except (ValueError, ZeroDivisionError):
        return Alpha(None, "no variation: every partner gave the same level")
    if not math.isfinite(value):
        return Alpha(None, "undefined: no expected disagreement")
    return Alpha(round(value, 6) + 0.0)


def _as_data(stack: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.where(stack >= 0, stack, np.nan).astype(float)
    return out


def partner_bands(assessment: DistrictAssessment, partnership: Partnership) -> np.ndarray:
    """(issues, partners) each partner's own band label index: the partner's grades, with the
    combined grade where the partner left a factor blank."""
    matrix = assessment.matrix
    stack = partnership.stack
    filled = np.where(stack >= 0, stack, assessment.levels[None])
    values = matrix.value_table[np.arange(len(matrix.factors)), filled]
    band: np.ndarray = score_values(matrix, values).band.T
    return band


def agreement_report(assessment: DistrictAssessment) -> AgreementReport:
    """The partners' agreement on one district; raises for a district without partners."""
    from csscore.errors import InputError

    matrix = assessment.matrix
    partnership = assessment.partnership
    if partnership is None:
        message = "no partners: give a partner column, or one file per partner (docs/partners.md)"
        raise InputError.at(assessment.source, message, column="partner")
    stack = partnership.stack
    ids = matrix.factor_ids
    alpha = [(f, krippendorff_alpha(_as_data(stack[:, :, k]))) for k, f in enumerate(ids)]
    alpha.append((OVERALL, krippendorff_alpha(_as_data(stack.reshape(len(stack), -1)))))
    spread = partnership.spread
    graded = partnership.graded
    bands = partner_bands(assessment, partnership)
    labels = [b.label for b in matrix.bands]
    issues = tuple(
        IssueAgreement(
            name,
            int(graded[i]),
            tuple((f, int(spread[i, k])) for k, f in enumerate(ids)),
            tuple(labels[int(b)] for b in bands[i]),
        )
        for i, name in enumerate(assessment.issues)
    )
    return AgreementReport(assessment.district.name, partnership.names, tuple(alpha), issues)


def county_agreement(assessments: Sequence[DistrictAssessment]) -> CountyAgreement:
    """The agreement of each district that has partners."""
    return CountyAgreement(
        tuple(agreement_report(a) for a in assessments if a.partnership is not None)
    )
