"""Shared test helpers: where the sample data lives, small district files, edited matrices.

Imported by the tests as ``support`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from csscore.config.tables import RawTable
from csscore.model.district import District, DistrictAssessment
from csscore.model.matrix import Matrix

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SAMPLE = REPO / "data" / "districts"
ASHFORD = SAMPLE / "ashford.csv"
#: The sample month of police.uk street-level crime bundled with the sample county.
POLICE_UK_MONTH = SAMPLE / "police-uk" / "2023-04-kent-street-sample.csv"

FACTORS = (
    "physical",
    "psychological",
    "financial",
    "community",
    "scope",
    "frequency",
    "trend",
    "vulnerability",
    "capacity",
    "capability",
)
HEADER = ("issue", *FACTORS, "confidence", "selected", "notes")

#: The spec's first worked example, graded with labels exactly as the spec gives them.
DOMESTIC_ABUSE = (
    "Domestic abuse",
    "substantial",
    "critical",
    "limited",
    "moderate",
    "district",
    "almost-certain",
    "increasing",
    "substantial",
    "partial",
    "partial",
    "high",
    "yes",
    "",
)
#: The spec's second worked example: harm graded "4, 4, 3, 2" by number, the rest by label.
MODERN_SLAVERY = (
    "Modern slavery",
    "4",
    "4",
    "3",
    "2",
    "county",
    "unlikely",
    "increasing",
    "critical",
    "limited",
    "none",
    "low",
    "yes",
    "",
)

#: The two worked examples scored, as ``csscore score --format json`` gives each issue, with
#: their ranks in a district where Modern slavery (risk 128) is above Domestic abuse (risk 120).
MODERN_SLAVERY_JSON = {
    "issue": "Modern slavery",
    "harm": 16,
    "likelihood": 8,
    "risk": 128,
    "band": "high",
    "position": 5,
    "grade": "C",
    "gap": True,
    "confidence": "low",
    "selected": True,
    "rank": 1,
}
DOMESTIC_ABUSE_JSON = {
    "issue": "Domestic abuse",
    "harm": 12,
    "likelihood": 10,
    "risk": 120,
    "band": "high",
    "position": 2,
    "grade": "B",
    "gap": False,
    "confidence": "high",
    "selected": True,
    "rank": 2,
}


def builtin_matrix_text(name: str = "morile-csp") -> str:
    """The text of a matrix shipped with csscore."""
    return (resources.files("csscore.builtin") / "matrices" / f"{name}.toml").read_text("utf-8")


def edited_matrix(tmp_path: Path, *edits: tuple[str, str], name: str = "matrix.toml") -> Path:
    """A copy of morile-csp with each (old, new) replaced; each old text must occur exactly once."""
    text = builtin_matrix_text()
    for old, new in edits:
        assert text.count(old) == 1, f"edit target {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_text(
    rows: Iterable[Sequence[str]],
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    newline: str = "\n",
) -> str:
    """A district CSV in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write a file under tmp_path (text as UTF-8, bytes as given) and return its path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def csv_as_xlsx(csv_file: Path) -> Path:
    """The CSV file's rows as a workbook beside it (sheet 'Grades'), the CSV removed."""
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Grades"
    with csv_file.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    out = csv_file.with_suffix(".xlsx")
    book.save(out)
    csv_file.unlink()
    return out


def raw_table(
    rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER, file: str = "test.csv"
) -> RawTable:
    """A RawTable as the CSV reader would give it (header row 1, data from row 2)."""
    body = tuple((n, tuple(r)) for n, r in enumerate(rows, start=2))
    digest = hashlib.sha256(repr((tuple(header), body)).encode()).hexdigest()
    return RawTable(file, tuple(header), body, digest)


def assessment_of(
    table: RawTable, matrix: Matrix, district: District | None = None
) -> DistrictAssessment:
    """The district ``table`` describes, which must have no problem."""
    from csscore.config.district import build_assessment

    assessment, problems = build_assessment(table, matrix, district or District("d", "d", "d"))
    assert assessment is not None, problems
    return assessment


def serialise(assessment: DistrictAssessment) -> str:
    """Write an assessment back as a district CSV using each grade's scale label.

    Independent of csscore's own writers: it reads only the model (levels, confidence, selected,
    notes) and the matrix's scales, so a lossless round trip proves the model keeps everything.
    """
    matrix = assessment.matrix
    rows = []
    for i, issue in enumerate(assessment.issues):
        grades = [
            matrix.scale(f.scale).levels[int(assessment.levels[i, j])].label
            for j, f in enumerate(matrix.factors)
        ]
        rows.append(
            (
                issue,
                *grades,
                assessment.confidence[i],
                "yes" if assessment.selected[i] else "no",
                assessment.notes[i],
            )
        )
    return csv_text(rows, ("issue", *matrix.factor_ids, "confidence", "selected", "notes"))


def declare_issues(folder: Path, names: Iterable[str]) -> None:
    """Declare issue names the built-in vocabulary does not know in the county's own vocabulary
    file (``vocabulary.toml``, named at the top of the folder's manifest)."""
    from csscore.config.vocabulary import load_vocabulary

    known = load_vocabulary()
    from csscore.model.text import issue_key

    keyed = {issue_key(n): n for n in sorted(names) if known.lookup(n) is None}
    own = sorted(keyed.values())
    if not own:
        return
    issues = "".join(
        f'[[issue]]\nid = "own-{i}"\nlabel = {json.dumps(n)}\n\n' for i, n in enumerate(own)
    )
    (folder / "vocabulary.toml").write_text(issues, encoding="utf-8")
    manifest = folder / "districts.toml"
    manifest.write_text('vocabulary = "vocabulary.toml"\n\n' + manifest.read_text("utf-8"), "utf-8")


def fill_new_county(folder: Path, matrix_name: str = "morile-csp", issues: int = 6) -> None:
    """Grade a folder ``csscore new`` wrote, as an analyst would: the first ``issues`` rows of
    every district file (or workbook sheet) graded, level (row + factor) of each scale, the
    other rows deleted."""
    import tomllib

    from csscore.config.matrix import load_matrix

    matrix = load_matrix(matrix_name)
    manifest = tomllib.loads((folder / "districts.toml").read_text(encoding="utf-8"))

    def graded(header: Sequence[str], row: list[object], i: int) -> list[object]:
        for j, factor in enumerate(matrix.factors):
            levels = matrix.scale(factor.scale).levels
            row[header.index(factor.id)] = levels[(i + j) % len(levels)].label
        row[header.index("confidence")] = matrix.confidence[0]
        return row

    for entry in manifest["district"]:
        path = folder / entry["file"]
        if "sheet" in entry:
            import openpyxl

            book = openpyxl.load_workbook(path)
            sheet = book[entry["sheet"]]
            header = [str(c.value) for c in sheet[1]]
            for r in range(2, sheet.max_row + 1):
                row: list[object] = [c.value for c in sheet[r]]
                values = graded(header, row, r) if r <= issues + 1 else [None] * len(row)
                for c, value in enumerate(values, start=1):  # the live formulas stay
                    if value is None or not str(sheet.cell(r, c).value or "").startswith("="):
                        sheet.cell(r, c).value = value
            book.save(path)
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        body = [graded(rows[0], list(r), i) for i, r in enumerate(rows[1 : issues + 1])]
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([rows[0], *body])
