"""The facilitator's results are exactly what ``csscore agreement`` and ``csscore score`` print
for the export, and, worked by hand, the contested issue and the median of the partners."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from csscore.cli.main import cli
from csscore.workshop.app import build_app
from csscore.workshop.assessment import read_assessment
from csscore.workshop.export import export_csv
from csscore.workshop.store import Store
from support import FACTORS
from workshop_support import issue_file

ISSUES = ("Domestic abuse", "Burglary", "Hate crime")
COMMON = dict(
    zip(
        FACTORS,
        (
            "moderate",
            "substantial",
            "limited",
            "moderate",
            "district",
            "likely",
            "stable",
            "substantial",
            "partial",
            "partial",
        ),
        strict=True,
    )
)
#: Burglary's physical harm: none (0), moderate (2), critical (4): median moderate, spread 4.
PHYSICAL = {"Police": "none", "Fire": "critical", "Council": "moderate"}


@pytest.fixture
def workshop(tmp_path: Path) -> tuple[TestClient, Store]:
    file = issue_file(tmp_path, ISSUES)
    store = Store.open(tmp_path / "w.sqlite", read_assessment(file))
    client = TestClient(build_app(store))
    yield client, store
    client.close()
    store.close()


def grade_all(client: TestClient, store: Store) -> None:
    for name, physical in PHYSICAL.items():
        answer = client.post(
            "/api/v1/partners",
            json={"partner": name},
            headers={"Authorization": f"Bearer {store.code}"},
        )
        token = answer.json()["token"]
        for issue in ISSUES:
            grades = {**COMMON, "physical": physical} if issue == "Burglary" else COMMON
            body = {"issue": issue, "grades": grades, "confidence": "high"}
            put = client.put(
                "/api/v1/grades", json=body, headers={"Authorization": f"Bearer {token}"}
            )
            assert put.status_code == 200


def facilitator(store: Store) -> dict[str, str]:
    return {"Authorization": f"Bearer {store.facilitator}"}


def test_no_results_until_every_factor_has_a_grade(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    for path in ("/api/v1/results", "/api/v1/ranking"):
        answer = client.get(path, headers=facilitator(store))
        assert answer.status_code == 409
        assert answer.json()["error"].startswith("no results yet: ashford.csv")


def test_results_are_what_agreement_and_score_print(
    tmp_path: Path, workshop: tuple[TestClient, Store]
) -> None:
    client, store = workshop
    grade_all(client, store)
    runner = CliRunner()
    out = tmp_path / "export" / "ashford.csv"
    out.parent.mkdir()
    exported = runner.invoke(
        cli, ["workshop", "export", str(tmp_path / "w.sqlite"), "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    agreement = runner.invoke(cli, ["agreement", str(out), "--format", "json"])
    assert agreement.exit_code == 0, agreement.output
    results = client.get("/api/v1/results", headers=facilitator(store))
    assert results.status_code == 200
    assert results.headers["content-type"] == "application/json"
    assert results.text == agreement.stdout
    scored = runner.invoke(cli, ["score", str(out), "--format", "json"])
    ranking = client.get("/api/v1/ranking", headers=facilitator(store))
    assert ranking.status_code == 200 and ranking.text == scored.stdout

    found = json.loads(results.text)
    assert found["partners"] == ["Council", "Fire", "Police"]
    contested = {i["issue"]: i["contested"] for i in found["issues"]}
    assert contested == {"Domestic abuse": False, "Burglary": True, "Hate crime": False}
    burglary = next(i for i in found["issues"] if i["issue"] == "Burglary")
    assert burglary["spread"]["physical"] == 4 and burglary["partners"] == 3


def test_the_ranking_scores_the_median_grades(
    tmp_path: Path, workshop: tuple[TestClient, Store]
) -> None:
    """The median of none, moderate and critical is moderate: Burglary scores as every partner's
    common grades, the same as the other two issues."""
    client, store = workshop
    grade_all(client, store)
    plain = tmp_path / "plain" / "ashford.csv"
    plain.parent.mkdir()
    row = ",".join(COMMON[f] for f in FACTORS)
    plain.write_text(
        "issue,"
        + ",".join(FACTORS)
        + ",confidence\n"
        + "".join(f"{issue},{row},high\n" for issue in ISSUES),
        encoding="utf-8",
    )
    expected = json.loads(CliRunner().invoke(cli, ["score", str(plain), "--format", "json"]).stdout)
    ranking = client.get("/api/v1/ranking", headers=facilitator(store)).json()
    strip = ("contested",)
    got = [{k: v for k, v in i.items() if k not in strip} for i in ranking["issues"]]
    assert got == expected["issues"]
    assert all(i["contested"] == (i["issue"] == "Burglary") for i in ranking["issues"])


#: Two partners who differ by one level at most: nothing contested.
TWO = {
    "Police": ("substantial", "moderate", "limited", "moderate", "district", "likely", "stable",
               "moderate", "partial", "partial"),
    "Council": ("critical", "moderate", "limited", "limited", "district", "possible", "stable",
                "moderate", "partial", "full"),
}  # fmt: skip


def test_two_partners_one_level_apart(tmp_path: Path) -> None:
    issues = ("Domestic abuse", "Burglary")
    store = Store.open(tmp_path / "w.sqlite", read_assessment(issue_file(tmp_path, issues)))
    with TestClient(build_app(store)) as client:
        assert client.get("/api/v1/results", headers=facilitator(store)).status_code == 409
        for partner, grades in TWO.items():
            answer = client.post(
                "/api/v1/partners",
                json={"partner": partner},
                headers={"Authorization": f"Bearer {store.code}"},
            )
            token = answer.json()["token"]
            for issue in issues:
                body = {"issue": issue, "grades": dict(zip(FACTORS, grades, strict=True))}
                saved = client.put(
                    "/api/v1/grades", json=body, headers={"Authorization": f"Bearer {token}"}
                )
                assert saved.status_code == 200, saved.text
        exported = tmp_path / "export" / "ashford.csv"  # the district file's stem, as kept
        exported.parent.mkdir()
        exported.write_text(export_csv(store), encoding="utf-8")
        for route, command in (("results", "agreement"), ("ranking", "score")):
            live = client.get(f"/api/v1/{route}", headers=facilitator(store))
            assert live.status_code == 200, live.text
            printed = CliRunner().invoke(cli, [command, str(exported), "--format", "json"])
            assert printed.exit_code == 0, printed.output
            assert live.text == printed.stdout
        agreement = client.get("/api/v1/results", headers=facilitator(store)).json()
    store.close()
    assert agreement["partners"] == ["Council", "Police"]
    assert agreement["issues"][0]["spread"]["physical"] == 1  # substantial (3) to critical (4)
    assert [i["contested"] for i in agreement["issues"]] == [False, False]
