"""Output encoding: data strings reach a page as text, never as markup.

Every string that comes from data (titles, quotes, place names, URLs) passes through one of these on its way out:
HTML (st.html, the brief), Markdown (st.markdown/st.caption), Plotly text (hover labels), or a CSV download.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:])")


def html_text(text) -> str:
    """Escaped for HTML text and attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def md_text(text) -> str:
    """Escaped for Markdown: no emphasis, links, images, HTML or auto-linked URLs ("https:" loses its colon's power)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def plotly_text(text) -> str:
    """Escaped for Plotly's pseudo-HTML in titles, hover labels and custom data: tags render as literal text."""
    return html.escape("" if text is None else str(text), quote=False)


def safe_url(url) -> str | None:
    """The URL if it is a plain http(s) link with a host and nothing that could break out of a link; else None."""
    text = "" if url is None else str(url).strip()
    if not text or any(c.isspace() for c in text) or any(c in text for c in "()[]<>\"'`\\"):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith("."):
        return None
    return text


def md_link(title, url) -> str:
    """A Markdown link whose text is escaped and whose target is a validated URL; plain escaped text otherwise."""
    target = safe_url(url)
    return f"[{md_text(title)}]({target})" if target else md_text(title)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """OWASP CSV-injection defence: a text cell that a spreadsheet would read as a formula gets a leading quote."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV download: text cells neutralised, numbers left as numbers, UTF-8 with a BOM so spreadsheets read Urdu."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(csv_cell)
    return out.to_csv(index=False).encode("utf-8-sig")
