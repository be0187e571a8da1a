"""Ctrl-C: one line, exit 130, nothing written (a real process and a real SIGINT)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import REPO


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    county = tmp_path / "county"  # the sample's files ten times over: minutes of draws
    county.mkdir()
    for copy in range(10):
        for source in sorted((REPO / "data" / "districts").glob("*.csv")):
            shutil.copyfile(source, county / f"{source.stem}-{copy}.csv")
    out = tmp_path / "sensitivity.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "csscore", "sensitivity", str(county), "--draws", "1000000",
         "--format", "json", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(3)  # past start-up (slow on a loaded machine), well inside the simulation
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted"
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    assert stdout == ""
    assert list(tmp_path.iterdir()) == [county]
