"""A deep link as the very first request to a freshly started server.

Streamlit treats pages/ beside dashboard.py as a legacy multipage app until some session calls st.navigation; the
first request to a new server for /provinces?... runs pages/provinces.py alone. The page must still come up inside
the app shell (tipdash.shell): language switch, shared province filter, navigation, page config, URL values applied.
Each test starts its own server, so no other request can have switched the mode first.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tipdash.catalogue import DATA_DIR_VARIABLE, Catalogue
from tipdash.i18n import t

from .conftest import ROOT, Page, streamlit_server


@pytest.fixture
def fresh_server(built, published_geo):
    """A new `streamlit run dashboard.py` that has answered nothing but its health check."""
    with streamlit_server(ROOT / "app.py", env={DATA_DIR_VARIABLE: str(built / "processed")}) as url:
        yield url


@pytest.fixture
def fresh_page(browser, fresh_server):
    p = Page(browser, fresh_server)
    yield p
    p.page.close()


def shown(widget) -> str:
    """What a select box shows: its text and the value of its search input."""
    return widget.text_content() + " " + " ".join(i.input_value() for i in widget.locator("input").all())


def test_urdu_deep_link_to_provinces_is_first_request(fresh_page, built):
    cat = Catalogue.load(built / "processed")
    inds = cat.province_indicators()
    ind = inds[1]  # not the page's default, so the value must come from the URL
    year = next(y for y in cat.indicator_years(ind) if y != cat.best_year(ind))  # likewise not the default year
    p = fresh_page.open(f"/provinces?lang=ur&indicator={ind}&year={year}&province=PK-SD", wait_plots=1)

    assert p.locator("h1").first.inner_text().strip() == t("provinces.title", "ur")
    assert p.title() == "Pakistan Human-Trafficking Indicators"  # the shell's page config, not the file name
    sidebar = p.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("Language / زبان").count() == 1
    assert sidebar.locator(".st-key-lang input[type='radio']:checked").count() == 1
    assert sidebar.get_by_text(t("sidebar.province", "ur")).count() == 1
    checked = sidebar.locator(".st-key-province label:has(input[type='radio']:checked)")
    assert checked.count() == 1 and checked.inner_text().strip() == cat.geo_name("PK-SD", "ur")
    nav = p.locator("[data-testid='stSidebarNav']").inner_text()
    assert t("nav.tiers", "ur") in nav and t("nav.data", "ur") in nav and "data sources" not in nav.lower()
    assert p.locator("[data-testid='stMain']").evaluate("e => getComputedStyle(e).direction") == "rtl"

    assert cat.indicator_label(ind, "ur") in shown(p.locator(".st-key-indicator"))
    assert str(year) in shown(p.locator(".st-key-year"))
    query = parse_qs(urlsplit(p.url).query)
    assert query["indicator"] == [ind] and query["year"] == [str(year)] and query["lang"] == ["ur"] and query["province"] == ["PK-SD"]
    assert p.locator("[data-testid='stException']").count() == 0
    assert fresh_page.blocked == []



def test_under_a_base_url_path_every_script_font_and_map_file_loads_inside_it(browser, built, published_geo):
    """server.baseUrlPath=dash (or a proxy's prefix): /dash goes to /dash/, and the pages' scripts, preloads, Urdu fonts
    and map boundaries are all fetched under /dash/. Root-absolute /app/static/ URLs and a root route at /dash left the
    Urdu fonts and the map files 404, and the default page blank."""
    with streamlit_server(ROOT / "app.py", env={DATA_DIR_VARIABLE: str(built / "processed")}, base_url_path="dash") as url:
        assert url.endswith("/dash")
        page = Page(browser, url)
        try:
            p = page.open("/provinces?lang=ur", wait_plots=1)
            assert p.locator("h1").first.inner_text().strip() == t("provinces.title", "ur")
            p.wait_for_function("() => [...document.fonts].some(f => f.family.includes('Nastaliq') && f.status === 'loaded')",
                                timeout=30_000)
            assert page.geo_responses and all(path.startswith("/dash/app/static/geo/") and status == 200
                                              for path, status in page.geo_responses)
            p = page.open("", wait_plots=1)  # /dash, no slash
            assert urlsplit(p.url).path == "/dash/" and p.locator("h1").first.inner_text().strip() == t("overview.title", "en")
            assert page.failed == [] and page.blocked == []
        finally:
            page.page.close()


def test_first_session_keeps_language_and_province_across_pages(fresh_page):
    """The first session on a new server arrives by a deep link (legacy run of pages/brief.py). Moving to another
    page keeps its language and province: the shell's widgets get the same ids in every run (tipdash.shell.page)."""
    page = fresh_page.open("/brief?lang=ur&province=PK-SD", wait_plots=0)
    assert page.locator("h1").first.inner_text().strip() == t("brief.page_title", "ur")

    # by way of Data & sources, which draws no province switch (tipdash.shell.Page.province_switch)
    page.locator("[data-testid='stSidebarNav'] a[href$='/data_sources']").first.click()
    page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {t('data.title', 'ur')!r}", timeout=60_000)
    fresh_page.idle()
    assert page.locator("[data-testid='stSidebar'] .st-key-province").count() == 0
    assert "سندھ" in page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").first.inner_text()
    page.locator("[data-testid='stSidebarNav'] a[href$='/tip_tiers']").first.click()
    page.wait_for_function("() => location.pathname === '/tip_tiers'", timeout=30_000)
    page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {t('tiers.title', 'ur')!r}", timeout=60_000)
    fresh_page.idle()
    query = parse_qs(urlsplit(page.url).query)
    assert query["lang"] == ["ur"] and query["province"] == ["PK-SD"]
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_page_link_connects_without_probing_the_page_path(browser, server):
    """app.py's page routes name the app's root in the page (tipdash/asgi.py): opened at /brief, Streamlit's front end
    asks /_stcore/health directly instead of /brief/_stcore/health first (a 404 and a 100 ms wait). Page URLs still
    work both ways: the link opens its own page, and moving to another page puts that page's path in the URL."""
    from tipdash.shell import PAGES

    p = Page(browser, server)
    asked: list[str] = []
    p.page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    try:
        page = p.open("/brief?lang=ur", wait_plots=0)
        assert page.locator("h1").first.inner_text().strip() == t("brief.page_title", "ur")
        probes = [a for a in asked if a.endswith("/_stcore/health")]
        assert probes == ["/_stcore/health"], probes  # one, at the root; without the routes: /brief/… then /…
        assert not [a for a in asked if a.startswith("/brief/")]

        page.locator("[data-testid='stSidebarNav'] a[href$='/tip_tiers']").first.click()
        page.wait_for_function("() => location.pathname === '/tip_tiers'", timeout=30_000)
        page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {t('tiers.title', 'ur')!r}", timeout=60_000)

        assert next(p.script for p in PAGES if p.path is None) == "pages/overview.py"
        page.locator("[data-testid='stSidebarNav'] a").first.click()  # the default page lives at the root
        page.wait_for_function("() => location.pathname === '/'", timeout=30_000)
        page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {t('overview.title', 'ur')!r}", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert p.blocked == []
    finally:
        p.page.close()
