"""A real `streamlit run` on a free port and a real Chromium (Debian's) driven by Playwright.

Every request to a host other than localhost is blocked and recorded, so a test fails if rendering needs the
internet. Screenshots go to test-artifacts/ (ignored by git).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from etl.web import STATIC_GEO
from tipdash.catalogue import DATA_DIR_VARIABLE
from tipdash.chromium import ARGS, CHROMIUM

from .probe import ARTIFACTS, LANG_QUERIES, LOCAL, ROOT, VIEWPORTS, new_context



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, env: dict | None = None, base_url_path: str = ""):
    """`streamlit run script` on a free port until the block ends; yields its base URL (with the base URL path, if
    any) once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             *(["--server.baseUrlPath", base_url_path] if base_url_path else [])], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}" + (f"/{base_url_path.strip('/')}" if base_url_path.strip("/") else "")
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start: " + proc.stdout.read().decode()[-2000:])
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def published_geo(built):
    """The build's map files in the app's static/geo, as `python -m etl` leaves them for data/processed: Streamlit
    serves only the app's static/ folder, and a temporary build publishes beside itself (etl/web.py). Files this
    session added are removed at its end; the maps' URL path is what the browser tests exercise."""
    added = []
    STATIC_GEO.mkdir(parents=True, exist_ok=True)
    for f in sorted((built / "static" / "geo").glob("*.geojson")):
        target = STATIC_GEO / f.name
        if not target.exists():
            shutil.copyfile(f, target)
            added.append(target)
    yield
    for target in added:
        target.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def server(built, published_geo):
    """The dashboard serving the session's temporary build (its configuration, $TIPDASH_DATA_DIR)."""
    with streamlit_server(ROOT / "app.py", env={DATA_DIR_VARIABLE: str(built / "processed")}) as url:
        yield url


@pytest.fixture(scope="module")  # closed before other test modules start their own Playwright (one per thread)
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A browser page that blocks and records every non-local request."""

    def __init__(self, browser, base: str):
        self.base = base
        self.blocked: list[str] = []
        self.geo_responses: list[tuple[str, int]] = []  # (path, status) of every map file the page fetched
        self.failed: list[tuple[int, str]] = []  # (status, path) of every local request that failed
        self.page = browser.new_page(viewport={"width": 1400, "height": 2400})
        self.page.route("**/*", self._route)
        self.page.on("response", self._response)

    def _response(self, response):
        path = urlsplit(response.url).path
        if path.startswith(urlsplit(self.base).path + "/app/static/geo/"):
            self.geo_responses.append((path, response.status))
        if response.status >= 400:
            self.failed.append((response.status, path))

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: str, wait_plots: int = 1):
        self.page.goto(self.base + path)
        self.page.wait_for_selector("h1", timeout=60_000)
        if wait_plots:
            self.page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {wait_plots}", timeout=60_000)
        self.idle()
        return self.page

    def idle(self):
        self.page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        self.page.wait_for_timeout(1500)

    def shot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser, server):
    p = Page(browser, server)
    yield p
    p.page.close()


# ---- layout matrix (test_layout.py); viewports, languages and the DOM-probe helpers live in probe.py ----------------

def pytest_configure(config):
    config.addinivalue_line("markers", "layout: browser layout checks (every page x viewport x language); part of the default run")


@dataclass
class View:
    base: str
    viewport: str
    lang: str
    context: object
    blocked: list

    @property
    def width(self) -> int:
        return VIEWPORTS[self.viewport]["viewport"]["width"]

    def url(self, path: str) -> str:
        q = LANG_QUERIES[self.lang]
        return f"{self.base}/{path}" + (f"{'&' if '?' in path else '?'}{q}" if q else "")


@pytest.fixture(scope="module", params=[(v, lang) for v in VIEWPORTS for lang in LANG_QUERIES], ids=lambda p: f"{p[0]}-{p[1]}")
def layout_view(request, browser, server):
    """One browser context per viewport x language (module scope, so pytest runs each one's pages together and only
    one context is open at a time); pages reuse the session's server and the module's browser."""
    viewport, lang = request.param
    blocked: list[str] = []
    ctx = new_context(browser, viewport, blocked)
    yield View(server, viewport, lang, ctx, blocked)
    ctx.close()
