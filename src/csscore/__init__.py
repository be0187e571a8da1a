"""csscore: MoRiLE-style scoring of community-safety issues for Community Safety Partnerships,
aggregation into the county Community Safety Agreement, and overlap with the Police and Crime Plan.

The library API (the one the command line uses)::

    import csscore
    matrix = csscore.load_matrix("morile-csp")
    scored = csscore.score(csscore.read_district("district.csv", matrix))
    county = csscore.aggregate(csscore.read_folder("county/"))
    scored.as_dict(), county.as_dict()   # the JSON of `csscore score` and `csscore aggregate`

The functions live in :mod:`csscore.api` and are imported on first use, so ``import csscore``
stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "aggregate",
    "agreement",
    "agreement_report",
    "appendix",
    "combine_partners",
    "compare_folders",
    "compare_methods",
    "load_matrix",
    "overlap_study",
    "read_district",
    "read_folder",
    "sample_folder",
    "score",
    "sensitivity",
]

if TYPE_CHECKING:
    from csscore.api import (
        aggregate,
        agreement,
        agreement_report,
        appendix,
        combine_partners,
        compare_folders,
        compare_methods,
        load_matrix,
        overlap_study,
        read_district,
        read_folder,
        sample_folder,
        score,
        sensitivity,
    )


def __getattr__(name: str) -> object:
    """The API's functions, imported from :mod:`csscore.api` when first asked for."""
    if name in __all__:
        from csscore import api

        return getattr(api, name)
    raise AttributeError(f"module 'csscore' has no attribute {name!r}")
