"""AppTest per page: loads without exception, main filters change the content, bad data dirs give a message."""
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tipdash import ui
from tipdash.catalogue import DATA_DIR_VARIABLE

PAGES = ["overview", "tip_tiers", "provinces", "child_victims", "brief", "data_sources"]


def app(page: str | None = None, query: dict | None = None, **state) -> AppTest:
    """The dashboard run once: on `page` (default: the overview), with URL `query` and session `state` set first."""
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in state.items():
        at.session_state[k] = v
    if page:
        at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def run(page: str, **state) -> AppTest:
    return app(page, **state)


def unescape(md: str) -> str:
    """Markdown source as the reader sees it: escapes resolved, invisible autolink breakers (U+2060) dropped."""
    return re.sub(r"\\(.)", r"\1", md).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Visible text of the page: markdown sources unescaped, HTML components included."""
    md = [c.value for c in at.caption] + [m.value for m in at.markdown] + [h.value for h in at.subheader] + [t.value for t in at.title]
    md += [i.value for i in at.info] + [w.value for w in at.warning]
    html = [h.proto.body for h in at.get("html")]
    return unescape("\n".join(md)) + "\n" + "\n".join(html)


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_exception(data_dir, page):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_its_title_and_introduction(data_dir, page):
    at = run(page)
    head = [c for c in at.main.children.values() if c.type != "empty"][:2]  # the empty slot is the URL notice's
    assert [c.type for c in head] == ["title", "caption"], page
    assert len(head[1].value) > 40, "a sentence saying what the page shows"
    sidebar = [c.type for c in at.sidebar.children.values()]
    if page == "data_sources":  # its explorer filters by place: the sidebar names the province instead of a switch
        assert sidebar == ["radio", "markdown", "caption", "caption"] and "Pakistan" in at.sidebar.caption[0].value
        assert len(at.sidebar.radio) == 1
    else:
        assert sidebar == ["radio", "markdown", "radio", "caption"]
        assert at.sidebar.radio(key="province").value == "PK"
    assert at.sidebar.radio(key="lang").value == "en"


def test_data_sources_starts_its_explorer_on_the_province_and_keeps_it_for_the_next_page(data_dir):
    """Data & sources draws no province switch; the province chosen elsewhere seeds the explorer's places, is named in
    the sidebar, and is still chosen on the next page (Streamlit forgets the state of a widget that a run does not draw)."""
    at = app("provinces")
    at.sidebar.radio(key="province").set_value("PK-PB").run()
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception and [r.key for r in at.sidebar.radio] == ["lang"]
    assert at.multiselect(key="x_geo").value == ["PK-PB"]
    assert "Punjab" in unescape(at.sidebar.caption[0].value)
    at.run()  # a rerun on the page (a click) keeps it too
    at.switch_page("pages/child_victims.py").run()
    assert at.sidebar.radio(key="province").value == "PK-PB"


def test_the_head_goes_out_alone_then_a_pause_on_a_sessions_first_run_only(data_dir, monkeypatch):
    """At the pause the browser has the title and introduction and nothing after them (not even the sidebar), so it
    draws them on their own; a rerun (a click) gets no pause."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from tipdash import shell

    pauses, real_sleep = [], time.sleep

    def sleep(seconds):
        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None:  # AppTest's own waiting, not the script's
            return real_sleep(seconds)
        pauses.append((seconds, {root: cursor.index for root, cursor in ctx.cursors.items()}))  # drawn so far: 0 main, 1 sidebar (2: the stylesheets)

    monkeypatch.setattr(time, "sleep", sleep)
    at = app("provinces", query={"province": "PK-SD", "lang": "ur"})
    [(seconds, drawn)] = pauses
    assert seconds == shell.HEAD_PAUSE_S
    assert drawn[0] == 3 and drawn.get(1, 0) == 0  # main: the URL notice's slot, the title, the introduction; no sidebar
    assert at.title[0].value == "صوبے اور علاقے"  # the language and province came from the URL before their radios
    assert at.sidebar.radio(key="province").value == "PK-SD"
    pauses.clear()
    at = app("provinces")
    at.sidebar.radio(key="province").set_value("PK-PB").run()
    assert len(pauses) == 1, "one pause in the session, none on the rerun"
    assert "province=PK-PB" in unescape([c.value for c in at.caption if "data version" in c.value][0])


def test_overview_shows_current_tier_and_sourced_headlines(data_dir):
    at = run("overview")
    body = texts(at)
    assert '<p class="v">Tier 2</p>' in body  # Pakistan, 2025 report
    assert body.count('class="td-card"') >= 6  # the tier card + headline cards, each with a source link
    assert 'href="https://' in body and "Source:" in body
    assert not at.metric, "headline values are wrapping cards, not st.metric (which truncates long labels)"


def test_provinces_indicator_and_year_change_content(data_dir):
    a = run("provinces")
    b = run("provinces", indicator="fia_human_trafficking_cases_registered", year=2016)
    assert texts(a) != texts(b)
    assert "FIA" in texts(b) and "2016" in texts(b)
    # Punjab's 2016 FIA figure (3,349 cases) is in the summary under the map
    assert "Punjab 3,349" in texts(b)


def test_provinces_opens_on_the_map_and_builds_the_other_tabs_on_request(data_dir):
    ind = "fia_human_trafficking_cases_registered"
    first = app("provinces", query={"indicator": ind, "year": "2016"})
    assert at_value(first, "tab") == "map" and "tab" not in first.query_params  # the first tab: a clean URL
    body = texts(first)
    assert "Ranking, 2016" in body and len(first.get("plotly_chart")) == 1  # the map; the ranking is HTML bars
    ranking = [h.proto.body for h in first.get("html") if 'class="td-rank"' in h.proto.body]
    assert len(ranking) == 1 and ranking[0].index("Punjab") < ranking[0].index("Sindh")  # 3,349 cases ranks first
    assert ">3,349</b>" in ranking[0]
    assert "each unit over time" not in body and "FIA zones" not in body  # the other tabs are not built
    over_time = app("provinces", query={"indicator": ind, "tab": "over_time"})
    body = texts(over_time)
    assert "each unit over time" in body and "Ranking," not in body and not over_time.get("plotly_chart")
    sub = app("provinces", query={"indicator": ind, "tab": "sub"})
    body = texts(sub)
    assert "FIA zones" in body and "each unit over time" not in body and not sub.get("plotly_chart")
    assert sub.query_params["tab"] == "sub" and sub.query_params["indicator"] == ind  # the link reopens this tab
    for at in (first, over_time, sub):  # the controls stay above every tab, with the link's values
        assert at.selectbox(key="indicator").value == ind and at.radio(key="measure").value == "value"


def test_provinces_url_takes_indicator_ids_and_old_labels(data_dir):
    by_id = app("provinces", query={"indicator": "child_trafficking_cases_police"})
    by_label = app("provinces", query={"indicator": "FIA human trafficking cases registered", "year": "2016"})
    from tipdash.catalogue import Catalogue

    urdu_label = Catalogue.load(data_dir).indicator_label("fia_human_trafficking_cases_registered", "ur")
    by_urdu = app("provinces", query={"lang": "ur", "indicator": urdu_label})  # a link copied from the Urdu interface
    assert by_id.selectbox(key="indicator").value == "child_trafficking_cases_police"
    assert by_label.selectbox(key="indicator").value == "fia_human_trafficking_cases_registered"
    assert by_label.query_params["indicator"] == "fia_human_trafficking_cases_registered"  # rewritten to the id
    assert by_urdu.selectbox(key="indicator").value == "fia_human_trafficking_cases_registered"
    assert not by_id.info and not by_label.info


def test_unknown_url_value_keeps_the_rest_and_says_what_was_ignored(data_dir):
    at = app("provinces", query={"indicator": "fia_human_trafficking_cases_registered", "year": "2016", "measure": "per_million"})
    assert at.selectbox(key="indicator").value == "fia_human_trafficking_cases_registered" and at.selectbox(key="year").value == 2016
    assert at.radio(key="measure").value == "value"
    notice = unescape(at.info[0].value)
    assert "were ignored" in notice and "per_million" in notice


def test_citation_link_spells_out_every_filter(data_dir):
    at = app("provinces", query={"indicator": "fia_human_trafficking_cases_registered"})
    cite = [c for c in texts(at).splitlines() if "data version" in c][0]
    for part in ("/provinces?", "indicator=fia_human_trafficking_cases_registered", "year=", "measure=value", "lang=en", "province=PK"):
        assert part in cite, (part, cite)


def test_provinces_no_data_units_are_named(data_dir):
    at = run("provinces", indicator="fia_human_trafficking_cases_registered", year=2016)
    assert "No data: Gilgit-Baltistan, Azad Jammu and Kashmir" in texts(at)


def test_rate_measure_changes_values(data_dir):
    a = run("provinces", indicator="fia_human_trafficking_cases_registered", year=2017, measure="value")
    b = run("provinces", indicator="fia_human_trafficking_cases_registered", year=2017, measure="per_100k_population")
    assert "Punjab 2,784" in texts(a) and "Punjab 2.53" in texts(b)  # 2,784 / 109,989,655 * 100,000


def test_tier_year_changes_map_and_warns_for_fragmentary_years(data_dir):
    default = run("tip_tiers", tab="world")
    a = run("tip_tiers", tab="world", tier_year=2024)
    b = run("tip_tiers", tab="world", tier_year=2013)
    assert at_value(default, "tier_year") == 2025 and not default.warning  # opens on the latest complete list
    assert any("only 176 countries" in w.value for w in a.warning)
    assert any("119 of the 2024 placements" in unescape(i.value) for i in a.info)  # the undated secondary list
    assert not b.warning
    assert texts(a) != texts(b)


def test_tip_tiers_builds_only_the_open_tab_and_names_it_in_the_url(data_dir):
    first = run("tip_tiers")
    assert at_value(first, "tab") == "pakistan" and "tab" not in first.query_params  # the first tab: a clean URL
    assert "tier by TIP Report year, with events" in texts(first) and "TIP tier placements, 2025 report" not in texts(first)
    assert "tier_year" not in first.session_state and "compare" not in first.session_state  # other tabs not built
    world = app("tip_tiers", query={"tab": "world"})
    assert "tier_year" in world.session_state and "compare" not in world.session_state
    assert world.query_params["tab"] == "world"
    compare = run("tip_tiers", tab="compare")
    assert compare.query_params["tab"] == "compare"  # a tab opened in the session is written to the URL
    # links made before the tabs: a map year opens the map, a list of countries the comparison
    assert at_value(app("tip_tiers", query={"tier_year": "2013"}), "tier_year") == 2013
    old_compare = app("tip_tiers", query={"compare": "NPL"})
    assert at_value(old_compare, "tab") == "compare" and at_value(old_compare, "compare") == ["NPL"]


def test_a_tab_link_works_in_either_language_and_a_bad_one_is_named(data_dir):
    ur = app("tip_tiers", query={"tab": "عالمی نقشہ", "lang": "ur"})  # the Urdu label, as a reader might paste it
    assert at_value(ur, "tab") == "world" and ur.query_params["tab"] == "world"
    bad = app("data_sources", query={"tab": "charts"})
    assert at_value(bad, "tab") == "explorer"
    assert any("charts" in unescape(i.value) for i in bad.info)


def test_child_victims_opens_on_the_series_and_builds_other_tabs_on_request(data_dir):
    first = run("child_victims", kind="media_monitoring")
    assert at_value(first, "tab") == "series" and "province_category" not in first.session_state
    by_province = run("child_victims", kind="media_monitoring", tab="province")
    assert "province_category" in by_province.session_state and texts(by_province) != texts(first)
    sex_age = run("child_victims", kind="media_monitoring", tab="sex_age")
    assert "By sex" in texts(sex_age) and "By sex" not in texts(first)
    assert ": by province" in texts(by_province) and ": by province" not in texts(first)
    # links made before the tabs: a category other than the default opens the province tab; the old citation line
    # named the default category too, which says nothing about the view
    kind = "ngo_rti_police_data"
    chooser = app("child_victims", query={"kind": kind}, tab="province").selectbox(key="province_category")
    default_category = chooser.value
    other = chooser.select_index(1).run().session_state["province_category"]
    assert other != default_category
    old_link = app("child_victims", query={"kind": kind, "province_category": other})
    assert at_value(old_link, "tab") == "province" and at_value(old_link, "province_category") == other
    old_citation = app("child_victims", query={"kind": kind, "province_category": default_category})
    assert at_value(old_citation, "tab") == "series"


def test_a_closed_tab_leaves_the_url_and_keeps_its_value(data_dir):
    at = app("tip_tiers", query={"tab": "world", "tier_year": "2013"})
    assert at.query_params["tier_year"] == "2013"
    at.session_state["tab"] = "pakistan"  # what a click on the first tab does
    at.run()
    assert "tier_year" not in at.query_params and "tab" not in at.query_params  # a reload opens what the reader sees
    at.session_state["tab"] = "world"
    at.run()
    assert at_value(at, "tier_year") == 2013 and at.query_params["tier_year"] == "2013" and at.query_params["tab"] == "world"


def test_a_link_with_a_coverage_indicator_opens_the_coverage_tab(data_dir):
    at = app("data_sources", query={"cov_ind": "child_abuse_cases_total"})
    assert at_value(at, "tab") == "coverage" and at_value(at, "cov_ind") == "child_abuse_cases_total"
    assert at_value(app("data_sources"), "tab") == "explorer"


def test_tier_coverage_table_names_the_tiers(data_dir):
    columns = list(app("data_sources", query={"tab": "coverage"}).dataframe[0].value.columns)
    assert "Tier 2 Watch List" in columns and "2WL" not in columns and "special_case" not in columns


def test_an_old_citation_with_default_filters_opens_the_first_tab(data_dir):
    at = app("tip_tiers", query={"tier_year": "2025", "compare": "IND,BGD"})  # the old line spelled out the defaults
    assert at_value(at, "tab") == "pakistan"


def test_a_page_switch_forgets_the_open_tab(data_dir):
    at = run("tip_tiers", tab="world")
    for page in ("overview", "tip_tiers"):  # via a page without tabs: nothing there resets the tab but the switch
        at.switch_page(f"pages/{page}.py")
        at.query_params.clear()  # a browser's page switch drops the old page's URL parameters; AppTest keeps them
        at.run()
    assert at_value(at, "tab") == "pakistan"  # back on TIP tiers: its first tab, as its filters start from defaults


def test_a_page_switch_forgets_the_explorer_years_as_its_other_filters(data_dir):
    at = app("data_sources", query={"x_years": "2016-2017", "x_geo": "PK-PB"})
    assert at_value(at, "x_years") == (2016, 2017) and at.multiselect(key="x_geo").value == ["PK-PB"]
    for page in ("overview", "data_sources"):
        at.switch_page(f"pages/{page}.py")
        at.query_params.clear()  # a browser's page switch drops the old page's URL parameters; AppTest keeps them
        at.run()
    lo, hi = int(at.selectbox(key="x_years-from").options[0]), int(at.selectbox(key="x_years-to").options[0])
    assert at_value(at, "x_years") == (lo, hi) and "x_years" not in at.query_params  # every year, as on a first visit
    assert at.multiselect(key="x_geo").value == ["PK"]  # the places, a widget, started over too


def at_value(at: AppTest, key: str):
    return at.session_state[key]


def test_child_victims_kind_switch(data_dir):
    a = run("child_victims", kind="media_monitoring")
    b = run("child_victims", kind="ngo_rti_police_data")
    assert "Media monitoring" in texts(a) and "Police data via NGO" in texts(b)


def test_explorer_filters_rows_and_download_matches(data_dir):
    a = run("data_sources", x_geo=["PK-PB"], x_ind=[], x_kind=[], x_years=(2016, 2017))
    cap = [c.value for c in a.caption if c.value.endswith("it came from.")][0]
    n = int(cap.split(" rows")[0])
    assert n > 0
    assert not a.dataframe  # read as light HTML, one page at a time
    table = [h.proto.body for h in a.get("html") if "td-table" in h.proto.body][0]
    assert table.count("<tr>") == min(n, ui.PAGE_ROWS) + 1 and "Punjab" in table
    assert f"Rows 1–{min(n, ui.PAGE_ROWS)} of {n}" in texts(a)
    grid = run("data_sources", x_geo=["PK-PB"], x_ind=[], x_kind=[], x_years=(2016, 2017), **{"x_rows-grid": True})
    df = grid.dataframe[0].value
    assert len(df) == n and set(df.geo_code) == {"PK-PB"} and df.year.between(2016, 2017).all()


def test_explorer_reads_in_urdu_with_the_same_rows(data_dir):
    en = run("data_sources", x_geo=["PK-PB"], x_ind=[], x_kind=[], x_years=(2016, 2017))
    ur = app("data_sources", query={"lang": "ur"}, x_geo=["PK-PB"], x_ind=[], x_kind=[], x_years=(2016, 2017))
    table = [h.proto.body for h in ur.get("html") if "td-table" in h.proto.body][0]
    assert '<tr><td data-label="مقام">پنجاب</td>' in table and ">Punjab</td>" not in table  # quotes stay in their language
    assert table.count("<tr>") == [h.proto.body for h in en.get("html") if "td-table" in h.proto.body][0].count("<tr>")


def explorer_row_count(at: AppTest) -> int:
    return int([c.value for c in at.caption if c.value.endswith("it came from.")][0].split(" rows")[0])


def test_explorer_years_are_two_select_boxes_kept_in_the_url_as_one_range(data_dir):
    at = app("data_sources", query={"x_years": "2016-2017"}, x_geo=["PK-PB"])
    start, end = at.selectbox(key="x_years-from"), at.selectbox(key="x_years-to")
    assert (start.value, end.value) == (2016, 2017) and not at.slider  # no slider: it would load ~130 KB more script
    assert end.options[0] > end.options[-1]  # "to" lists the newest year first
    narrow = explorer_row_count(at)
    end.select(2024).run()
    assert at.query_params["x_years"] == "2016-2024" and explorer_row_count(at) > narrow
    at.selectbox(key="x_years-from").select(2020).run()  # a start after the end swaps them: never an empty range
    at.selectbox(key="x_years-to").select(2018).run()
    assert at.query_params["x_years"] == "2018-2020"
    assert (at.selectbox(key="x_years-from").value, at.selectbox(key="x_years-to").value) == (2018, 2020)
    assert at.session_state["x_years"] == (2018, 2020)


def explorer_table_rows(at: AppTest) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", explorer_table_html(at)[0])[1:]


def test_explorer_pages_through_every_row_once_with_previous_and_next(data_dir):
    at = run("data_sources", x_geo=[], x_ind=[], x_kind=[], x_years=(1990, 2030))
    n = explorer_row_count(at)
    pages = -(-n // ui.PAGE_ROWS)
    assert pages > 2
    assert at.button(key="x_rows-previous").disabled and not at.button(key="x_rows-next").disabled
    seen = explorer_table_rows(at)
    for page in range(2, pages + 1):
        at.button(key="x_rows-next").click().run()
        assert f"Page {page} of {pages}" in texts(at)
        seen += explorer_table_rows(at)
    assert len(seen) == n == len(set(seen))  # every row once (each row has its own raw file and line)
    assert at.button(key="x_rows-next").disabled and not at.button(key="x_rows-previous").disabled
    at.button(key="x_rows-previous").click().run()
    assert f"Page {pages - 1} of {pages}" in texts(at)
    at.multiselect(key="x_geo").select("PK-PB").run()  # new filters, a new page count: back to page 1
    assert at.button(key="x_rows-previous").disabled and f"Rows 1–{ui.PAGE_ROWS} of" in texts(at)


def test_explorer_grid_opens_and_closes_with_one_button(data_dir):
    at = run("data_sources", x_geo=["PK-PB"], x_ind=[], x_kind=[], x_years=(2016, 2017))
    n = explorer_row_count(at)
    assert not at.dataframe and not at.toggle  # a button, not a toggle: the toggle loads scripts of its own
    at.button(key="x_rows-grid-switch").click().run()
    assert len(at.dataframe[0].value) == n and not explorer_table_html(at)
    at.button(key="x_rows-grid-switch").click().run()
    assert not at.dataframe and len(explorer_table_rows(at)) == min(n, ui.PAGE_ROWS)


def explorer_table_html(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if '<table class="td-table' in h.proto.body]


def test_explorer_filters_sit_in_a_popover_and_are_named_beside_it(data_dir):
    at = app("data_sources", query={"x_years": "2016-2017"}, x_geo=["PK-PB", "PK-SD"])
    popover = [b for b in at.get("popover")][0]
    inside = {w.key for kind in ("multiselect", "selectbox") for w in popover.get(kind)}
    assert inside == {"x_geo", "x_ind", "x_kind", "x_years-from", "x_years-to"}  # all four filters, nothing else
    assert not [w for w in at.selectbox if w.key not in inside]  # no select box outside it on the explorer
    assert "Places: Punjab, Sindh · Years: 2016–2017" in texts(at)
    none = run("data_sources", x_geo=[], x_ind=[], x_kind=[])
    assert "No filter: every place, indicator, kind of source and year" in texts(none)
    ur = app("data_sources", query={"lang": "ur", "x_years": "2016-2017"}, x_geo=["PK-PB"])
    assert "مقامات: پنجاب · سال: 2016–2017" in texts(ur)


def test_missing_processed_data_gives_message_not_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    at = app()
    assert not at.exception
    assert any("python -m etl" in i.value for i in at.info)


def test_hostile_query_params_are_ignored(data_dir):
    at = app(query={"province": "<script>alert(1)</script>"})
    assert not at.exception
    assert at.sidebar.radio(key="province").value == "PK"
    at = app("provinces", query={"indicator": "<img src=x onerror=alert(1)>", "year": "99999"})
    assert not at.exception
    assert at.selectbox(key="indicator").value == "child_abuse_cases_total"
    assert at.selectbox(key="year").value == 2017
    notice = at.info[0].value
    assert "\\<img" in notice  # named in the notice, escaped: shown as text, never as markup
    assert "onerror" not in "\n".join(h.proto.body for h in at.get("html"))


def test_province_from_url_is_applied(data_dir):
    at = app(query={"province": "Sindh"})
    assert at.sidebar.radio(key="province").value == "PK-SD"


def test_language_switch_to_urdu(data_dir):
    at = app(query={"lang": "اردو"})
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "ur"
    assert at.title[0].value == "پاکستان: انسانی اسمگلنگ کے اشاریے ایک نظر میں"
    assert '<p class="v">درجہ دوم</p>' in texts(at)
    assert at.query_params["lang"] == "ur"  # an old label link is rewritten to the language code
    css = [h.proto.body for h in at.get("html")]
    assert any("direction: rtl" in c and "url('app/static/fonts/NotoNastaliqUrdu-Regular.ttf')" in c for c in css)


def test_english_has_no_rtl(data_dir):
    at = run("overview")
    assert not any("direction: rtl" in h.proto.body for h in at.get("html"))


def test_brief_page_follows_sidebar_unit_and_language(data_dir):
    at = app("brief", query={"lang": "اردو", "province": "پنجاب"})
    assert not at.exception
    frame = [e for e in at.get("iframe")][0].proto
    html = frame.srcdoc
    assert 'dir="rtl"' in html and "پنجاب: انسانی اسمگلنگ کے اشاریوں پر بریف" in html


def test_read_side_uses_public_streamlit_api_only():
    """No import of Streamlit's internals (streamlit.runtime, streamlit.commands, ...) in the app: `import streamlit`
    and its public `st.*` only, so a Streamlit upgrade cannot silently change how pages are run."""
    root = Path(__file__).resolve().parents[1]
    code = [*root.glob("pages/*.py"), root / "dashboard.py", root / "app.py", *root.glob("tipdash/**/*.py")]
    private = re.compile(r"^\s*(?:from\s+streamlit\.|import\s+streamlit\.)|PagesManager|uses_pages_directory", re.M)
    assert [f.name for f in code if private.search(f.read_text())] == []


def test_cached_functions_are_pure():
    """Every st.cache_* function in the app only computes: no st.rerun/st.stop, no widgets or session state, no writes."""
    import ast

    root = Path(__file__).resolve().parents[1]
    banned = {"rerun", "stop", "session_state", "write_text", "write_bytes", "mkdir", "unlink", "open", "error", "info"}
    cached = []
    for f in [*root.glob("tipdash/**/*.py"), *root.glob("pages/*.py"), root / "dashboard.py"]:
        for fn in ast.walk(ast.parse(f.read_text())):
            if isinstance(fn, ast.FunctionDef) and any("cache_" in ast.unparse(d) for d in fn.decorator_list):
                cached.append(fn.name)
                names = {n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute)} | {
                    n.id for n in ast.walk(fn) if isinstance(n, ast.Name)}
                assert not names & banned, (f.name, fn.name, names & banned)
    assert cached, "the shared catalogue and views are cached"
