"""Run every command of docs/tutorial.md and write their real output into it.

Run from the repository root after changing a command's output:

    .venv/bin/python docs/gen_tutorial.py            # rewrite docs/tutorial.md
    .venv/bin/python docs/gen_tutorial.py --check    # exit 1 if the tutorial is stale

The tutorial's ```console blocks hold commands (lines starting with ``$ csscore``) each followed
by its output (standard output, then standard error), or ``$ cd FOLDER`` or ``$ cp FILE FILE``
(run here, as a shell would, so that the tutorial works on any system). A line ``...`` after
some output means the rest is left out: only the lines above it are compared. The commands run in
order, from an empty scratch folder (the tutorial starts with ``csscore sample``), so files one
step writes are there for the next. ``tests/test_tutorial.py`` uses the same functions.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from csscore.cli.main import cli

DOC = Path(__file__).resolve().with_name("tutorial.md")
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ELIDED = "..."


@dataclass
class Step:
    command: str
    shown: list[str]  # expected output lines as written in the tutorial
    elided: bool


def parse(text: str) -> list[list[Step]]:
    """The steps of every console block."""
    blocks = []
    for match in BLOCK.finditer(text):
        steps: list[Step] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:], [], False))
            elif steps and line == ELIDED:
                steps[-1].elided = True
            elif steps and not steps[-1].elided:
                steps[-1].shown.append(line)
        blocks.append(steps)
    return blocks


def run(command: str) -> list[str]:
    """Run one ``csscore ...`` command in the current folder (or ``cd FOLDER``, ``cp FILE
    FILE``); its output lines."""
    words = shlex.split(command)
    if words[0] == "cd" and len(words) == 2:
        os.chdir(words[1])
        return []
    if words[0] == "cp" and len(words) == 3:
        shutil.copyfile(words[1], words[2])
        return []
    if words[0] != "csscore":
        raise ValueError(f"tutorial commands must be csscore, cd or cp: {command}")
    result = CliRunner().invoke(cli, words[1:], catch_exceptions=False)
    return (result.stdout + result.stderr).rstrip("\n").splitlines()


@contextmanager
def scratch() -> Iterator[Path]:
    """An empty scratch folder outside the checkout, made the working folder."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.chdir(work)
        try:
            yield work
        finally:
            os.chdir(old)


def check(text: str) -> list[str]:
    """Differences between the tutorial and what its commands print now."""
    problems = []
    with scratch():
        for steps in parse(text):
            for step in steps:
                actual = run(step.command)
                expected = step.shown
                got = actual[: len(expected)] if step.elided else actual
                if [line.rstrip() for line in got] != [line.rstrip() for line in expected]:
                    problems.append(
                        f"$ {step.command}\n--- tutorial\n"
                        + "\n".join(expected)
                        + "\n--- now\n"
                        + "\n".join(got)
                    )
    return problems


def regenerate(text: str) -> str:
    """The tutorial with each command's output replaced by what it prints now."""
    out = []
    position = 0
    with scratch():
        for match in BLOCK.finditer(text):
            out.append(text[position : match.start()])
            lines = []
            for step in parse(match.group(0))[0]:
                actual = run(step.command)
                keep = actual[: len(step.shown)] if step.elided else actual
                lines.append(f"$ {step.command}")
                lines += [line.rstrip() for line in keep]
                if step.elided:
                    lines.append(ELIDED)
            out.append("```console\n" + "\n".join(lines) + "\n```")
            position = match.end()
    out.append(text[position:])
    return "".join(out)


def main() -> int:
    text = DOC.read_text()
    if "--check" in sys.argv:
        problems = check(text)
        print("\n\n".join(problems) or "docs/tutorial.md is up to date")
        return 1 if problems else 0
    DOC.write_text(regenerate(text))
    print(f"rewrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
