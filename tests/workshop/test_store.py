"""The workshop database and its export: one transaction per save, resuming, schema version,
the partner-column district file (by hand), the same bytes every run, the export command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.errors import CsscoreError
from csscore.workshop.assessment import read_assessment
from csscore.workshop.store import SCHEMA_VERSION, NameTaken, RoundClosed, Store
from workshop_support import issue_file

ISSUES = ("Domestic abuse", "Burglary", "Hate crime")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    file = issue_file(tmp_path, ISSUES)
    opened = Store.open(tmp_path / "w.sqlite", read_assessment(file))
    yield opened
    opened.close()


def fill(store: Store) -> None:
    zed = store.add_partner("Zed council")
    fire = store.add_partner("fire service")
    police = store.add_partner("Police")
    store.save(police, "Hate crime", {"physical": "limited", "trend": "stable"}, "high", "")
    store.save(zed, "Burglary", {"scope": "local"}, None, '+ rising, see "notes"')
    store.save(fire, "Burglary", {"scope": "county"}, "low", None)
    store.save(police, "Burglary", {"capability": "none"}, None, None)


def test_export_is_the_partner_column_file_by_hand(tmp_path: Path, store: Store) -> None:
    fill(store)
    runner = CliRunner()
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["workshop", "export", str(tmp_path / "w.sqlite"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = "issue,partner,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability,confidence,notes"
    blank = "," * 9
    expected = "\n".join(
        [
            header,
            f"Domestic abuse,fire service,{blank},,",
            f"Domestic abuse,Police,{blank},,",
            f"Domestic abuse,Zed council,{blank},,",
            "Burglary,fire service,,,,,county,,,,,,low,",
            "Burglary,Police,,,,,,,,,,none,,",
            'Burglary,Zed council,,,,,local,,,,,,,"\'+ rising, see ""notes"""',
            "Hate crime,fire service," + blank + ",,",
            "Hate crime,Police,limited,,,,,,stable,,,,high,",
            "Hate crime,Zed council," + blank + ",,",
        ]
    )
    assert out.read_text(encoding="utf-8") == expected + "\n"
    again = tmp_path / "again.csv"
    runner.invoke(cli, ["workshop", "export", str(tmp_path / "w.sqlite"), "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_the_export_reads_back_with_the_texts_partners_saved(tmp_path: Path) -> None:
    """'+ve parenting' and a note '-20% on last year' are written "'+ve parenting" in the CSV
    and quote prefixed in the XLSX (so a spreadsheet never runs them), and read back from either
    as they were saved."""
    from csscore.config.tables import read_table

    file = issue_file(tmp_path, ("+ve parenting", "Burglary"))
    store = Store.open(tmp_path / "w.sqlite", read_assessment(file))
    police = store.add_partner("Police")
    store.save(police, "+ve parenting", {"scope": "local"}, None, "-20% on last year")
    store.close()
    for name in ("out.csv", "out.xlsx"):
        out = tmp_path / name
        result = CliRunner().invoke(
            cli, ["workshop", "export", str(tmp_path / "w.sqlite"), "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        if name.endswith(".csv"):
            assert "'+ve parenting,Police," in out.read_text(encoding="utf-8")
        table = read_table(out)
        issue, notes = table.header.index("issue"), table.header.index("notes")
        assert [(cells[issue], cells[notes]) for _, cells in table.rows] == [
            ("+ve parenting", "-20% on last year"),
            ("Burglary", ""),
        ], name


def test_xlsx_export_same_bytes_and_same_cells(tmp_path: Path, store: Store) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    fill(store)
    runner = CliRunner()
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in paths:
        result = runner.invoke(
            cli, ["workshop", "export", str(tmp_path / "w.sqlite"), "-o", str(path)]
        )
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    rows = list(openpyxl.load_workbook(paths[0]).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("issue", "partner")
    assert len(rows) == 1 + 3 * 3
    assert rows[8][:3] == ("Hate crime", "Police", "limited")


def test_export_refuses_what_it_cannot_write(tmp_path: Path, store: Store) -> None:
    runner = CliRunner()
    db = str(tmp_path / "w.sqlite")
    bad = runner.invoke(cli, ["workshop", "export", db, "-o", str(tmp_path / "out.txt")])
    assert bad.exit_code == 2 and ".csv or .xlsx" in bad.stderr
    missing = runner.invoke(
        cli, ["workshop", "export", str(tmp_path / "none.sqlite"), "-o", "x.csv"]
    )
    assert missing.exit_code == 2 and "no such workshop database" in missing.stderr
    (tmp_path / "x.csv").write_text("keep", encoding="utf-8")
    kept = runner.invoke(cli, ["workshop", "export", db, "-o", str(tmp_path / "x.csv")])
    assert kept.exit_code == 2 and (tmp_path / "x.csv").read_text(encoding="utf-8") == "keep"
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(cli, ["workshop", "export", str(junk), "-o", str(tmp_path / "j.csv")])
    assert result.exit_code == 2 and "not a workshop database" in result.stderr
    assert result.stderr.count("\n") == 1


def test_reopening_resumes_exactly(tmp_path: Path, store: Store) -> None:
    fill(store)
    secrets = (store.facilitator, store.code, sorted(store.partner_names()))
    before = store.saved()
    store.set_open(False)
    store.close()
    again = Store.open(tmp_path / "w.sqlite", read_assessment(tmp_path / "ashford.csv"))
    assert (again.facilitator, again.code, sorted(again.partner_names())) == secrets
    assert again.saved() == before
    assert not again.is_open()
    with pytest.raises(RoundClosed):
        again.add_partner("Late")
    again.set_open(True)
    with pytest.raises(NameTaken):
        again.add_partner("POLICE")
    again.close()


def test_wal_and_schema_version(tmp_path: Path, store: Store) -> None:
    db = sqlite3.connect(tmp_path / "w.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    store.close()
    with pytest.raises(CsscoreError, match="schema version 2"):
        Store.open(tmp_path / "w.sqlite")


def test_a_database_for_other_issues_is_refused(tmp_path: Path, store: Store) -> None:
    other = issue_file(tmp_path, ("Burglary", "Fraud"), "other.csv")
    with pytest.raises(CsscoreError, match="other issues"):
        Store.open(tmp_path / "w.sqlite", read_assessment(other))


def test_the_issue_list_is_checked(tmp_path: Path) -> None:
    dup = issue_file(tmp_path, ("Burglary", "burglary "), "dup.csv")
    with pytest.raises(CsscoreError, match=r"dup.csv:3:issue: duplicate issue"):
        read_assessment(dup)
    formula = issue_file(tmp_path, ("=cmd()",), "formula.csv")
    with pytest.raises(CsscoreError, match="formula"):
        read_assessment(formula)


def test_a_graded_district_file_gives_its_issues(tmp_path: Path) -> None:
    from support import ASHFORD

    assessment = read_assessment(ASHFORD)
    assert assessment.district == "Ashford"  # named by the sample's manifest
    assert assessment.issues[0] == "Domestic abuse" and len(assessment.issues) == 22
