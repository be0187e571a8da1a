"""The workshop in real Chromium (Playwright driving Debian's ``chromium``): three partners join
from their own browsers and grade, the facilitator's page shows them and the contested issue,
and the export downloaded from it equals the file written out by hand below.

Set ``WORKSHOP_SCREENSHOTS=docs`` to write docs/workshop-partner.png and
docs/workshop-facilitator.png. Skipped, saying why, where Chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from workshop_support import issue_file, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]

ISSUES = ("Domestic abuse", "Burglary", "Hate crime")
#: Every partner's grades of every issue, but for Burglary's physical harm (below).
COMMON = {
    "physical": "moderate",
    "psychological": "substantial",
    "financial": "limited",
    "community": "moderate",
    "scope": "district",
    "frequency": "likely",
    "trend": "stable",
    "vulnerability": "substantial",
    "capacity": "partial",
    "capability": "partial",
}
#: Burglary's physical harm: none, moderate and critical, a spread of 4 levels: contested.
BURGLARY_PHYSICAL = {"Police": "none", "Fire": "critical", "Council": "moderate"}
PARTNERS = ("Police", "Fire", "Council")
SAME = "substantial,limited,moderate,district,likely,stable,substantial,partial,partial"
HEADER = "issue,partner,physical,psychological,financial,community,scope,frequency,trend,vulnerability,capacity,capability,confidence,notes"
EXPECTED = "\n".join(
    [
        HEADER,
        f"Domestic abuse,Council,moderate,{SAME},,",
        f"Domestic abuse,Fire,moderate,{SAME},,",
        f"Domestic abuse,Police,moderate,{SAME},,",
        f"Burglary,Council,moderate,{SAME},,",
        f"Burglary,Fire,critical,{SAME},,",
        f'Burglary,Police,none,{SAME},low,"<b>Night-time</b> break-ins, up ""a lot"""',
        f"Hate crime,Council,moderate,{SAME},,",
        f"Hate crime,Fire,moderate,{SAME},,",
        f"Hate crime,Police,moderate,{SAME},,",
        "",
    ]
)


#: How many of a page's form controls have a label naming them (none may lack one).
LABELLED = """(() => {
  const controls = Array.from(document.querySelectorAll("select, textarea, input"));
  return controls.every(c => c.labels && c.labels.length > 0) ? controls.length : -1;
})()"""


def _grade(page: object, issue_index: int, factor: str, level: str) -> None:
    with page.expect_response(  # type: ignore[attr-defined]
        lambda r: r.url.endswith("/api/v1/grades") and r.request.method == "PUT"
    ) as answer:
        page.select_option(f"#g-{issue_index}-{factor}", level)  # type: ignore[attr-defined]
    assert answer.value.status == 200


def test_three_partners_grade_and_the_facilitator_sees_it(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    file = issue_file(tmp_path, ISSUES)
    served = serve(file, tmp_path / "w.sqlite")
    shots = os.environ.get("WORKSHOP_SCREENSHOTS")
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            early = browser.new_context().new_page()  # before anyone joins: what each waits for
            early.goto(f"{served.base}/f/{served.facilitator}")
            for table, waiting in (
                ("partners", "No partner has joined yet: send them the link above."),
                ("ranking", "No ranking until every factor of every issue has a partner's grade."),
                ("alpha", "No agreement until every factor of every issue has a partner's grade."),
                ("grid", "No partner has graded this issue yet."),
            ):
                row = early.locator(f"#{table} tbody tr.empty td")
                sync_api.expect(row).to_have_text(waiting)
                columns = early.locator(f"#{table} thead th").count()
                assert row.get_attribute("colspan") == str(columns)
            early.context.close()
            pages = {}
            for name in PARTNERS:  # each partner on their own device: a context of their own
                context = browser.new_context(viewport={"width": 420, "height": 900})
                page = context.new_page()
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.goto(f"{served.base}/join/{served.code}")
                if name == "Police":  # by keyboard alone: the skip link, the name, Enter
                    page.keyboard.press("Tab")
                    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
                    page.keyboard.press("Tab")
                    assert page.evaluate("document.activeElement.id") == "partner"
                    page.keyboard.type(name)
                    page.keyboard.press("Enter")
                else:
                    page.get_by_label("Your organisation or name").fill(name)
                    page.get_by_role("button", name="Join").click()
                page.wait_for_url("**/p/*")
                assert page.locator("h1").inner_text() == f"Grading as {name}"
                assert page.evaluate(LABELLED) == 3 * 11 + 3  # every control has its label
                pages[name] = page
            for name, page in pages.items():
                for i, issue in enumerate(ISSUES):
                    for factor, level in COMMON.items():
                        if issue == "Burglary" and factor == "physical":
                            level = BURGLARY_PHYSICAL[name]
                        _grade(page, i, factor, level)
                sync_api.expect(page.locator("#progress")).to_have_text("3 of 3 graded")
            police = pages["Police"]
            police.focus("#g-2-physical")  # a grade changed by keyboard is saved too
            with police.expect_response(lambda r: r.url.endswith("/api/v1/grades")) as answer:
                police.keyboard.press("ArrowUp")  # moderate -> limited
            assert answer.value.status == 200
            with police.expect_response(lambda r: r.url.endswith("/api/v1/grades")) as answer:
                police.keyboard.press("ArrowDown")  # and back to moderate
            assert answer.value.status == 200
            with police.expect_response(lambda r: r.url.endswith("/api/v1/grades")) as answer:
                police.select_option("#c-1", "low")
            assert answer.value.status == 200
            with police.expect_response(lambda r: r.url.endswith("/api/v1/grades")) as answer:
                police.fill("#n-1", '<b>Night-time</b> break-ins, up "a lot"')
                police.keyboard.press("Tab")  # leaving the field saves it
            assert answer.value.status == 200
            police.reload()  # what was saved comes back, escaped, as text
            assert police.locator("#n-1").input_value() == '<b>Night-time</b> break-ins, up "a lot"'
            assert police.locator("#g-1-physical").input_value() == "none"
            if shots:
                police.evaluate("document.getElementById('issue-1').scrollIntoView()")
                police.screenshot(path=str(Path(shots) / "workshop-partner.png"))

            context = browser.new_context(
                viewport={"width": 1200, "height": 1000}, accept_downloads=True
            )
            facilitator = context.new_page()
            facilitator.on(
                "console", lambda m: errors.append(m.text) if m.type == "error" else None
            )
            facilitator.goto(f"{served.base}/f/{served.facilitator}")
            expect = sync_api.expect
            expect(facilitator.locator("#partners tbody th")).to_have_text(list(PARTNERS))
            expect(facilitator.locator("#partners tbody td")).to_have_text(["3 of 3"] * 3)
            facilitator.select_option("#grid-issue", "Burglary")
            grid = facilitator.locator("#grid tbody tr")
            expect(grid.locator("th")).to_have_text(["Council", "Fire", "Police"])
            expect(grid.locator("td:first-of-type")).to_have_text(["moderate", "critical", "none"])
            contested = facilitator.locator("#ranking tr.contested")
            contested.first.wait_for(timeout=15_000)
            assert contested.count() == 1 and "Burglary" in contested.inner_text()
            heads = facilitator.locator("#grid thead th")  # factors by the legend's labels
            expect(heads.nth(1)).to_have_text("Physical harm")
            alpha = facilitator.locator("#alpha tbody th")
            expect(alpha.first).to_have_text("Physical harm")
            if shots:
                facilitator.screenshot(
                    path=str(Path(shots) / "workshop-facilitator.png"), full_page=True
                )
            with facilitator.expect_download() as download:
                facilitator.get_by_role("link", name="Download the export (CSV)").click()
            saved = tmp_path / "export.csv"
            download.value.save_as(saved)
            browser.close()
    finally:
        served.stop()
    assert saved.read_text(encoding="utf-8") == EXPECTED
    # no script error, no Content-Security-Policy violation (the results answer 409 while some
    # factor has no partner's grade yet, so the grades cannot be combined)
    assert [e for e in errors if "409" not in e] == []
