"""The optional extras (``pyproject.toml``) and the one refusal every command gives when the
extra it needs is missing: what needs it, which package, and how to install it both from PyPI
(``pip install 'csscore[excel]'``) and from a checkout (``pip install '.[excel]'``).

Modules are looked up without importing them, so a check costs nothing on the start-up path.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

from csscore.errors import CsscoreError, OutputError

#: What the ``workshop`` command needs of its extra.
WORKSHOP_MODULES = ("starlette", "uvicorn", "jinja2")
#: The package pip installs for a module whose import name differs from it.
PACKAGE_OF = {"docx": "python-docx", "PIL": "Pillow", "python_calamine": "python-calamine"}


def installed(module: str) -> bool:
    """Whether ``module`` can be imported, found without importing it (which can take a while)."""
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def install_hint(extra: str) -> str:
    """How to install an extra, from PyPI and from a checkout of csscore."""
    return f"pip install 'csscore[{extra}]', or pip install '.[{extra}]' from a checkout"


def require_extra(
    modules: str | Sequence[str],
    extra: str,
    purpose: str,
    where: str,
    error: type[CsscoreError] = OutputError,
) -> None:
    """Refuse in one line (``where: purpose needs openpyxl: pip install ...``) unless every
    module of ``modules`` can be imported."""
    wanted = (modules,) if isinstance(modules, str) else tuple(modules)
    missing = [PACKAGE_OF.get(m, m) for m in wanted if not installed(m)]
    if missing:
        raise error.at(where, f"{purpose} needs {', '.join(missing)}: {install_hint(extra)}")
