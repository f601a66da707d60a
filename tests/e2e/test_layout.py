"""Layout checks in headless Chromium: every page x 1400x1000, 1024x768, 390x844 (an emulated phone) x English/Urdu.

For every visible Plotly chart (charts in closed expanders or inactive tabs are skipped): no legend scrollbar and the
legend inside the chart; no overlap among the title, legends, annotations, axis titles, colorbars and the modebar; the
legend, colorbar and titles not over a plot area; no overlapping tick labels on one axis; no text cut by the chart's
edge. Text is measured by its ink (glyph extents), not its line box, so Nastaliq's tall line boxes are not counted as
collisions. For the page: no truncated metric label/value/delta (ellipsis, or glyphs cut by an overflow:hidden box);
no horizontal page scroll and nothing sticking out sideways except inside an element that scrolls on purpose
(overflow-x: auto|scroll: data grids, tab bars); the document of a same-origin iframe (the brief) fits its frame;
labels of non-Plotly SVG charts (st.html, the brief) neither overlap nor get cut. All of it is in dom_probe.js; the
self-tests at the end prove the checker flags known defects and passes a clean figure.

Waiting: each page is audited once Streamlit reports its script finished (data-test-script-state=notRunning, as
Streamlit's own e2e suite waits), no skeleton or stale element is left, web fonts are loaded, every visible chart is
painted (Plotly traces drawn as DOM marks, MapLibre maps idle) and all of that held unchanged for 400 ms: no fixed
sleeps. On failure a full-page screenshot with the offending boxes outlined goes to
test-artifacts/layout-<page>-<viewport>-<lang>.png (the problems as JSON beside it), and the message lists every
problem with its boxes (chart-relative x,y wxh in CSS px) so it can be fixed without rerunning.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest

from tipdash import html

from .probe import ARTIFACTS, LAYOUT_PAGES, PROBE_JS, full_page_shot, new_context, settle

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def page_name(path: str) -> str:
    return (path or "overview").replace("?tab=", "-")


def describe(problems: list[dict]) -> str:
    by_where: dict[str, list[str]] = defaultdict(list)
    for p in problems:
        by_where[p["where"]].append(f"{p['kind']}: {p['detail']}")
    return "\n".join(f"  {where}:\n" + "\n".join(f"    - {d}" for d in details) for where, details in by_where.items())


@pytest.mark.layout
@pytest.mark.parametrize("path", LAYOUT_PAGES, ids=page_name)
def test_layout(layout_view, path):
    page = layout_view.context.new_page()
    try:
        page.goto(layout_view.url(path))
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0, "the page raised an exception"
        result = page.evaluate("w => window.__probe.audit({width: w})", layout_view.width)
        problems = result["problems"]
        if problems:
            shot = ARTIFACTS / f"layout-{page_name(path)}-{layout_view.viewport}-{layout_view.lang}.png"
            full_page_shot(page, shot, problems)
            shot.with_suffix(".json").write_text(json.dumps(problems, ensure_ascii=False, indent=1))
            pytest.fail(f"/{path} at {layout_view.viewport}, {layout_view.lang}: {len(problems)} layout problem(s) in "
                        f"{result['charts']} chart(s) (screenshot with the boxes outlined: {shot.relative_to(ARTIFACTS.parent)})\n"
                        + describe(problems), pytrace=False)
        assert layout_view.blocked == [], f"requests left the machine: {layout_view.blocked[:5]}"
    finally:
        page.close()


# ---- the checker checked: known defects are flagged, a clean figure passes --------------------------------------

SOURCE = {"text": "Source: synthetic figure for the layout checker", "xref": "paper", "yref": "paper", "x": 0, "y": 0,
          "xanchor": "left", "yanchor": "top", "showarrow": False, "font": {"size": 11}}


def clean_figure() -> go.Figure:
    fig = go.Figure([go.Scatter(x=[2019, 2020, 2021, 2022], y=[3, 1, 4, 2], name="Punjab"),
                     go.Scatter(x=[2019, 2020, 2021, 2022], y=[2, 2, 3, 5], name="Sindh")])
    fig.update_layout(width=700, height=420, title={"text": "Cases by year", "x": 0, "xanchor": "left"},
                      margin={"t": 60, "b": 110, "l": 60, "r": 20}, xaxis={"title": "Year", "dtick": 1}, yaxis={"title": "cases"})
    fig.add_annotation(**SOURCE, yshift=-70)
    return fig


def defect_figures() -> dict[str, go.Figure]:
    """Each figure has one defect the issue names, and the kind of problem the checker must report for it."""
    figs = {}
    # phone: the modebar sits on top of a long title (title centred in a 40 px top margin, modebar at the top right)
    f = clean_figure()
    f.update_layout(width=380, margin={"t": 40}, title={"text": "A long title that runs under the modebar on a phone"})
    figs["overlap:title/modebar"] = f
    # the legend overflows and scrolls (Overview's tier strip: Tier 3 hidden)
    f = go.Figure([go.Scatter(x=[1, 2], y=[i, i + 1], name=f"Series {i}") for i in range(30)])
    f.update_layout(width=600, height=260, title={"text": "Thirty series"}, margin={"t": 50})
    figs["legend scrolls"] = f
    # crushed tick labels (phone tier strip): 60 labels forced horizontal in a narrow chart
    f = go.Figure(go.Bar(x=[f"Category {i:02d}" for i in range(60)], y=list(range(60))))
    f.update_layout(width=420, height=300, title={"text": "Crushed ticks"}, margin={"t": 50}, xaxis={"tickangle": 0})
    figs["tick overlap"] = f
    # tier labels on adjacent cells running together ("2WL2WL2WL" on the Overview strip)
    f = go.Figure(go.Scatter(x=list(range(2001, 2026)), y=["Pakistan"] * 25, mode="markers+text", text=["2WL"] * 25,
                             marker={"symbol": "square", "size": 10}, textfont={"size": 12}))
    f.update_layout(width=420, height=220, title={"text": "Labels running together"}, margin={"t": 50})
    figs["label overlap"] = f
    # a horizontal legend running into the source line and the x-axis title (Child victims)
    f = go.Figure([go.Scatter(x=[2019, 2020], y=[i, i + 2], name=f"A long series name number {i}") for i in range(8)])
    f.update_layout(width=600, height=420, title={"text": "Legend over the source line"}, margin={"t": 50, "b": 120},
                    xaxis={"title": "Year"}, legend={"orientation": "h", "y": -0.15, "yanchor": "top"})
    f.add_annotation(**SOURCE, yshift=-85)
    figs["overlap:legend/annotation"] = f
    # a source line longer than the chart is wide: cut by the SVG's edge
    f = clean_figure()
    f.update_layout(width=500)
    f.layout.annotations = ()
    f.add_annotation(**{**SOURCE, "text": "Source: a very long list of documents, more than a chart of this width "
                        "could ever hold on a single line of text"}, yshift=-70)
    figs["clipped"] = f
    # small-multiple panel titles running into each other
    f = clean_figure()
    f.add_annotation(text="Khyber Pakhtunkhwa", xref="paper", yref="paper", x=0.45, y=1.0, yanchor="bottom", showarrow=False)
    f.add_annotation(text="Islamabad Capital Territory", xref="paper", yref="paper", x=0.55, y=1.0, yanchor="bottom", showarrow=False)
    figs["overlap:annotation/annotation"] = f
    return figs


@pytest.fixture
def static_page(browser):
    """A blank page with the local plotly.js (the one the plotly package ships) and the probes; no server."""
    ctx = new_context(browser, "1400x1000")
    page = ctx.new_page()
    page.set_content('<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">'
                     '<style>body{margin:0;font-family:"Noto Sans",sans-serif}</style></head>'
                     '<body><div data-testid="stMain" style="padding:8px"><h1>Checker self-test</h1></div></body></html>')
    page.add_script_tag(path=str(PLOTLY_JS))
    page.add_script_tag(content=PROBE_JS)
    page.evaluate("window.__probeStatic = true")
    yield page
    ctx.close()


def plot(page, figs: list[go.Figure]) -> None:
    page.evaluate("""async figs => { for (const f of figs) { const d = document.createElement('div');
        document.querySelector('[data-testid=stMain]').appendChild(d); await Plotly.newPlot(d, f.data, f.layout, {displaylogo: false}); } }""",
                  [json.loads(f.to_json()) for f in figs])
    settle(page, timeout=20_000)


def test_checker_passes_a_clean_figure(static_page):
    plot(static_page, [clean_figure()])
    result = static_page.evaluate("() => window.__probe.audit()")
    assert result["charts"] == 1
    assert result["problems"] == [], describe(result["problems"])


@pytest.mark.parametrize("defect", list(defect_figures()))
def test_checker_flags_known_defect(static_page, defect):
    plot(static_page, [defect_figures()[defect]])
    problems = static_page.evaluate("() => window.__probe.audit()")["problems"]
    kind, _, boxes = defect.partition(":")
    hits = [p for p in problems if p["kind"] == kind and all(b in p["detail"] for b in boxes.split("/") if b)]
    assert hits, f"{defect} not flagged; got:\n{describe(problems)}"
    if boxes:
        a, b = boxes.split("/")
        assert any(p["detail"].startswith(a) or f"overlaps {a}" in p["detail"] for p in hits)
        assert all(len(p["rects"]) >= 2 for p in hits), "an overlap must name both boxes"


def test_checker_flags_truncated_metrics_and_sideways_overflow(static_page):
    static_page.set_viewport_size({"width": 390, "height": 844})
    static_page.evaluate("""() => { const m = document.querySelector('[data-testid=stMain]');
        m.insertAdjacentHTML('beforeend', `
          <div data-testid="stMetricLabel" style="width:300px"><p style="margin:0">Fits easily</p></div>
          <div data-testid="stMetricValue" style="width:120px;font-size:28px"><p style="margin:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">458 persons convicted</p></div>
          <div data-testid="stMetricLabel" style="width:300px;height:9px;overflow:hidden;font-size:20px;line-height:9px"><p style="margin:0">Ågy cut</p></div>
          <div style="overflow-x:auto"><div style="width:900px">a wide table that scrolls on purpose</div></div>`); }""")
    problems = static_page.evaluate("() => window.__probe.audit({width: 390})")["problems"]
    assert sorted(p["where"] for p in problems) == ['metric label "Ågy cut"', 'metric value "458 persons convicted"'], describe(problems)
    assert "ellipsis" in next(p for p in problems if "458" in p["where"])["detail"]
    assert "glyphs cut" in next(p for p in problems if "Ågy" in p["where"])["detail"]

    static_page.evaluate("""() => document.querySelector('[data-testid=stMain]').insertAdjacentHTML('beforeend',
        '<svg width="600" height="80"><text x="10" y="40">a chart wider than the phone</text></svg>')""")
    problems = static_page.evaluate("() => window.__probe.audit({width: 390})")["problems"]
    kinds = {p["kind"] for p in problems if p["where"] == "page"}
    assert kinds == {"horizontal scroll", "overflow"}, describe(problems)
    assert any("svg" in p["detail"] and "past the page" in p["detail"] for p in problems)


def test_checker_flags_a_number_cut_by_a_scrolling_table_and_phone_cards_keep_every_number_whole(static_page):
    """A sideways-scrolling table may hide columns past its edge but must not cut a number ("600" for 1,600); the
    app's wide HTML tables become cards on a phone, every number whole and labelled, nothing scrolling sideways."""
    static_page.set_viewport_size({"width": 390, "height": 844})
    static_page.evaluate("""() => document.querySelector('[data-testid=stMain]').insertAdjacentHTML('beforeend',
        '<div id="cut" style="overflow-x:auto;width:300px"><table><tr><td style="padding-left:270px;white-space:nowrap">1,600</td></tr></table></div>')""")
    problems = static_page.evaluate("() => window.__probe.audit({width: 390})")["problems"]
    assert [(p["where"], p["kind"]) for p in problems] == [("table", "truncated")], describe(problems)
    assert '"1,600"' in problems[0]["detail"]

    columns = [("place", "Place"), ("indicator", "Indicator"), ("year", "Year"), ("value", "Value"), ("unit", "Unit"),
               ("source_title", "Source"), ("source_quote", "Quote")]
    rows = [{"place": "Pakistan", "indicator": f"Synthetic indicator {i}", "year": 2012 + i, "value": 1600.0 + i,
             "unit": "cases", "source_title": "A synthetic report with a long title", "source_url": "https://example.org/r",
             "source_quote": "a quote " * 30} for i in range(3)]
    static_page.evaluate("""t => { document.getElementById('cut').remove();
        document.querySelector('[data-testid=stMain]').insertAdjacentHTML('beforeend', t); }""",
                         html.CSS + html.table(rows, columns, titled_links={"source_title": "source_url"}, clamp=("source_quote",)))
    assert static_page.evaluate("getComputedStyle(document.querySelector('.td-table tbody tr')).display") == "block"
    problems = static_page.evaluate("() => window.__probe.audit({width: 390})")["problems"]
    assert problems == [], describe(problems)
    shown = static_page.evaluate("""() => [...document.querySelectorAll('.td-table td.n[data-label=Value]')].map(td => {
        const r = td.getBoundingClientRect(); return [td.textContent, getComputedStyle(td, '::before').content, r.right <= innerWidth]; })""")
    assert shown == [["1,600", '"Value"', True], ["1,601", '"Value"', True], ["1,602", '"Value"', True]]

    static_page.set_viewport_size({"width": 1400, "height": 1000})  # the desktop keeps a table
    assert static_page.evaluate("getComputedStyle(document.querySelector('.td-table tbody tr')).display") == "table-row"


def test_checker_flags_ranking_names_that_run_into_each_other(static_page):
    rows = [{"name": f"A unit with a long synthetic name {i}", "value": 10.0 - i, "value_text": str(10 - i)} for i in range(3)]
    static_page.evaluate("t => document.querySelector('[data-testid=stMain]').insertAdjacentHTML('beforeend', t)",
                         html.CSS + f'<div style="width:260px">{html.ranked_bars(rows)}</div>')
    assert static_page.evaluate("() => window.__probe.audit({width: 1400})")["problems"] == []
    static_page.evaluate("() => { const r = document.querySelector('.td-rank'); r.style.fontSize = '40px'; r.style.lineHeight = '0.3'; r.style.rowGap = '0'; }")
    problems = static_page.evaluate("() => window.__probe.audit({width: 1400})")["problems"]
    assert [(p["kind"], p["where"].split(" ")[0]) for p in problems] == [("overlap", "ranking")], describe(problems)


def test_painted_means_drawn_not_just_present(static_page):
    """state() waits for the marks, not for the chart element: a graph div without _fullLayout, or with fewer drawn
    points than data points, is not painted."""
    static_page.evaluate("""() => { const d = document.createElement('div'); d.id = 'g'; d.className = 'js-plotly-plot';
        d.style.cssText = 'width:400px;height:300px'; document.querySelector('[data-testid=stMain]').appendChild(d); }""")
    assert static_page.evaluate("() => window.__probe.state().reason") == "no _fullLayout yet"
    static_page.evaluate("""() => Plotly.newPlot('g', [{type: 'scatter', mode: 'markers', x: [...Array(500).keys()],
        y: [...Array(500).keys()]}, {type: 'bar', x: [1, 2, 3], y: [3, 1, 2], xaxis: 'x2', yaxis: 'y2'}],
        {xaxis: {domain: [0, 0.45]}, xaxis2: {domain: [0.55, 1]}, yaxis2: {anchor: 'x2'}})""")
    assert static_page.evaluate("() => window.__probe.state()")["ready"] is True
    static_page.evaluate("() => [...document.querySelectorAll('#g .point')].slice(0, 100).forEach(p => p.remove())")
    assert static_page.evaluate("() => window.__probe.state().reason") == "trace 0 (scatter) 400/500 marks drawn"
