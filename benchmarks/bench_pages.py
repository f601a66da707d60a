"""Page benchmark in headless Chromium (Debian's): time to interactive for each page next to a bare one-line
Streamlit app started the same way in the same run, and the rerun time after a filter change.

"Interactive" = the page's title is rendered, its charts are drawn (.js-plotly-plot present) and Streamlit's
running indicator is gone. Each page is loaded `repeats` times in a fresh browser tab; medians are printed.
Usage: python benchmarks/bench_pages.py [repeats]
"""
from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGES = [("/", 1), ("/tip_tiers", 3), ("/provinces", 2), ("/child_victims", 1), ("/data_sources", 0)]


def start(script: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{script} did not start")


def idle(page, plots: int, selector: str = "h1") -> None:
    page.wait_for_selector(selector, timeout=90_000)
    if plots:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {plots}", timeout=90_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)


def tti(browser, url: str, plots: int, selector: str = "h1") -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    t = time.perf_counter()
    page.goto(url)
    idle(page, plots, selector)
    elapsed = time.perf_counter() - t
    page.close()
    return elapsed


def main(repeats: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("hello")\n')
        bare_plotly = Path(tmp) / "bare_plotly.py"
        bare_plotly.write_text("import plotly.graph_objects as go\nimport streamlit as st\n"
                               "st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[1, 2])))\n")
        bare_proc, bare_url = start(bare)
        plotly_proc, plotly_url = start(bare_plotly)
        app_proc, app_url = start(ROOT / "dashboard.py")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
                tti(browser, bare_url, 0, "[data-testid='stMarkdown']")  # warm both servers (first run loads data)
                tti(browser, app_url, 1)
                base = statistics.median(tti(browser, bare_url, 0, "[data-testid='stMarkdown']") for _ in range(repeats))
                tti(browser, plotly_url, 1, ".js-plotly-plot")
                floor = statistics.median(tti(browser, plotly_url, 1, ".js-plotly-plot") for _ in range(repeats))
                print(f"Page time to interactive, headless Chromium, median of {repeats} (bare one-line app: {base:.2f} s; "
                      f"bare app with one Plotly chart: {floor:.2f} s = {floor / base:.2f}x)")
                for path, plots in PAGES:
                    med = statistics.median(tti(browser, app_url + path, plots) for _ in range(repeats))
                    print(f"  {path:16} {med:6.2f} s   ratio to bare app {med / base:5.2f}")
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(app_url + "/provinces")
                idle(page, 2)
                reruns, first_chart = [], []
                for year in ["2018", "2017"] * repeats:
                    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").nth(1)
                    t = time.perf_counter()
                    box.click()
                    page.get_by_role("option", name=year, exact=True).click()
                    # cheap check (no full-page innerText, which forces layout on every poll): the map's own title
                    page.wait_for_function(f"[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                                           f".some(t => t.textContent.includes(', {year}, by province'))", timeout=30_000, polling=50)
                    first_chart.append(time.perf_counter() - t)
                    idle(page, 2)
                    reruns.append(time.perf_counter() - t)
                print(f"  rerun after changing the year on /provinces ({len(reruns)} changes, click to ...): map redrawn "
                      f"{statistics.median(first_chart):.2f} s, whole page settled {statistics.median(reruns):.2f} s (medians)")
                browser.close()
        finally:
            for proc in (bare_proc, plotly_proc, app_proc):
                proc.terminate()


def server_rerun(repeats: int) -> None:
    """Script time alone for the same filter change (AppTest, no browser): what the server spends per rerun."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/provinces.py")
    at.run()
    times = []
    for year in [2018, 2017] * repeats:
        t = time.perf_counter()
        at.selectbox(key="year").select(year).run()
        times.append(time.perf_counter() - t)
    print(f"  server-side rerun for the same change (AppTest): median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    main(n)
    server_rerun(n)
