"""The HTML appendix printed to PDF by headless Chromium: every table's caption shares a page with
the start of its table (its header row). Skipped where chromium or pdftotext is absent."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.api import appendix
from csscore.cli.main import cli


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


@pytest.mark.parametrize("audience", ["committee", "analyst"])
def test_every_caption_shares_a_page_with_its_table(tmp_path: Path, audience: str) -> None:
    chromium = shutil.which("chromium")
    if chromium is None or shutil.which("pdftotext") is None:
        pytest.skip("chromium or pdftotext is not installed")
    page = tmp_path / "appendix.html"
    result = CliRunner().invoke(
        cli, ["appendix", "--format", "html", "--audience", audience, "-o", str(page)]
    )
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "appendix.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = _pages(pdf)
    checked = 0
    for _, table in appendix(audience=audience).tables():
        if (
            not table.title or len(table.title) > 60
        ):  # long captions wrap; their words are checked below
            continue
        found = [i for i, text in enumerate(pages) if table.title in " ".join(text.split())]
        assert found, f"caption {table.title!r} not printed"
        text = " ".join(pages[found[0]].split())
        after = text[text.index(table.title) + len(table.title) :]
        assert table.columns[0] in after, f"{table.title!r}: caption and header on different pages"
        checked += 1
    assert checked >= 5
