"""The HTML scorecard in a real browser: headless Chromium (Debian's `chromium` package) loads the
page from a file, with no network, runs its script, dumps the DOM and takes a screenshot."""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from dxscan.report import html
from dxscan.scan.pipeline import scan
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    report = scan(str(FIXTURES / "bookshop.yaml"))
    path = folder / "scorecard.html"
    path.write_text(html.render(report), encoding="utf-8")
    return report, path


def chromium(folder: Path, *args: str) -> subprocess.CompletedProcess:
    profile = folder / f"profile-{len(list(folder.iterdir()))}"
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


def test_chart_table_and_filters_in_the_dom(page):
    report, path = page
    dom = chromium(path.parent, "--dump-dom", f"{path.as_uri()}?severity=warning&search=429").stdout
    assert re.search(r'<svg id="dimension-chart"[^>]*>', dom)
    assert len(re.findall(r'<rect class="bar"', dom)) == sum(d.score is not None for d in report.scorecard.dimensions)
    assert '<table id="findings-table"' in dom
    assert '<div class="filters">' in dom  # the script ran and showed the filters
    rows = re.findall(r'<tr data-dimension="\w+" data-severity="(\w+)"( hidden="")?>(.*?)</tr>', dom, re.DOTALL)
    assert len(rows) == len(report.findings)
    shown = [cells for severity, hidden, cells in rows if not hidden]
    expected = [f for f in report.findings if f.severity == "warning" and "429" in f.message]
    assert len(shown) == len(expected) > 0 and all("429" in cells for cells in shown)
    assert f"{len(expected)} of {len(report.findings)} shown" in dom


def test_screenshot_is_a_picture(page):
    _, path = page
    shot = path.parent / "scorecard.png"
    chromium(path.parent, "--hide-scrollbars", "--window-size=1200,1400", f"--screenshot={shot}", path.as_uri())
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1200, 1400)
    assert len(set(pixels)) > 50  # text, bars and colours, not a blank page


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (standard library only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, width, height = 8, b"", 0, 0
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return width, height, zlib.decompress(idat)


def test_portfolio_page_runs_its_script(tmp_path, monkeypatch):
    from dxscan.portfolio.scan import Task, build_portfolio, expand, scan_all

    monkeypatch.chdir(FIXTURES)
    results = scan_all([Task(f, None, False, None, None) for f in expand(["portfolio"]).files], jobs=1)
    path = tmp_path / "portfolio.html"
    path.write_text(html.render_portfolio(build_portfolio(results)), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert re.search(r'<svg id="dimension-chart"[^>]*>', dom) and '<svg id="grade-strip"' in dom
    assert len(re.findall(r'<tr><th scope="row"><a href="#api-', dom)) == 4  # the side-by-side table
    assert '<div class="filters"><input type="search" id="api-search"' in dom  # the script ran and showed the search
