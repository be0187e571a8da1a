"""A new county's folder (``csscore new``): the manifest, blank district files or one county
workbook, the commented CSA, plan and horizon templates, and a README saying what to fill in.

:mod:`.names` derives each district's id, file and sheet from its name; :mod:`.county` makes
the files' contents (templates in ``templates/``, package data); :mod:`.write` writes them,
never over an existing file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from csscore.config.manifest import MANIFEST
from csscore.scaffold.county import NewCounty
from csscore.scaffold.write import Written

__all__ = ["NewCounty", "Written", "new_county"]


def new_county(folder: Path, request: NewCounty, force: bool = False) -> Written:
    """Scaffold ``folder`` for ``request``; every input is checked before anything is written."""
    from csscore import __version__
    from csscore.config.load import resolve_matrix
    from csscore.config.toml import available
    from csscore.config.vocabulary import load_vocabulary
    from csscore.scaffold.county import county_files
    from csscore.scaffold.write import write_county

    matrix = resolve_matrix(request.matrix)
    if request.matrix and request.matrix not in available("matrices"):  # a file: named so that
        request = replace(
            request, matrix=str(Path(request.matrix).resolve())
        )  # any folder finds it
    files = county_files(request, matrix, load_vocabulary(), __version__)
    done = write_county(folder, files, force)
    if MANIFEST not in done.kept:
        return done
    listed = _listed_files(folder / MANIFEST)
    if isinstance(listed, str):
        return replace(done, unread=listed)
    new = tuple(n for n in done.written if n.endswith(".csv") and n not in listed)
    return replace(done, unlisted=new)


def _listed_files(manifest: Path) -> frozenset[str] | str:
    """The district files a kept ``districts.toml`` lists, read by the folder reader's manifest
    parser, or its first problem when it does not read."""
    from csscore.config.manifest import FolderManifestDoc, PartnerFileDoc, read_manifest
    from csscore.errors import CsscoreError

    try:
        listing = read_manifest(manifest, FolderManifestDoc)
    except CsscoreError as exc:
        return str(exc.problems[0]) if exc.problems else str(exc)
    names = set()
    for entry in listing.entries:
        for item in [entry.file, *(entry.files or ())]:
            name = item.file if isinstance(item, PartnerFileDoc) else item
            if name is not None:
                names.add(Path(name).name)
    return frozenset(names)
