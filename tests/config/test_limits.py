"""Size limits: an input past its documented size is refused before it is read; the streaming
police.uk reader stays flat in memory however many rows it reads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csscore.config import folder as districts
from csscore.config import manifest
from csscore.config import tables as readers
from csscore.config import toml as config
from csscore.errors import ConfigError, InputError
from support import POLICE_UK_MONTH, REPO

DOCS = REPO / "docs" / "reliability.md"
STREET = POLICE_UK_MONTH


def test_the_limits_are_the_documented_ones() -> None:
    assert readers.MAX_DISTRICT_BYTES == 200 * 1024 * 1024
    assert config.MAX_CONFIG_BYTES == 5 * 1024 * 1024
    assert readers.MAX_CELL_CHARS == 10_000
    text = DOCS.read_text(encoding="utf-8")
    for number in ("209,715,200", "5,242,880", "10,000"):
        assert number in text


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_district_file_past_the_limit_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sparse(tmp_path / "huge.csv", readers.MAX_DISTRICT_BYTES + 1)

    def never(*args: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(InputError, match="file is 209,715,201 bytes; the limit is 209,715,200"):
        readers.read_table(path)


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"0123456789")
    assert readers.read_bytes(path, "x.csv", limit=10) == b"0123456789"
    with pytest.raises(InputError, match="file is 10 bytes; the limit is 9 bytes"):
        readers.read_bytes(path, "x.csv", limit=9)


def test_a_config_file_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.toml"
    path.write_text('name = "x"\n' + "# padding\n" * 20)
    monkeypatch.setattr(config, "MAX_CONFIG_BYTES", 100)
    with pytest.raises(ConfigError, match=r"the limit is 100 bytes"):
        config.read_config("matrices", str(path))
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "districts.toml").write_text('[[district]]\nid = "a"\nfile = "a.csv"\n' * 5)
    monkeypatch.setattr(manifest, "MAX_CONFIG_BYTES", 100)
    with pytest.raises(InputError, match=r"districts.toml: file is \d+ bytes; the limit is 100"):
        districts.read_folder(folder)


def test_a_workbook_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small .xlsx can hold a huge sheet (a zip bomb); its unpacked size counts."""
    import openpyxl

    book = openpyxl.Workbook()
    for i in range(200):
        book.active.append(["issue", "x" * 50, i])
    book.save(tmp_path / "w.xlsx")
    assert (tmp_path / "w.xlsx").stat().st_size < 20_000
    monkeypatch.setattr(readers, "MAX_DISTRICT_BYTES", 20_000)
    with pytest.raises(InputError, match="workbook unpacks to"):
        readers.read_table(tmp_path / "w.xlsx")


PEAK = textwrap.dedent(
    """
    import sys, tracemalloc
    from pathlib import Path
    from csscore.evidence.areas import Areas
    from csscore.evidence.mapping import load_mapping
    from csscore.evidence.police_uk import read_police_uk

    mapping = load_mapping("police-uk")
    tracemalloc.start()
    tally = read_police_uk([Path(sys.argv[1])], mapping, Areas((), mapping.aliases))
    print(tally.report.rows, tracemalloc.get_traced_memory()[1])
    """
)


def peak_bytes(path: Path) -> tuple[int, int]:
    """(rows read, peak bytes the reading allocated) for one file read in a fresh process,
    traced after the imports so only the reading counts."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True
    )
    rows, growth = out.stdout.split()
    return int(rows), int(growth)


def street_file(path: Path, rows: int, quoted: bool) -> Path:
    lines = STREET.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    if quoted:  # a quote sends the reader down the csv-module path instead of the fast split
        body = [
            line.replace("On or near", '"On or near', 1).replace(",E0", '",E0', 1) for line in body
        ]
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for start in range(0, rows, len(body)):
            handle.writelines(body[: min(len(body), rows - start)])
    return path


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_police_uk_reading_stays_flat_in_memory(tmp_path: Path, quoted: bool) -> None:
    small = street_file(tmp_path / "small-street.csv", 5_000, quoted)
    large = street_file(tmp_path / "large-street.csv", 100_000, quoted)
    assert large.stat().st_size > 19 * small.stat().st_size  # twenty times the rows, ~19 MB
    small_rows, small_peak = peak_bytes(small)
    large_rows, large_peak = peak_bytes(large)
    assert (small_rows, large_rows) == (5_000, 100_000)
    # The large file is ~18 MB bigger; what the reader holds may not grow by more than 2 MB
    # (loose: it holds a read buffer, one row and the counts, the same either way).
    assert large_peak - small_peak < 2 * 1024 * 1024, (small_peak, large_peak)
    assert large_peak < large.stat().st_size / 4


def test_one_text_limit_for_cells_and_every_toml_text(tmp_path: Path) -> None:
    """10,000 characters is the most any text holds: a cell, and a plan's words (inclusive)."""
    from csscore.config.plan import load_plan
    from csscore.model.text import MAX_TEXT_CHARS

    assert readers.MAX_CELL_CHARS == MAX_TEXT_CHARS == 10_000
    plan = 'name = "p"\n[[priority]]\nid = "a"\nkind = "core"\ntext = "{}"\ncovers = []\n'
    path = tmp_path / "plan.toml"
    path.write_text(plan.format("w" * 10_000), encoding="utf-8")
    assert load_plan(str(path)).priorities[0].text == "w" * 10_000
    path.write_text(plan.format("w" * 10_001), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"plan.toml:priority\[0\].text: text holds 10,001 "):
        load_plan(str(path))
