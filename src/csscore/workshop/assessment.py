"""What a workshop grades: one district's issues against one matrix, read from a district file
whose grades may be blank (any grades it holds are not used)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from csscore.errors import CsscoreError, InputError, Problem
from csscore.model.matrix import Factor, Matrix
from csscore.model.text import issue_key, label_key

#: Longest issue or partner name (characters), as a district file allows.
MAX_NAME_CHARS = 200
#: Longest note a partner may save (characters), as a district file's cell allows.
MAX_NOTE_CHARS = 10_000


@dataclass(frozen=True)
class MatrixSource:
    """A matrix as its TOML text, kept in the workshop's database so that it stands alone."""

    name: str
    text: str
    sha256: str

    def load(self) -> Matrix:
        from csscore.config.matrix import parse_matrix
        from csscore.config.toml import ConfigSource

        return parse_matrix(ConfigSource(self.name, self.text, self.sha256))


@dataclass(frozen=True)
class Assessment:
    """A workshop's district, its issues in file order, and its matrix."""

    district: str
    stem: str
    issues: tuple[str, ...]
    source: MatrixSource

    @cached_property
    def matrix(self) -> Matrix:
        return self.source.load()

    @cached_property
    def _issue_index(self) -> dict[str, int]:
        return {issue_key(name): i for i, name in enumerate(self.issues)}

    def issue(self, name: str) -> str | None:
        """The issue a name refers to (case and spacing tolerant), or None."""
        index = self._issue_index.get(issue_key(name))
        return None if index is None else self.issues[index]

    def order(self, name: str) -> int:
        return self._issue_index[issue_key(name)]

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.matrix.factors if f.id == factor_id), None)

    def level(self, factor: Factor, label: str) -> str | None:
        """The level label a text names on a factor's scale (label spellings tolerated), or None."""
        key = label_key(label)
        levels = self.matrix.scale(factor.scale).levels
        return next((lv.label for lv in levels if label_key(lv.label) == key), None)

    def confidence(self, label: str) -> str | None:
        key = label_key(label)
        return next((c for c in self.matrix.confidence if label_key(c) == key), None)

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``GET /api/v1/assessment``."""
        matrix = self.matrix
        return {
            "district": self.district,
            "issues": list(self.issues),
            "factors": [
                {
                    "id": f.id,
                    "label": f.label,
                    "levels": [lv.label for lv in matrix.scale(f.scale).levels],
                }
                for f in matrix.factors
            ],
            "confidence": list(matrix.confidence),
        }


def read_assessment(path: Path, matrix_ref: str | None = None) -> Assessment:
    """The issues of one district file (its grades may be blank) and the matrix it is graded
    with: ``matrix_ref``, else its folder's manifest's or its own declaration, else the default."""
    from csscore.config.district import check_text, district_from_path
    from csscore.config.load import resolve_matrix
    from csscore.config.lone_file import district_for_file
    from csscore.config.sheets import column_names
    from csscore.config.tables import read_table
    from csscore.config.toml import read_config
    from csscore.defaults import DEFAULT_MATRIX
    from csscore.model.text import file_stem

    display = str(path)
    if not path.exists():
        raise CsscoreError.at(display, "no such file")
    if path.is_dir():
        raise CsscoreError.at(display, "is a folder; give one district file")
    district, declared = district_for_file(path)
    if path.suffix.lower() == ".toml":
        table = read_table(path, display)
        declared = declared or table.matrix
        matrix = resolve_matrix(matrix_ref, declared)
    else:
        matrix = resolve_matrix(matrix_ref, declared)
        table = read_table(path, display, matrix)
    names = column_names(matrix)
    at = table.header_row
    column = next(
        (i for i, h in enumerate(table.header) if names.get(label_key(h)) == "issue"), None
    )
    if column is None:
        raise InputError.at(display, "missing column 'issue'", at, "issue")
    problems: list[Problem] = []
    issues: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        name = " ".join(cells[column].split()) if column < len(cells) else ""
        problem = check_text(name, "issue name") if name else "empty issue name"
        if problem is None and len(name) > MAX_NAME_CHARS:
            problem = f"issue name is {len(name)} characters; the limit is {MAX_NAME_CHARS}"
        if problem is None and issue_key(name) in seen:
            problem = f"duplicate issue {name!r} (first at row {seen[issue_key(name)]})"
        if problem:
            problems.append(Problem(display, problem, number, "issue"))
            continue
        seen[issue_key(name)] = number
        issues.append(name)
    if problems:
        raise InputError(problems)
    if not issues:
        raise InputError.at(display, "no issues: the file has a header but no rows", at + 1)
    config = read_config("matrices", str(matrix_ref or declared or DEFAULT_MATRIX))
    who = district or district_from_path(path)
    return Assessment(
        who.name,
        file_stem(path.stem),
        tuple(issues),
        MatrixSource(config.name, config.text, config.sha256),
    )
