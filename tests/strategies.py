"""Shared hypothesis strategies: matrices, grades per factor, district tables, folders of districts
with their CSPs, hostile text, and the fixed profiles that bound how long the properties run.

Imported by the tests as ``strategies`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from csscore.config.district import check_text
from csscore.config.matrix import build_matrix, load_matrix
from csscore.config.toml import available
from csscore.config.vocabulary import load_vocabulary
from csscore.model.matrix import COMBINE, Matrix
from csscore.model.text import issue_key

# --- profiles ----------------------------------------------------------------------------------

#: Examples per property test in CI; `CSSCORE_PROPERTY_EXAMPLES=2000 pytest ...` runs more.
PROPERTY_EXAMPLES = int(os.environ.get("CSSCORE_PROPERTY_EXAMPLES", "100"))
#: Examples per fuzz target in CI; `CSSCORE_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py` runs
#: the long fuzz (docs/reliability.md).
FUZZ_EXAMPLES = int(os.environ.get("CSSCORE_FUZZ_EXAMPLES", "100"))

_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "csscore-properties",
    max_examples=PROPERTY_EXAMPLES,
    deadline=None,
    suppress_health_check=_HEALTH,
    print_blob=True,
)
settings.register_profile(
    "csscore-fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[*_HEALTH, HealthCheck.filter_too_much, HealthCheck.large_base_example],
    print_blob=True,
)
#: Decorators for the two kinds of test (a profile's settings, without changing the global one).
PROPERTIES = settings(settings.get_profile("csscore-properties"))
FUZZ = settings(settings.get_profile("csscore-fuzz"))


def scaled(fraction: float) -> settings:
    """The property profile with a fraction of its examples (for the slower, file-level tests)."""
    return settings(PROPERTIES, max_examples=max(10, int(PROPERTY_EXAMPLES * fraction)))


# --- matrices ----------------------------------------------------------------------------------

BUILTIN: dict[str, Matrix] = {name: load_matrix(name) for name in available("matrices")}
VOCABULARY = load_vocabulary()

_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)


@st.composite
def matrix_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid matrix document (as parsed TOML): random scales, factors in every section, any
    combination rule, positive weights, and bands (and grades) that cover the range."""
    scales: dict[str, Any] = {}
    for s in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 6))
        steps = draw(st.lists(st.sampled_from([0.5, 1, 1, 2, 3, 10]), min_size=n, max_size=n))
        start = draw(st.sampled_from([0, 0, 1, 0.5]))
        values = [start + sum(steps[:k]) for k in range(n)]
        labels = [f"{draw(_ids)}-{k}" for k in range(n)]
        scales[f"s{s}"] = {
            "levels": [
                {"label": lab, "value": int(v) if float(v).is_integer() else v}
                for lab, v in zip(labels, values, strict=True)
            ]
        }
    factors = []
    counts = {
        "harm": draw(st.integers(1, 4)),
        "likelihood": draw(st.integers(1, 3)),
        "position": draw(st.integers(0, 2)),
    }
    for section, n in counts.items():
        for k in range(n):
            factor = {
                "id": f"{section[0]}{k}-{draw(_ids)}",
                "section": section,
                "scale": draw(st.sampled_from(sorted(scales))),
            }
            if draw(st.booleans()):
                factor["weight"] = draw(st.sampled_from([0.5, 1, 2, 3]))
            factors.append(factor)
    sections = {
        name: {"combine": draw(st.sampled_from(COMBINE))} for name, n in counts.items() if n
    }
    doc: dict[str, Any] = {
        "name": "random",
        "version": "1",
        "scales": scales,
        "factors": factors,
        "sections": sections,
        "bands": [{"label": "band-0", "min": 0}],
    }
    if counts["position"]:
        doc["grades"] = [{"label": "grade-0", "min": 0}]
    draft, problems = build_matrix(doc, "random.toml")
    assert draft is not None, problems
    doc["bands"] += _thresholds(draw, "band", *draft.risk_range())
    if counts["position"]:
        doc["grades"] += _thresholds(draw, "grade", *draft.section_range("position"))
    return doc


def _thresholds(draw: st.DrawFn, label: str, low: float, high: float) -> list[dict[str, Any]]:
    if high <= max(low, 0):
        return []
    points = draw(
        st.lists(
            st.floats(max(low, 0), high, exclude_min=True, allow_nan=False),
            max_size=3,
            unique=True,
        )
    )
    return [{"label": f"{label}-{k}", "min": m} for k, m in enumerate(sorted(points), start=1)]


def _build(doc: dict[str, Any]) -> Matrix:
    matrix, problems = build_matrix(doc, "random.toml")
    assert matrix is not None, problems
    return matrix


#: A built-in matrix or a random valid one.
matrices = st.one_of(st.sampled_from(list(BUILTIN.values())), matrix_docs().map(_build))


def grades(matrix: Matrix, issues: int) -> st.SearchStrategy[np.ndarray]:
    """Level indices, shape (issues, factors): one grade per matrix factor for each issue."""
    counts = matrix.level_counts.tolist()
    row = st.tuples(*(st.integers(0, k - 1) for k in counts))
    return st.lists(row, min_size=issues, max_size=issues).map(
        lambda rows: np.array(rows, dtype=np.int64).reshape(issues, len(counts))
    )


SPELLINGS: dict[str, Callable[[str], str]] = {
    "as given": lambda s: s,
    "upper": str.upper,
    "title": str.title,
    "spaces": lambda s: s.replace("-", " "),
    "underscores": lambda s: s.replace("-", "_"),
    "padded": lambda s: f"  {s} ",
}


def number_text(value: float) -> str:
    """A level's value written so that float() gives it back exactly."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@st.composite
def grade_cell(draw: st.DrawFn, matrix: Matrix, factor: int, level: int) -> str:
    """The text a spreadsheet might hold for a grade: its label in any spelling, or its value."""
    item = matrix.scale(matrix.factors[factor].scale).levels[level]
    how = draw(st.sampled_from([*SPELLINGS, "number"]))
    return number_text(item.value) if how == "number" else SPELLINGS[how](item.label)


# --- text --------------------------------------------------------------------------------------

_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüßøÅ"
_PUNCT = " -'&/(),.\"!?%#0123456789|<>*_[]`\\"


def _clean(text: str) -> str:
    return " ".join(text.split())


#: Issue names csscore accepts: one script, no formula-leading character, spaces collapsed.
issue_names = (
    st.one_of(
        st.text(alphabet=_LATIN + _PUNCT, min_size=1, max_size=40),
        st.text(alphabet="αβγδεζηθλμπσω ΔΣΩ-", min_size=1, max_size=20),
        st.text(alphabet="абвгдежзийклмн АБВ-", min_size=1, max_size=20),
    )
    .map(_clean)
    .filter(lambda s: bool(s) and not s.startswith(("=", "+", "@")))
)

#: Notes csscore accepts: any printable text (commas, quotes, newlines) not formula-leading.
notes = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cc", "Cs", "Cf"), include_characters="\n\t"
        ),
        max_size=60,
    )
    .map(str.strip)
    .filter(lambda s: check_text(s, "note") is None)
)


#: Any text at all, with spreadsheet triggers, markup, controls and look-alikes favoured.
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet="=+-@\t\r\n|<>&\"'`\\*_[]#$%{}~^;,: aZ0\u202e\u200b\u00a0\uff1d"),
    st.sampled_from(
        [
            '=HYPERLINK("http://example.invalid","x")',
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "<script>alert(1)</script>",
            "a | b",
            "\\|",
            "&lt;",
            "**bold** _it_ [x](y)",
        ]
    ),
)

# --- district tables ---------------------------------------------------------------------------

CONFIDENCE_SPELLINGS = [str, str.upper, str.title]
SELECTED_WORDS = {True: ["yes", "Y", "TRUE", "1", "x"], False: ["no", "N", "false", "0", ""]}


@dataclass(frozen=True)
class DistrictTable:
    """A district's rows as text cells, and the model they must read as."""

    matrix: Matrix
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    issues: tuple[str, ...]
    levels: np.ndarray = field(compare=False)
    confidence: tuple[str, ...]
    selected: tuple[bool, ...]
    notes: tuple[str, ...]


@st.composite
def district_tables(
    draw: st.DrawFn,
    matrix: Matrix,
    names: st.SearchStrategy[str] = issue_names,
    min_issues: int = 1,
    max_issues: int = 8,
    unique_by: Callable[[str], str] = issue_key,
) -> DistrictTable:
    """A district file's header and rows for ``matrix``, graded in any accepted spelling."""
    issues = draw(st.lists(names, min_size=min_issues, max_size=max_issues, unique_by=unique_by))
    levels = draw(grades(matrix, len(issues)))
    header = ("issue", *matrix.factor_ids, "confidence", "selected", "notes")
    rows, confidence, selected, written_notes = [], [], [], []
    for i, name in enumerate(issues):
        cells = [name]
        cells += [draw(grade_cell(matrix, f, int(levels[i, f]))) for f in range(len(header) - 4)]
        conf = draw(st.sampled_from(["", *matrix.confidence]))
        spell = draw(st.sampled_from(CONFIDENCE_SPELLINGS))
        sel = draw(st.booleans())
        note = draw(notes)
        cells += [spell(conf), draw(st.sampled_from(SELECTED_WORDS[sel])), note]
        rows.append(tuple(cells))
        confidence.append(conf)
        selected.append(sel)
        written_notes.append(note)
    return DistrictTable(
        matrix,
        header,
        tuple(rows),
        tuple(issues),
        levels,
        tuple(confidence),
        tuple(selected),
        tuple(written_notes),
    )


def shuffled_columns(table: DistrictTable, order: Sequence[int]) -> DistrictTable:
    """The same table with its columns in another order (column order must not matter)."""
    return DistrictTable(
        table.matrix,
        tuple(table.header[i] for i in order),
        tuple(tuple(r[i] for i in order) for r in table.rows),
        table.issues,
        table.levels,
        table.confidence,
        table.selected,
        table.notes,
    )


# --- partners' gradings ----------------------------------------------------------------------


@st.composite
def gradings(draw: st.DrawFn, matrix: Matrix) -> tuple[list[str], np.ndarray, list[list[str]]]:
    """Partner names, their (partners, issues, factors) levels (-1 blank, every factor graded by
    somebody) and their confidences."""
    partners = draw(st.lists(st.sampled_from(["Police", "Fire", "Council", "Health", "Probation",
                                              "Youth offending"]), min_size=1, max_size=6,
                             unique=True))  # fmt: skip
    issues = draw(st.integers(1, 5))
    counts = matrix.level_counts
    shape = (len(partners), issues, len(counts))
    raw = draw(st.lists(st.integers(0, 10**6), min_size=int(np.prod(shape)),
                        max_size=int(np.prod(shape))))  # fmt: skip
    levels = np.array(raw, dtype=np.int64).reshape(shape) % counts
    blank = np.array(draw(st.lists(st.booleans(), min_size=levels.size, max_size=levels.size)))
    levels = np.where(blank.reshape(shape), -1, levels)
    levels[0] = np.where(np.all(levels < 0, axis=0), levels[0] % counts, levels[0])
    confidence = [
        [draw(st.sampled_from(["", *matrix.confidence])) for _ in range(issues)] for _ in partners
    ]
    return partners, levels, confidence


def grading_rows(
    matrix: Matrix,
    partners: Sequence[str],
    levels: np.ndarray,
    confidence: Sequence[Sequence[str]],
    order: Sequence[int],
    issues: Sequence[str],
    column: bool = True,
) -> list[tuple[str, ...]]:
    """The rows of one file of the partners in ``order``, grades by their scale labels: issue, a
    partner column (unless ``column`` is off), the factors and confidence."""
    rows = []
    for p in order:
        for i in range(levels.shape[1]):
            grades = [
                "" if lv < 0 else matrix.scale(f.scale).levels[lv].label
                for f, lv in zip(matrix.factors, levels[p, i], strict=True)
            ]
            who = (partners[p],) if column else ()
            rows.append((issues[i], *who, *grades, confidence[p][i]))
    return rows


# --- folders of districts ----------------------------------------------------------------------

#: Names of vocabulary issues (labels and synonyms) and some the vocabulary does not know.
VOCABULARY_NAMES = sorted({n for i in VOCABULARY.issues for n in (i.label, *i.synonyms)})
county_issue_names = st.one_of(
    st.sampled_from(VOCABULARY_NAMES), st.sampled_from(VOCABULARY_NAMES), issue_names
)


def vocabulary_key(name: str) -> str:
    """Two names of one district may not stand for the same issue, by name or by synonym."""
    return VOCABULARY.lookup(name) or issue_key(name)


@dataclass(frozen=True)
class CountyDistrict:
    id: str
    name: str
    csp: str
    population: float | None
    in_csa: bool
    table: DistrictTable


@st.composite
def counties(
    draw: st.DrawFn,
    matrix: Matrix,
    min_districts: int = 1,
    max_districts: int = 6,
    names: st.SearchStrategy[str] = county_issue_names,
) -> list[CountyDistrict]:
    """Districts of one county: several may share a CSP; most belong to the CSA; most have a
    population (all or none, so the weighted risk is sometimes computed)."""
    n = draw(st.integers(min_districts, max_districts))
    csps = draw(st.integers(1, n))
    with_population = draw(st.booleans())
    out = []
    for i in range(n):
        table = draw(district_tables(matrix, names, max_issues=8, unique_by=vocabulary_key))
        out.append(
            CountyDistrict(
                f"d{i}",
                f"District {i}",
                f"CSP {draw(st.integers(0, csps - 1))}",
                float(draw(st.integers(1_000, 500_000))) if with_population else None,
                draw(st.sampled_from([True, True, True, False])) or i == 0,
                table,
            )
        )
    return out


# --- writing TOML (the project reads TOML but need not write it) -------------------------------


def write_county(
    folder: Path, districts: Sequence[CountyDistrict], order: Sequence[int] | None = None
) -> Path:
    """A county folder: a CSV per district and a ``districts.toml`` listing them in ``order``
    (as given unless said), with the issue names the built-in vocabulary does not know declared
    in the county's own vocabulary."""
    from support import csv_text, declare_issues

    folder.mkdir(parents=True, exist_ok=True)
    manifest = ['matrix = "morile-csp"\n']
    for i in range(len(districts)) if order is None else order:
        d = districts[i]
        name = f"{d.id}.csv"
        (folder / name).write_text(csv_text(d.table.rows, d.table.header), encoding="utf-8")
        manifest.append(
            f"\n[[district]]\nid = {toml_string(d.id)}\nname = {toml_string(d.name)}\n"
            f"csp = {toml_string(d.csp)}\nfile = {toml_string(name)}\n"
            f"in_csa = {'true' if d.in_csa else 'false'}\n"
            + (f"population = {d.population}\n" if d.population else "")
        )
    (folder / "districts.toml").write_text("".join(manifest), encoding="utf-8")
    declare_issues(folder, [n for d in districts for n in d.table.issues])
    return folder


def toml_string(text: str) -> str:
    """A TOML basic string: quote, backslash and control characters escaped."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def toml_value(value: Any) -> str:
    """A TOML value for any JSON-like Python value (tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_string(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(type(value))


def toml_text(doc: dict[str, Any]) -> str:
    """A TOML document: each top-level key on its own line, nested tables inline."""
    return "".join(f"{toml_string(str(k))} = {toml_value(v)}\n" for k, v in doc.items())


def district_toml(table: DistrictTable) -> str:
    """A district table as a TOML district file ([[issue]] tables, every value a string)."""
    parts = []
    for row in table.rows:
        parts.append("[[issue]]\n")
        parts += [
            f"{toml_string(k)} = {toml_string(v)}\n" for k, v in zip(table.header, row, strict=True)
        ]
    return "".join(parts)


# --- county rank matrices ----------------------------------------------------------------------


@st.composite
def rank_profiles(draw: st.DrawFn, max_districts: int = 6, max_issues: int = 7) -> np.ndarray:
    """ranks[d, i] as the county ranking reads them: ties (equal ranks) and, now and then, an
    issue a district did not grade (NaN)."""
    m = draw(st.integers(1, max_districts))
    n = draw(st.integers(2, max_issues))
    cells = st.integers(0, n).map(lambda r: float(r) if r else math.nan)  # 0: not graded
    rows = draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m, max_size=m))
    return np.array(rows, dtype=float)
