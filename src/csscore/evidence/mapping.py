"""Evidence mappings (``config/evidence/*.toml``): which issues each source category counts
towards, district name aliases, and the rules that turn rates and changes into grades."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from csscore.config.toml import check_keys, key_path, parse_toml, read_config
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.model.matrix import Matrix
from csscore.model.text import category_key, place_key

METHODS = ("fixed", "quantiles")
#: The tables of issue lists a mapping file may hold.
CATEGORY_TABLES = ("crime_types", "groups", "subgroups", "descriptions")


@dataclass(frozen=True)
class FrequencyRule:
    """Rate per 1,000 population per year -> frequency grade."""

    method: str
    thresholds: tuple[tuple[str, float], ...]  # (grade, lowest rate of that grade), ascending
    quantiles: tuple[float, ...]
    min_districts: int

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for label, _ in self.thresholds)


@dataclass(frozen=True)
class TrendRule:
    """Percent change between two periods -> trend grade."""

    increasing: float
    decreasing: float
    min_count: int
    labels: tuple[str, str, str] = ("decreasing", "stable", "increasing")


@dataclass(frozen=True)
class EvidenceMapping:
    """A validated mapping file."""

    name: str
    version: str
    file: str
    sha256: str
    tables: dict[str, dict[str, tuple[str, ...]]]  # table -> folded category -> issue ids
    aliases: dict[str, str]  # place_key(alias) -> the name it stands for
    frequency: FrequencyRule
    trend: TrendRule
    issues: tuple[str, ...] = field(default=())  # every issue a category counts towards, in order

    def category(self, table: str, name: str) -> tuple[str, ...] | None:
        """The issues a category counts towards ((), none), or None if the table does not list it."""
        return self.tables.get(table, {}).get(category_key(name))


def load_mapping(ref: str, vocabulary_ids: tuple[str, ...] | None = None) -> EvidenceMapping:
    """Load a mapping by built-in name (``police-uk``, ``home-office``) or path."""
    source = read_config("evidence", ref)
    data = parse_toml(source)
    file = source.name
    problems = check_keys(
        data,
        file,
        "(top level)",
        ["name", "frequency", "trend"],
        ["version", "title", "source", "aliases", *CATEGORY_TABLES],
    )
    if vocabulary_ids is None:
        from csscore.config.vocabulary import load_vocabulary

        vocabulary_ids = load_vocabulary().ids
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    issues: list[str] = []
    for table in CATEGORY_TABLES:
        if table not in data:
            continue
        entries = data[table]
        if not isinstance(entries, dict):
            problems.append(Problem(file, "must be a table", column=table))
            continue
        tables[table] = {}
        for name, value in entries.items():
            where = key_path(table, name)
            ids = [value] if isinstance(value, str) else value
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                problems.append(Problem(file, "must be a list of issue ids", column=where))
                continue
            for issue in ids:
                if issue not in vocabulary_ids:
                    hint = did_you_mean(issue, vocabulary_ids)
                    problems.append(Problem(file, f"unknown issue {issue!r}{hint}", column=where))
            if category_key(name) in tables[table]:
                problems.append(Problem(file, f"{name!r} is listed twice", column=where))
            tables[table][category_key(name)] = tuple(ids)
            issues += [i for i in ids if i not in issues]
    if not tables:
        problems.append(Problem(file, f"no category table ({', '.join(CATEGORY_TABLES)})"))
    aliases = _aliases(data.get("aliases", {}), file, problems)
    frequency = _frequency(data.get("frequency"), file, problems)
    trend = _trend(data.get("trend"), file, problems)
    if problems or frequency is None or trend is None:
        raise ConfigError(problems or [Problem(file, "incomplete mapping")])
    return EvidenceMapping(
        str(data["name"]),
        str(data.get("version", "")),
        file,
        source.sha256,
        tables,
        aliases,
        frequency,
        trend,
        tuple(sorted(issues, key=vocabulary_ids.index)),
    )


def _aliases(value: Any, file: str, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(Problem(file, "must be a table of name = name", column="aliases"))
        return {}
    return {place_key(k): v for k, v in value.items() if place_key(k) != place_key(v)}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _frequency(value: Any, file: str, problems: list[Problem]) -> FrequencyRule | None:
    if not isinstance(value, dict):
        problems.append(Problem(file, "must be a table", column="frequency"))
        return None
    found = check_keys(
        value, file, "frequency", ["thresholds"], ["method", "quantiles", "min_districts"]
    )
    method = value.get("method", "fixed")
    if method not in METHODS:
        found.append(
            Problem(file, f"method must be one of {', '.join(METHODS)}", column="frequency.method")
        )
    raw = value.get("thresholds", {})
    thresholds = []
    if isinstance(raw, dict):
        for label, rate in raw.items():
            number = _number(rate)
            if number is None or number < 0:
                where = key_path("frequency", "thresholds", label)
                found.append(Problem(file, "must be a number >= 0", column=where))
            else:
                thresholds.append((label, number))
    rates = [rate for _, rate in thresholds]
    if len(thresholds) < 2 or rates != sorted(set(rates)) or rates[0] != 0:
        found.append(
            Problem(
                file,
                "need two or more grades with rising rates, the first at 0",
                column="frequency.thresholds",
            )
        )
    quantiles = value.get("quantiles", [0.2, 0.4, 0.6, 0.8])
    cuts = [_number(q) for q in quantiles] if isinstance(quantiles, list) else [None]
    if (
        any(q is None or not 0 < q < 1 for q in cuts)
        or cuts != sorted(set(cuts))  # type: ignore[type-var]
        or len(cuts) != len(thresholds) - 1
    ):
        found.append(
            Problem(
                file,
                f"quantiles must be {len(thresholds) - 1} rising numbers between 0 and 1 (one fewer than the grades)",
                column="frequency.quantiles",
            )
        )
    min_districts = value.get("min_districts", 3)
    if isinstance(min_districts, bool) or not isinstance(min_districts, int) or min_districts < 2:
        found.append(Problem(file, "must be a whole number >= 2", column="frequency.min_districts"))
    problems += found
    if found:
        return None
    return FrequencyRule(
        method,
        tuple(thresholds),
        tuple(q for q in cuts if q is not None),
        min_districts,
    )


def _trend(value: Any, file: str, problems: list[Problem]) -> TrendRule | None:
    if not isinstance(value, dict):
        problems.append(Problem(file, "must be a table", column="trend"))
        return None
    found = check_keys(value, file, "trend", ["increasing", "decreasing", "min_count"], ["labels"])
    up, down = _number(value.get("increasing")), _number(value.get("decreasing"))
    if up is None or down is None or not down < 0 < up:
        found.append(
            Problem(
                file,
                "increasing must be a percent > 0 and decreasing a percent < 0",
                column="trend",
            )
        )
    min_count = value.get("min_count")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
        found.append(Problem(file, "must be a whole number >= 0", column="trend.min_count"))
    labels = value.get("labels", ["decreasing", "stable", "increasing"])
    if (
        not isinstance(labels, list)
        or len(labels) != 3
        or not all(isinstance(x, str) and x for x in labels)
    ):
        found.append(
            Problem(
                file,
                "must be three grades: falling, steady, rising",
                column="trend.labels",
            )
        )
    problems += found
    if found or up is None or down is None or not isinstance(min_count, int):
        return None
    return TrendRule(up, down, min_count, (labels[0], labels[1], labels[2]))


def check_grades(mapping: EvidenceMapping, matrix: Matrix) -> None:
    """Refuse a mapping whose grade labels are not levels of the matrix's frequency/trend scales."""
    problems = []
    for factor_id, labels, where in (
        ("frequency", mapping.frequency.labels, "frequency.thresholds"),
        ("trend", mapping.trend.labels, "trend.labels"),
    ):
        factor = next((f for f in matrix.factors if f.id == factor_id), None)
        if factor is None:
            problems.append(
                Problem(
                    mapping.file, f"matrix {matrix.name} has no {factor_id!r} factor", column=where
                )
            )
            continue
        scale = matrix.scale(factor.scale)
        for label in labels:
            if scale.parse(label) is None:
                problems.append(
                    Problem(
                        mapping.file,
                        f"{label!r} is not a grade of {factor_id} in matrix {matrix.name} ({scale.describe()})",
                        column=where,
                    )
                )
    if problems:
        raise ConfigError(problems)
