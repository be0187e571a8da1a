"""The README cannot go stale: every command in its shell blocks runs, as written, from a
temporary folder outside the checkout, with this environment's ``bin`` first on PATH (as a user
who activated the quick start's environment has it), and each must succeed.

The quick start's ``python3 -m venv`` and ``pip install`` steps are not run: they install this
checkout into a new environment, which is what the tests already run in, and would take minutes
and reach the package index on every run (tests/test_install.py builds and runs the wheel
instead). Its ``.venv/bin/pytest`` step is this suite. ``.venv/bin/X`` is run as this
environment's ``X``. ``csscore workshop FILE`` serves until stopped: it is started, waited on
for the line with the facilitator's link, and stopped with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
MARK = "@@cwd@@"
#: What the quick start's blocks hold that is not run, and why (see the module's docstring).
NOT_RUN = {
    "python3 -m venv .venv": "makes the environment the tests run in",
    ".venv/bin/pip install .": "installs this checkout, as the tests already have it",
    ".venv/bin/pip install -e '.[test]'": "installs this checkout, as the tests already have it",
    ".venv/bin/python -m pytest": "is this test suite",
}


def section(title: str) -> str:
    """The text of the README's ``## title`` section."""
    parts = re.split(r"^## ", README, flags=re.MULTILINE)
    found = [p for p in parts if p.startswith(title + "\n")]
    assert len(found) == 1, f"README has no single '## {title}' section"
    return found[0]


def shell_lines(text: str) -> list[str]:
    """The command lines of the shell blocks in ``text``, in order."""
    return [
        line
        for block in FENCE.findall(text)
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CSSCORE_DEBUG"}
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return env


def run_line(line: str, cwd: Path) -> Path:
    """Run one README line in bash from ``cwd``; the folder it ends in (a ``cd`` moves it)."""
    script = f"{line}\nprintf '\\n{MARK}%s' \"$PWD\""
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 and MARK in result.stdout, (
        f"README command failed (exit {result.returncode}) in {cwd}:\n$ {line}\n"
        f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
    )
    return Path(result.stdout.rsplit(MARK, 1)[1])


def serves(line: str) -> bool:
    """``csscore workshop FILE ...``: the workshop server, which runs until stopped."""
    words = shlex.split(line, comments=True)
    return words[:2] == ["csscore", "workshop"] and words[2:3] != ["export"]


def serve_line(line: str, cwd: Path, retry: bool = True) -> None:
    """Start the workshop as written, wait for its facilitator's link, stop it with Ctrl-C."""
    words = shlex.split(line, comments=True)
    process = subprocess.Popen(
        words, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while b"facilitator: http" not in seen and time.monotonic() < deadline:
            if selector.select(timeout=1):
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    break
                seen += chunk
            if process.poll() is not None and not selector.select(timeout=0):
                break
    started = b"facilitator: http" in seen
    if started:
        process.send_signal(signal.SIGINT)
    else:
        process.kill()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    error = process.stderr.read().decode(errors="replace")
    process.stdout.close()
    process.stderr.close()
    if not started and retry and "in use" in error:
        # another run holds the default port on this machine: the same command on a free one
        serve_line(f"{line.split('#')[0].rstrip()} --port 0", cwd, retry=False)
        return
    assert started, f"README command did not start in {cwd}:\n$ {line}\n{seen.decode()}{error}"


def test_the_quick_start_runs_as_written_but_for_the_install(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(REPO.resolve())
    lines = shell_lines(section("Quick start"))
    assert len(lines) == 2
    ran = []
    for line in lines:
        for step in (s.strip() for s in line.split("&&")):
            if step in NOT_RUN:
                continue
            assert step.startswith(".venv/bin/csscore"), (
                f"a quick start step the test misses: {step}"
            )
            command = str(BIN / "csscore") + step.removeprefix(".venv/bin/csscore")
            result = subprocess.run(
                shlex.split(command), cwd=tmp_path, env=environment(), capture_output=True
            )
            assert result.returncode == 0, result.stderr.decode()
            ran.append(step)
            assert b"## Appendix A" in result.stdout
    assert ran == [".venv/bin/csscore appendix"]


def test_every_command_of_the_first_session_runs_as_written(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(REPO.resolve())
    lines = shell_lines(section("A first session"))
    assert lines[0].startswith("csscore sample ")
    cwd = tmp_path
    for line in lines:
        if serves(line):
            serve_line(line, cwd)
        else:
            cwd = run_line(line, cwd)
    county = tmp_path / "county"
    assert cwd == county
    for made in ("newtown.csv", "newtown.xlsx", "overlap.svg", "appendix.html", "evidence.csv"):
        assert (county / made).is_file(), f"the README says a command writes {made}"
    assert (county / "ashford-partners.csv").read_text().startswith("issue,partner,")
    assert (tmp_path / "from-data" / "districts.toml").is_file()


def test_the_first_session_uses_every_main_command() -> None:
    used = {
        shlex.split(line, comments=True)[1]
        for line in shell_lines(section("A first session"))
        if line.startswith("csscore ")
    }
    for command in (
        "sample",
        "init",
        "matrix",
        "validate",
        "score",
        "explain",
        "aggregate",
        "overlap",
        "appendix",
        "sensitivity",
        "agreement",
        "evidence",
        "compare",
        "workshop",
    ):
        assert command in used


def inline_commands() -> list[str]:
    """The ``csscore ...`` commands the README quotes in its prose (outside the shell blocks)."""
    prose = FENCE.sub("", README)
    return sorted(set(re.findall(r"`(csscore [^`]*)`", prose)))


@pytest.mark.parametrize("command", inline_commands())
def test_every_command_the_prose_names_exists_with_its_options(command: str) -> None:
    # the prose names commands with placeholders (OLD NEW): --help checks the command and every
    # option it quotes exist, without running it
    words = shlex.split(command)[1:]
    result = CliRunner().invoke(cli, [*words, "--help"], prog_name="csscore")
    assert result.exit_code == 0, f"`{command}` is not a command: {result.output}"
    assert result.output.startswith("Usage: csscore " + words[0]), result.output


def test_every_file_the_readme_links_to_exists() -> None:
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert links
    for link in links:
        if "://" not in link:
            assert (REPO / link).exists(), f"README links to {link}, which does not exist"
