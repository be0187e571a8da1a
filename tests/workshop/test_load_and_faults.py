"""The workshop served by a real uvicorn subprocess: forty partners saving at once lose no save;
a server killed with SIGKILL mid-session keeps every save it answered 200, and resumes with the
same links. (The latency of these saves is measured in benchmarks/bench_workshop.py.)"""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from csscore.cli.main import cli
from workshop_support import issue_file, join, run_load, saved_cells, serve

ISSUES = [f"Issue {i:03d}" for i in range(120)]


def test_forty_partners_at_once_lose_no_save(tmp_path: Path) -> None:
    file = issue_file(tmp_path, ISSUES)
    db = tmp_path / "load.sqlite"
    served = serve(file, db)
    try:
        tokens = {
            f"Partner {i:02d}": join(served.base, served.code, f"Partner {i:02d}")
            for i in range(40)
        }
        load = run_load(served.base, tokens, ISSUES, seconds=3.0)
    finally:
        served.stop()
    assert load.failures == []
    assert len(load.acknowledged) >= 40  # every partner saved at least once
    assert {a[0] for a in load.acknowledged} == set(tokens)
    assert saved_cells(db) == set(load.acknowledged)  # rows counted: each save one new row
    assert len(saved_cells(db)) == len(load.acknowledged)


def test_sigkill_mid_session_keeps_every_answered_save(tmp_path: Path) -> None:
    file = issue_file(tmp_path, ISSUES)
    db = tmp_path / "fault.sqlite"
    served = serve(file, db)
    tokens = {name: join(served.base, served.code, name) for name in ("Police", "Fire", "Council")}
    result: dict[str, object] = {}

    def saving() -> None:
        result["load"] = run_load(served.base, tokens, ISSUES, seconds=30.0, stop_on_error=True)

    worker = threading.Thread(target=saving)
    worker.start()
    time.sleep(1.0)
    served.kill()  # mid-session: saves are in flight
    worker.join(60)
    load = result["load"]
    assert load.acknowledged, "no save was answered before the kill"
    assert len(load.acknowledged) < 3 * len(ISSUES) * 10, "the session ended before the kill"

    restarted = serve(file, db)
    try:
        assert (restarted.facilitator, restarted.code) == (served.facilitator, served.code)
        headers = {"Authorization": f"Bearer {tokens['Police']}"}
        mine = httpx.get(f"{restarted.base}/api/v1/grades", headers=headers, timeout=30).json()
        assert mine["partner"] == "Police"
        out = tmp_path / "after.csv"
        result_export = CliRunner().invoke(cli, ["workshop", "export", str(db), "-o", str(out)])
        assert result_export.exit_code == 0, result_export.output
    finally:
        restarted.stop()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    exported = {
        (row["partner"], row["issue"], factor, row[factor])
        for row in rows
        for factor in row
        if factor not in ("issue", "partner", "confidence", "notes") and row[factor]
    }
    missing = set(load.acknowledged) - exported
    assert missing == set()
    assert set(load.acknowledged) <= saved_cells(db)


def test_start_lines_and_default_db(tmp_path: Path) -> None:
    file = issue_file(tmp_path, ISSUES[:3])
    served = serve(file)
    try:
        assert served.lines[0].startswith("facilitator: http://127.0.0.1:")
        assert served.lines[1].startswith("partners: http://127.0.0.1:")
        assert len(served.facilitator) >= 32 and len(served.code) >= 32  # 192 bits, base64
        assert httpx.get(f"{served.base}/", timeout=30).status_code == 200
        assert httpx.get(f"{served.base}/api/v1/assessment", timeout=30).status_code == 401
    finally:
        served.stop()
    assert (tmp_path / "ashford.csv.workshop.sqlite").is_file()


def test_another_host_warns_that_the_network_can_join(tmp_path: Path) -> None:
    file = issue_file(tmp_path, ISSUES[:2])
    served = serve(file, None, "--host", "0.0.0.0")
    assert served.lines[0].startswith("facilitator: http://0.0.0.0:")
    served.stop()
    assert served.stderr == (
        "warning: listening on 0.0.0.0: anyone on that network with the partners' link can join\n"
    )


def test_start_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["workshop", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {tmp_path / 'none.csv'}: no such file\n"
    file = issue_file(tmp_path, ISSUES[:2])
    served = serve(file, tmp_path / "a.sqlite")
    try:
        port = served.base.rsplit(":", 1)[1]
        busy = runner.invoke(
            cli, ["workshop", str(file), "--db", str(tmp_path / "b.sqlite"), "--port", port]
        )
        assert busy.exit_code == 2 and "cannot listen" in busy.stderr
        assert busy.stderr.count("\n") == 1 and busy.stdout == ""
    finally:
        served.stop()
