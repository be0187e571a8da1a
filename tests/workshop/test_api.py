"""The JSON API's contract, in process: shapes, status codes, who may do what, the guards."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from csscore.workshop.app import build_app
from csscore.workshop.assessment import read_assessment
from csscore.workshop.security import MAX_BODY, MAX_FAILURES
from csscore.workshop.store import Store
from workshop_support import issue_file

ISSUES = ("Domestic abuse", "Burglary", "Hate crime")


@pytest.fixture
def workshop(tmp_path: Path) -> tuple[TestClient, Store]:
    file = issue_file(tmp_path, ISSUES)
    store = Store.open(tmp_path / "w.sqlite", read_assessment(file))
    client = TestClient(build_app(store))
    yield client, store
    client.close()
    store.close()


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def join(client: TestClient, store: Store, name: str) -> str:
    answer = client.post("/api/v1/partners", json={"partner": name}, headers=auth(store.code))
    assert answer.status_code == 201, answer.text
    token = answer.json()["token"]
    assert isinstance(token, str)
    return token


def test_assessment_for_every_credential(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Kent Police")
    for secret in (store.code, token, store.facilitator):
        body = client.get("/api/v1/assessment", headers=auth(secret)).json()
        assert body["district"] == "ashford"
        assert body["issues"] == list(ISSUES)
        assert body["confidence"] == ["high", "medium", "low"]
        trend = next(f for f in body["factors"] if f["id"] == "trend")
        assert trend == {
            "id": "trend",
            "label": "Trend",
            "levels": ["decreasing", "stable", "increasing"],
        }
        assert len(body["factors"]) == 10


def test_join_and_a_name_taken(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    join(client, store, "Kent Police")
    again = client.post(
        "/api/v1/partners", json={"partner": "kent  POLICE"}, headers=auth(store.code)
    )
    assert again.status_code == 409
    assert "taken" in again.json()["error"]
    for bad in ("", "   ", "=cmd", "@x", 5, "x" * 101):
        answer = client.post("/api/v1/partners", json={"partner": bad}, headers=auth(store.code))
        assert answer.status_code == 422, bad
    assert client.post(
        "/api/v1/partners", json={"partner": "x" * 150}, headers=auth(store.code)
    ).json() == {"error": "partner name is 150 characters; the limit is 100"}
    join(client, store, "y" * 100)  # the longest name a partner column reads


def test_save_overwrite_and_progress(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Fire")
    half = {"physical": "critical", "psychological": "Substantial", "financial": "none"}
    answer = client.put(
        "/api/v1/grades",
        json={"issue": "domestic abuse", "grades": half, "confidence": "medium", "notes": "n1"},
        headers=auth(token),
    )
    assert answer.status_code == 200
    assert answer.json() == {"issue": "Domestic abuse", "graded": 0, "issues": 3}
    rest = {
        "community": "moderate",
        "scope": "district",
        "frequency": "almost certain",
        "trend": "stable",
        "vulnerability": "critical",
        "capacity": "partial",
        "capability": "none",
    }
    answer = client.put(
        "/api/v1/grades",
        json={"issue": "Domestic abuse", "grades": {**rest, "physical": "limited"}},
        headers=auth(token),
    )
    assert answer.json()["graded"] == 1
    mine = client.get("/api/v1/grades", headers=auth(token)).json()
    held = mine["issues"]["Domestic abuse"]
    assert held["grades"]["physical"] == "limited"  # the later save overwrote the earlier
    assert held["grades"]["psychological"] == "substantial"  # the label as the matrix spells it
    assert held["grades"]["frequency"] == "almost-certain"
    assert held["confidence"] == "medium" and held["notes"] == "n1"
    cleared = client.put(
        "/api/v1/grades",
        json={"issue": "Domestic abuse", "grades": {"physical": ""}},
        headers=auth(token),
    )
    assert cleared.json()["graded"] == 0
    progress = client.get("/api/v1/progress", headers=auth(store.facilitator)).json()
    assert progress == {"open": True, "issues": 3, "partners": [{"partner": "Fire", "graded": 0}]}


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"issue": "Shoplifting", "grades": {}}, "unknown issue"),
        ({"issue": "Burglary", "grades": {"harm": "none"}}, "unknown factor"),
        ({"issue": "Burglary", "grades": {"trend": "soaring"}}, "not a level"),
        ({"issue": "Burglary", "grades": {"trend": 2}}, "must be a label"),
        ({"issue": "Burglary", "confidence": "certain"}, "not a confidence"),
        ({"issue": "Burglary", "notes": "+1 =x"}, None),
        ({"issue": "Burglary", "notes": "=HYPERLINK()"}, "formula"),
        ({"issue": "Burglary", "colour": "red"}, "unknown field"),
    ],
)
def test_values_checked_against_the_matrix(
    workshop: tuple[TestClient, Store], body: dict[str, object], word: str | None
) -> None:
    client, store = workshop
    token = join(client, store, "Health")
    answer = client.put("/api/v1/grades", json=body, headers=auth(token))
    if word is None:
        assert answer.status_code == 200
    else:
        assert answer.status_code == 422
        assert word in answer.json()["error"]


def test_credentials_and_roles(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Probation")
    grade = {"issue": "Burglary", "grades": {"trend": "stable"}}
    routes = [
        ("GET", "/api/v1/assessment", None),
        ("POST", "/api/v1/partners", {"partner": "X"}),
        ("PUT", "/api/v1/grades", grade),
        ("GET", "/api/v1/grades", None),
        ("GET", "/api/v1/progress", None),
        ("POST", "/api/v1/round", {"open": False}),
        ("GET", "/api/v1/grid?issue=Burglary", None),
        ("GET", "/api/v1/results", None),
    ]
    for method, path, body in routes:
        answer = client.request(method, path, json=body)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"] == "Bearer"
    allowed = {
        "/api/v1/assessment": {"code", "partner", "facilitator"},
        "/api/v1/partners": {"code"},
        "/api/v1/grades": {"partner"},
        "/api/v1/progress": {"facilitator"},
        "/api/v1/round": {"facilitator"},
        "/api/v1/grid?issue=Burglary": {"facilitator"},
        "/api/v1/results": {"facilitator"},
    }
    secrets = {"code": store.code, "partner": token, "facilitator": store.facilitator}
    for method, path, body in routes:
        for role, secret in secrets.items():
            answer = client.request(method, path, json=body, headers=auth(secret))
            if role in allowed[path]:
                assert answer.status_code not in (401, 403), (path, role)
            else:
                assert answer.status_code == 403, (path, role)
        client.post("/api/v1/round", json={"open": True}, headers=auth(store.facilitator))


def test_a_partner_writes_only_their_own_grades(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    police = join(client, store, "Police")
    join(client, store, "Council")
    client.put(
        "/api/v1/grades",
        json={"issue": "Burglary", "grades": {"trend": "increasing"}},
        headers=auth(police),
    )
    saved = store.saved()
    assert [(s.partner, s.issue, s.grades) for s in saved] == [
        ("Police", "Burglary", {"trend": "increasing"})
    ]


def test_a_closed_round_refuses_writes(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Police")
    closed = client.post("/api/v1/round", json={"open": False}, headers=auth(store.facilitator))
    assert closed.json() == {"open": False}
    put = client.put(
        "/api/v1/grades", json={"issue": "Burglary", "grades": {}}, headers=auth(token)
    )
    assert put.status_code == 409
    new = client.post("/api/v1/partners", json={"partner": "Late"}, headers=auth(store.code))
    assert new.status_code == 409
    client.post("/api/v1/round", json={"open": True}, headers=auth(store.facilitator))
    put = client.put(
        "/api/v1/grades", json={"issue": "Burglary", "grades": {}}, headers=auth(token)
    )
    assert put.status_code == 200


def test_unknown_secrets_in_paths_are_404(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Police")
    for path in (
        f"/f/{store.code}",
        f"/f/{token}",
        "/f/x",
        f"/join/{token}",
        "/p/nope",
        f"/p/{store.facilitator}",
        f"/f/{store.code}/export.csv",
        f"/f/{store.facilitator}/export.exe",
    ):
        assert client.get(path).status_code == 404, path
    for path in (f"/f/{store.facilitator}", f"/join/{store.code}", f"/p/{token}", "/"):
        assert client.get(path).status_code == 200, path


def test_wrong_secrets_are_rate_limited(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    codes = [
        client.get("/api/v1/assessment", headers=auth(f"guess{i}")).status_code
        for i in range(MAX_FAILURES)
    ]
    assert codes == [401] * MAX_FAILURES
    limited = client.get("/api/v1/assessment", headers=auth(store.code))
    assert limited.status_code == 429  # even a right secret waits, so guessing gains nothing
    assert int(limited.headers["retry-after"]) > 0
    assert client.get("/join/another-guess").status_code == 429


def test_bodies_are_capped_and_typed(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    token = join(client, store, "Police")
    huge = '{"issue": "Burglary", "notes": "' + "a" * MAX_BODY + '"}'
    answer = client.put(
        "/api/v1/grades",
        content=huge,
        headers={**auth(token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    form = client.put(
        "/api/v1/grades",
        content="issue=Burglary",
        headers={**auth(token), "Content-Type": "text/plain"},
    )
    assert form.status_code == 415
    for text in ("[1]", "{bad", '"x"'):
        answer = client.put(
            "/api/v1/grades",
            content=text,
            headers={**auth(token), "Content-Type": "application/json"},
        )
        assert answer.status_code == 400, text


def test_security_headers_on_every_answer(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    for path in (
        "/",
        "/static/workshop.js",
        f"/f/{store.facilitator}",
        "/api/v1/assessment",
        "/nope",
    ):
        answer = client.get(path)
        csp = answer.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert "set-cookie" not in answer.headers


def test_pages_carry_no_inline_script_and_escape_text(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    file = issue_file(tmp_path, ["Burglary", hostile.replace(",", "")])
    store = Store.open(tmp_path / "w.sqlite", read_assessment(file))
    with TestClient(build_app(store)) as client:
        token = join(client, store, "<b>Police</b>")
        for path in (f"/p/{token}", f"/f/{store.facilitator}", f"/join/{store.code}"):
            html = client.get(path).text
            assert "<script>alert" not in html and "<b>Police" not in html
            assert (
                html.count("<script") == 1
                and '<script src="/static/workshop.js" defer></script>' in html
            )
            assert " on" + "change=" not in html and "style=" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/p/{token}").text
    store.close()


def test_join_form_without_javascript(workshop: tuple[TestClient, Store]) -> None:
    client, store = workshop
    answer = client.post(
        f"/join/{store.code}", data={"partner": "Kent Fire and Rescue"}, follow_redirects=False
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert page.status_code == 200 and "Grading as Kent Fire and Rescue" in page.text
    again = client.post(f"/join/{store.code}", data={"partner": "Kent Fire and Rescue"})
    assert again.status_code == 409 and "already taken" in again.text


def test_the_forms_take_no_more_than_the_server_does(workshop: tuple[TestClient, Store]) -> None:
    import re

    from csscore.config.partners import MAX_PARTNER_CHARS
    from csscore.workshop.assessment import MAX_NOTE_CHARS

    client, store = workshop
    page = client.get(f"/join/{store.code}").text
    assert re.findall(r'<input id="partner"[^>]* maxlength="(\d+)"', page) == ["100"]
    assert MAX_PARTNER_CHARS == 100  # the limit the API refuses a 101-character name by
    longest = client.post(f"/join/{store.code}", data={"partner": "z" * 100})
    assert longest.status_code == 200 and "Grading as " + "z" * 100 in longest.text
    over = client.post(f"/join/{store.code}", data={"partner": "w" * 101})
    assert over.status_code == 422 and "the limit is 100" in over.text
    token = join(client, store, "Fire")
    notes = re.findall(r'<textarea [^>]*maxlength="(\d+)"', client.get(f"/p/{token}").text)
    assert notes == [str(MAX_NOTE_CHARS)] * len(ISSUES) and MAX_NOTE_CHARS == 10_000
