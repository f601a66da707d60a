"""End to end in headless Chromium: pages load offline, maps draw their shapes, URLs reproduce views."""
import io

import numpy as np
import pytest
from PIL import Image

from tipdash.i18n import t
from tipdash.ui import PAGE_ROWS

# Plotly charts each page draws (the Overview's tier strip and the tier grids are HTML; the province map is an SVG
# geo trace, the world map an SVG drawn on the server; the Overview draws one trend).
PAGES = [("", 1), ("tip_tiers", 1), ("provinces", 1), ("child_victims", 1), ("brief", 0), ("data_sources", 0)]


def pixels(element) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(element.screenshot())).convert("RGB")).astype(int)


def count_colour(img: np.ndarray, rgb, tol=18) -> int:
    return int((np.abs(img - np.array(rgb)).max(axis=2) <= tol).sum())


def hex_rgb(h: str):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("path,plots", PAGES)
def test_page_loads_offline_without_errors(page, path, plots):
    p = page.open(f"/{path}", wait_plots=plots)
    page.shot(f"page-{path or 'overview'}")
    assert p.locator("[data-testid='stException']").count() == 0
    assert p.locator("[data-testid='stAlertContentError']").count() == 0
    assert p.get_by_text("Page not found").count() == 0, "a direct link to this page must open it"
    assert p.locator(".js-plotly-plot").count() >= plots
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"


def test_province_map_draws_shapes(page):
    p = page.open("/provinces?indicator=fia_human_trafficking_cases_registered&year=2016", wait_plots=1)
    page.shot("provinces-map-fia-2016")
    plot = p.locator(".js-plotly-plot").first
    p.wait_for_function("document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length >= 7", timeout=30_000)
    assert plot.locator("canvas").count() == 0, "maps are SVG: no WebGL needed"
    img = pixels(plot)
    grey = count_colour(img, (0xE0, 0xE0, 0xE0), tol=6)  # the 'No data' units (GB, AJK)
    coloured = int(((img.max(axis=2) - img.min(axis=2)) > 40).sum())  # cividis colours of units with data
    assert grey > 2000, f"no-data units not drawn ({grey} px)"
    assert coloured > 10000, f"units with data not drawn ({coloured} px)"
    assert page.blocked == []
    assert [s for path, s in page.geo_responses if "/pk-" in path] == [200], "boundaries come from the published file"
    ranking = p.locator(".td-rank")  # beside the map: the units with data as labelled bars, largest first
    names = ranking.locator(":scope > span:not(.bar)").all_inner_texts()
    assert names[0] == "Punjab" and len(names) == 5, names  # FIA 2016: five units with data
    widths = [b.bounding_box()["width"] for b in ranking.locator(".bar i").all()]
    assert widths == sorted(widths, reverse=True) and widths[0] > 50, widths


def test_world_map_draws_tiers(page, built):
    """The world map is an SVG drawn on the server (tipdash.svg.world_map) in a frame: every country a shape with its
    tier colour and a hover title, no boundary file fetched."""
    from tipdash.catalogue import Catalogue
    from tipdash.i18n import tier_label

    cat = Catalogue.load(built / "processed")
    p = page.open("/tip_tiers?tier_year=2013", wait_plots=0)  # a link made before the tabs: it opens the map's tab
    frame = p.locator("[data-testid='stMain'] iframe").first
    inner = frame.content_frame
    inner.locator("svg path").nth(150).wait_for(state="attached", timeout=30_000)
    assert inner.locator("svg path, svg circle").count() == len(cat.web_world_features)
    pak = cat.tiers_for_year(2013).set_index("iso3").loc["PAK"]
    assert inner.locator("svg title", has_text=f"Pakistan: {tier_label(pak.tier, 'en')}").count() == 1
    frame.scroll_into_view_if_needed()
    page.idle()
    img = pixels(frame)
    page.shot("tip-tiers-2013")
    assert count_colour(img, hex_rgb("#abd9e9")) > 5000  # Tier 2 countries
    assert count_colour(img, hex_rgb("#d7191c")) > 500  # Tier 3 countries
    assert page.blocked == []
    assert not [path for path, _ in page.geo_responses if "/world-" in path], "drawn on the server: nothing to fetch"


@pytest.mark.parametrize("query", [
    "indicator=fia_human_trafficking_cases_registered&year=2017&measure=per_100k_population",  # ids
    "indicator=FIA+human+trafficking+cases+registered&year=2017&measure=Per+100%2C000+population",  # a link made before ids
])
def test_url_reproduces_filtered_view(page, query):
    p = page.open(f"/provinces?{query}", wait_plots=1)
    body = p.locator("[data-testid='stMain']").inner_text()
    assert "FIA human trafficking cases registered, 2017" in body
    assert "Punjab 2.53" in body  # 2,784 cases (to 22 Dec 2017) / 109,989,655 people * 100,000
    assert "Census 2017 population" in body  # the rate says which census it uses
    assert "indicator=fia_human_trafficking_cases_registered" in p.url and "measure=per_100k_population" in p.url


def test_changing_a_filter_updates_url(page):
    p = page.open("/tip_tiers", wait_plots=1)
    assert p.locator("[data-testid='stMain'] iframe").count() == 0, "the map's tab is built only when opened"
    p.get_by_role("tab", name="World map").click()
    p.locator("[data-testid='stMain'] iframe").first.wait_for(timeout=30_000)
    page.idle()
    assert "tab=world" in p.url
    year = p.locator("[data-testid='stSelectbox']").filter(has=p.locator("[data-testid='stWidgetLabel']", has_text="TIP Report year"))
    year.click()
    p.get_by_role("option", name="2001", exact=True).click()
    page.idle()
    assert "tier_year=2001" in p.url and "tab=world" in p.url
    p.locator("[data-testid='stSidebar'] label", has_text="اردو").click()  # the other language: same tab, its Urdu label
    page.idle()
    assert p.get_by_role("tab", name=t("tiers.tab_world", "ur")).get_attribute("aria-selected") == "true"
    assert "tab=world" in p.url and "tier_year=2001" in p.url


def test_explorer_filters_open_in_a_popover_and_the_rows_page_on(page):
    """The explorer's filters load their scripts only when their popover opens; a place picked there narrows the rows,
    is named beside the button and goes into the URL; Next page turns the rows."""
    loaded = []
    page.page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1]))
    p = page.open("/data_sources", wait_plots=0)
    assert not [f for f in loaded if f.startswith(("Multiselect.", "Selectbox."))], "filter scripts load only on demand"
    main = p.locator("[data-testid='stMain']")
    before = main.inner_text()
    assert "Places: Pakistan" in before and "Page 1 of " in before
    p.get_by_role("button", name="Filter rows").click()
    places = p.locator("[data-testid='stMultiSelect']").filter(has_text="Places")
    places.wait_for(timeout=30_000)
    places.locator("input").fill("Sindh")  # the list is virtualised: narrow it to the option first
    p.get_by_role("option", name="Sindh", exact=True).click()
    page.idle()
    p.locator("h1").first.click()  # a click outside closes the popover
    page.idle()
    assert "x_geo=PK%2CPK-SD" in p.url and "Places: Pakistan, Sindh" in main.inner_text()
    p.get_by_role("button", name="Next page").click()
    page.idle()
    assert "Page 2 of " in main.inner_text() and f"Rows {PAGE_ROWS + 1}–{2 * PAGE_ROWS} of" in main.inner_text()
    page.shot("data-sources-explorer-page-2")
    assert p.locator("[data-testid='stException']").count() == 0 and page.blocked == []


def test_urdu_interface_is_rtl_with_local_nastaliq_font(page):
    fonts = []
    page.page.on("response", lambda r: fonts.append((r.url, r.status)) if "NotoNastaliq" in r.url else None)
    p = page.open("/?lang=ur", wait_plots=0)
    page.shot("overview-urdu")
    assert p.locator("h1").first.inner_text().startswith("پاکستان")
    assert p.evaluate("getComputedStyle(document.querySelector('[data-testid=stMain]')).direction") == "rtl"
    p.wait_for_function("document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'پاکستان')", timeout=20_000)
    assert fonts and all(u.startswith("http://localhost") and status == 200 for u, status in fonts), fonts
    assert page.blocked == []
    old = page.open("/?lang=%D8%A7%D8%B1%D8%AF%D9%88", wait_plots=0)  # a link made when the URL held the label اردو
    assert old.locator("h1").first.inner_text().startswith("پاکستان") and "lang=ur" in old.url


def test_brief_pdf_downloads_for_punjab_in_urdu(page, tmp_path, pdf_runtime):
    p = page.open("/brief?lang=ur&province=PK-PB", wait_plots=0)  # Punjab, Urdu
    frame = p.frame_locator("iframe").first
    assert "پنجاب" in frame.locator("h1").inner_text()
    page.shot("brief-punjab-urdu")
    p.get_by_role("button", name=t("brief.prepare_pdf", "ur")).click()  # queued on the server, then offered
    with p.expect_download(timeout=90_000) as dl:
        p.get_by_role("button", name=t("brief.download_pdf", "ur")).click(timeout=90_000)
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    assert path.name.startswith("brief-PK-PB-ur-") and path.read_bytes().startswith(b"%PDF-")
    assert [f.name for f in (pdf_runtime / "cache").glob("brief-PK-PB-ur-*.pdf")]  # printed through the queue
    assert page.blocked == []


def test_controls_are_reachable_with_the_keyboard(page):
    """Tab from the top of the page reaches the language switch, the province filter and the page's own filters."""
    p = page.open("/provinces", wait_plots=1)
    p.evaluate("document.activeElement && document.activeElement.blur()")
    reached = set()
    for _ in range(60):
        p.keyboard.press("Tab")
        reached.add(p.evaluate("""() => { const e = document.activeElement;
            const w = e && e.closest('[data-testid=stRadio], [data-testid=stSelectbox]');
            return w ? (w.closest('[data-testid=stSidebar]') ? 'sidebar:' : 'main:') + w.innerText.split('\\n')[0] : ''; }"""))
    assert "sidebar:Language / زبان" in reached and "sidebar:Province or territory" in reached
    assert "main:Indicator" in reached and "main:Year" in reached
