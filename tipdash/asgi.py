"""Routes that serve each page's HTML with the app's root named in it, so a deep link connects at once.

Why: Streamlit's front end does not know where the server's root is. Opened at /brief it first asks
/brief/_stcore/health (404), waits 100 ms, then asks /_stcore/health: every link to a page other than the first, and
every reload of one, waited ~0.1-0.14 s before the session even started (measured in headless Chromium: health
probes at 601 ms and 737 ms after goto on /brief, one probe on /). The front end skips that guess when the page
sets `window.__streamlit.BACKEND_BASE_URL` (and MAIN_PAGE_BASE_URL, which it uses to tell the page from the URL);
Streamlit's own index.html cannot, so these routes serve it with a small script that does, for the app's page paths
only (the default page under a base URL path is /prefix/; Streamlit redirects /prefix there). Any other path falls
through to Streamlit's static files as before.

The root is worked out in the browser from the page's own URL (the path minus the page's url_path), so it stays right
behind a proxy that serves the app under a prefix or strips one.

Each page's HTML also preloads the front-end code of the elements its first view draws. Streamlit's front end loads an
element's code (Radio, Button, IFrame, ...) only when the first such element arrives over the websocket: on a fresh
load that was a second round of requests, after the page's content had come in, while the elements waited as grey
skeletons. `<link rel="modulepreload">` fetches and compiles them alongside the front end's own bundle instead
(measured in fresh browsers: see the commit that added it). Plotly's 4.6 MB chunk is left out on purpose: preloading
it competed with the main bundle and delayed the first content of chart pages.
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


# The front end's entry module and the table of its lazily imported chunks, as Vite writes them (minified):
#   <script type="module" crossorigin src="./static/js/index.<hash>.js">
#   __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Table.<hash>.js", "../css/<name>.css", ...]))) ...
#   Radio=lazy(()=>H(()=>import(`./Radio.<hash>.js`),__vite__mapDeps([192,1,2,...]),...))
# Each lazy import's list starts with the index of the element's own chunk in that table.
_ENTRY = re.compile(r'<script type="module"[^>]*src="\./static/js/([\w.-]+\.js)"')
_DEPS_TABLE = re.compile(r"__vite__mapDeps=\(i,m=__vite__mapDeps,d=\(m\.f\|\|\(m\.f=\[([^\]]*)\]")

PRELOAD_COMMENT = "<!-- tipdash: the code of this page's first elements (tipdash/asgi.py) -->\n"


class Bundle:
    """The installed front end's lazily loaded chunks: which JavaScript files (under static/js/) an element loads.

    When the bundle cannot be read (a newer Streamlit laid it out differently) one warning names what is missing and
    pages are served without preloads: they work as before, loading each element's code when it first arrives."""

    def __init__(self, index_html: str, entry_js: str):
        self.index_html, self.entry_js = index_html, entry_js
        table = _DEPS_TABLE.search(entry_js)
        if not entry_js:
            _log.warning("Streamlit's index.html names no readable entry module: pages are served without preloads")
        elif not table:
            _log.warning("no chunk table (__vite__mapDeps) in Streamlit's entry module: pages are served without preloads")
        self.files = re.findall(r'"([^"]+)"', table.group(1)) if table else []  # "./X.js", "../css/X.css": indices kept
        self._chunks: dict[str, list[str]] = {}

    def chunks(self, element: str) -> list[str]:
        """The element's chunk and the chunks it imports, minus those index.html preloads already (CSS files are left
        out: an element's stylesheet still loads with it). [] with a warning, once, if this bundle has no such element."""
        if element not in self._chunks:
            self._chunks[element] = self._find(element) if self.files else []
        return self._chunks[element]

    def _find(self, element: str) -> list[str]:
        own = [k for k, f in enumerate(self.files) if re.fullmatch(rf"\./{re.escape(element)}\.[\w-]+\.js", f)]
        deps = re.search(rf"__vite__mapDeps\(\[({own[0]}(?:,\d+)*)\]\)", self.entry_js) if len(own) == 1 else None
        if not deps:
            _log.warning("no front-end chunk named %r in Streamlit's bundle: its pages load it on demand", element)
            return []
        out: dict[str, None] = {}
        for i in map(int, deps.group(1).split(",")):
            if i >= len(self.files):
                _log.warning("chunk %d of %r is not in Streamlit's chunk table: left out of the preload", i, element)
                continue
            name = self.files[i].removeprefix("./")
            if name.endswith(".js") and "/" not in name and f"./static/js/{name}" not in self.index_html:
                out[name] = None
        return list(out)

    def preload_links(self, elements: Iterable[str]) -> str:
        names = list(dict.fromkeys(name for element in elements for name in self.chunks(element)))
        return PRELOAD_COMMENT + "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">\n'
                                         for name in names) if names else ""


def page_html(index_html: str, url_path: str, preload: str = "") -> str:
    """Streamlit's index.html with the root script first in <head>, before the front end's module script reads it,
    and `preload` (link tags) at the end of <head> (left out if there is no </head> after <head>: preloads are an
    optimisation, the root script is not). `url_path` is the page's path below the app's root ("" for the default
    page)."""
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
    bundle = Bundle(index_html, _entry_js(index_path, index_html))
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    routes = []
    for url_path in dict.fromkeys(["", *pages]):
        body = page_html(index_html, url_path, bundle.preload_links(pages.get(url_path, ())))

        async def endpoint(_request, body=body):
            return HTMLResponse(body, headers={"Cache-Control": "no-cache"})

        # The default page under a prefix is /prefix/, never /prefix: there the page's relative URLs (Streamlit's own
        # ./static/js/... and the preloads) would resolve outside the prefix. Streamlit redirects /prefix to /prefix/.
        routes.append(Route(f"{prefix}/{url_path}", endpoint, methods=["GET", "HEAD"]))
    return routes
