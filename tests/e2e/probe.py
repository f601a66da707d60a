"""Viewports, languages and DOM-probe helpers for the layout checks (test_layout.py); the probes themselves are in
dom_probe.js (also used by benchmarks/bench_pages.py)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")

# The Urdu interface's query string, in one place (today ?lang=اردو; the URL values are becoming ids, e.g. lang=ur).
URDU_QUERY = "lang=ur"  # the language code; links made with the old label (?lang=اردو) still resolve
LANG_QUERIES = {"en": "", "ur": URDU_QUERY}
# "" is the default page, /; a page's other tabs are built only when open, so each is checked by its link
LAYOUT_PAGES = ["", "tip_tiers", "tip_tiers?tab=world", "tip_tiers?tab=south_asia", "tip_tiers?tab=compare", "provinces",
                "provinces?tab=over_time", "provinces?tab=sub",
                "child_victims", "child_victims?tab=sex_age", "child_victims?tab=province", "brief", "data_sources",
                "data_sources?tab=coverage", "data_sources?tab=definitions", "data_sources?tab=sources", "data_sources?tab=method"]
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/140.0.0.0 Mobile Safari/537.36")
VIEWPORTS = {
    "1400x1000": {"viewport": {"width": 1400, "height": 1000}},
    "1024x768": {"viewport": {"width": 1024, "height": 768}},
    # A phone as Chromium emulates one: mobile layout viewport (meta viewport honoured), touch, 3x pixels.
    "390x844": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
                "has_touch": True, "user_agent": PHONE_UA},
}
PROBE_JS = (Path(__file__).with_name("dom_probe.js")).read_text()


def local_only(blocked: list):
    """A route handler that lets localhost through and aborts (and records) everything else."""
    def handle(route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    return handle


def new_context(browser, viewport: str = "1400x1000", blocked: list | None = None):
    """A browser context with a named viewport, offline routing and the DOM probes (window.__probe) on every page."""
    ctx = browser.new_context(**VIEWPORTS[viewport])
    ctx.route("**/*", local_only(blocked if blocked is not None else []))
    ctx.add_init_script(PROBE_JS)
    return ctx


def settle(page, timeout: int = 90_000, stable_ms: int = 400, h1_not: str | None = None) -> None:
    """Wait until the page is finished, not for a fixed time: Streamlit connected and its script not running, no
    skeletons or stale elements, web fonts loaded, every visible chart painted (Plotly traces drawn in the DOM, MapLibre
    maps loaded and idle, images decoded), and all of that unchanged for `stable_ms` (Plotly relayouts after a resize
    and font swaps happen within a few frames, far less than 400 ms). See dom_probe.js, state()."""
    try:
        page.wait_for_function("([ms, h1]) => window.__probe && window.__probe.settled(ms, h1)", arg=[stable_ms, h1_not],
                               timeout=timeout, polling=100)
    except Exception as exc:
        why = page.evaluate("() => window.__probe ? JSON.stringify(window.__probe.state()) : 'no probe'")
        raise AssertionError(f"page did not settle within {timeout / 1000:.0f} s; last state: {why}") from exc


def full_page_shot(page, path: Path, problems: list | None = None) -> None:
    """Screenshot of the whole page. Streamlit scrolls inside [data-testid=stMain], not the document, so Playwright's
    full_page would only capture the viewport: make the viewport as tall as the content for the shot (the width, and
    so the layout, stay the same), outline the boxes named in `problems`, then restore the viewport."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("""() => { const m = document.querySelector('[data-testid=stMain]');
        return m ? Math.ceil(m.getBoundingClientRect().top + m.scrollHeight) : document.documentElement.scrollHeight; }""")
    height = min(max(size["height"], height), 16_000)
    try:
        if height > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": height})
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            settle(page, timeout=30_000, stable_ms=300)
        if problems is not None:  # re-measure at the new size so the outlines sit where the shot shows the boxes
            fresh = page.evaluate("w => window.__probe.audit({width: w})", size["width"])["problems"]
            page.evaluate("p => window.__probe.highlight(p)", fresh)
        page.screenshot(path=str(path), full_page=True, scale="css")
    finally:
        page.evaluate("() => document.getElementById('__probe_highlight')?.remove()")
        if page.viewport_size != size:
            page.set_viewport_size(size)
