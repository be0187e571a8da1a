"""The files of a new county folder, as text or bytes: ``districts.toml``, a blank district file per
district (or one county workbook), the commented ``csa.toml``, ``plan.toml`` and
``horizon.toml`` templates and the folder's ``README.md``. Nothing here writes (see
:mod:`csscore.scaffold.write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from csscore.config.county import CountySettings, heading
from csscore.config.manifest import MANIFEST
from csscore.defaults import DEFAULT_MATRIX
from csscore.model.matrix import Matrix
from csscore.model.text import toml_string
from csscore.model.vocabulary import Vocabulary
from csscore.scaffold.names import DistrictName, checked_text, district_names, slug

FORMATS = ("csv", "xlsx")
CSA, PLAN, HORIZON, README = "csa.toml", "plan.toml", "horizon.toml", "README.md"
WORKBOOK = "districts.xlsx"  # the county workbook of ``--format xlsx``


@dataclass(frozen=True)
class NewCounty:
    """What ``csscore new`` is asked for: the county, its districts as written, the assessment
    year, the matrix (a built-in name or a path, as the manifest will name it) and the format of
    the district files."""

    county: str
    districts: tuple[str, ...]
    year: str = ""
    matrix: str | None = None
    format: str = "csv"


def county_files(
    request: NewCounty, matrix: Matrix, vocabulary: Vocabulary, version: str
) -> dict[str, str | bytes]:
    """{file name: content} of the new folder, in the order they are listed to the user."""
    from csscore.errors import InputError

    county = checked_text(request.county, "county name", "--county")
    if request.year:
        checked_text(request.year, "year", "--year")
    if request.format not in FORMATS:
        raise InputError.at("--format", f"unknown format {request.format!r}; use csv or xlsx")
    if not request.districts:
        raise InputError.at("--district", "give at least one district")
    districts = district_names(request.districts)
    files: dict[str, str | bytes] = {MANIFEST: manifest_text(request, districts)}
    if request.format == "xlsx":
        files[WORKBOOK] = _workbook(districts, request, matrix, vocabulary, version)
    else:
        from csscore.render.formats.template import template

        blank = template(matrix, vocabulary, "csv")
        files |= {f"{d.stem}.csv": blank for d in districts}
    values = {
        "county": _plain(county),
        "county_string": toml_string(county),
        "year_string": toml_string(request.year),
        "csa_name": toml_string(f"{slug(county)}-csa"),
        "csa_title": toml_string(f"{county} Community Safety Agreement"),
    }
    for name in (CSA, PLAN, HORIZON):
        files[name] = template_text(name, values)
    files[README] = readme_text(request, districts)
    return files


def template_text(name: str, values: dict[str, str]) -> str:
    """A template of ``csscore/scaffold/templates`` with ``${key}`` filled in."""
    text = (resources.files("csscore.scaffold") / "templates" / name).read_text(encoding="utf-8")
    return Template(text).substitute(values)


def manifest_text(request: NewCounty, districts: tuple[DistrictName, ...]) -> str:
    """``districts.toml``: the county keys, the county's files and one entry per district."""
    year = request.year
    title = heading(CountySettings(county=request.county, year=year))
    lines = [
        f"# The districts of {_plain(request.county)} and the county's own files, read by every",
        "# csscore command given this folder. Written by `csscore new`: edit it as the county's",
        "# assessment takes shape (README.md says in which order).",
        "",
        f"title = {toml_string(title)}",
        f"county = {toml_string(request.county)}",
        f"year = {toml_string(year)}" + ("" if year else '   # the assessment year, "2025-26"'),
    ]
    if request.matrix:
        lines.append(f"matrix = {toml_string(request.matrix)}")
    lines += [
        f'csa = "{CSA}"         # the Community Safety Agreement: empty until it is filled in',
        f'plan = "{PLAN}"       # the Police and Crime Plan, for Appendix D',
        f'horizon = "{HORIZON}" # Appendix C: Horizon Scanning',
    ]
    for d in districts:
        lines += [
            "",
            "[[district]]",
            f"id = {toml_string(d.id)}",
            f"name = {toml_string(d.name)}",
            f"csp = {toml_string(d.name)}   # its Community Safety Partnership: districts sharing one give the same name",
            "# population = 100000   # usual residents: remove the '#' to weight county results by it",
            f"year = {toml_string(year)}",
        ]
        if request.format == "xlsx":
            lines += [f'file = "{WORKBOOK}"', f"sheet = {toml_string(d.sheet)}"]
        else:
            lines.append(f"file = {toml_string(d.stem + '.csv')}")
        lines.append("in_csa = true   # false for a district outside the agreement")
    return "\n".join(lines) + "\n"


def readme_text(request: NewCounty, districts: tuple[DistrictName, ...]) -> str:
    """The folder's ``README.md``: what to fill in, and in which order."""
    import shlex
    import textwrap

    if request.format == "xlsx":
        where = (
            f"`{WORKBOOK}` has a sheet per district: grade each issue with the drop-downs (the "
            "note on each cell says what each grade means). Its `Districts` sheet repeats "
            "districts.toml's columns, so the workbook also reads on its own. The sheets:"
        )
        listed = [f"   - {_plain(d.name)}: sheet `{d.sheet}`" for d in districts]
        score = f"`csscore score {WORKBOOK} --sheet NAME`"
    else:
        where = "Each district has a blank file listing the issues of the vocabulary:"
        listed = [f"   - {_plain(d.name)}: `{d.stem}.csv`" for d in districts]
        score = "`csscore score FILE`"
    lines = textwrap.wrap(
        where, 95, initial_indent=" " * 19, subsequent_indent="   ", break_on_hyphens=False
    )
    values = {
        "county": _plain(request.county),
        "where": "\n".join(lines).lstrip(),
        "districts": "\n".join(listed),
        "score": score,
        "matrix_show": f"csscore matrix show {shlex.quote(request.matrix or DEFAULT_MATRIX)}",
    }
    return template_text(README, values)


def _workbook(
    districts: tuple[DistrictName, ...],
    request: NewCounty,
    matrix: Matrix,
    vocabulary: Vocabulary,
    version: str,
) -> bytes:
    from csscore.render.formats.county_workbook import DistrictSheet, county_workbook

    issues = [issue.label for issue in vocabulary.issues]
    sheets = [
        DistrictSheet(d.id, d.sheet, d.name, d.name, request.year, request.matrix or "")
        for d in districts
    ]
    return county_workbook(matrix, sheets, issues, version, str(Path(WORKBOOK)))


def _plain(text: str) -> str:
    """Text for a comment or a heading: one line, every run of spaces and breaks one space."""
    return " ".join(text.split())
