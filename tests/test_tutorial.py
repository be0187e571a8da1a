"""docs/tutorial.md cannot go stale: every command in it runs, in order, and prints what it shows.

After changing a command's output, regenerate the tutorial from the repository root:

    .venv/bin/python docs/gen_tutorial.py
"""

from __future__ import annotations

import importlib.util
import sys

from support import REPO


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_tutorial", REPO / "docs" / "gen_tutorial.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_tutorial"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_tutorial_covers_the_annual_cycle() -> None:
    gen = _generator()
    steps = [step.command.split() for steps in gen.parse(gen.DOC.read_text()) for step in steps]
    assert steps[0][:2] == ["csscore", "sample"]  # it starts from the bundled sample, anywhere
    commands = [words[1] for words in steps if words[0] == "csscore"]
    for command in (
        "sample",
        "init",
        "validate",
        "score",
        "explain",
        "aggregate",
        "agreement",
        "overlap",
        "evidence",
        "compare",
        "appendix",
    ):
        assert command in commands


def test_every_tutorial_command_prints_what_the_tutorial_shows() -> None:
    gen = _generator()
    problems = gen.check(gen.DOC.read_text())
    assert not problems, (
        "docs/tutorial.md is stale; run `.venv/bin/python docs/gen_tutorial.py`:\n\n"
        + "\n\n".join(problems)
    )
