"""Value checks shared by every source module (and by the read side's output encoding, tipdash/safe.py).

Standard library only. Each check returns a reason (str) when the value is wrong, or None when it is fine, so the
caller reports it as `file:line [column]: reason` and moves on.

Rules, and why:

* Text is non-empty only if it holds at least one visible character: a letter, digit, punctuation mark or symbol.
  Whitespace, combining marks on their own and format characters (Unicode category Cf: zero-width space/joiners,
  left-to-right and right-to-left marks, the byte-order mark, soft hyphen) do not count. Zero-width joiners and
  direction marks are allowed *inside* text (Urdu needs them); embedding, override and isolate controls
  (U+202A-U+202E, U+2066-U+2069) are not, since they reorder how the surrounding text is displayed. Control
  characters other than tab and newline are rejected.
* URLs (strict allow-list, so a link can never break out of markdown or HTML): `http` or `https`; a host name made of
  letters, digits and hyphens with at least one dot and an alphabetic top-level label (no bare IP addresses, no
  `localhost`, no user name or password); an optional numeric port; and only these ASCII characters anywhere:
  letters, digits and ``- . _ ~ : / ? # @ & + , ; = %``. Everything else - whitespace, non-ASCII, and
  ``( ) [ ] < > " ' ` { } | \\ ^ ! $ *`` - must be percent-encoded (%28 for "(" and so on). A `%` must start a
  valid %XX escape. At most 2,000 characters.
* Numbers must be finite. Counts (measure_type `count`) are whole numbers no larger than COUNT_CEILING for the
  geography's level; shares and rates are 0-100; changes (percent change) are at most CHANGE_CEILING.
* Age bands `a-b` need a <= b (both 0-99); `a+` and `not stated` are accepted as they are.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

# ---- text ---------------------------------------------------------------------------------------------------
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that render as nothing (Hangul fillers, braille blank): count them as invisible too.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_VISIBLE_CATEGORIES = ("L", "N", "P", "S")


def visible(text: str) -> str:
    """`text` without format characters (category Cf) and without surrounding whitespace."""
    return "".join(ch for ch in str(text) if unicodedata.category(ch) != "Cf").strip()


_ASCII_VISIBLE = re.compile(r"[!-~]")
_FORBIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_visible(text: str) -> bool:
    text = str(text)
    if _ASCII_VISIBLE.search(text):  # fast path: any printable ASCII character other than space
        return True
    return any(unicodedata.category(ch)[0] in _VISIBLE_CATEGORIES and ch not in BLANK_LETTERS for ch in text)


def text_problem(text, what: str = "text", max_length: int = 5000) -> str | None:
    """Why `text` is not acceptable as a non-empty data text field, or None."""
    if not isinstance(text, str):
        return f"{what} must be text"
    if len(text) <= max_length and _ASCII_VISIBLE.search(text) and not _FORBIDDEN.search(text):
        return None  # the common case, in three C-level calls
    if not text.strip():
        return f"{what} is empty"
    if not has_visible(text):
        return f"{what} holds only invisible characters (spaces, zero-width or direction marks)"
    if len(text) > max_length:
        return f"{what} is {len(text):,} characters long (at most {max_length:,})"
    m = _FORBIDDEN.search(text)
    if m:
        ch = m.group()
        if ch in DIRECTION_CONTROLS:
            return f"{what} contains the direction control U+{ord(ch):04X}, which reorders the text around it; remove it"
        return f"{what} contains the control character U+{ord(ch):04X}; remove it"
    return None


# ---- URLs ---------------------------------------------------------------------------------------------------
URL_MAX_LENGTH = 2000
URL_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9\-._~:/?#@&+,;=%]")
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def url_problem(url, what: str = "link") -> str | None:
    """Why `url` is not an acceptable source link (see the module docstring for the allow-list), or None."""
    if not isinstance(url, str):
        return f"{what} must be text"
    if not url:
        return f"{what} is empty"
    return _url_problem(url, what)


@lru_cache(maxsize=65536)
def _url_problem(url: str, what: str) -> str | None:
    if len(url) > URL_MAX_LENGTH:
        return f"{what} is {len(url):,} characters long (at most {URL_MAX_LENGTH:,})"
    if URL_NOT_ALLOWED.search(url):
        bad = sorted(set(URL_NOT_ALLOWED.findall(url)))
        shown = " ".join("space" if c == " " else repr(c) if c.isprintable() else f"U+{ord(c):04X}" for c in bad[:6])
        return (f'{what} "{_short(url)}" contains characters that are not allowed in a link ({shown}); '
                "percent-encode them (e.g. %28 for '(') or copy the link from the browser's address bar")
    if _BAD_PERCENT.search(url):
        return f'{what} "{_short(url)}" has a "%" that does not start a %XX escape'
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f'{what} "{_short(url)}" is not a valid URL ({exc})'
    if parts.scheme not in ("http", "https") or not url.lower().startswith(("http://", "https://")):
        return f'{what} "{_short(url)}" is not an http(s) link'
    if parts.username is not None or parts.password is not None:
        return f'{what} "{_short(url)}" contains a user name or password ("...@host"), which can disguise the real host'
    host = parts.hostname or ""
    if not host:
        return f'{what} "{_short(url)}" has no host name'
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(lb) for lb in labels):
        return f'{what} "{_short(url)}" does not have a host name like example.org'
    if not (labels[-1].isalpha() or labels[-1].startswith("xn--")):
        return f'{what} "{_short(url)}" does not have a host name like example.org (IP addresses are not accepted)'
    if port is not None and not 0 < port < 65536:
        return f'{what} "{_short(url)}" has an invalid port'
    return None


def _short(text: str, n: int = 80) -> str:
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text[: n + 1])
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- numbers ------------------------------------------------------------------------------------------------
# Ceilings for counts (cases, persons, victims, officials...) by the level of the place they describe. No count of
# events or people in Pakistan or one of its units can exceed Pakistan's population (241.5 million in the 2023
# census), so 250 million is a ceiling with room to spare; a foreign country's count cannot exceed the largest
# national population (about 1.45 billion); a world count cannot exceed the world population (about 8.2 billion).
# A larger number is a typo, a unit mistake or garbage (a 401-digit number would otherwise become infinity).
PAKISTAN_LEVELS = ("country", "province", "zone", "city", "district")
COUNT_CEILING = {**{lvl: 250_000_000 for lvl in PAKISTAN_LEVELS}, "foreign country": 1_500_000_000, "world": 8_200_000_000}
CHANGE_CEILING = 10_000  # percent change: a hundredfold increase; more is a typo or a ratio entered as a percent


def value_problem(value: float, measure_type: str, geo_level: str | None = None) -> str | None:
    """Why `value` is implausible for an indicator of `measure_type` ("count", "share", "rate", "change") at a
    place of `geo_level`, or None. Negative values are the parser's business (it rejects them)."""
    if value is None or not math.isfinite(value):
        return f"value {value} is not a finite number"
    if measure_type == "count":
        if value != int(value):
            return f"value {value:g} is not a whole number, but this indicator counts cases/persons"
        ceiling = COUNT_CEILING.get(geo_level or "", COUNT_CEILING["world"])
        if value > ceiling:
            return f"value {value:,.0f} is larger than any plausible count for a {geo_level or 'place'} (at most {ceiling:,})"
    elif measure_type in ("share", "rate"):
        if not 0 <= value <= 100:
            return f"value {value:g} is outside 0-100, but this indicator is a percentage"
    elif measure_type == "change":
        if abs(value) > CHANGE_CEILING:
            return f"value {value:g} is a change of more than {CHANGE_CEILING:,} percent; check the figure"
    return None


# ---- age bands ----------------------------------------------------------------------------------------------
AGE_BAND = re.compile(r"^(?:(\d{1,2})-(\d{1,2})|(\d{1,2})\+|all ages|not stated)$")


@lru_cache(maxsize=4096)
def age_band_problem(text: str) -> str | None:
    m = AGE_BAND.match(text)
    if not m:
        return f'age group "{_short(text)}" is not like "0-17", "6-11", "18+", "all ages" or "not stated"'
    if m.group(1) is not None and int(m.group(1)) > int(m.group(2)):
        return f'age group "{text}" is reversed: the lower age comes first (e.g. "6-17")'
    return None
