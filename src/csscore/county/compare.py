"""Year on year: how each issue's rank and band moved per district and for the county, and which
themes entered or left each CSP's identified set."""

from __future__ import annotations

from dataclasses import dataclass

from csscore.county.aggregate import County, issue_keys


@dataclass(frozen=True)
class Movement:
    """One issue in one district (or the county, district ''), before and after."""

    district: str
    issue: str
    old_rank: int | None
    new_rank: int | None
    old_band: str
    new_band: str

    @property
    def move(self) -> int | None:
        """Places climbed (positive) or fallen (negative); None if graded in one year only."""
        if self.old_rank is None or self.new_rank is None:
            return None
        return self.old_rank - self.new_rank

    @property
    def changed(self) -> bool:
        return self.old_rank != self.new_rank or self.old_band != self.new_band


@dataclass(frozen=True)
class ThemeChange:
    csp: str
    entered: tuple[str, ...]
    left: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    districts: tuple[Movement, ...]
    county: tuple[Movement, ...]
    themes: tuple[ThemeChange, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]


def _district_rows(county: County) -> dict[str, dict[str, tuple[str, int, str]]]:
    out: dict[str, dict[str, tuple[str, int, str]]] = {}
    for s in county.districts:
        keys = issue_keys(s, county.csa)
        table = {}
        for i, key in enumerate(keys):
            r = s.issue(i)
            table[key] = (county.csa.vocabulary.display_name(key), r.rank, r.band)
        out[s.assessment.district.id] = table
    return out


def _themes(county: County) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in county.districts:
        d = s.assessment.district
        found = {t.name for t in county.csa.themes if set(county.identified[d.id]) & set(t.covers)}
        out.setdefault(d.csp, set()).update(found)
    return out


def compare(old: County, new: County) -> Comparison:
    """Compare two county pictures built with the same CSA."""
    names = {
        s.assessment.district.id: s.assessment.district.name
        for s in (*old.districts, *new.districts)
    }
    before, after = _district_rows(old), _district_rows(new)
    rows = []
    for district_id in sorted(set(before) & set(after), key=lambda d: (names[d].casefold(), d)):
        b, a = before[district_id], after[district_id]
        for key in sorted(
            set(a) | set(b), key=lambda k: (a.get(k, b.get(k)) or ("", 0, ""))[0].casefold()
        ):
            name = (a.get(key) or b[key])[0]
            rows.append(
                Movement(
                    names[district_id],
                    name,
                    b[key][1] if key in b else None,
                    a[key][1] if key in a else None,
                    b[key][2] if key in b else "",
                    a[key][2] if key in a else "",
                )
            )
    old_rank = {r.key: r for r in old.ranking}
    new_rank = {r.key: r for r in new.ranking}
    county = [
        Movement(
            "",
            (new_rank.get(k) or old_rank[k]).name,
            old_rank[k].rank if k in old_rank else None,
            new_rank[k].rank if k in new_rank else None,
            "",
            "",
        )
        for k in sorted(
            set(old_rank) | set(new_rank),
            key=lambda k: (new_rank[k].rank if k in new_rank else 10**9, k),
        )
    ]
    old_themes, new_themes = _themes(old), _themes(new)
    changes = [
        ThemeChange(
            csp,
            tuple(sorted(new_themes.get(csp, set()) - old_themes.get(csp, set()))),
            tuple(sorted(old_themes.get(csp, set()) - new_themes.get(csp, set()))),
        )
        for csp in sorted(set(old_themes) | set(new_themes))
    ]
    return Comparison(
        tuple(rows),
        tuple(county),
        tuple(changes),
        tuple(sorted(names[d] for d in set(before) - set(after))),
        tuple(sorted(names[d] for d in set(after) - set(before))),
    )
