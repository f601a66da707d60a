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

Each page's HTML also preloads the front-end code of the elements its first view draws. Streamlit's front end loads an
element's code (Radio, Button, IFrame, ...) only when the first such element arrives over the websocket: on a fresh
load that was a second round of requests, after the page's content had come in, while the elements waited as grey
skeletons. `<link rel="modulepreload">` fetches and compiles them alongside the front end's own bundle instead. Measured
in fresh browsers against the same build without it, in one run (medians of 8-10 loads): /brief painted -0.06 s,
/data_sources -0.03 to -0.09 s. Plotly's 4.6 MB chunk is left out on purpose: preloading it competed with the main
bundle and delayed the first content of chart pages.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

_log = logging.getLogger(__name__)

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


# The front end's entry module and the table of its lazily imported chunks, as Vite writes them:
#   <script type="module" crossorigin src="./static/js/index.<hash>.js">
#   __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Table.<hash>.js", ...])) ...
#   Radio=lazy(() => H(() => import(`./Radio.<hash>.js`), __vite__mapDeps([192, 1, 2, ...]), ...))
_ENTRY = re.compile(r'<script type="module"[^>]*src="\./static/js/([\w.-]+\.js)"')
_DEPS_TABLE = re.compile(r"m\.f=\[([^\]]*)\]")
_LAZY_IMPORT = r"import\([`\"']\./%s\.[\w-]+\.js[`\"']\),__vite__mapDeps\(\[([\d,]*)\]\)"


def element_chunks(index_html: str, entry_js: str, elements: Iterable[str]) -> list[str]:
    """The JavaScript files (under static/js/) that the named front-end elements load, with their dependencies,
    minus those index.html preloads already. An element not found in this Streamlit's bundle is skipped with a
    warning: a newer Streamlit may have renamed it, and the page then works as before, only without the preload."""
    table = _DEPS_TABLE.search(entry_js)
    files = re.findall(r'"([^"]+)"', table.group(1)) if table else []  # "./X.js", "../css/X.css": keep the indices
    out: dict[str, None] = {}
    for element in elements:
        found = re.search(_LAZY_IMPORT % re.escape(element), entry_js) if files else None
        if not found:
            _log.warning("no front-end chunk named %r in Streamlit's bundle: its page loads it on demand", element)
            continue
        for i in found.group(1).split(","):
            name = files[int(i)].removeprefix("./") if i and int(i) < len(files) else ""
            if name.endswith(".js") and "/" not in name and f"./static/js/{name}" not in index_html:
                out[name] = None
    return list(out)


PRELOAD_COMMENT = "<!-- tipdash: the code of this page's first elements (tipdash/asgi.py) -->\n"


def _preload_links(index_html: str, entry_js: str, elements: Iterable[str]) -> str:
    names = element_chunks(index_html, entry_js, elements)
    return PRELOAD_COMMENT + "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">\n' for name in names) \
        if names else ""


def page_html(index_html: str, url_path: str, preload: str = "") -> str:
    """Streamlit's index.html with the root script first in <head>, before the front end's module script reads it,
    and `preload` (link tags) at the end of <head>. `url_path` is the page's path below the app's root ("" for the
    default page)."""
    marker = "<head>"
    at = index_html.find(marker)
    if at < 0:
        raise ValueError("Streamlit's index.html has no <head>: cannot name the app's root in it")
    at += len(marker)
    end = index_html.find("</head>")
    if preload and end > at:
        index_html = index_html[:end] + preload + index_html[end:]
    return index_html[:at] + "\n" + ROOT_SCRIPT % json.dumps(url_path) + index_html[at:]


def _entry_js(index_path: Path, index_html: str) -> str:
    entry = _ENTRY.search(index_html)
    path = index_path.parent / "static" / "js" / entry.group(1) if entry else None
    return path.read_text(encoding="utf-8") if path and path.is_file() else ""


def page_routes(pages: Mapping[str, Iterable[str]], base_url_path: str = "", index: Path | None = None) -> list:
    """One GET/HEAD route per page (and the default page at the root) serving the page's HTML. `pages` maps each page's
    url_path ("" for the default page) to the front-end elements its first view draws, which its HTML preloads. Like
    Streamlit's index.html the HTML is never cached, so a new Streamlit version's front end is picked up at once."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    index_path = index or streamlit_index()
    index_html = index_path.read_text(encoding="utf-8")
    entry_js = _entry_js(index_path, index_html)
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    routes = []
    for url_path in dict.fromkeys(["", *pages]):
        body = page_html(index_html, url_path, _preload_links(index_html, entry_js, pages.get(url_path, ())))

        async def endpoint(_request, body=body):
            return HTMLResponse(body, headers={"Cache-Control": "no-cache"})

        routes.append(Route(f"{prefix}/{url_path}" if url_path or not prefix else prefix, endpoint, methods=["GET", "HEAD"]))
    return routes
