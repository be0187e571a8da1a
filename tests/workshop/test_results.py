"""The workshop's live results are what ``csscore agreement`` and ``csscore score`` print for the
exported file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from click.testing import CliRunner
from starlette.testclient import TestClient

from csscore.cli.main import cli
from csscore.workshop.app import build_app
from csscore.workshop.assessment import read_assessment
from csscore.workshop.export import export_csv
from csscore.workshop.store import Store
from workshop_support import FACTORS, issue_file

ISSUES = ("Domestic abuse", "Burglary")
GRADES = {
    "Police": ("substantial", "moderate", "limited", "moderate", "district", "likely", "stable",
               "moderate", "partial", "partial"),
    "Council": ("critical", "moderate", "limited", "limited", "district", "possible", "stable",
                "moderate", "partial", "full"),
}  # fmt: skip


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[tuple[TestClient, Store]]:
    store = Store.open(tmp_path / "w.sqlite", read_assessment(issue_file(tmp_path, ISSUES)))
    client = TestClient(build_app(store))
    yield client, store
    client.close()
    store.close()


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_results_match_the_command_line_on_the_export(
    workshop: tuple[TestClient, Store], tmp_path: Path
) -> None:
    client, store = workshop
    facilitator = _auth(store.facilitator)
    assert client.get("/api/v1/results", headers=facilitator).status_code == 409
    for partner, grades in GRADES.items():
        answer = client.post(
            "/api/v1/partners", json={"partner": partner}, headers=_auth(store.code)
        )
        token = answer.json()["token"]
        for issue in ISSUES:
            body = {"issue": issue, "grades": dict(zip(FACTORS, grades, strict=True))}
            saved = client.put("/api/v1/grades", json=body, headers=_auth(token))
            assert saved.status_code < 300, saved.text
    exported = tmp_path / "ashford.csv"  # the district file's stem, as the export keeps it
    exported.write_text(export_csv(store), encoding="utf-8")
    for route, command in (("results", "agreement"), ("ranking", "score")):
        live = client.get(f"/api/v1/{route}", headers=facilitator)
        assert live.status_code == 200, live.text
        printed = CliRunner().invoke(cli, [command, str(exported), "--format", "json"])
        assert printed.exit_code == 0, printed.output
        assert live.json() == json.loads(printed.output)
    agreement = client.get("/api/v1/results", headers=facilitator).json()
    assert agreement["partners"] == ["Council", "Police"]
    assert agreement["issues"][0]["spread"]["physical"] == 1
