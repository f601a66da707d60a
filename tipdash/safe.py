"""Output encoding at every boundary where a data string meets a renderer: markdown, Plotly, CSV.

Data strings - source titles, quotes, units as published, place and indicator labels, anything that came from a
file someone can edit - must reach the user as the text they are, never as markup. The ETL rejects hostile values
where it can (etl/validate.py), and these functions make sure that whatever gets through is still shown as text:

* ``md(text)``            anything passed to st.markdown / st.caption / st.error / st.info / st.warning /
                          st.metric labels / st.expander labels, tab names and widget labels (all render markdown).
* ``md_link(title, url)`` a "[title](url)" link, made only if `url` passes the same validator as the ETL
                          (etl.validate.url_problem); otherwise just the escaped title.
* ``plotly(text)``        anything Plotly renders as text: titles, annotations, axis and legend titles, trace
                          names, tick labels, `text`, and every customdata value a hovertemplate shows.
* ``plotly_wrap(text)``   ``plotly`` for long text, wrapped onto lines joined by Plotly's own <br>.
* ``csv_cells(frame)`` / ``csv_bytes(frame)``  CSV downloads with spreadsheet formulas neutralised (OWASP).

Never put a data string into a hovertemplate or texttemplate itself: pass it through customdata.
"""
from __future__ import annotations

import html
import re
import textwrap

import pandas as pd

from etl.validate import DIRECTION_CONTROLS, url_problem

# ---- markdown -------------------------------------------------------------------------------------------------
_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_DIRECTION = re.compile("[" + "".join(sorted(DIRECTION_CONTROLS)) + "]")
# GitHub-style autolinks are found in the text *after* escapes are resolved (remark-gfm), so escaping alone does not
# stop "https://x.org", "www.x.org" or "a@b.org" from becoming links: a WORD JOINER (U+2060, invisible) is put
# after the scheme name, after "www" and after "@", which breaks those patterns without changing what is shown.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|xmpp|javascript|vbscript|data|file)(?=:)|\bwww(?=\.)|@)")


def md(text) -> str:
    """`text` as literal inline markdown.

    Every ASCII punctuation character is backslash-escaped (CommonMark renders an escaped punctuation character as
    itself), which neutralises emphasis, links and images, raw HTML and entities (&lt;), headings and lists, tables,
    code spans, LaTeX ($...$) and Streamlit's :emoji: and :color[...] directives. GitHub-style autolinks
    (www.example.org, https://..., a@b.org) are broken with an invisible WORD JOINER (see _AUTOLINK). Line breaks
    become spaces (a newline could start a block), and direction overrides/isolates (U+202A-U+202E,
    U+2066-U+2069), which would reorder the page around the text, are removed."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    out = _DIRECTION.sub("", str(text))
    out = _LINE_BREAKS.sub(" ", out)
    out = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, out)
    return _ASCII_PUNCTUATION.sub(r"\\\1", out)


def md_link(title, url) -> str:
    """A markdown link to `url` with `title` as its text, only if `url` is a valid http(s) link by the ETL's rules
    (no spaces, brackets, parentheses, quotes or angle brackets can break out of the link); else the title alone.
    An empty title shows the URL's host name."""
    text = md(title) if title is not None and str(title).strip() else ""
    if isinstance(url, str) and url and url_problem(url) is None:
        from urllib.parse import urlsplit

        return f"[{text or md(urlsplit(url).hostname)}]({url})"
    return text


# ---- Plotly ---------------------------------------------------------------------------------------------------
def plotly(text) -> str:
    """`text` as literal Plotly text.

    Plotly renders a subset of HTML in every text it draws (<br>, <b>, <i>, <sup>, <sub>, <span style>, and
    <a href> as a clickable link) and decodes entities, so `&`, `<` and `>` become entities; `$` becomes &#36; (a
    text between $ signs is typeset as LaTeX when MathJax is present) and `{` becomes &#123; (so "%{...}" can never
    act as a template placeholder). Plotly decodes these back to the characters when drawing. Line breaks become
    spaces; direction controls are removed."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    out = _DIRECTION.sub("", str(text))
    out = _LINE_BREAKS.sub(" ", out)
    return html.escape(out, quote=False).replace("$", "&#36;").replace("{", "&#123;")


def plotly_wrap(text, width: int = 110) -> str:
    """`text` wrapped at `width` characters, each line escaped with ``plotly``, joined with <br> (wrapping first,
    so a line break never falls inside an entity)."""
    if text is None or not str(text).strip():
        return ""
    plain = _LINE_BREAKS.sub(" ", _DIRECTION.sub("", str(text)))
    return "<br>".join(plotly(line) for line in textwrap.wrap(plain, width))


def plotly_values(values) -> list:
    """``plotly`` applied to every string in a list (or a list of rows, as customdata is): numbers stay numbers."""
    out = []
    for v in values:
        if isinstance(v, (list, tuple)) or (hasattr(v, "tolist") and not isinstance(v, str)):
            out.append(plotly_values(list(v)))
        else:
            out.append(plotly(v) if isinstance(v, str) else v)
    return out


# ---- CSV ------------------------------------------------------------------------------------------------------
# OWASP "CSV Injection": a cell that starts with =, +, -, @, tab or carriage return can be run as a formula by a
# spreadsheet. Prefix such cells with a single quote so they are shown as text. Cells that start with whitespace
# before one of those are treated the same (some spreadsheets skip the whitespace), as are the full-width forms
# (＝＋－＠) that some spreadsheets accept, and line feeds.
FORMULA_START = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def csv_cell(value):
    """One cell for a CSV download: a string that a spreadsheet could run as a formula gets a leading "'";
    anything else (numbers, dates, missing values) is returned unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_START) or value.lstrip(" \t\r\n\u00a0\u3000").startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) passed through ``csv_cell``; numeric, boolean and
    date columns are left as they are, so numbers stay numbers."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        mapped = s.astype(object).map(csv_cell, na_action="ignore")
        out[col] = mapped.astype(s.dtype) if isinstance(s.dtype, pd.StringDtype) else mapped
    out.columns = [csv_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    """The CSV download of `frame` (no index), formulas neutralised."""
    return csv_cells(frame).to_csv(index=False).encode(encoding)


# ---- HTML -----------------------------------------------------------------------------------------------------
def html_text(text) -> str:
    """`text` for HTML text and attribute values (st.html components, the printable brief)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(_DIRECTION.sub("", str(text)), quote=True)


def safe_url(url) -> str | None:
    """`url` if it passes the ETL's link rules (etl.validate.url_problem), else None: the only way a link is made."""
    return url if isinstance(url, str) and url and url_problem(url) is None else None
