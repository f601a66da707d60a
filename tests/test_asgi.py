"""app.py's page routes (tipdash/asgi.py): each page's HTML names the app's root before Streamlit's front end reads it,
and preloads the front-end code of the elements its first view draws."""
from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import urljoin

import pytest

from tipdash.asgi import PRELOAD_COMMENT, Bundle, page_html, page_routes, streamlit_index
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
            assert any(re.fullmatch(rf"{re.escape(element)}\.[\w-]+\.js", n) for n in names), (page.path, element, names)
        assert not any(n.startswith("PlotlyChart.") for n in names)
    assert any(n.startswith("IFrame.") for n in added(body_of(routes["brief"])))
    assert not any(n.startswith("IFrame.") for n in added(body_of(routes[""])))


# A tiny bundle in the shape Vite writes: a CSS entry inside the table shifts the indices after it, a name that is a
# prefix of another's (Button, DownloadButton), an import with .then(...) between it and its dependency list.
INDEX = '<head><link rel="modulepreload" crossorigin href="./static/js/runtime.A1.js"></head>'
ENTRY = ('const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Other.Z9.js","../css/Radio.C1.css","./Radio.B2.js",'
         '"./runtime.A1.js","./useField.D3.js","./DownloadButton.E4.js","./Button.F5.js","./Link.G6.js"])))=>i.map(i=>d[i]);'
         'Dg=lazy(()=>H(()=>import(`./DownloadButton.E4.js`),__vite__mapDeps([5,3,4]),import.meta.url)),'
         'Bg=lazy(()=>H(()=>import(`./Button.F5.js`).then(e=>e.n),__vite__mapDeps([6,3]),import.meta.url)),'
         'Ag=lazy(()=>H(()=>import(`./Radio.B2.js`),__vite__mapDeps([2,3,1,4]),import.meta.url)),'
         'Lg=lazy(()=>H(()=>import(`./Link.G6.js`),__vite__mapDeps([7,42]),import.meta.url))')


def test_chunks_are_read_from_vites_table_by_index_css_entries_kept_and_known_files_left_out():
    bundle = Bundle(INDEX, ENTRY)
    assert bundle.chunks("Radio") == ["Radio.B2.js", "useField.D3.js"]
    assert bundle.chunks("Button") == ["Button.F5.js"]  # not DownloadButton's list, though its name ends the same
    assert bundle.chunks("DownloadButton") == ["DownloadButton.E4.js", "useField.D3.js"]
    links = bundle.preload_links(["Radio", "DownloadButton"])
    assert links.startswith(PRELOAD_COMMENT) and re.findall(r'href="\./static/js/([^"]+)"', links) == \
        ["Radio.B2.js", "useField.D3.js", "DownloadButton.E4.js"]  # each file once
    assert bundle.preload_links([]) == ""


def test_what_the_bundle_lacks_is_warned_about_once_and_left_out(caplog):
    bundle = Bundle(INDEX, ENTRY)
    with caplog.at_level(logging.WARNING, logger="tipdash.asgi"):
        assert bundle.chunks("NoSuchElement") == [] and bundle.chunks("NoSuchElement") == []
        assert bundle.chunks("Link") == ["Link.G6.js"]  # its second dependency (42) is not in the table
    assert caplog.text.count("NoSuchElement") == 1 and "chunk 42 of 'Link'" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tipdash.asgi"):
        assert Bundle(INDEX, "const x = 1;").preload_links(["Radio", "Html"]) == ""
    assert caplog.text.count("no chunk table") == 1 and "Radio" not in caplog.text


def test_a_front_end_without_an_entry_module_serves_pages_without_preloads(caplog, tmp_path):
    bare = tmp_path / "index.html"
    bare.write_text("<html><head></head><body></body></html>")
    with caplog.at_level(logging.WARNING, logger="tipdash.asgi"):
        body = body_of(page_routes({"brief": ["Html"]}, index=bare)[1])
    assert "<link" not in body and "BACKEND_BASE_URL" in body and "no readable entry module" in caplog.text


@pytest.mark.parametrize("base", ["", "/dash/", "dash"])
def test_routes_sit_under_the_base_url_path_and_their_relative_urls_resolve_inside_it(base):
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    routes = page_routes(preloads(), base_url_path=base)
    assert [r.path for r in routes] == [f"{prefix}/", *[f"{prefix}/{p}" for p in URL_PATHS]]
    for route in routes:  # the default page is /dash/, not /dash: from /dash, ./static/ would leave the prefix
        body = body_of(route)
        hrefs = re.findall(r'(?:href|src)="(\./static/js/[^"]+)"', body)
        assert len(hrefs) > 10 and added(body)
        for href in hrefs:
            assert urljoin(f"http://host{route.path}", href).startswith(f"http://host{prefix}/static/js/"), (route.path, href)


def test_a_front_end_without_head_is_refused_rather_than_served_unchanged(tmp_path):
    index = tmp_path / "index.html"
    index.write_text("<html><body></body></html>")
    with pytest.raises(ValueError, match="no <head>"):
        page_routes(preloads(), index=index)
    with pytest.raises(ValueError):
        page_html("<html></html>", "brief")


def test_the_apps_static_files_are_addressed_relative_to_the_page_so_a_prefix_keeps_them():
    from pathlib import Path

    from tipdash.charts import TOPOJSON_URL
    from tipdash.style import STATIC_URL

    for prefix in ("", "/dash"):
        for page in ("/", "/brief", "/data_sources"):  # every page path is one segment below the app's root
            url = f"http://host{prefix}{page}" if page != "/" else f"http://host{prefix}/"
            assert urljoin(url, f"{STATIC_URL}/fonts/a.ttf") == f"http://host{prefix}/app/static/fonts/a.ttf"
            assert urljoin(url, f"{TOPOJSON_URL}world_110m.json") == f"http://host{prefix}/app/static/topojson/world_110m.json"
    # drift guard: a root-absolute /app/static/ URL in the app's code would point outside a prefix again
    code = {p.name: p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "tipdash").glob("*.py")}
    assert not [name for name, text in code.items() if re.search(r"""["'(]/app/static/""", text)]
