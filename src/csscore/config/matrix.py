"""The matrix TOML schema: turn a parsed document into a :class:`~csscore.model.matrix.Matrix`.

Every problem is collected (unknown keys with 'did you mean', factors on undefined scales, bands
that do not cover the risk range, duplicate labels, ...) so that one run reports them all.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from csscore.config.toml import ConfigSource, check_keys, key_path, parse_toml, read_config
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
    normalise_label,
)

TOP_KEYS = ("name", "version", "scales", "factors", "sections", "bands")
TOP_OPTIONAL = ("title", "description", "source", "risk", "grades", "gap", "confidence")
ID_PATTERN = "lower-case letters, digits and hyphens"


def _is_id(text: object) -> bool:
    return (
        isinstance(text, str)
        and bool(text)
        and all(c.islower() or c.isdigit() or c == "-" for c in text)
        and text[0].isalpha()
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _text(table: dict[str, Any], key: str) -> str:
    value = table.get(key, "")
    return value if isinstance(value, str) else ""


class _Builder:
    def __init__(self, data: dict[str, Any], file: str) -> None:
        self.data = data
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, column=where))

    def table(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.bad(where, "must be a table")
            return {}
        return value

    def array(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.bad(where, "must be an array of tables")
            return []
        return value

    def scales(self) -> tuple[Scale, ...]:
        out = []
        for scale_id, raw in self.table(self.data.get("scales", {}), "scales").items():
            where = key_path("scales", scale_id)
            table = self.table(raw, where)
            self.problems += check_keys(table, self.file, where, ["levels"], ["label"])
            if not _is_id(scale_id):
                self.bad(where, f"scale id must use {ID_PATTERN}")
            levels = []
            for i, item in enumerate(self.array(table.get("levels", []), f"{where}.levels")):
                lw = key_path("scales", scale_id, "levels", i)
                level = self.table(item, lw)
                self.problems += check_keys(
                    level, self.file, lw, ["label", "value"], ["description"]
                )
                value = _number(level.get("value"))
                label = level.get("label")
                if not isinstance(label, str) or not label.strip():
                    self.bad(f"{lw}.label", "must be a non-empty string")
                    continue
                if value is None or value < 0:
                    self.bad(f"{lw}.value", "must be a finite number >= 0")
                    continue
                levels.append(Level(label.strip(), value, _text(level, "description")))
            if not levels and "levels" in table:
                self.bad(f"{where}.levels", "a scale needs at least one level")
            seen: set[str] = set()
            for i, lv in enumerate(levels):
                key = normalise_label(lv.label)
                if key in seen:
                    self.bad(f"{where}.levels[{i}].label", f"duplicate label {lv.label!r}")
                seen.add(key)
                if i and lv.value <= levels[i - 1].value:
                    self.bad(f"{where}.levels[{i}].value", "values must increase level by level")
            out.append(Scale(scale_id, _text(table, "label") or scale_id, tuple(levels)))
        return tuple(out)

    def factors(self, scale_ids: set[str]) -> tuple[Factor, ...]:
        out: list[Factor] = []
        for i, item in enumerate(self.array(self.data.get("factors", []), "factors")):
            where = key_path("factors", i)
            table = self.table(item, where)
            self.problems += check_keys(
                table,
                self.file,
                where,
                ["id", "section", "scale"],
                ["label", "weight", "description"],
            )
            fid, section, scale = table.get("id"), table.get("section"), table.get("scale")
            ok = True
            if not _is_id(fid):
                self.bad(f"{where}.id", f"factor id must use {ID_PATTERN}")
                ok = False
            elif fid in {"issue", "confidence", "selected", "notes"}:
                self.bad(f"{where}.id", f"{fid!r} is a reserved column name")
                ok = False
            elif any(f.id == fid for f in out):
                self.bad(f"{where}.id", f"duplicate factor id {fid!r}")
                ok = False
            if section not in SECTIONS:
                hint = did_you_mean(str(section), SECTIONS)
                self.bad(f"{where}.section", f"unknown section {section!r}{hint}")
                ok = False
            if not isinstance(scale, str) or scale not in scale_ids:
                hint = did_you_mean(str(scale), scale_ids)
                self.bad(f"{where}.scale", f"undefined scale {scale!r}{hint}")
                ok = False
            weight = _number(table.get("weight", 1.0))
            if weight is None or weight <= 0:
                self.bad(f"{where}.weight", "must be a finite number > 0")
                ok = False
            if ok:
                assert isinstance(fid, str) and isinstance(section, str)
                assert isinstance(scale, str) and weight is not None
                out.append(
                    Factor(
                        fid,
                        _text(table, "label") or fid,
                        section,
                        scale,
                        weight,
                        _text(table, "description"),
                    )
                )
        return tuple(out)

    def sections(self, used: set[str]) -> tuple[Section, ...]:
        raw = self.table(self.data.get("sections", {}), "sections")
        self.problems += check_keys(raw, self.file, "sections", optional=SECTIONS)
        out = []
        for section_id in SECTIONS:
            if section_id not in raw:
                if section_id in used or section_id != "position":
                    self.bad(f"sections.{section_id}", "missing section")
                continue
            where = f"sections.{section_id}"
            table = self.table(raw[section_id], where)
            self.problems += check_keys(table, self.file, where, ["combine"], ["label"])
            combine = table.get("combine")
            if combine not in COMBINE:
                hint = did_you_mean(str(combine), COMBINE) or f" (one of {', '.join(COMBINE)})"
                self.bad(f"{where}.combine", f"unknown rule {combine!r}{hint}")
                continue
            if section_id not in used:
                self.bad(where, f"no factor is in section {section_id!r}")
            out.append(Section(section_id, _text(table, "label") or section_id, combine))
        return tuple(out)

    def thresholds(self, key: str, low: float, high: float, what: str) -> tuple[Threshold, ...]:
        out: list[Threshold] = []
        for i, item in enumerate(self.array(self.data.get(key, []), key)):
            where = key_path(key, i)
            table = self.table(item, where)
            self.problems += check_keys(table, self.file, where, ["label", "min"], ["description"])
            label, minimum = table.get("label"), _number(table.get("min"))
            if not isinstance(label, str) or not label.strip() or minimum is None:
                self.bad(where, "needs a non-empty 'label' and a finite number 'min'")
                continue
            if any(normalise_label(t.label) == normalise_label(label) for t in out):
                self.bad(f"{where}.label", f"duplicate label {label!r}")
            if out and minimum <= out[-1].min:
                self.bad(f"{where}.min", f"{key} must be listed in increasing order of 'min'")
            if minimum > high:
                self.bad(
                    f"{where}.min", f"{minimum:g} is above the highest possible {what} {high:g}"
                )
            out.append(Threshold(label.strip(), minimum, _text(table, "description")))
        if out and out[0].min > low:
            self.bad(
                f"{key}[0].min",
                f"{key} do not cover the {what} range: lowest possible {what} is {low:g} "
                f"but the first {key[:-1]} starts at {out[0].min:g}",
            )
        if not out and key in self.data:
            self.bad(key, f"at least one {key[:-1]} is needed")
        return tuple(out)


def build_matrix(data: dict[str, Any], file: str) -> tuple[Matrix | None, list[Problem]]:
    """Build a Matrix from a parsed TOML document, or return the problems found."""
    b = _Builder(data, file)
    b.problems += check_keys(data, file, "(top level)", TOP_KEYS, TOP_OPTIONAL)
    for key in ("name", "version"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            b.bad(key, "must be a non-empty string")
    scales = b.scales()
    factors = b.factors({s.id for s in scales})
    used = {f.section for f in factors}
    sections = b.sections(used)
    if b.problems or not factors:
        return None, b.problems or [Problem(file, "no factors defined", column="factors")]
    draft = Matrix(
        str(data["name"]),
        str(data["version"]),
        _text(data, "title"),
        _text(data, "description"),
        scales,
        factors,
        sections,
        (),
        (),
        frozenset(),
        frozenset(),
        (),
        (),
        _text(data, "source"),
    )
    with np.errstate(over="ignore", invalid="ignore"):
        highs = [draft.risk_range()[1]]
        if draft.has_position:
            highs.append(draft.section_range("position")[1])
    if not all(math.isfinite(h) for h in highs):
        message = (
            "values and weights are so large that risk or position overflows; use smaller numbers"
        )
        return None, [*b.problems, Problem(file, message, column="scales")]
    if "risk" in data:
        risk = b.table(data["risk"], "risk")
        b.problems += check_keys(risk, file, "risk", optional=["label", "formula"])
        if risk.get("formula", "harm * likelihood") != "harm * likelihood":
            b.bad("risk.formula", "only 'harm * likelihood' is supported")
    bands = b.thresholds("bands", *draft.risk_range(), what="risk")
    grades: tuple[Threshold, ...] = ()
    if draft.has_position:
        if "grades" not in data:
            b.bad("grades", "a matrix with position factors needs [[grades]]")
        grades = b.thresholds("grades", *draft.section_range("position"), what="position")
    elif "grades" in data:
        b.bad("grades", "grades given but no factor is in section 'position'")
    gap_bands, gap_grades = _gap(b, {t.label for t in bands}, {t.label for t in grades})
    confidence, perturbations = _confidence(b)
    if b.problems:
        return None, b.problems
    return (
        Matrix(
            draft.name,
            draft.version,
            draft.title,
            draft.description,
            scales,
            factors,
            sections,
            bands,
            grades,
            gap_bands,
            gap_grades,
            confidence,
            perturbations,
            draft.source,
        ),
        [],
    )


def _gap(b: _Builder, bands: set[str], grades: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    if "gap" not in b.data:
        return frozenset(), frozenset()
    gap = b.table(b.data["gap"], "gap")
    b.problems += check_keys(gap, b.file, "gap", ["bands", "grades"], ["description"])
    out = []
    for key, known in (("bands", bands), ("grades", grades)):
        values = gap.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            b.bad(f"gap.{key}", "must be a list of labels")
            values = []
        for v in values:
            if v not in known:
                b.bad(f"gap.{key}", f"unknown {key[:-1]} {v!r}{did_you_mean(v, known)}")
        out.append(frozenset(values))
    return out[0], out[1]


def _confidence(b: _Builder) -> tuple[tuple[str, ...], tuple[Perturbation, ...]]:
    if "confidence" not in b.data:
        return ("high", "medium", "low"), ()
    conf = b.table(b.data["confidence"], "confidence")
    b.problems += check_keys(conf, b.file, "confidence", ["levels"], ["perturbation"])
    levels = conf.get("levels", [])
    if not isinstance(levels, list) or not levels or not all(isinstance(v, str) for v in levels):
        b.bad("confidence.levels", "must be a non-empty list of labels")
        return (), ()
    if len({normalise_label(v) for v in levels}) != len(levels):
        b.bad("confidence.levels", "duplicate label")
    perturbations = []
    raw = b.table(conf.get("perturbation", {}), "confidence.perturbation")
    for label, item in raw.items():
        where = f"confidence.perturbation.{label}"
        if label not in levels:
            b.bad(where, f"unknown confidence {label!r}{did_you_mean(label, levels)}")
            continue
        table = b.table(item, where)
        b.problems += check_keys(table, b.file, where, ["p_move", "max_step"], ["description"])
        p_move, max_step = _number(table.get("p_move")), table.get("max_step")
        if p_move is None or not 0 <= p_move <= 1:
            b.bad(f"{where}.p_move", "must be a probability between 0 and 1")
            continue
        if not isinstance(max_step, int) or isinstance(max_step, bool) or max_step < 0:
            b.bad(f"{where}.max_step", "must be a whole number >= 0")
            continue
        perturbations.append(Perturbation(label, p_move, max_step))
    return tuple(levels), tuple(perturbations)


def load_matrix(ref: str) -> Matrix:
    """Load and validate a matrix by built-in name or path; raises ConfigError."""
    return parse_matrix(read_config("matrices", ref))


def parse_matrix(source: ConfigSource) -> Matrix:
    """Validate a matrix TOML document, reporting every problem found."""
    matrix, problems = build_matrix(parse_toml(source), source.name)
    if problems or matrix is None:
        raise ConfigError(problems or [Problem(source.name, "matrix is empty")])
    return replace(matrix, sha256=source.sha256)
