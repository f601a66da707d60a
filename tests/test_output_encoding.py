"""Hostile text in the data (a source title full of HTML, Markdown and a spreadsheet formula; a quote starting with
"=") reaches every page only as text: escaped in Markdown, HTML and Plotly hover labels, neutralised in CSV downloads."""
import io
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from etl.pipeline import build
from tipdash import views
from tipdash.catalogue import DATA_DIR_VARIABLE, Catalogue
from tipdash.safe import csv_bytes

TITLE = '=HYPERLINK("http://evil.example") <a href="https://evil.example">click</a> ![x](https://other.host/p.png) **bold**'
QUOTE = "=cmd|' /C calc'!A0"
HEADER = "province,year,indicator,value,unit,source,source_url,quote,age_group,sex,period_start,period_end,value_qualifier\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, built):
    import shutil

    base = tmp_path_factory.mktemp("hostile")
    for name in ("raw", "reference"):
        shutil.copytree(built / name, base / name)
    add = base / "raw" / "additions"
    add.mkdir(exist_ok=True)
    row = f'Punjab,2025,child_abuse_cases_total,77,cases,"{TITLE.replace(chr(34), chr(34) * 2)}",https://example.org/a,"{QUOTE}",,,,,\n'
    (add / "hostile.csv").write_text(HEADER + row)
    (add / "hostile.csv.provenance.json").write_text(json.dumps({
        "title": "t", "producer": "p", "licence": "l",
        "documents": [{"title": TITLE, "producer": "P", "publisher": "<b>Pub</b>", "publication_kind": "press_report",
                       "licence": "=SUM(A1)"}]}))
    from etl.pipeline import Paths

    assert build(Paths(base / "raw", base / "reference", base / "processed"), out=io.StringIO()) == 0
    return base / "processed"


def run(page: str, data_dir, state=None, **query) -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    for k, v in (state or {}).items():
        at.session_state[k] = v
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    with pytest.MonkeyPatch.context() as mp:  # the dashboard reads the hostile build (its configuration)
        mp.setenv(DATA_DIR_VARIABLE, str(data_dir))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def outputs(at: AppTest) -> tuple[str, str, str]:
    md = "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info])
    html = "\n".join(h.proto.body for h in at.get("html"))
    plotly = "\n".join(e.proto.spec for e in at.get("plotly_chart"))
    return md, html, plotly


def test_provinces_page_shows_hostile_title_as_text(hostile):
    at = run("provinces", hostile, indicator="child_abuse_cases_total", year="2025")
    md, html, plotly = outputs(at)
    assert "evil.example" in plotly  # the title is there, in the hover label...
    assert '<a href=\\"https://evil' not in plotly and "&lt;a href=" in plotly  # ...as text
    assert "<a href=\"https://evil" not in html
    assert "![x](" not in md and "\\!\\[x\\]" in md  # no image from another host
    assert "**bold**" not in md


def test_overview_and_explorer_downloads_neutralise_formulas(hostile):
    cat = Catalogue.load(hostile)
    rows = cat.explorer(indicator_ids=["child_abuse_cases_total"])
    text = csv_bytes(rows).decode("utf-8-sig")
    assert f"'{QUOTE}" in text.replace('"', "'") or "'=cmd" in text
    assert "\n=" not in text and ",=" not in text and ',"=' not in text
    srcs = csv_bytes(cat.sources).decode("utf-8-sig")
    assert ",=SUM" not in srcs and ",'=SUM" in srcs


def test_sources_list_shows_hostile_title_as_escaped_link_text(hostile):
    at = run("provinces", hostile, state={"src-sources": True}, indicator="child_abuse_cases_total", year="2025")
    listed = [m.value for m in at.markdown if "example.org/a" in m.value]
    assert listed, "the opened 'Sources for this view' lists the document"
    assert "](https://example.org/a)" in listed[0]  # the link target is the validated URL
    assert not re.search(r"(?<!\\)!(?<!\\)\[x", listed[0]) and not re.search(r"(?<!\\)<a href", listed[0])
    assert "\\<a href" in listed[0]  # present, escaped: shown as text


def test_views_escape_block_titles_in_html(hostile):
    cat = Catalogue.load(hostile)
    v = views.provinces(cat, "child_abuse_cases_total", 2025, "value", "/g.json", "en")
    head = v.blocks["map"].head_html
    assert "<a " not in head and "<b>" not in head
