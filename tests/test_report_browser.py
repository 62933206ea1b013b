"""The report as a person sees it: rendered by headless Chromium from file://, with no network.

Needs Debian's ``chromium`` package (``.ci/run`` installs it; set ``CHROMIUM`` to use another binary).
Each page is loaded twice: ``--dump-dom`` for the DOM after load (the page's own error probe writes
script errors, blocked requests and undecoded images into ``<html data-js-errors>``) and
``--screenshot`` for the picture. Chromium's log (``--enable-logging=stderr``) must hold no console
message. The screenshot is kept in ``build/report/screenshot.png`` when ``DIENBIEN_ARTIFACTS`` is set.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from dienbien_nlp.report import INDEX_PAGE, doc_page_name, write_report

from .conftest import INTERVIEW_ID, ROOT
from .test_report import Page, render_interview

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (apt-get install -y chromium)"
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: nothing can be fetched even if a page tried
    "--enable-logging=stderr",
    "--v=0",
]
WINDOW = "--window-size=1280,4000"
DOC_PAGE = doc_page_name(INTERVIEW_ID)


def chromium(url: str, *args: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, url],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=180,
    )


def console_messages(stderr: str) -> list[str]:
    """Messages the page sent to the console, and uncaught errors, from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def dump_dom(path: Path, workdir: Path) -> str:
    res = chromium(path.as_uri(), "--dump-dom", workdir=workdir)
    assert res.returncode == 0, res.stderr[-2000:]
    assert not console_messages(res.stderr), console_messages(res.stderr)
    return res.stdout


def html_attrs(dom: str) -> dict[str, str]:
    m = re.search(r"<html\b([^>]*)>", dom)
    assert m, "no <html> element in the dumped DOM"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    pages = render_interview()
    write_report(out, pages)
    return out, pages


@pytest.mark.parametrize("name", [INDEX_PAGE, DOC_PAGE])
def test_page_loads_without_errors_and_shows_charts(site, name):
    out, pages = site
    dom = dump_dom(out / name, out)
    attrs = html_attrs(dom)
    assert attrs.get("data-report-ready") == "1", "the page's script did not run to the end"
    assert "data-js-errors" not in attrs, attrs.get("data-js-errors")
    n_images = len(Page(pages[name]).images)
    assert n_images >= 5
    assert attrs.get("data-images") == f"{n_images}/{n_images}", "every chart image decodes"
    assert dom.count('<img src="data:image/png;base64,') == n_images


def test_document_page_shows_every_highlight(site):
    out, pages = site
    dom = dump_dom(out / DOC_PAGE, out)
    page = Page(dom)
    expected = Page(pages[DOC_PAGE])
    assert page.gold and len(page.gold) == len(expected.gold)
    assert {(m["data-start"], m["data-label"]) for m in page.gold} == {
        (m["data-start"], m["data-label"]) for m in expected.gold
    }
    assert len(page.pred) == len(expected.pred) > 0
    assert len(page.tags) == len(expected.tags) > 0
    assert page.segments == expected.segments


def test_error_probe_catches_script_errors_and_network_requests(site, tmp_path):
    # The checks above can fail: a page with a script error and a remote image is caught, and nothing is fetched.
    out, pages = site
    bad = pages[INDEX_PAGE].replace(
        "</body>", '<img src="https://example.invalid/x.png" alt="remote"><script>undefinedFunction();</script></body>'
    )
    path = tmp_path / "bad.html"
    path.write_text(bad, encoding="utf-8")
    res = chromium(path.as_uri(), "--dump-dom", workdir=tmp_path)
    errors = html_attrs(res.stdout).get("data-js-errors", "")
    assert "undefinedFunction" in errors
    assert "blocked by policy: https://example.invalid/x.png" in errors
    assert any("Uncaught ReferenceError" in line for line in console_messages(res.stderr))


def screenshot_path(tmp_path: Path, name: str) -> Path:
    if os.environ.get("DIENBIEN_ARTIFACTS"):
        target = ROOT / "build" / "report"
        target.mkdir(parents=True, exist_ok=True)
        return target / name
    return tmp_path / name


@pytest.mark.parametrize("name,png", [(DOC_PAGE, "screenshot.png"), (INDEX_PAGE, "screenshot-index.png")])
def test_screenshot_is_not_blank(site, tmp_path, name, png):
    import matplotlib.image
    import numpy as np

    out, _ = site
    shot = screenshot_path(tmp_path, png)
    res = chromium((out / name).as_uri(), f"--screenshot={shot}", WINDOW, workdir=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert not console_messages(res.stderr), console_messages(res.stderr)
    pixels = matplotlib.image.imread(io.BytesIO(shot.read_bytes()), format="png")
    assert pixels.shape[:2] == (4000, 1280)
    grey = pixels[..., :3].mean(axis=2)
    assert grey.std() > 0.05, "the page looks blank"
    background = np.median(grey)
    assert (np.abs(grey - background) > 0.1).mean() > 0.03, "too little is drawn"
    colours = np.unique((pixels[::4, ::4, :3] * 31).astype(int).reshape(-1, 3), axis=0)
    assert len(colours) > 50, "highlights and charts bring colour"
