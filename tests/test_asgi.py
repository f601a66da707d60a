"""app.py's page routes (tipdash/asgi.py): each page's HTML names the app's root before Streamlit's front end reads it,
and preloads the front-end code of the elements its first view draws."""
from __future__ import annotations

import asyncio
import logging
import re

import pytest

from tipdash.asgi import PRELOAD_COMMENT, _entry_js, element_chunks, page_html, page_routes, streamlit_index
from tipdash.shell import PAGES, SHELL_ELEMENTS, preloads

URL_PATHS = [p.path for p in PAGES if p.path]
JS_DIR = streamlit_index().parent / "static" / "js"
LINK = re.compile(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">\n')


def body_of(route) -> str:
    return asyncio.run(route.endpoint(None)).body.decode()


def added_block(body: str) -> str:
    """What the route adds after Streamlit's own tags: the comment and its links, up to </head>."""
    return body[body.index(PRELOAD_COMMENT):body.index("</head>")] if PRELOAD_COMMENT in body else ""


def added(body: str) -> list[str]:
    return LINK.findall(added_block(body))


def test_every_page_and_the_root_get_a_route_serving_streamlits_page_with_the_root_script_first():
    routes = page_routes(preloads())
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
        block = added_block(body)
        assert added(body) and block == PRELOAD_COMMENT + "".join(m.group(0) for m in LINK.finditer(block))  # links only
        body = body.replace(block, "")
        assert body.replace(body[body.index("<script>\n  // tipdash"):body.index("</script>\n") + len("</script>\n")], "") \
            .replace("<head>\n", "<head>", 1) == index  # nothing else changed


def test_each_page_preloads_the_chunks_of_its_elements_that_exist_and_never_plotly():
    index = streamlit_index().read_text(encoding="utf-8")
    routes = dict(zip(["", *URL_PATHS], page_routes(preloads())))
    for page in PAGES:
        names = added(body_of(routes[page.path or ""]))
        assert len(names) == len(set(names))
        for name in names:
            assert (JS_DIR / name).is_file(), name
            assert f"./static/js/{name}" not in index  # index.html preloads it already
        # the element's own chunk, named after it by Vite: a Streamlit upgrade that renames one fails here
        for element in SHELL_ELEMENTS + page.elements:
            assert any(re.fullmatch(rf"{element}\.[\w-]+\.js", n) for n in names), (page.path, element, names)
        assert not any(n.startswith("PlotlyChart.") for n in names)
    assert any(n.startswith("IFrame.") for n in added(body_of(routes["brief"])))
    assert not any(n.startswith("IFrame.") for n in added(body_of(routes[""])))


def test_chunks_are_read_from_vites_table_by_index_with_css_entries_kept_and_known_files_left_out():
    index_html = '<head><link rel="modulepreload" crossorigin href="./static/js/runtime.A1.js"></head>'
    entry_js = ('const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Other.Z9.js","../css/Radio.C1.css",'
                '"./Radio.B2.js","./runtime.A1.js","./useField.D3.js"])))=>i.map(i=>d[i]);'
                'Ag=lazy(()=>H(()=>import(`./Radio.B2.js`),__vite__mapDeps([2,3,1,4]),import.meta.url))')
    assert element_chunks(index_html, entry_js, ["Radio"]) == ["Radio.B2.js", "useField.D3.js"]


def test_an_element_missing_from_the_bundle_is_skipped_with_a_warning_and_the_page_still_served(caplog, tmp_path):
    index = streamlit_index().read_text(encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="tipdash.asgi"):
        assert element_chunks(index, _entry_js(streamlit_index(), index), ["NoSuchElement", "Html"])[0].startswith("Html.")
    assert "NoSuchElement" in caplog.text
    bare = tmp_path / "index.html"  # no entry module at all: nothing to preload, the page is served as before
    bare.write_text("<html><head></head><body></body></html>")
    assert body_of(page_routes({"brief": ["Html"]}, index=bare)[1]).count("<link") == 0


def test_routes_sit_under_the_base_url_path():
    assert [r.path for r in page_routes({"brief": ()}, base_url_path="/dash/")] == ["/dash", "/dash/brief"]


def test_a_front_end_without_head_is_refused_rather_than_served_unchanged(tmp_path):
    index = tmp_path / "index.html"
    index.write_text("<html><body></body></html>")
    with pytest.raises(ValueError, match="no <head>"):
        page_routes(preloads(), index=index)
    with pytest.raises(ValueError):
        page_html("<html></html>", "brief")
