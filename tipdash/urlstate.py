"""Filters in the URL as stable ids: ?indicator=child_abuse_cases_total&province=PK-PB&year=2017&lang=ur.

Streamlit's own `bind="query-params"` writes the label a widget shows, so a link breaks when a label is reworded or
opened in the other language. Here the URL holds the option's id; on the way in, an id is taken as is, and a label in
either language (or an old spelling, as links made before ids carried) is translated to its id; anything else is
dropped and named in a notice, and the rest of the link still applies.

Usage around a widget (key = the URL parameter name):
    urlstate.bind("year", options, default)      # before the widget: apply a new URL value to session state
    st.selectbox(..., options, key="year")       # no index/default: the value comes from session state
    urlstate.publish("year", default)            # after it: the URL shows the id, or nothing for the default
"""
from __future__ import annotations

import re
import unicodedata

import streamlit as st

IGNORED = "_url_ignored"
PAGE_SCOPED = "_url_page_scoped"  # keys of values kept outside widgets, dropped on a page switch
CURRENT = "_url_current"  # every bound filter's value this run, defaults included: what a citation link spells out


def _norm(text) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text))).strip().casefold()


def resolve(values: list[str], options: list, aliases: dict | None = None) -> tuple[list, list[str]]:
    """Option ids for raw URL values, and the values that match nothing."""
    by_id = {_norm(o): o for o in options}
    by_alias = {_norm(k): v for k, v in (aliases or {}).items() if v in options}
    found, unknown = [], []
    for v in values:
        hit = by_id.get(_norm(v), by_alias.get(_norm(v)))
        (found if hit is not None else unknown).append(hit if hit is not None else v)
    return found, unknown


def _split(raw: list[str], kind: str) -> list[str]:
    if kind == "range":
        return [p for v in raw for p in re.split(r"[-–,]", v) if p.strip()]
    if kind == "multi":
        return [p for v in raw for p in v.split(",") if p.strip()]
    return raw[:1]


def _cast(values: list, options: list):
    """URL text to the option's type (years are ints)."""
    if options and isinstance(options[0], int):
        out = []
        for v in values:
            try:
                out.append(int(v))
            except (TypeError, ValueError):
                out.append(v)
        return out
    return values


def bind(key: str, options: list, default, aliases: dict | None = None, kind: str = "single", label: str = "") -> None:
    """Apply the URL's value for `key` to session state, once per distinct URL value; keep the state valid for `options`.
    kind: "single", "multi" (ids, comma-separated or repeated), "range" (two values, 2016-2017)."""
    raw = st.query_params.get_all(key)
    seen = f"_url_seen_{key}"
    if raw and st.session_state.get(seen) != raw:
        st.session_state[seen] = raw
        values = _split(raw, kind)
        found, unknown = resolve([str(v) for v in values], [str(o) for o in options],
                                 {k: str(v) for k, v in (aliases or {}).items()})
        found = _cast(found, options)
        if unknown:
            st.session_state.setdefault(IGNORED, []).append((label or key, ", ".join(unknown)))
        if kind == "single" and found:
            st.session_state[key] = found[0]
        elif kind == "multi" and (found or not unknown):
            st.session_state[key] = list(dict.fromkeys(found))
        elif kind == "range":
            if len(found) == 2 and not unknown:
                st.session_state[key] = tuple(sorted(found))
            elif not unknown:  # not two values: say so rather than guess a range
                st.session_state.setdefault(IGNORED, []).append((label or key, ", ".join(raw)))
    current = st.session_state.get(key)
    if kind == "single" and current not in options:
        st.session_state[key] = default
    elif kind == "multi" and (not isinstance(current, list) or any(v not in options for v in current)):
        st.session_state[key] = [v for v in (current if isinstance(current, list) else default) if v in options]
    elif kind == "range" and not (isinstance(current, tuple) and len(current) == 2 and all(v in options for v in current)):
        st.session_state[key] = default


def url_text(value, kind: str = "single") -> list[str]:
    """A filter value as the URL spells it: [] for none, else one string (2017, IND,BGD, 2016-2017)."""
    if kind == "range":
        return [f"{value[0]}-{value[1]}"] if value else []
    if kind == "multi":
        return [",".join(str(v) for v in value)] if value else []
    return [str(value)] if value is not None else []


def names_other_than(key: str, default, kind: str = "single") -> bool:
    """Whether the URL gives `key` a value other than `default` (a link made to show that filter's view)."""
    raw = st.query_params.get_all(key)
    return bool(raw) and raw != url_text(default, kind)


def publish(key: str, default, kind: str = "single") -> None:
    """Write the widget's current value to the URL as ids (the URL stays clean when the value is the default)."""
    value = st.session_state.get(key)
    text = url_text(value, kind)
    st.session_state.setdefault(CURRENT, {})[key] = text
    same = (list(value or []) == list(default or [])) if kind != "single" else value == default
    if same or not text:
        if key in st.query_params:
            del st.query_params[key]
        st.session_state[f"_url_seen_{key}"] = []
    else:
        if st.query_params.get_all(key) != text:
            st.query_params[key] = text[0]
        st.session_state[f"_url_seen_{key}"] = text


def keep_off_url(key: str) -> None:
    """A filter whose widget is not drawn this run (its tab is closed): out of the URL, its value kept in session
    state (Streamlit drops the state of a widget that is not drawn) for when the widget is drawn again."""
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
    if key in st.query_params:
        del st.query_params[key]
    st.session_state[f"_url_seen_{key}"] = []


def page_scoped(key: str) -> None:
    """Mark a value kept in session state outside a widget (an open tab, a year range drawn as two boxes) as the
    current page's: forget_page_scoped drops it on a page switch, as Streamlit drops the page's widgets."""
    st.session_state.setdefault(PAGE_SCOPED, set()).add(key)


def forget_page_scoped() -> None:
    """On a page switch: forget every value marked by page_scoped, so the next page starts from its defaults or URL."""
    for key in st.session_state.pop(PAGE_SCOPED, set()):
        forget(key)


def forget(key: str) -> None:
    """Drop a value kept in session state (not a widget's, which Streamlit drops itself when a page stops drawing
    it), so the next page that uses `key` starts from its default or the URL."""
    st.session_state.pop(key, None)
    st.session_state.pop(f"_url_seen_{key}", None)


def start_run() -> None:
    """Forget the previous run's filter values (a page switch drops the old page's filters)."""
    st.session_state[CURRENT] = {}


def current() -> dict[str, str]:
    """{parameter: value} of every filter bound this run, defaults included."""
    return {k: v[0] for k, v in st.session_state.get(CURRENT, {}).items() if v}


def take_ignored() -> list[tuple[str, str]]:
    """URL parts dropped during this run (label, values), cleared once read."""
    return st.session_state.pop(IGNORED, [])
