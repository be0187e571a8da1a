"""A county as the documented JSON of ``csscore aggregate``: what :meth:`County.as_dict` returns."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from csscore.model.numbers import JsonValue, json_number

if TYPE_CHECKING:
    from csscore.county.aggregate import County


def county_dict(county: County) -> dict[str, JsonValue]:
    """The documented JSON contract of ``csscore aggregate``."""
    c = county.concordance
    names = [s.assessment.district.name for s in county.districts]
    matrix = county.districts[0].matrix if county.districts else None
    return {
        "csps": len(county.csps),
        "top": county.top,
        "by": county.by,
        "counts": [
            {"name": x.name, "count": x.count, "districts": list(x.districts), "csps": list(x.csps)}
            for x in county.counts
        ],
        "top_issues": [
            {"issue": x.name, "count": x.count, "districts": list(x.districts)}
            for x in county.top_issues
        ],
        "ranking": [
            {
                "rank": r.rank,
                "issue": r.name,
                "borda": json_number(r.borda),
                "mean_rank": json_number(round(r.mean_rank, 6)),
                "median_rank": json_number(r.median_rank),
                "weighted_risk": None
                if r.weighted_risk is None
                else json_number(round(r.weighted_risk, 6)),
                "copeland": r.copeland,
                "kemeny": r.kemeny,
                "graded_by": r.graded_by,
            }
            for r in county.ranking
        ],
        "concordance": {
            "kendall_w": None if c.kendall_w is None else round(c.kendall_w, 6),
            "p_value": c.p_value,
            "chi2": None if c.chi2 is None else round(c.chi2, 6),
            "districts": c.districts,
            "issues": c.issues,
        },
        "kemeny": {
            "exact": county.kemeny.exact,
            "method": county.kemeny.method,
            "disagreements": county.kemeny.cost,
            "lower_bound": county.kemeny.lower_bound,
        },
        "tau": {
            "districts": [*names],
            "matrix": [
                [None if v != v else v for v in row] for row in np.round(county.tau, 6).tolist()
            ],
            "to_county": {
                n: None if math.isnan(v) else round(float(v), 6)
                for n, v in zip(names, county.tau_to_county, strict=True)
            },
        },
        "identified": {
            s.assessment.district.name: {
                "by": county.identified_by[s.assessment.district.id],
                "issues": list(county.identified[s.assessment.district.id]),
            }
            for s in county.districts
        },
        "proposed": [
            {
                "name": p.name,
                "count": p.count,
                "share": round(p.share, 6),
                "verdict": p.verdict,
                "declared": list(p.declared),
            }
            for p in county.proposed
        ],
        "share": county.share,
        "unclassified": list(county.unclassified),
        "excluded": list(county.excluded),
        "csa": {"name": county.csa.name, "title": county.csa.title, "edition": county.csa.edition},
        "matrix": None if matrix is None else {"name": matrix.name, "version": matrix.version},
    }
