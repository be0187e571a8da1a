"""A built wheel carries the configuration and the sample county, and runs from outside the
repository: a missing package-data glob fails here, not on an analyst's machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import REPO

# Run with the checkout's editable-install finder removed, so that only the installed wheel can
# supply csscore's modules (a subpackage missing from the wheel must fail here).
WITHOUT_EDITABLE = """
import runpy, sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
def run(*args):
    sys.argv = ["csscore", *args]
    try:
        runpy.run_module("csscore", run_name="__main__")
    except SystemExit as exc:
        if exc.code:
            raise
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip()[-300:]}")
    return next(out.glob("csscore-*.whl"))


def test_wheel_holds_config_and_sample(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "csscore/builtin/matrices/morile-csp.toml",
        "csscore/builtin/matrices/risk-5x5.toml",
        "csscore/builtin/taxonomy/community-safety.toml",
        "csscore/builtin/csa/kent-2017.toml",
        "csscore/builtin/plans/safer-in-kent-2017.toml",
        "csscore/sample/districts.toml",
        "csscore/sample/ashford.csv",
        "csscore/sample/README.md",
        "csscore/sample/police-uk/2023-04-kent-street-sample.csv",
        "csscore/sample/police-uk/README.md",
        "csscore/py.typed",
        "csscore/workshop/templates/partner.html",
        "csscore/workshop/templates/facilitator.html",
        "csscore/workshop/static/workshop.js",
        "csscore/workshop/static/workshop.css",
        "csscore/workshop/static/favicon.svg",
    ):
        assert name in names


def test_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_EDITABLE + "run('aggregate', '--format', 'json')"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout)
    assert data["csps"] == 11
    assert {c["name"]: c["count"] for c in data["counts"]}["Domestic Abuse"] == 8
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_EDITABLE
            + "import csscore.cli.evidence, csscore.overlap.graph; print(csscore.__file__)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(site))
