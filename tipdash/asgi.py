"""Routes that serve each page's HTML with the app's root named in it, so a deep link connects at once.

Why: Streamlit's front end does not know where the server's root is. Opened at /brief it first asks
/brief/_stcore/health (404), waits 100 ms, then asks /_stcore/health: every link to a page other than the first, and
every reload of one, waited ~0.1-0.14 s before the session even started (measured in headless Chromium: health
probes at 601 ms and 737 ms after goto on /brief, one probe on /). The front end skips that guess when the page
sets `window.__streamlit.BACKEND_BASE_URL` (and MAIN_PAGE_BASE_URL, which it uses to tell the page from the URL);
Streamlit's own index.html cannot, so these routes serve it with a small script that does, for the app's page paths
only. Any other path falls through to Streamlit's static files as before.

The root is worked out in the browser from the page's own URL (the path minus the page's url_path), so it stays right
behind a proxy that serves the app under a prefix or strips one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

ROOT_SCRIPT = """<script>
  // tipdash: where the server's root is, so Streamlit does not probe <page>/_stcore/health first (tipdash/asgi.py)
  (() => {
    const page = %s, path = location.pathname.replace(/\\/+$/, "");
    const root = page && path.endsWith("/" + page) ? path.slice(0, -page.length) : path + "/";
    const url = new URL(root, location.origin).href;
    window.__streamlit = Object.assign({}, window.__streamlit, {BACKEND_BASE_URL: url, MAIN_PAGE_BASE_URL: url});
  })();
</script>
"""


def streamlit_index() -> Path:
    """The index.html of the installed Streamlit front end."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "index.html"


def page_html(index_html: str, url_path: str) -> str:
    """Streamlit's index.html with the root script first in <head>, before the front end's module script reads it.
    `url_path` is the page's path below the app's root ("" for the default page)."""
    marker = "<head>"
    at = index_html.find(marker)
    if at < 0:
        raise ValueError("Streamlit's index.html has no <head>: cannot name the app's root in it")
    at += len(marker)
    return index_html[:at] + "\n" + ROOT_SCRIPT % json.dumps(url_path) + index_html[at:]


def page_routes(url_paths: Iterable[str], base_url_path: str = "", index: Path | None = None) -> list:
    """One GET/HEAD route per page path (and the default page at the root) serving the page's HTML. Like Streamlit's
    index.html it is never cached, so a new Streamlit version's front end is picked up at once."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    index_html = (index or streamlit_index()).read_text(encoding="utf-8")
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    routes = []
    for url_path in dict.fromkeys(["", *url_paths]):
        body = page_html(index_html, url_path)

        async def endpoint(_request, body=body):
            return HTMLResponse(body, headers={"Cache-Control": "no-cache"})

        routes.append(Route(f"{prefix}/{url_path}" if url_path or not prefix else prefix, endpoint, methods=["GET", "HEAD"]))
    return routes
