"""The matrix TOML schema: turn a parsed document into a :class:`~csscore.model.matrix.Matrix`.

Every problem is collected (unknown keys with 'did you mean', factors on undefined scales, bands
that do not cover the risk range, duplicate labels, ...) so that one run reports them all.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Annotated

import msgspec
import numpy as np

from csscore.config.schema import (
    Explain,
    NonEmpty,
    NonNegative,
    Number,
    Positive,
    Schema,
    Text,
    Whole,
    convert,
)
from csscore.config.toml import ConfigSource, key_path, parse_toml, read_config
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.model.matrix import (
    COMBINE,
    SECTIONS,
    Factor,
    Level,
    Matrix,
    Perturbation,
    Scale,
    Section,
    Threshold,
)
from csscore.model.numbers import looks_numeric
from csscore.model.text import label_key

ID_PATTERN = "lower-case letters, digits and hyphens"
Labels = Annotated[tuple[str, ...], Explain(be="a list of labels")]


class LevelDoc(Schema):
    label: NonEmpty
    value: NonNegative
    description: Text = ""


class ScaleDoc(Schema):
    levels: tuple[LevelDoc, ...]
    label: Text = ""


class FactorDoc(Schema):
    id: Annotated[str, Explain(message=f"factor id must use {ID_PATTERN}")]
    section: str
    scale: Annotated[str, Explain(message="undefined scale {value!r}")]
    label: Text = ""
    weight: Positive = 1.0
    description: Text = ""


class SectionDoc(Schema):
    combine: str
    label: Text = ""


class SectionsDoc(Schema):
    harm: SectionDoc | None = None
    likelihood: SectionDoc | None = None
    position: SectionDoc | None = None


class ThresholdDoc(Schema):
    label: NonEmpty
    min: Number
    description: Text = ""


class RiskDoc(Schema):
    label: Text = ""
    formula: Text = "harm * likelihood"


class GapDoc(Schema):
    bands: Labels
    grades: Labels
    description: Text = ""


class PerturbationDoc(Schema):
    p_move: Annotated[float, msgspec.Meta(ge=0, le=1), Explain(be="a probability between 0 and 1")]
    max_step: Whole
    description: Text = ""


class ConfidenceDoc(Schema):
    levels: Annotated[
        tuple[str, ...], msgspec.Meta(min_length=1), Explain(be="a non-empty list of labels")
    ]
    perturbation: dict[str, PerturbationDoc] = msgspec.field(default_factory=dict)


class MatrixDoc(Schema):
    """A matrix file (``config/matrices/*.toml``)."""

    name: NonEmpty
    version: NonEmpty
    scales: dict[str, ScaleDoc]
    factors: tuple[FactorDoc, ...]
    sections: SectionsDoc
    bands: tuple[ThresholdDoc, ...]
    title: Text = ""
    description: Text = ""
    source: Text = ""
    risk: RiskDoc | None = None
    grades: tuple[ThresholdDoc, ...] | None = None
    gap: GapDoc | None = None
    confidence: ConfidenceDoc | None = None


def _is_id(text: str) -> bool:
    return (
        bool(text)
        and all(c.islower() or c.isdigit() or c == "-" for c in text)
        and text[0].isalpha()
    )


class _Builder:
    def __init__(self, doc: MatrixDoc, file: str) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, column=where))

    def scales(self) -> tuple[Scale, ...]:
        out = []
        for scale_id, raw in self.doc.scales.items():
            where = key_path("scales", scale_id)
            if not _is_id(scale_id):
                self.bad(where, f"scale id must use {ID_PATTERN}")
            levels = [Level(lv.label.strip(), float(lv.value), lv.description) for lv in raw.levels]
            if not levels:
                self.bad(f"{where}.levels", "a scale needs at least one level")
            seen: set[str] = set()
            for i, lv in enumerate(levels):
                key = label_key(lv.label)
                if key in seen:
                    self.bad(f"{where}.levels[{i}].label", f"duplicate label {lv.label!r}")
                seen.add(key)
                if looks_numeric(lv.label):  # a cell '3' would mean this level or the one worth 3
                    self.bad(
                        f"{where}.levels[{i}].label",
                        f"label {lv.label!r} reads as a number, and a grade may be written as a "
                        "level's value; give the level a word",
                    )
                if i and lv.value <= levels[i - 1].value:
                    self.bad(f"{where}.levels[{i}].value", "values must increase level by level")
            out.append(Scale(scale_id, raw.label or scale_id, tuple(levels)))
        return tuple(out)

    def factors(self, scale_ids: set[str]) -> tuple[Factor, ...]:
        out: list[Factor] = []
        for i, raw in enumerate(self.doc.factors):
            where = key_path("factors", i)
            fid, section, scale = raw.id, raw.section, raw.scale
            ok = True
            if not _is_id(fid):
                self.bad(f"{where}.id", f"factor id must use {ID_PATTERN}")
                ok = False
            elif fid in {"issue", "confidence", "selected", "notes", "partner"}:
                self.bad(f"{where}.id", f"{fid!r} is a reserved column name")
                ok = False
            elif any(f.id == fid for f in out):
                self.bad(f"{where}.id", f"duplicate factor id {fid!r}")
                ok = False
            if section not in SECTIONS:
                hint = did_you_mean(section, SECTIONS)
                self.bad(f"{where}.section", f"unknown section {section!r}{hint}")
                ok = False
            if scale not in scale_ids:
                hint = did_you_mean(scale, scale_ids)
                self.bad(f"{where}.scale", f"undefined scale {scale!r}{hint}")
                ok = False
            if ok:
                label = raw.label or fid
                out.append(Factor(fid, label, section, scale, float(raw.weight), raw.description))
        return tuple(out)

    def sections(self, used: set[str]) -> tuple[Section, ...]:
        out = []
        for section_id in SECTIONS:
            raw: SectionDoc | None = getattr(self.doc.sections, section_id)
            where = f"sections.{section_id}"
            if raw is None:
                if section_id in used or section_id != "position":
                    self.bad(where, "missing section")
                continue
            if raw.combine not in COMBINE:
                hint = did_you_mean(raw.combine, COMBINE) or f" (one of {', '.join(COMBINE)})"
                self.bad(f"{where}.combine", f"unknown rule {raw.combine!r}{hint}")
                continue
            if section_id not in used:
                self.bad(where, f"no factor is in section {section_id!r}")
            out.append(Section(section_id, raw.label or section_id, raw.combine))
        return tuple(out)

    def thresholds(
        self, key: str, items: tuple[ThresholdDoc, ...], low: float, high: float, what: str
    ) -> tuple[Threshold, ...]:
        out: list[Threshold] = []
        for i, raw in enumerate(items):
            where = key_path(key, i)
            label, minimum = raw.label, float(raw.min)
            if any(label_key(t.label) == label_key(label) for t in out):
                self.bad(f"{where}.label", f"duplicate label {label!r}")
            if out and minimum <= out[-1].min:
                self.bad(f"{where}.min", f"{key} must be listed in increasing order of 'min'")
            if minimum > high:
                self.bad(
                    f"{where}.min", f"{minimum:g} is above the highest possible {what} {high:g}"
                )
            out.append(Threshold(label.strip(), minimum, raw.description))
        if out and out[0].min > low:
            self.bad(
                f"{key}[0].min",
                f"{key} do not cover the {what} range: lowest possible {what} is {low:g} "
                f"but the first {key[:-1]} starts at {out[0].min:g}",
            )
        if not out:
            self.bad(key, f"at least one {key[:-1]} is needed")
        return tuple(out)


def build_matrix(data: dict[str, object], file: str) -> tuple[Matrix | None, list[Problem]]:
    """Build a Matrix from a parsed TOML document, or return every problem found."""
    doc, problems = convert(data, MatrixDoc, file)
    if doc is None:
        return None, problems
    b = _Builder(doc, file)
    b.problems = problems
    scales = b.scales()
    factors = b.factors({s.id for s in scales})
    used = {f.section for f in factors}
    sections = b.sections(used)
    if b.problems or not factors:
        return None, b.problems or [Problem(file, "no factors defined", column="factors")]
    draft = Matrix(
        doc.name, doc.version, doc.title, doc.description, scales, factors, sections,
        (), (), frozenset(), frozenset(), (), (), doc.source, file=file,
    )  # fmt: skip
    with np.errstate(over="ignore", invalid="ignore"):
        highs = [draft.risk_range()[1]]
        if draft.has_position:
            highs.append(draft.section_range("position")[1])
    if not all(math.isfinite(h) for h in highs):
        message = (
            "values and weights are so large that risk or position overflows; use smaller numbers"
        )
        return None, [*b.problems, Problem(file, message, column="scales")]
    if doc.risk is not None and doc.risk.formula != "harm * likelihood":
        b.bad("risk.formula", "only 'harm * likelihood' is supported")
    bands = b.thresholds("bands", doc.bands, *draft.risk_range(), what="risk")
    grades: tuple[Threshold, ...] = ()
    if draft.has_position:
        if doc.grades is None:
            b.bad("grades", "a matrix with position factors needs [[grades]]")
        else:
            low, high = draft.section_range("position")
            grades = b.thresholds("grades", doc.grades, low, high, what="position")
    elif doc.grades is not None:
        b.bad("grades", "grades given but no factor is in section 'position'")
    gap_bands, gap_grades = _gap(b, {t.label for t in bands}, {t.label for t in grades})
    confidence, perturbations = _confidence(b)
    if b.problems:
        return None, b.problems
    matrix = replace(
        draft,
        bands=bands,
        grades=grades,
        gap_bands=gap_bands,
        gap_grades=gap_grades,
        confidence=confidence,
        perturbations=perturbations,
    )
    return matrix, []


def _gap(b: _Builder, bands: set[str], grades: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    gap = b.doc.gap
    if gap is None:
        return frozenset(), frozenset()
    for key, values, known in (("bands", gap.bands, bands), ("grades", gap.grades, grades)):
        for v in values:
            if v not in known:
                b.bad(f"gap.{key}", f"unknown {key[:-1]} {v!r}{did_you_mean(v, known)}")
    return frozenset(gap.bands), frozenset(gap.grades)


def _confidence(b: _Builder) -> tuple[tuple[str, ...], tuple[Perturbation, ...]]:
    conf = b.doc.confidence
    if conf is None:
        return ("high", "medium", "low"), ()
    levels = conf.levels
    if len({label_key(v) for v in levels}) != len(levels):
        b.bad("confidence.levels", "duplicate label")
    perturbations = []
    for label, item in conf.perturbation.items():
        where = f"confidence.perturbation.{label}"
        if label not in levels:
            b.bad(where, f"unknown confidence {label!r}{did_you_mean(label, levels)}")
            continue
        perturbations.append(Perturbation(label, float(item.p_move), item.max_step))
    return levels, tuple(perturbations)


def load_matrix(ref: str) -> Matrix:
    """Load and validate a matrix by built-in name or path; raises ConfigError."""
    return parse_matrix(read_config("matrices", ref))


def parse_matrix(source: ConfigSource) -> Matrix:
    """Validate a matrix TOML document, reporting every problem found."""
    matrix, problems = build_matrix(parse_toml(source), source.name)
    if problems or matrix is None:
        raise ConfigError(problems or [Problem(source.name, "matrix is empty")])
    return replace(matrix, sha256=source.sha256)
