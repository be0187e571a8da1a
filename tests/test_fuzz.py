"""Fuzzing the readers with hypothesis: arbitrary bytes, arbitrary text, and valid files mutated
byte by byte or key by key. The only allowed outcomes are success or a CsscoreError; anything
else (an uncaught exception) fails the test with the input that caused it.

CI runs ``CSSCORE_FUZZ_EXAMPLES`` (default 100) examples per target. For a long run::

    CSSCORE_FUZZ_EXAMPLES=20000 CSSCORE_FUZZ_REPORT=fuzz.json \
        .venv/bin/python -m pytest tests/test_fuzz.py

``CSSCORE_FUZZ_REPORT`` names a JSON file that receives, per target, how many inputs were tried,
how many were read and how many refused with a CsscoreError (docs/reliability.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from csscore.cli.main import cli
from csscore.config.csa import load_csa
from csscore.config.district import build_assessment
from csscore.config.folder import load_folder, read_folder
from csscore.config.matrix import build_matrix, parse_matrix
from csscore.config.plan import load_plan
from csscore.config.tables import read_table
from csscore.config.toml import ConfigSource, parse_toml
from csscore.config.vocabulary import load_vocabulary
from csscore.errors import ConfigError, CsscoreError, InputError
from csscore.evidence.areas import Areas, load_lookup, load_manifest
from csscore.evidence.home_office import read_home_office
from csscore.evidence.mapping import load_mapping
from csscore.evidence.police_uk import read_police_uk
from csscore.model.district import District
from strategies import BUILTIN, FUZZ, hostile_text, toml_text

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
SAMPLE = HERE.parent / "data" / "districts"
STREET = SAMPLE / "police-uk" / "2023-04-kent-street-sample.csv"
MATRICES = [BUILTIN["morile-csp"], BUILTIN["risk-5x5"]]
DISTRICT = District("fuzz", "Fuzz", "Fuzz CSP")
POLICE_MAPPING = load_mapping("police-uk")

# --- bookkeeping -------------------------------------------------------------------------------

OUTCOMES: Counter[tuple[str, str]] = Counter()


def outcome(target: str, run: Callable[[], Any]) -> None:
    """Run one input; count whether it was read or refused. Anything else propagates."""
    try:
        run()
    except CsscoreError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, whatever the input held
        OUTCOMES[(target, "refused")] += 1
    else:
        OUTCOMES[(target, "read")] += 1


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    path = os.environ.get("CSSCORE_FUZZ_REPORT")
    if path:
        targets = sorted({t for t, _ in OUTCOMES})
        data = {
            t: {
                "tried": OUTCOMES[(t, "read")] + OUTCOMES[(t, "refused")],
                "read": OUTCOMES[(t, "read")],
                "refused": OUTCOMES[(t, "refused")],
            }
            for t in targets
        }
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="csscore-fuzz-") as name:
        yield Path(name)


# --- mutation ----------------------------------------------------------------------------------

TOKENS = [
    b",",
    b";",
    b'"',
    b"'",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\t",
    b" ",
    b"=",
    b"+",
    b"-",
    b"@",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"#",
    b".",
    b"\\",
    b'"""',
    b"'''",
    b"nan",
    b"inf",
    b"-inf",
    b"1e400",
    b"9" * 30,
    b"9" * 5000,
    b"0x1F",
    b"1979-05-27",
    b"true",
    b"\xff",
    b"\xfe",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "é".encode(),
    "\u202e".encode(),
    "\u200b".encode(),
    "\u0430".encode(),
    b"=HYPERLINK(",
    b"[[issue]]",
    b"[[district]]",
    b"issue",
    b"impact",
    b"likelihood",
    b"selected",
    b"notes",
    b"file",
    b"../",
    b"/etc/passwd",
    b"x" * 10_001,
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A valid file damaged by a few edits: tokens inserted, bytes dropped, lines repeated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6), label="edits")):
        op = draw(st.sampled_from(["insert", "delete", "replace", "line", "truncate", "byte"]))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "replace":
            data[at : at + 1] = draw(st.sampled_from(TOKENS))
        elif op == "line":
            lines = bytes(data).split(b"\n")
            i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            lines.insert(j, lines[i])
            data = bytearray(b"\n".join(lines))
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


def text_of(seed: bytes) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, arbitrary text, or the seed mutated (most often)."""
    return st.one_of(
        mutated(seed),
        mutated(seed),
        mutated(seed),
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    )


# TOML values of every kind tomllib can return, with the awkward ones favoured
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.sampled_from([float("nan"), float("inf"), -0.0, 1e308, 5e-324]),
    hostile_text,
    st.text(max_size=12),
    st.dates(),
    st.times(),
    st.datetimes(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _paths(value, (*prefix, i))


@st.composite
def mutated_doc(draw: st.DrawFn, seed: dict[str, Any]) -> dict[str, Any]:
    """A parsed TOML document with a few keys replaced, dropped, added or duplicated."""
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, 4), label="edits")):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if op == "replace":
            parent[key] = draw(toml_values)
        elif op == "delete":
            del parent[key]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(toml_values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


def toml_docs(seed_text: str) -> st.SearchStrategy[bytes]:
    """A seed TOML document mutated by key (written back as TOML) or by byte."""
    import tomllib

    seed = tomllib.loads(seed_text)
    return st.one_of(
        mutated_doc(seed).map(lambda d: toml_text(d).encode("utf-8", "surrogatepass")),
        mutated(seed_text.encode("utf-8")),
    )


def builtin(kind: str, name: str) -> str:
    return (resources.files("csscore.builtin") / kind / f"{name}.toml").read_text("utf-8")


# --- district files ----------------------------------------------------------------------------


def read_district(path: Path) -> None:
    """Read a district file and validate it against two matrices; refused unless one takes it."""
    table = read_table(path)
    found = []
    for matrix in MATRICES:
        assessment, problems = build_assessment(table, matrix, DISTRICT)
        assert (assessment is None) == bool(problems)
        assert all("\n" not in str(problem) for problem in problems)
        found += problems
        if assessment is not None:
            return
    raise InputError(found)


CSV_SEED = (SAMPLE / "ashford.csv").read_bytes()


@FUZZ
@given(text_of(CSV_SEED))
def test_district_csv(scratch: Path, data: bytes) -> None:
    path = scratch / "district.csv"
    path.write_bytes(data)
    outcome("district CSV", lambda: read_district(path))


TOML_SEED = (CORPUS / "base" / "county" / "east.toml").read_text("utf-8") + "".join(
    f'\n[[issue]]\nissue = "{row.split(",")[0]}"\nimpact = 2\nlikelihood = "likely"\n'
    'confidence = "low"\nselected = false\nnotes = "From the 2016 assessment"\n'
    for row in CSV_SEED.decode().splitlines()[3:6]
)


@FUZZ
@given(st.one_of(toml_docs(TOML_SEED), st.binary(max_size=300)))
def test_district_toml(scratch: Path, data: bytes) -> None:
    path = scratch / "district.toml"
    path.write_bytes(data)
    outcome("district TOML", lambda: read_district(path))


def _xlsx_seed() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in CSV_SEED.decode().splitlines()[:6]:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_SEED = _xlsx_seed()


@FUZZ
@given(st.one_of(mutated(XLSX_SEED), st.binary(max_size=400)))
def test_district_xlsx(scratch: Path, data: bytes) -> None:
    path = scratch / "district.xlsx"
    path.write_bytes(data)
    outcome("district XLSX", lambda: read_district(path))


@FUZZ
@given(text_of(CSV_SEED), st.sampled_from(["score", "validate"]))
def test_district_csv_through_the_command_line(scratch: Path, data: bytes, command: str) -> None:
    path = scratch / "cli.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(
        cli, [command, str(path), "--format", "json"][: 2 + 2 * (command == "score")]
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 2 and command == "score":
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    OUTCOMES[("score/validate command line", "read" if result.exit_code == 0 else "refused")] += 1


# --- configuration -----------------------------------------------------------------------------


def parse_matrix_text(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    parse_matrix(ConfigSource("fuzz.toml", text, "0" * 64))


@FUZZ
@given(
    st.sampled_from(["morile-csp", "risk-5x5", "morile-csp-vulnerability"]).flatmap(
        lambda name: toml_docs(builtin("matrices", name))
    )
)
def test_matrix(data: bytes) -> None:
    outcome("matrix TOML", lambda: parse_matrix_text(data))


def load_doc(doc: dict[str, Any]) -> None:
    matrix, problems = build_matrix(doc, "fuzz.toml")
    assert (matrix is None) == bool(problems)
    if problems:
        raise ConfigError(problems)


@FUZZ
@given(mutated_doc(parse_toml(ConfigSource("m", builtin("matrices", "morile-csp"), ""))))
def test_matrix_document(doc: dict[str, Any]) -> None:
    """Straight to the schema, without TOML: values TOML cannot spell reach it too."""
    outcome("matrix document", lambda: load_doc(doc))


def from_file(scratch: Path, name: str, data: bytes, load: Callable[[str], Any]) -> None:
    path = scratch / name
    path.write_bytes(data)
    outcome(name, lambda: load(str(path)))


@FUZZ
@given(st.sampled_from(["kent-2016", "kent-2017"]).flatmap(lambda n: toml_docs(builtin("csa", n))))
def test_csa(scratch: Path, data: bytes) -> None:
    from_file(scratch, "csa.toml", data, load_csa)


@FUZZ
@given(toml_docs(builtin("taxonomy", "community-safety")))
def test_taxonomy(scratch: Path, data: bytes) -> None:
    from_file(scratch, "taxonomy.toml", data, load_vocabulary)


@FUZZ
@given(
    st.sampled_from(["safer-in-kent-2017", "making-kent-safer-2022"]).flatmap(
        lambda n: toml_docs(builtin("plans", n))
    )
)
def test_plan(scratch: Path, data: bytes) -> None:
    from_file(scratch, "plan.toml", data, load_plan)


@FUZZ
@given(
    st.sampled_from(["police-uk", "home-office"]).flatmap(
        lambda n: toml_docs(builtin("evidence", n))
    )
)
def test_evidence_mapping(scratch: Path, data: bytes) -> None:
    from_file(scratch, "mapping.toml", data, load_mapping)


# --- the manifest ------------------------------------------------------------------------------

MANIFEST_SEED = (CORPUS / "base" / "county" / "districts.toml").read_text("utf-8")


def read_county(folder: Path) -> None:
    listing = read_folder(folder)
    assert listing.entries
    load_folder(folder, BUILTIN["risk-5x5"])


@FUZZ
@given(toml_docs(MANIFEST_SEED))
def test_manifest(scratch: Path, data: bytes) -> None:
    folder = scratch / "county"
    if not folder.exists():
        import shutil

        shutil.copytree(CORPUS / "base" / "county", folder)
    (folder / "districts.toml").write_bytes(data)
    outcome("manifest", lambda: read_county(folder))
    outcome("evidence manifest", lambda: load_manifest(folder / "districts.toml"))


# --- police.uk ---------------------------------------------------------------------------------

STREET_SEED = b"".join(STREET.read_bytes().splitlines(keepends=True)[:12])


@FUZZ
@given(text_of(STREET_SEED), st.booleans())
def test_police_uk(scratch: Path, data: bytes, strict: bool) -> None:
    path = scratch / "fuzz-street.csv"
    path.write_bytes(data)
    areas = Areas((), POLICE_MAPPING.aliases)
    outcome("police.uk CSV", lambda: read_police_uk([path], POLICE_MAPPING, areas, strict=strict))


HOME_OFFICE_SEED = (CORPUS / "base" / "home-office.csv").read_bytes()
HOME_OFFICE_MAPPING = load_mapping("home-office")


@FUZZ
@given(text_of(HOME_OFFICE_SEED))
def test_home_office(scratch: Path, data: bytes) -> None:
    path = scratch / "home-office.csv"
    path.write_bytes(data)
    areas = Areas((), HOME_OFFICE_MAPPING.aliases)
    outcome("Home Office CSV", lambda: read_home_office([path], HOME_OFFICE_MAPPING, areas))


LOOKUP_SEED = b"lsoa_code,district\nE01023987,Ashford\nE01024000,Dover\nE01024001,Dover\n"


@FUZZ
@given(text_of(LOOKUP_SEED))
def test_lsoa_lookup(scratch: Path, data: bytes) -> None:
    path = scratch / "lookup.csv"
    path.write_bytes(data)
    outcome("LSOA lookup CSV", lambda: load_lookup(path))


def test_the_toml_writer_spells_every_kind_of_value() -> None:
    """The fuzz writes documents back as TOML; dates, times and odd floats must round-trip."""
    import tomllib

    doc = {
        "a": dt.date(2020, 1, 2),
        "b": dt.time(1, 2, 3),
        "c": dt.datetime(2020, 1, 2, 3, 4, 5),
        "d": [float("inf"), -0.0, 5e-324],
        "e": {"k": '\x00\x7f"\\'},
    }
    assert tomllib.loads(toml_text(doc)) == doc
