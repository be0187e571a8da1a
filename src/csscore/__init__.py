"""csscore: MoRiLE-style scoring of community-safety issues for Community Safety Partnerships,
aggregation into the county Community Safety Agreement, and overlap with the Police and Crime Plan.
"""

__version__ = "0.1.0"
