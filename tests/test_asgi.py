"""app.py's page routes (tipdash/asgi.py): each page's HTML names the app's root before Streamlit's front end reads it."""
from __future__ import annotations

import asyncio

import pytest

from tipdash.asgi import page_html, page_routes, streamlit_index
from tipdash.shell import PAGES

URL_PATHS = [p.path for p in PAGES if p.path]


def test_every_page_and_the_root_get_a_route_serving_streamlits_page_with_the_root_script_first():
    routes = page_routes(URL_PATHS)
    assert [r.path for r in routes] == ["/", *[f"/{p}" for p in URL_PATHS]]
    index = streamlit_index().read_text(encoding="utf-8")
    for route, url_path in zip(routes, ["", *URL_PATHS]):
        assert route.methods >= {"GET", "HEAD"} and "POST" not in route.methods
        response = asyncio.run(route.endpoint(None))
        body = response.body.decode()
        assert response.headers["cache-control"] == "no-cache"
        assert f'const page = "{url_path}"' in body and "BACKEND_BASE_URL" in body and "MAIN_PAGE_BASE_URL" in body
        # classic inline script before the front end's module script, so window.__streamlit is set when it runs
        assert body.index("window.__streamlit") < body.index('<script type="module"')
        assert body.replace(body[body.index("<script>\n  // tipdash"):body.index("</script>\n") + len("</script>\n")], "") \
            .replace("<head>\n", "<head>", 1) == index  # nothing else changed


def test_routes_sit_under_the_base_url_path():
    assert [r.path for r in page_routes(["brief"], base_url_path="/dash/")] == ["/dash", "/dash/brief"]


def test_a_front_end_without_head_is_refused_rather_than_served_unchanged(tmp_path):
    index = tmp_path / "index.html"
    index.write_text("<html><body></body></html>")
    with pytest.raises(ValueError, match="no <head>"):
        page_routes(URL_PATHS, index=index)
    with pytest.raises(ValueError):
        page_html("<html></html>", "brief")
