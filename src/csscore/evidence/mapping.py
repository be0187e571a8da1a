"""Evidence mappings (``config/evidence/*.toml``): which issues each source category counts
towards, district name aliases, and the rules that turn rates and changes into grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import msgspec

from csscore.config.schema import (
    MAX_INT,
    Explain,
    NonEmpty,
    NonNegative,
    Number,
    Schema,
    Text,
    Whole,
    convert,
)
from csscore.config.toml import parse_toml, read_config
from csscore.errors import ConfigError, Problem, did_you_mean
from csscore.model.text import category_key, place_key

if TYPE_CHECKING:
    from csscore.model.matrix import Matrix
    from csscore.model.vocabulary import Vocabulary

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
    labels: dict[str, str] = field(default_factory=dict)  # issue id -> the vocabulary's name

    def category(self, table: str, name: str) -> tuple[str, ...] | None:
        """The issues a category counts towards ((), none), or None if the table does not list it."""
        return self.tables.get(table, {}).get(category_key(name))


Categories = dict[str, Annotated[str | tuple[str, ...], Explain(be="a list of issue ids")]]


class FrequencyDoc(Schema):
    thresholds: dict[str, NonNegative]
    method: Text = "fixed"
    quantiles: Annotated[tuple[Number, ...], Explain(be="a list of numbers")] = (0.2, 0.4, 0.6, 0.8)
    min_districts: Annotated[int, msgspec.Meta(ge=2, le=MAX_INT)] = 3


class TrendDoc(Schema):
    increasing: Number
    decreasing: Number
    min_count: Whole
    labels: Annotated[
        tuple[NonEmpty, ...],
        msgspec.Meta(min_length=3, max_length=3),
        Explain(be="three grades: falling, steady, rising"),
    ] = ("decreasing", "stable", "increasing")


class MappingDoc(Schema):
    """An evidence mapping file (``config/evidence/*.toml``)."""

    name: str
    frequency: FrequencyDoc
    trend: TrendDoc
    version: Text = ""
    title: Text = ""
    source: Text = ""
    aliases: Annotated[dict[str, str], Explain(be="a table of name = name")] = msgspec.field(
        default_factory=dict
    )
    crime_types: Categories | None = None
    groups: Categories | None = None
    subgroups: Categories | None = None
    descriptions: Categories | None = None


def load_mapping(ref: str, vocabulary: Vocabulary | None = None) -> EvidenceMapping:
    """Load a mapping by built-in name (``police-uk``, ``home-office``) or path; its issue ids
    must be issues of ``vocabulary`` (default: the built-in one)."""
    source = read_config("evidence", ref)
    file = source.name
    doc, problems = convert(parse_toml(source), MappingDoc, file)
    if doc is None:
        raise ConfigError(problems)
    if vocabulary is None:
        from csscore.config.vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
    vocabulary_ids = vocabulary.ids
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    issues: list[str] = []
    for table in CATEGORY_TABLES:
        entries: Categories | None = getattr(doc, table)
        if entries is None:
            continue
        tables[table] = {}
        for name, value in entries.items():
            where = f"{table}.{name}"
            ids = (value,) if isinstance(value, str) else value
            for issue in ids:
                if issue not in vocabulary_ids:
                    hint = did_you_mean(issue, vocabulary_ids)
                    problems.append(Problem(file, f"unknown issue {issue!r}{hint}", column=where))
            if category_key(name) in tables[table]:
                problems.append(Problem(file, f"{name!r} is listed twice", column=where))
            tables[table][category_key(name)] = ids
            issues += [i for i in ids if i not in issues]
    if not tables:
        problems.append(Problem(file, f"no category table ({', '.join(CATEGORY_TABLES)})"))
    aliases = {place_key(k): v for k, v in doc.aliases.items() if place_key(k) != place_key(v)}
    frequency = _frequency(doc.frequency, file, problems)
    trend = _trend(doc.trend, file, problems)
    if problems or frequency is None or trend is None:
        raise ConfigError(problems or [Problem(file, "incomplete mapping")])
    return EvidenceMapping(
        doc.name,
        doc.version,
        file,
        source.sha256,
        tables,
        aliases,
        frequency,
        trend,
        tuple(sorted(issues, key=vocabulary_ids.index)),
        {i: vocabulary.get(i).label for i in issues},
    )


def _frequency(doc: FrequencyDoc, file: str, problems: list[Problem]) -> FrequencyRule | None:
    found = []
    if doc.method not in METHODS:
        found.append(
            Problem(file, f"method must be one of {', '.join(METHODS)}", column="frequency.method")
        )
    thresholds = [(label, float(rate)) for label, rate in doc.thresholds.items()]
    rates = [rate for _, rate in thresholds]
    if len(thresholds) < 2 or rates != sorted(set(rates)) or rates[0] != 0:
        found.append(
            Problem(
                file,
                "need two or more grades with rising rates, the first at 0",
                column="frequency.thresholds",
            )
        )
    cuts = [float(q) for q in doc.quantiles]
    if (
        any(not 0 < q < 1 for q in cuts)
        or cuts != sorted(set(cuts))
        or len(cuts) != len(thresholds) - 1
    ):
        found.append(
            Problem(
                file,
                f"quantiles must be {len(thresholds) - 1} rising numbers between 0 and 1 (one fewer than the grades)",
                column="frequency.quantiles",
            )
        )
    problems += found
    if found:
        return None
    return FrequencyRule(doc.method, tuple(thresholds), tuple(cuts), doc.min_districts)


def _trend(doc: TrendDoc, file: str, problems: list[Problem]) -> TrendRule | None:
    up, down = float(doc.increasing), float(doc.decreasing)
    if not down < 0 < up:
        problems.append(
            Problem(
                file,
                "increasing must be a percent > 0 and decreasing a percent < 0",
                column="trend",
            )
        )
        return None
    labels = doc.labels
    return TrendRule(up, down, doc.min_count, (labels[0], labels[1], labels[2]))


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
