"""tipdash/safe.py in a real Streamlit page in Chromium: hostile data strings render as their text, never as links,
images, emphasis, headings, maths or Plotly markup; a link is made only from a valid URL."""
from __future__ import annotations

import textwrap

import pytest

from tests.e2e.conftest import ROOT, Page, streamlit_server
from tests.test_safe import HOSTILE

BAD_URL = "https://example.org/a)![t](https://other.host/p.png)"

APP = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(ROOT)!r})
    import plotly.graph_objects as go
    import streamlit as st
    from tipdash import safe

    HOSTILE = {HOSTILE!r}
    for i, text in enumerate(HOSTILE):
        with st.container(key=f"md-{{i}}"):
            st.markdown(safe.md(text))
    with st.container(key="link-ok"):
        st.markdown(safe.md_link(HOSTILE[0], "https://example.org/ok"))
    with st.container(key="link-bad"):
        st.markdown(safe.md_link("Source title", {BAD_URL!r}))
    st.caption(safe.md(HOSTILE[1]))
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], name=safe.plotly(HOSTILE[3]),
                               customdata=[[safe.plotly(HOSTILE[2])]] * 2, hovertemplate="%{{customdata[0]}}<extra></extra>"))
    fig.update_layout(title={{"text": safe.plotly_wrap(HOSTILE[3] + " " + HOSTILE[8], 200)}}, showlegend=True)
    st.plotly_chart(fig, key="chart")
""")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    app = tmp_path_factory.mktemp("safe_app") / "app.py"
    app.write_text(APP)
    with streamlit_server(app) as url:
        yield url


def test_hostile_strings_render_as_text(browser, app_url):
    page = Page(browser, app_url)
    p = page.page
    p.goto(app_url)
    p.wait_for_selector(".st-key-chart .js-plotly-plot", timeout=60_000)
    markup = "a, img, h1, h2, h3, h4, h5, h6, strong, em, del, code, pre, table, li, .katex, span[style*='color']"
    for i, text in enumerate(HOSTILE):
        box = p.locator(f".st-key-md-{i} [data-testid='stMarkdownContainer']")
        assert box.locator(markup).count() == 0, (text, box.inner_html())
        shown = " ".join(box.inner_text().replace("\u2060", "").split())
        expected = " ".join(text.replace("\u202e", "").replace("\u202c", "").split())
        assert shown.replace("\u200b", "").replace("\u200e", "") == expected.replace("\u200b", "").replace("\u200e", ""), (text, shown)
    ok = p.locator(".st-key-link-ok a")
    assert ok.count() == 1 and ok.get_attribute("href") == "https://example.org/ok"
    assert p.locator(".st-key-link-ok img").count() == 0
    assert p.locator(".st-key-link-bad a").count() == 0 and p.locator(".st-key-link-bad").inner_text().strip() == "Source title"
    title = p.locator(".st-key-chart .gtitle")
    assert title.locator("a").count() == 0
    assert " ".join(title.text_content().split()) == " ".join((HOSTILE[3] + " " + HOSTILE[8]).split())
    legend = p.locator(".st-key-chart .legendtext")
    assert legend.locator("a").count() == 0 and legend.first.text_content() == HOSTILE[3]
    assert not page.blocked, page.blocked
