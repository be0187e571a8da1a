"""The defaults, in one place: the matrix and vocabulary a command uses when it is given none.

There is no default Community Safety Agreement or Police and Crime Plan: a folder is counted
against the CSA and plan its manifest declares (``csa``, ``plan``) or the command line names
(``--csa``, ``--plan``), else against none. The bundled sample declares its own in its manifest.
"""

from __future__ import annotations

DEFAULT_MATRIX = "morile-csp"
DEFAULT_TAXONOMY = "community-safety"
