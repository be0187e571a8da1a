"""The CSA appendix as a format-free model: sections of paragraphs, tables and pictures, plus
provenance. Renderers in :mod:`csscore.render` turn one :class:`Report` into Markdown, HTML,
LaTeX, CSV, JSON or XLSX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from csscore import __version__
from csscore.appendix.model import ILLUSTRATIVE, ILLUSTRATIVE_PROVENANCE, Figure, Report, Section
from csscore.appendix.paper import (
    horizon_section,
    leads_section,
    links_section,
    matrix_note,
    other_focus_areas,
    titled,
)
from csscore.county.aggregate import County
from csscore.scoring.score import ScoredDistrict
from csscore.views.county import county_tables
from csscore.views.district import score_table
from csscore.views.legend import legend_tables
from csscore.views.table import Table

if TYPE_CHECKING:
    from csscore.config.folder import Folder
    from csscore.model.csa import Csa
    from csscore.model.horizon import Horizon
    from csscore.model.matrix import Matrix
    from csscore.model.plan import Plan
    from csscore.overlap.graph import Overlap
    from csscore.scoring.score import ScoredDistrict


def _district_top_table(county: County) -> Table:
    rows = []
    for s in county.districts:
        top = s.columns(county.top)
        listed = "; ".join(f"{r}. {i}" for r, i in zip(top.rank, top.issue, strict=True))
        rows.append((s.assessment.district.name, listed))
    return Table(
        f"Top {county.top} issues by district (MoRiLE-style risk)",
        ("District", f"Top {county.top}"),
        tuple(rows),
        ("Ties share a rank, so a district may list more than five.",),
        key="top-by-district",
    )


def build_report(
    county: County,
    inputs: Sequence[tuple[str, str, str]],
    overlap_sections: Sequence[Section] = (),
    overlap: Overlap | None = None,
    stamp: str | None = None,
    horizon: Horizon | None = None,
    audience: str = "analyst",
    illustrative: bool = False,
) -> Report:
    """Assemble the appendix from a county picture (and, optionally, its plan overlap and
    horizon scan); ``illustrative`` gradings are said to be so in the first section and the
    provenance."""
    csa = county.csa
    matrix = county.districts[0].matrix
    appendix_a, appendix_b = _appendices_a_and_b(county)
    districts = Section(
        "districts",
        "District assessments",
        ("Each district's issues ranked by risk, then harm, then likelihood.",),
        subsections=tuple(
            Section(
                f"district-{s.assessment.district.id}",
                s.assessment.district.name,
                (),
                # the ranked table with the partners' notes, the rationale, as its last column
                (
                    replace(
                        score_table(s, with_notes=True), key=f"district-{s.assessment.district.id}"
                    ),
                ),
                (
                    Figure(
                        "bars",
                        f"{s.assessment.district.name}: risk by issue",
                        f"Bar chart of {s.assessment.district.name}'s issues ranked by risk, coloured by band.",
                        s.assessment.district.id,
                    ),
                ),
            )
            for s in county.districts
        ),
    )
    default_matrix = is_default(matrix)
    method = _method_section(matrix, default_matrix)
    provenance = _provenance(county, stamp)
    from csscore.appendix.partners import partnership_section

    partnership = partnership_section(county.districts)
    parts = [partnership] if partnership is not None else []
    front = [s for s in (leads_section(csa), links_section(csa)) if s is not None]
    appendix_c = [] if horizon is None or horizon.empty else [horizon_section(horizon, county)]
    sections = [
        *front,
        appendix_a,
        appendix_b,
        *appendix_c,
        *overlap_sections,
        districts,
        *parts,
        method,
    ]
    if audience == "committee":
        from csscore.appendix.committee import committee_sections

        sections = committee_sections(
            county,
            _district_top_table(county),
            overlap_sections,
            horizon,
            default_matrix,
            illustrative,
        )
        provenance = [row for row in provenance if row[0] != "Top N"]
    if illustrative:
        sections[0] = _said_illustrative(sections[0])
        provenance.insert(1, ("Gradings", ILLUSTRATIVE_PROVENANCE))
    return Report(
        f"{csa.title}: appendices",
        f"{csa.edition}" if csa.edition else "",
        tuple(sections),
        tuple(provenance),
        tuple(inputs),
        county,
        overlap,
        illustrative,
        audience,
    )


def _appendices_a_and_b(county: County) -> tuple[Section, Section]:
    """Appendix A (the themes the CSPs identified, and the proposed set) and Appendix B (the
    issues in any district's top N, with the heat map and the position chart)."""
    csa = county.csa
    matrix = county.districts[0].matrix
    everything = county_tables(county)
    tables = [t for t in everything if t.key != "proposed-set"]
    proposed = tuple(t for t in everything if t.key == "proposed-set")
    appendix_a = Section(
        "appendix-a",
        titled(csa, "A", "Strategic Assessments"),
        (
            f"Draft outcome of the local strategic assessments of the {len(county.csps)} Community Safety "
            f"Partnerships in {csa.area or 'the county'}: the issues each identified either as a main priority, "
            "cross-cutting theme or as part of a broader theme.",
        ),
        (replace(tables[0], notes=(*tables[0].notes, *other_focus_areas(csa))), *proposed),
    )
    appendix_b = Section(
        "appendix-b",
        titled(csa, "B", "MoRiLE Assessment"),
        (
            f"{len(county.districts)} districts ranked about {round(sum(len(s.assessment.issues) for s in county.districts) / max(len(county.districts), 1))} "
            f"issues each on the {matrix.name} matrix (risk = harm x likelihood). The issues below appeared in the "
            f"top {county.top} priorities for at least one district.",
        ),
        (tables[1], _district_top_table(county), *tables[2:]),
        (
            Figure(
                "heatmap",
                "Risk by district and issue",
                "Heat map of risk scores: one row per district, one column per issue in county rank order; darker is higher risk.",
            ),
            Figure(
                "position",
                "Risk against organisational position",
                "Scatter of every district's issues: risk against organisational position; issues with high risk and a poor position (gaps) are marked and labelled.",
            ),
        ),
    )
    return appendix_a, appendix_b


def is_default(matrix: Matrix) -> bool:
    """Whether ``matrix`` is csscore's default one, value for value."""
    from csscore.config.load import resolve_matrix

    return matrix == resolve_matrix(None)


def _method_section(matrix: Matrix, default: bool) -> Section:
    """The matrix the districts were graded on, and its legend."""
    return Section(
        "method",
        "Method",
        (
            f"Matrix {matrix.name} {matrix.version}: {matrix.title}. {matrix.description}",
            matrix_note(matrix, default),
        ),
        tuple(
            replace(t, key=f"method-{k}")
            for t, k in zip(
                legend_tables(matrix),
                ("factors", "scales", "bands", "grades", "confidence"),
                strict=False,
            )
        ),
    )


def _provenance(county: County, stamp: str | None) -> list[tuple[str, str | int]]:
    """What the appendix was made with and from: versions, the CSA, the counts."""
    csa, matrix = county.csa, county.districts[0].matrix
    provenance: list[tuple[str, str | int]] = [
        ("csscore version", __version__),
        ("Matrix", f"{matrix.name} {matrix.version}"),
        ("Community Safety Agreement", csa_provenance(csa)),
        ("Vocabulary", f"{csa.vocabulary.name} {csa.vocabulary.version}".strip()),
        ("Districts", len(county.districts)),
        ("CSPs", len(county.csps)),
        ("Top N", county.top),
    ]
    if stamp:
        provenance.append(("Generated", stamp))
    return provenance


def _said_illustrative(section: Section) -> Section:
    """The section with the illustrative statement first."""
    return replace(section, paragraphs=(ILLUSTRATIVE, *section.paragraphs))


def csa_provenance(csa: Csa) -> str:
    """The CSA as the provenance names it: 'kent-2017: Kent Community Safety Agreement, April
    2017', or none and how CSPs were counted."""
    if csa.by_issue:
        what = f"{csa.name}, which declares no priorities or themes" if csa.file else "none"
        return f"{what}: CSPs counted by issue"
    return f"{csa.name}: {csa.title}" + (f", {csa.edition}" if csa.edition else "")


def report_inputs(
    listing: Folder, county: County, plans: Sequence[Plan], horizon: Horizon | None = None
) -> list[tuple[str, str, str]]:
    """(kind, name, sha256) of every input: district files (a workbook's district as
    ``file[sheet]``), manifest, matrix, CSA, taxonomy, plans."""
    from csscore.config.workbooks import sheet_display

    inputs: list[tuple[str, str, str]] = []
    if listing.manifest_sha256:
        manifest = listing.path.name if listing.path.is_file() else "districts.toml"
        inputs.append(("manifest", manifest, listing.manifest_sha256))
    by_id: dict[str, ScoredDistrict] = {}
    for s in county.districts:
        by_id.setdefault(s.assessment.district.id, s)
    for entry in sorted(listing.entries, key=lambda e: e.district.id):
        scored = by_id.get(entry.district.id)
        if scored is None:  # not part of this CSA
            continue
        partnership = scored.assessment.partnership
        if entry.files and partnership is not None:  # one file per partner
            digests = dict(partnership.sources)
            for f in entry.files:
                name = f.path.relative_to(listing.path).as_posix()
                inputs.append(("district", name, digests.get(f.display, "")))
            continue
        if listing.path.is_dir():
            name = entry.path.relative_to(listing.path).as_posix()
        else:  # a county workbook: its sheets
            name = entry.path.name
        if entry.sheet is not None:
            name = sheet_display(name, entry.sheet)
        inputs.append(("district", name, scored.assessment.sha256))
    matrix = county.districts[0].matrix
    inputs.append(("matrix", matrix.name, matrix.sha256))
    if county.csa.file:
        inputs.append(("csa", _named(listing, county.csa.file), county.csa.sha256))
    inputs.append(("taxonomy", county.csa.vocabulary.name, county.csa.vocabulary.sha256))
    inputs += [("plan", _named(listing, plan.file), plan.sha256) for plan in plans]
    if horizon is not None:
        inputs.append(("horizon", horizon.file, horizon.sha256))
    return inputs


def _named(listing: Folder, file: str) -> str:
    """A configuration file as the provenance names it: inside the county's folder, by its name
    there (as the district files are), else as given ('kent-2017 (built in)', a path)."""
    from pathlib import Path

    path = Path(file)
    if listing.path.is_dir() and path.parent == listing.path:
        return path.name
    return file


def require_districts(listing: Folder, county: County) -> None:
    """Refuse a county with no district in the CSA: it has no appendix."""
    from csscore.errors import OutputError

    if not county.districts:
        raise OutputError.at(
            str(listing.path), "no district belongs to the CSA (all have in_csa = false)"
        )


def appendix(
    listing: Folder,
    county: County,
    plan: Plan | None,
    stamp: str | None = None,
    audience: str = "analyst",
) -> Report:
    """The whole CSA appendix of a county read from ``listing``, with Appendix D for ``plan``
    (none without a plan, or for one with no priorities); refused when no district belongs to
    the CSA."""
    from csscore.appendix.overlap import overlap_part

    require_districts(listing, county)
    horizon = county_horizon(listing, county)
    sections: list[Section] = []
    overlap: Overlap | None = None
    if plan is not None and plan.priorities:
        sections, overlap = overlap_part(county, plan)
    plans = [plan] if plan is not None else []
    inputs = report_inputs(listing, county, plans, horizon)
    illustrative = listing.settings is not None and listing.settings.illustrative
    return build_report(county, inputs, sections, overlap, stamp, horizon, audience, illustrative)


def county_horizon(listing: Folder, county: County) -> Horizon | None:
    """The horizon scan the county's manifest declares, read against the CSA's vocabulary."""
    from csscore.config.horizon import county_horizon_path, read_horizon

    path = county_horizon_path(listing)
    return None if path is None else read_horizon(path, county.csa.vocabulary)
