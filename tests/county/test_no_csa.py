"""A county counted against no CSA (model/csa.py ``no_csa``): each issue is its own theme, so the
theme counts are the per-issue counts, and nothing the CSA would print appears."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csscore.config.district import build_assessment
from csscore.config.vocabulary import load_vocabulary
from csscore.county.aggregate import aggregate
from csscore.model.csa import NO_CSA, UNCLASSIFIED, no_csa
from csscore.model.district import District
from csscore.scoring.score import ScoredDistrict, score_districts
from csscore.views.county import counts_table, proposal_table
from strategies import BUILTIN, PROPERTIES, CountyDistrict, counties
from support import raw_table

VOCABULARY = load_vocabulary()
NONE = no_csa(VOCABULARY, "Exshire Community Safety Agreement 2026-27", "Exshire")


def scored(districts: list[CountyDistrict]) -> list[ScoredDistrict]:
    out = []
    for d in districts:
        district = District(d.id, d.name, d.csp, d.population, "", d.in_csa)
        assessment, problems = build_assessment(
            raw_table(d.table.rows, d.table.header), d.table.matrix, district
        )
        assert assessment is not None, problems
        out.append(assessment)
    return score_districts(out)


def test_no_csa_is_every_issue_its_own_theme() -> None:
    assert NONE.name == NO_CSA and NONE.by_issue and not NONE.empty
    assert NONE.priorities == NONE.cross_cutting == () and NONE.file == ""
    assert [t.covers for t in NONE.themes] == [(i,) for i in VOCABULARY.ids]
    assert [t.name for t in NONE.themes] == [i.label for i in VOCABULARY.issues]


@PROPERTIES
@given(
    st.sampled_from([BUILTIN["morile-csp"], BUILTIN["risk-5x5"]]).flatmap(
        lambda m: counties(m, max_districts=5)
    ),
    st.integers(1, 6),
)
def test_theme_counts_are_the_issue_counts(districts: list[CountyDistrict], top: int) -> None:
    s = scored(districts)
    by_theme = aggregate(s, NONE, top=top, by="theme")
    by_issue = aggregate(s, NONE, top=top, by="issue")
    themes = {c.name: (c.count, c.csps) for c in by_theme.counts if c.name != UNCLASSIFIED}
    known = {c.name for c in by_issue.counts if VOCABULARY.lookup(c.name) is not None}
    issues = {c.name: (c.count, c.csps) for c in by_issue.counts if c.name in known}
    assert themes == issues
    unknown = sorted(c.name for c in by_issue.counts if c.name not in known)
    assert sorted(by_theme.unclassified) == unknown
    table = counts_table(by_theme)
    assert table.columns == ("Issue", "CSPs", "Districts")  # no Including, no Printed in
    assert table.title.endswith(": Exshire Community Safety Agreement 2026-27")
    # the proposed set: the issues at least half the CSPs identify, none declared, none dropped
    half = {n for n, (count, _) in themes.items() if count / len(by_theme.csps) >= 0.5}
    assert {p.name for p in by_theme.proposed} == half
    assert all(p.verdict == "add" and p.declared == () for p in by_theme.proposed)
    if by_theme.proposed:
        assert proposal_table(by_theme).title.startswith("Proposed county set: issues")
