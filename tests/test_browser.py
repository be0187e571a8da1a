"""The HTML appendix in a real browser: headless Chromium loads it without console errors, every
picture decodes, and the Appendix A table and the heat map are on the page.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped with the reason where it is absent.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from csscore.cli.main import cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
]
PROBE = """<script>
window.addEventListener("load", function () {
  var broken = 0;
  for (var i = 0; i < document.images.length; i++) {
    var img = document.images[i];
    if (!img.complete || img.naturalWidth === 0) { broken++; }
  }
  document.body.setAttribute("data-images", String(document.images.length));
  document.body.setAttribute("data-broken", String(broken));
});
</script>
</body>"""

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("browser") / "appendix.html"
    result = CliRunner().invoke(cli, ["appendix", "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def test_page_loads_without_console_errors_and_every_picture_decodes(
    report: Path, tmp_path: Path
) -> None:
    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text().replace("</body>", PROBE))
    result = _chromium(tmp_path, "--dump-dom", probed.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    console = [
        line for line in result.stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()
    ]
    assert console == []
    dom = result.stdout
    assert 'data-broken="0"' in dom
    assert 'data-images="30"' in dom  # 15 figures, each drawn for the screen and for print
    assert "<caption>Appendix A: strategic assessments" in dom
    assert 'id="figure-heatmap"' in dom


def test_screenshot_is_taken(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "appendix.png"
    result = _chromium(tmp_path, "--window-size=1200,2400", f"--screenshot={shot}", report.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2400)
    assert len(data) > 50_000, "a page with tables and pictures, not a blank one"
