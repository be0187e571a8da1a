"""The HTML appendix printed to PDF by headless Chromium: every table's caption shares a page with
the start of its table (its header row). Skipped where chromium or pdftotext is absent."""

from __future__ import annotations

import re
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
    flat = [" ".join(text.split()) for text in pages]
    for _, table in appendix(audience=audience).tables():
        if not table.title:
            continue
        # a long caption wraps, and -layout may set its lines beside other text: its first and
        # last words are looked for, both on the page that starts the table
        head, tail = table.title[:40], table.title[-25:]
        found = [i for i, text in enumerate(flat) if head in text]
        assert found, f"caption {table.title!r} not printed"
        text = flat[found[0]]
        assert tail in text, f"{table.title!r}: the caption is split across pages"
        after = text[text.index(head) :]
        assert table.columns[0] in after, f"{table.title!r}: caption and header on different pages"
        checked += 1
    assert checked >= 10
    # no heading ends a page: each page's last line of text is not a section heading
    report = appendix(audience=audience)
    headings = {s.heading for s in report.sections} | {
        sub.heading for s in report.sections for sub in s.subsections
    }
    for number, text in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert not lines or lines[-1] not in headings, f"page {number} ends with {lines[-1]!r}"
    # no plan id such as 'pcc-2' is broken after its hyphen
    whole = "\n".join(pages)
    assert re.findall(r"\b(?:gp|cc|pcc)-\d\b", whole)
    assert not re.search(r"\b(?:gp|cc|pcc)-(?!\d)", whole), "a plan id broken across lines"
