"""Helpers of the workshop tests: a blank issue list, and the workshop served by a real
``python -m csscore workshop`` subprocess whose two start lines give its links."""

from __future__ import annotations

import os
import re
import selectors
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from support import FACTORS

#: Every workshop started and not yet stopped (tests/workshop/conftest.py stops them after each test).
RUNNING: list[Served] = []
START = re.compile(r"facilitator: (http://[^/]+)/f/(\S+)\npartners: (http://[^/]+)/join/(\S+)\n")


def issue_file(folder: Path, issues: Sequence[str], name: str = "ashford.csv") -> Path:
    """A district file listing ``issues`` with every grade blank."""
    path = folder / name
    header = ",".join(("issue", *FACTORS))
    lines = [header, *(issue + "," * len(FACTORS) for issue in issues)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Served:
    """A running workshop: its process, base URL and secrets."""

    process: subprocess.Popen[bytes]
    base: str
    facilitator: str
    code: str
    lines: list[str] = field(default_factory=list)
    stderr: str = ""

    def kill(self) -> None:
        """End it with SIGKILL (no chance to clean up)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self in RUNNING:
            RUNNING.remove(self)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process.stderr is not None:
            self.stderr = self.process.stderr.read().decode()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def serve(file: Path, db: Path | None = None, *extra: str, timeout: float = 30) -> Served:
    """Start ``python -m csscore workshop FILE --port 0`` and wait for its two start lines."""
    args = [sys.executable, "-m", "csscore", "workshop", str(file), "--port", "0", *extra]
    if db is not None:
        args += ["--db", str(db)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    out = b""
    deadline = time.monotonic() + timeout
    while out.count(b"\n") < 2:
        left = deadline - time.monotonic()
        if left <= 0 or not selector.select(left):
            process.kill()
            raise AssertionError(f"no start lines within {timeout} s: {out!r}")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            process.wait(10)
            err = process.stderr.read() if process.stderr else b""
            raise AssertionError(f"workshop ended: {out!r} {err!r}")
        out += chunk
    selector.close()
    text = out.decode()
    found = START.match(text)
    assert found is not None, text
    assert found.group(1) == found.group(3)
    served = Served(process, found.group(1), found.group(2), found.group(4), text.splitlines())
    RUNNING.append(served)
    return served


#: Every (issue, factor) cell a load gives each partner to write, in order; each save writes a
#: new cell, so the rows in the database count the saves.
def cells(issues: Sequence[str]) -> list[tuple[str, str]]:
    return [(issue, factor) for issue in issues for factor in FACTORS]


LEVEL = {f: "none" for f in FACTORS} | {
    "scope": "local",
    "frequency": "rare",
    "trend": "stable",
    "capacity": "full",
    "capability": "full",
}


@dataclass
class Load:
    """What a load run saw: the saves answered 200 (partner, issue, factor, level) and each
    save's latency in seconds, and any other answer."""

    acknowledged: list[tuple[str, str, str, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _tls() -> ssl.SSLContext:
    """One TLS context for every client (the workshop is plain HTTP; building a context for each
    client would cost a tenth of a second apiece)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = ssl.create_default_context()
    return _CONTEXT


_CONTEXT: ssl.SSLContext | None = None


def join(base: str, code: str, name: str) -> str:
    import httpx

    with httpx.Client(verify=_tls(), timeout=30) as client:
        answer = client.post(
            f"{base}/api/v1/partners",
            json={"partner": name},
            headers={"Authorization": f"Bearer {code}"},
        )
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["token"]
    return token


def run_load(
    base: str,
    tokens: dict[str, str],
    issues: Sequence[str],
    seconds: float,
    stop_on_error: bool = False,
) -> Load:
    """Every partner saving one new cell after another, all at once, for ``seconds``."""
    import threading

    import httpx

    load = Load()
    lock = threading.Lock()
    todo = cells(issues)
    end = [0.0]  # set once every partner's connection is ready: the time starts together

    def begin() -> None:
        end[0] = time.monotonic() + seconds

    start = threading.Barrier(len(tokens), action=begin)

    def partner(name: str, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30, verify=_tls()) as client:
            start.wait()
            for issue, factor in todo:
                if time.monotonic() >= end[0]:
                    return
                body = {"issue": issue, "grades": {factor: LEVEL[factor]}}
                began = time.perf_counter()
                try:
                    answer = client.put("/api/v1/grades", json=body)
                except httpx.HTTPError as exc:
                    with lock:
                        load.failures.append(f"{name}: {type(exc).__name__}")
                    if stop_on_error:
                        return
                    continue
                took = time.perf_counter() - began
                with lock:
                    if answer.status_code == 200:
                        load.acknowledged.append((name, issue, factor, LEVEL[factor]))
                        load.latencies.append(took)
                    else:
                        load.failures.append(f"{name}: {answer.status_code}")

    threads = [threading.Thread(target=partner, args=item) for item in tokens.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load


def saved_cells(db: Path) -> set[tuple[str, str, str, str]]:
    """(partner, issue, factor, level) of every grade in a workshop database."""
    import sqlite3

    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT p.name, g.issue, g.factor, g.level FROM grade g JOIN partner p ON p.id = g.partner"
        ).fetchall()
    finally:
        con.close()
    return {(str(a), str(b), str(c), str(d)) for a, b, c, d in rows}
