"""Typed schemas for the TOML readers, and the checker that reports every problem in a document.

Each file's shape is a :class:`Schema` (a ``msgspec.Struct`` that forbids unknown fields): a field
with a default is optional, its type and ``msgspec.Meta`` constraints say what a value must be.
:func:`convert` lets msgspec validate and build the document; msgspec stops at the first error and
knows nothing of "did you mean", so when it refuses a document the schema is walked to collect
every unknown, missing and mistyped key as ``file:key: message``, and the parts that are sound
are built so that each reader's cross-field rules can still report theirs. Numbers are read by
one rule (:func:`number_problem`): booleans are no numbers, and an integer too large for a float
(TOML allows hundreds of digits), or for 64 bits where a whole number is wanted, is refused as
"number too large".
"""

from __future__ import annotations

import math
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, TypeGuard, TypeVar, Union, get_args, get_origin

import msgspec
from msgspec import Meta

from csscore.config.toml import key_path
from csscore.errors import Problem, did_you_mean
from csscore.model.text import text_problem

MAX_FLOAT = sys.float_info.max
MAX_INT = 2**63 - 1
TOO_LARGE = "number too large"


class Schema(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The shape of one TOML table: unknown keys are refused, fields with defaults optional."""


S = TypeVar("S", bound=Schema)
Path = tuple[str | int, ...]
#: Where a problem at a key path is reported: (row, column) of a Problem.
Place = Callable[[Path], tuple[int | None, str]]


@dataclass(frozen=True)
class Explain:
    """How a wrong value is reported: ``be`` completes "must be ...", or ``message`` is the
    whole message ({key} is the key, {value!r} the value found)."""

    be: str = ""
    message: str = ""


# The common value types; bounds at the float/int limits keep msgspec from accepting what no
# reader can use (inf, nan, integers past 64 bits).
Text = str
NonEmpty = Annotated[str, Meta(pattern=r"\S")]
Number = Annotated[float, Meta(ge=-MAX_FLOAT, le=MAX_FLOAT)]
NonNegative = Annotated[float, Meta(ge=0, le=MAX_FLOAT)]
Positive = Annotated[float, Meta(gt=0, le=MAX_FLOAT)]
Whole = Annotated[int, Meta(ge=0, le=MAX_INT)]
TextList = Annotated[tuple[str, ...], Explain(be="a list of text")]
IssueIds = Annotated[tuple[str, ...], Explain(be="a list of issue ids")]


def by_key(path: Path) -> tuple[int | None, str]:
    """The usual place of a problem: its key path, or '(top level)'."""
    return None, key_path(*path) or "(top level)"


def number_problem(value: object, whole: bool = False) -> str | None:
    """Why a TOML value cannot be read as a number (a whole one if ``whole``), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "not a number"
    if isinstance(value, int):
        too_large = abs(value) > (MAX_INT if whole else MAX_FLOAT)
        return TOO_LARGE if too_large else None
    return "not a whole number" if whole else (None if math.isfinite(value) else "not finite")


def convert(
    raw: object, schema: type[S], file: str, place: Place = by_key
) -> tuple[S | None, list[Problem]]:
    """Validate and build ``schema`` from parsed TOML: the object (None if it cannot be built)
    and every problem found."""
    found: list[tuple[Path, str]] = []
    _formulas(raw, (), found)
    try:
        built = msgspec.convert(raw, schema)
        return built, [Problem(file, message, *place(path)) for path, message in found]
    except msgspec.ValidationError:
        pass
    cleaned = _walk(raw, schema, (), found)
    problems = [Problem(file, message, *place(path)) for path, message in found]
    if cleaned is _BAD:
        return None, problems
    try:
        return msgspec.convert(cleaned, schema), problems
    except msgspec.ValidationError as exc:  # a rule the walk does not mirror: msgspec's words
        return None, problems or [Problem(file, str(exc), *place(()))]


_BAD = object()  # a value that cannot be used


def _formulas(value: object, path: Path, found: list[tuple[Path, str]]) -> None:
    """Every text value of a document that the rule of every text csscore reads refuses (it
    starts as a formula would, holds a control, invisible or noncharacter, mixes look-alike
    scripts, or is longer than any text may be): ``model/text.text_problem``, the same for every
    field of every file, a district's cells among them."""
    if isinstance(value, str):
        what = str(path[-1]) if path and isinstance(path[-1], str) else "text"
        problem = text_problem(value, what)
        if problem:
            found.append((path, problem))
    elif isinstance(value, dict):
        for key, item in value.items():
            _formulas(item, (*path, str(key)), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _formulas(item, (*path, i), found)


@cache
def _fields(schema: type[Schema]) -> tuple[tuple[str, object, bool], ...]:
    """(name, type, required) of each field, in declaration order."""
    return tuple((f.name, f.type, f.required) for f in msgspec.structs.fields(schema))


def _unwrap(tp: object) -> tuple[object, list[Meta], Explain | None]:
    metas: list[Meta] = []
    explain = None
    while get_origin(tp) is Annotated:
        tp, *extras = get_args(tp)
        metas += [e for e in extras if isinstance(e, Meta)]
        explain = next((e for e in extras if isinstance(e, Explain)), explain)
    return tp, metas, explain


def _walk(value: object, tp: object, path: Path, found: list[tuple[Path, str]]) -> object:
    """The usable part of ``value`` as type ``tp`` (or _BAD), adding problems to ``found``."""
    tp, metas, explain = _unwrap(tp)

    def bad(reason: str | None = None) -> object:
        if reason == TOO_LARGE:
            message = reason
        elif explain and explain.message:
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            message = explain.message.format(key=key, value=value)
        else:
            message = "must be " + (explain.be if explain and explain.be else _describe(tp, metas))
        found.append((path, message))
        return _BAD

    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(tp) if m is not type(None)]
        if len(members) == 1:  # an optional value (TOML has no null): its own problems
            return _walk(value, members[0], path, found)
        schemas = [m for m in members if _is_schema(_unwrap(m)[0])]
        if isinstance(value, dict) and len(schemas) == 1:  # a table: its own problems, by key
            return _walk(value, schemas[0], path, found)
        for member in members:
            trial: list[tuple[Path, str]] = []
            result = _walk(value, member, path, trial)
            if not trial:
                return result
        return bad()
    if _is_schema(tp):
        if not isinstance(value, dict):
            return bad()
        return _walk_table(value, tp, path, found)
    if origin in (tuple, list):
        if not isinstance(value, list):
            return bad()
        item = get_args(tp)[0]
        tables = _holds_table(item)
        loose: list[tuple[Path, str]] = []  # a list of plain values is wrong as a whole
        items = [
            _walk(v, item, (*path, i), found if tables else loose) for i, v in enumerate(value)
        ]
        if loose or not _within(len(value), metas, "length"):
            return bad()
        return [v for v in items if v is not _BAD]
    if origin is dict:
        if not isinstance(value, dict):
            return bad()
        item = get_args(tp)[1]
        pairs = {k: _walk(v, item, (*path, k), found) for k, v in value.items()}
        return {k: v for k, v in pairs.items() if v is not _BAD}
    if tp is str:
        ok = isinstance(value, str) and _within(len(value), metas, "length")
        if ok and any(m.pattern and not re.search(m.pattern, str(value)) for m in metas):
            ok = False
        return value if ok else bad()
    if tp is bool:
        return value if isinstance(value, bool) else bad()
    if tp in (int, float):
        reason = number_problem(value, whole=tp is int)
        if reason is not None or not _within(value, metas, "value"):  # type: ignore[arg-type]
            return bad(reason)
        return value
    return value if isinstance(value, tp) else bad()  # type: ignore[arg-type]


def _walk_table(
    value: dict[object, object], schema: type[Schema], path: Path, found: list[tuple[Path, str]]
) -> object:
    fields = _fields(schema)
    names = [name for name, _, _ in fields]
    for key in value:
        if key not in names:
            found.append((path, f"unknown key {key!r}{did_you_mean(str(key), names)}"))
    usable = True
    for name, _, required in fields:
        if required and name not in value:
            found.append((path, f"missing required key {name!r}"))
            usable = False
    out: dict[str, object] = {}
    for name, tp, required in fields:
        if name in value:
            result = _walk(value[name], tp, (*path, name), found)
            if result is not _BAD:
                out[name] = result
            elif required:
                usable = False
    return out if usable else _BAD


def _holds_table(tp: object) -> bool:
    """Whether a list's items are (or may be) tables, whose problems are each item's own."""
    tp = _unwrap(tp)[0]
    if get_origin(tp) in (Union, types.UnionType):
        return any(_is_schema(_unwrap(m)[0]) for m in get_args(tp))
    return _is_schema(tp)


def _is_schema(tp: object) -> TypeGuard[type[Schema]]:
    return isinstance(tp, type) and issubclass(tp, Schema)


def _within(number: float, metas: list[Meta], kind: str) -> bool:
    for m in metas:
        if kind == "length":
            if (m.min_length is not None and number < m.min_length) or (
                m.max_length is not None and number > m.max_length
            ):
                return False
            continue
        if (m.ge is not None and not number >= m.ge) or (m.gt is not None and not number > m.gt):
            return False
        if (m.le is not None and not number <= m.le) or (m.lt is not None and not number < m.lt):
            return False
    return True


def _describe(tp: object, metas: list[Meta]) -> str:
    """What a value of a type must be: 'a finite number >= 0', 'an array of tables', ..."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [_describe(_unwrap(m)[0], []) for m in get_args(tp) if m is not type(None)]
        return " or ".join(dict.fromkeys(members))
    if origin is dict or _is_schema(tp):
        return "a table"
    if origin in (tuple, list):
        item = _unwrap(get_args(tp)[0])[0]
        if _is_schema(item):
            return "an array of tables"
        nouns: dict[object, str] = {str: "text", bool: "true or false", int: "whole numbers"}
        if get_origin(item) in (Union, types.UnionType):  # text or tables (a district's files)
            kinds = (_unwrap(m)[0] for m in get_args(item) if m is not type(None))
            return "a list of " + " or ".join(
                "tables" if _is_schema(k) else nouns.get(k, "values") for k in kinds
            )
        return "a list of " + nouns.get(item, "numbers" if item is float else "values")
    if tp is str:
        empty = any(m.pattern or m.min_length for m in metas)
        return "non-empty text" if empty else "text"
    if tp is bool:
        return "true or false"
    if tp in (int, float):
        noun = "a whole number" if tp is int else "a finite number"
        bounds = []
        for m in metas:
            for sign, limit in ((">=", m.ge), (">", m.gt), ("<=", m.le), ("<", m.lt)):
                if limit is not None and abs(limit) not in (MAX_FLOAT, MAX_INT):
                    bounds.append(f"{sign} {limit:g}")
        if len(bounds) == 2 and bounds[0][0] == ">" and bounds[1][0] == "<":
            low, high = bounds[0].split()[1], bounds[1].split()[1]
            return f"a number between {low} and {high}"
        return " ".join([noun, *bounds])
    return getattr(tp, "__name__", "a value")
