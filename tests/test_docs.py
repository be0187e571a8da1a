"""The docs cannot go stale: docs/cli.md holds every command's current --help, docs/matrix.md the
default matrix's real legend, docs/district-format.md the real limits.

To fix a failure here after changing or adding a command, run from the repository root:

    .venv/bin/python docs/gen_cli.py
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli
from csscore.config.district import MAX_ISSUE_CHARS
from csscore.config.tables import MAX_CELL_CHARS, MAX_DISTRICT_BYTES
from support import REPO

DOCS = REPO / "docs"
REGENERATE = "regenerate it with `.venv/bin/python docs/gen_cli.py` from the repository root"


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_cli = _load_generator()
COMMANDS = gen_cli.command_paths()
CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")


def test_every_command_is_found():
    # The walk is recursive: groups and the commands inside them.
    assert () in COMMANDS
    for path in [("score",), ("validate",), ("explain",), ("init",), ("matrices",), ("matrix",)]:
        assert path in COMMANDS
    assert ("matrix", "show") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("csscore", *p)))
def test_cli_md_has_the_current_help(path):
    name = " ".join(("csscore", *path))
    text = gen_cli.help_text(path).rstrip()
    assert text.startswith(f"Usage: {name} ")
    block = f"## `{name}`\n\n```text\n{text}\n```\n"
    assert block in CLI_MD, (
        f"docs/cli.md does not hold the current `{name} --help` (a new or changed command?); "
        + REGENERATE
    )


def test_cli_md_documents_no_removed_command():
    generated = CLI_MD.split(gen_cli.MARKER, 1)
    assert len(generated) == 2, "docs/cli.md lost its marker line; " + REGENERATE
    documented = re.findall(r"^## `csscore ?([^`]*)`$", generated[1], re.MULTILINE)
    assert documented == [" ".join(p) for p in COMMANDS], (
        "docs/cli.md documents commands that differ from the CLI's; " + REGENERATE
    )


def test_cli_md_is_exactly_what_the_generator_writes():
    assert gen_cli.render(CLI_MD) == CLI_MD, "docs/cli.md is stale; " + REGENERATE


def test_documented_help_is_what_a_terminal_shows():
    # The generator's fixed width matches a real terminal of 80 columns or more.
    env = {**os.environ, "COLUMNS": "120"}
    for path in [(), ("score",), ("matrix", "show")]:
        result = subprocess.run(
            [sys.executable, "-c", "from csscore.cli.main import main; main()", *path, "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        # Only the program name differs: a `-c` process calls itself "-c".
        assert result.stdout.replace("Usage: -c", "Usage: csscore", 1) == gen_cli.help_text(path)


def test_cli_md_header_says_how_to_regenerate():
    head = CLI_MD.split(gen_cli.MARKER, 1)[0]
    assert ".venv/bin/python docs/gen_cli.py" in head
    assert "tests/test_docs.py" in head


def test_matrix_md_holds_the_real_morile_csp_legend():
    result = CliRunner().invoke(cli, ["matrix", "show", "morile-csp", "--format", "github"])
    assert result.exit_code == 0
    text = (DOCS / "matrix.md").read_text(encoding="utf-8")
    assert result.stdout.strip() in text, (
        "docs/matrix.md must hold the output of `csscore matrix show morile-csp --format github`"
    )
    assert "not public" in text
    assert "risk-5x5" in text


def test_district_format_md_states_the_real_limits():
    text = (DOCS / "district-format.md").read_text(encoding="utf-8")
    assert MAX_DISTRICT_BYTES == 200 * 1024 * 1024 and "200 MB" in text
    assert f"{MAX_CELL_CHARS:,} characters" in text
    assert f"{MAX_ISSUE_CHARS} characters" in text
    for key in ("id", "name", "csp", "population", "year", "file", "in_csa", "matrix"):
        assert f"`{key}`" in text
