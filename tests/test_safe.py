"""tipdash/safe.py: data strings never become markdown, HTML or Plotly markup; CSV cells never become formulas.

The strings are the ones from issue 9 plus the classics. tests/e2e/test_safe_render.py renders the same strings in
a real Streamlit page in Chromium and checks the DOM."""
import re

import pandas as pd
import pytest

from tipdash import safe

HOSTILE = [
    "https://example.org/a)![t](https://other.host/p.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<a href='https://evil.example'>Source</a>",
    "**bold** _it_ `code` ~~s~~ # heading",
    "www.example.org and https://example.org/x and a@b.org",
    "$x^2$ and :red[colour] :material/home: :smile:",
    "line one\n\n# heading\n- item\n    code",
    "&lt;script&gt; &amp; &#60;",
    "| a | b |\n|---|---|",
    "\u200b\u200e\u202eevil\u202c",
    "%{customdata[0]} {x}",
]


def unescape_md(text: str) -> str:
    """What CommonMark shows for text made only of literal characters and backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(safe.WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escapes_every_markdown_trigger(text):
    out = safe.md(text)
    # no unescaped markdown/HTML metacharacter is left
    assert not re.search(r"(?<!\\)[\[\]()<>*_`#!|$:&~{}]", out.replace("\\\\", "")), out
    # no autolink can be recognised (remark-gfm finds them after escapes are resolved): a word joiner breaks them
    plain = unescape_md(out.replace(safe.WORD_JOINER, "\x00"))
    assert not re.search(r"(?i)(https?://|www\.|[-.\w+]+@[-\w]+\.)", plain), plain
    assert "\n" not in out and "\u202e" not in out
    # and it still reads as the original text (line breaks as spaces, direction controls removed)
    expected = re.sub(r"\s*\n+\s*", " ", text).replace("\u202e", "").replace("\u202c", "")
    assert unescape_md(out) == expected


def test_md_keeps_urdu_and_numbers_readable():
    assert safe.md("پنجاب ۲۰۲۳، 1,526 cases") == r"پنجاب ۲۰۲۳، 1\,526 cases"
    assert safe.md(None) == "" and safe.md(float("nan")) == ""


@pytest.mark.parametrize("url", [
    "https://example.org/a)![t](https://other.host/p.png)", "javascript:alert(1)", "http://", "https://",
    "https://exa mple.org", "https://example.org/<script>", 'https://example.org/"onmouseover="x', "https://user@evil.example/",
    "https://127.0.0.1/", "https://localhost/", "data:text/html,<b>x</b>", "ftp://example.org/f", "//example.org/x",
    "https://example.org/\u200b", "https://example.org/`x`", "vbscript:msgbox(1)", "https://ex.org/%zz",
])
def test_md_link_refuses_bad_urls(url):
    out = safe.md_link("Title [x]", url)
    assert out == r"Title \[x\]"  # the title as text, no link


def test_md_link_builds_link_from_valid_url():
    url = "https://www.dawn.com/news/1832453/sahil-report?x=1&y=2#p"
    assert safe.md_link("Dawn (2024): *Cruel Numbers*", url) == rf"[Dawn \(2024\)\: \*Cruel Numbers\*]({url})"
    assert safe.md_link("", "https://example.org/a") == r"[example\.org](https://example.org/a)"


@pytest.mark.parametrize("text,expected", [
    ("<a href='https://evil.example'>Source</a>", "&lt;a href='https://evil.example'&gt;Source&lt;/a&gt;"),
    ("<b>x</b><br>y", "&lt;b&gt;x&lt;/b&gt;&lt;br&gt;y"),
    ("Tom & Jerry &lt;", "Tom &amp; Jerry &amp;lt;"),
    ("$x^2$", "&#36;x^2&#36;"),
    ("%{customdata[0]}", "%&#123;customdata[0]}"),
    ("two\nlines", "two lines"),
    ("\u202eabc", "abc"),
])
def test_plotly_escapes_pseudo_html_entities_tex_and_templates(text, expected):
    assert safe.plotly(text) == expected


def test_plotly_wrap_never_splits_an_entity():
    text = "A&B " * 40 + "<a href='x'>" + "&" * 200
    out = safe.plotly_wrap(text, 30)
    for line in out.split("<br>"):
        assert "<" not in line and ">" not in line
        assert re.fullmatch(r"([^&]|&(amp|lt|gt|#36|#123);)*", line), line
    assert safe.plotly_wrap("", 10) == "" and safe.plotly_wrap(None) == ""


def test_plotly_values_escapes_strings_in_nested_customdata_only():
    assert safe.plotly_values([["<b>", 3], ("x&y", 2.5), "<i>"]) == [["&lt;b&gt;", 3], ["x&amp;y", 2.5], "&lt;i&gt;"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
                                  "  =1+1", "\u00a0=1", "\uff1d1+1", "\uff0b1", "\uff20x", "-", "=", "\u3000@cmd"])
def test_csv_cell_neutralises_formula_starts(cell):
    assert safe.csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Sahil report", "2,003 cases", "0-17", "https://x.org/a=b", "a=b", "", "پنجاب", "'quoted"])
def test_csv_cell_leaves_plain_text(cell):
    assert safe.csv_cell(cell) == cell


def test_csv_bytes_keeps_numbers_numbers_and_neutralises_text():
    frame = pd.DataFrame({"source_title": ["=cmd|' /C calc'!A0", "Sahil", "-1 cases", None],
                          "value": [-5.0, 12.0, 3.5, float("nan")], "year": [2020, 2021, 2022, 2023],
                          "period_start": pd.to_datetime(["2020-01-01"] * 4), "=col": ["a", "b", "c", "d"]})
    frame["source_title"] = frame["source_title"].astype("str")
    out = pd.read_csv(pd.io.common.BytesIO(safe.csv_bytes(frame)), dtype=str, keep_default_na=False)
    assert list(out.columns) == ["source_title", "value", "year", "period_start", "'=col"]
    assert out.source_title.tolist()[:3] == ["'=cmd|' /C calc'!A0", "Sahil", "'-1 cases"]
    assert out.value.tolist()[:3] == ["-5.0", "12.0", "3.5"]  # a negative number stays a number
    assert out.year.tolist() == ["2020", "2021", "2022", "2023"]
    # the original frame is untouched
    assert frame.source_title.iloc[0].startswith("=")


def test_no_text_cell_of_a_csv_download_starts_a_formula():
    """Every string column of a frame with hostile text, whatever its dtype (object, str, category)."""
    hostile = ["=1", "+1", "-1", "@1", "\t1", "\r1", " =1", "ok"]
    frame = pd.DataFrame({"obj": pd.Series(hostile, dtype=object), "str": pd.Series(hostile, dtype="str"),
                          "cat": pd.Series(hostile, dtype="category")})
    text = safe.csv_bytes(frame).decode()
    import csv
    import io

    for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in row:
            assert not cell.lstrip(" ").startswith(safe.FORMULA_START), row
