"""Values: finite, plausible per indicator and unit, whole counts, ordered age bands, visible text, strict URLs.
Unit tests of etl/validate.py, then the same cases through the whole ETL (issue 9's "accepted nonsense")."""
import json

import pytest

from etl import validate
from tests.etl_helpers import GOOD, HEADER, add_file, run, run_failing, table

SHARE = GOOD.replace("child_trafficking_cases_police,12", "child_trafficking_conviction_rate,40")


# ---- etl/validate.py ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://www.dawn.com/news/1", "http://pakobserver.net/a-b_c~d/?q=1&r=2#x",
                                 "https://en.wikipedia.org/wiki/Human_trafficking_in_Pakistan", "https://xn--mgbai9a.com/",
                                 "https://dataunodc.un.org/dp-trafficking-persons", "https://example.org:8443/%D8%A7",
                                 "http://www.refworld.org/country,,,ANNUALREPORT,PAK,,4680d81f23,0.html"])
def test_good_urls(url):
    assert validate.url_problem(url) is None


@pytest.mark.parametrize("url,why", [
    ("http://", "has no host name"), ("https://", "has no host name"), ("http:///path", "has no host name"),
    ("https://example.org/a)![t](https://other.host/p.png)", "not allowed in a link"),
    ("javascript:alert(1)", "not allowed"), ("javascript://example.org/%0Aalert", "not an http(s) link"),
    ("ftp://example.org/", "not an http(s) link"), ("example.org/page", "not an http(s) link"),
    ("https://exa mple.org", "space"), ("https://example.org/\u200b", "U+200B"), ("https://пример.рф/", "not allowed"),
    ("https://example.org/<x>", "not allowed"), ('https://example.org/"', "not allowed"), ("https://example.org/`", "not allowed"),
    ("https://user:pw@example.org/", "user name or password"), ("https://localhost/", "host name like example.org"),
    ("http://192.168.0.1/", "IP addresses"), ("https://example/", "host name like example.org"),
    ("https://-bad-.org/", "host name like"), ("https://example.org/%G1", '"%"'), ("https://example.org:0/", "invalid port"),
    ("https://example.org:99999/", "not a valid URL"), ("h" * 2001, "at most 2,000"), ("", "empty"),
])
def test_bad_urls(url, why):
    assert why in (validate.url_problem(url) or ""), validate.url_problem(url)


@pytest.mark.parametrize("text,why", [
    ("", "is empty"), ("   ", "is empty"), ("\u200b", "only invisible"), ("\u200e\u200f\u200b \ufeff", "only invisible"),
    ("\u2066\u2069", "only invisible"), ("\u0301\u0302", "only invisible"), ("\u3164\u3164", "only invisible"),
    ("abc\u202edef", "direction control U+202E"), ("a\x00b", "control character U+0000"), ("a\x1bb", "control character U+001B"),
    ("x" * 5001, "at most 5,000"),
])
def test_bad_text(text, why):
    assert why in (validate.text_problem(text) or ""), validate.text_problem(text)


@pytest.mark.parametrize("text", ["a", "Sahil", "پنجاب", "ا\u200cب", "line\nbreak", "tab\there", "\u200bleading zero-width ok", "12"])
def test_good_text(text):
    assert validate.text_problem(text) is None


@pytest.mark.parametrize("value,kind,level,why", [
    (float("inf"), "count", "country", "not a finite number"), (float("nan"), "share", "country", "not a finite number"),
    (2.5, "count", "province", "not a whole number"), (300_000_000, "count", "province", "larger than any plausible count"),
    (2_000_000_000, "count", "foreign country", "at most 1,500,000,000"), (9e9, "count", "world", "at most 8,200,000,000"),
    (100.5, "share", "province", "outside 0-100"), (20_000, "change", "country", "more than 10,000 percent"),
])
def test_implausible_values(value, kind, level, why):
    assert why in (validate.value_problem(value, kind, level) or "")


@pytest.mark.parametrize("value,kind,level", [(0, "count", "province"), (249_999_999, "count", "country"),
                                              (1_400_000_000, "count", "foreign country"), (99.5, "share", "province"),
                                              (38, "change", "country"), (0.5, "rate", "province")])
def test_plausible_values(value, kind, level):
    assert validate.value_problem(value, kind, level) is None


@pytest.mark.parametrize("band,ok", [("0-17", True), ("6-11", True), ("16-18", True), ("5-5", True), ("18+", True),
                                     ("not stated", True), ("17-6", False), ("18-0", False), ("0-170", False), ("a-b", False)])
def test_age_bands(band, ok):
    assert (validate.age_band_problem(band) is None) == ok


# ---- through the ETL ------------------------------------------------------------------------------------------
CASES = {
    "401_digit_count": (GOOD.replace(",12,", "," + "9" * 401 + ","), "new.csv:2 [value]: value inf is not a finite number"),
    "310_digit_count": (GOOD.replace(",12,", ",1" + "0" * 309 + ","), "new.csv:2 [value]: value inf is not a finite number"),
    "huge_count": (GOOD.replace(",12,", ",300000000,"), "larger than any plausible count for a province"),
    "fractional_count": (GOOD.replace(",12,", ",12.5,"), "new.csv:2 [value]: value 12.5 is not a whole number"),
    "reversed_age_band": (GOOD.replace(",0-17,", ",17-6,"), 'new.csv:2 [age_group]: age group "17-6" is reversed'),
    "zero_width_source": (GOOD.replace('"SSDO test"', "\u200b\u200e"), "new.csv:2 [source]: source holds only invisible characters"),
    "zero_width_quote": (GOOD.replace('"12 cases"', "\u200f\u2066\u2069"), "new.csv:2 [quote]: quote holds only invisible characters"),
    "bidi_override_in_title": (GOOD.replace("SSDO test", "SSDO \u202etset"), "[source]: source contains the direction control U+202E"),
    "invisible_unit": (GOOD.replace(",cases,", ",\u200b,"), "new.csv:2 [unit]: unit holds only invisible characters"),
    "url_scheme_only": (GOOD.replace("https://example.org/a", "http://"), 'new.csv:2 [source_url]: source_url "http://" has no host name'),
    "url_markdown_image": (GOOD.replace("https://example.org/a", '"https://example.org/a)![t](https://other.host/p.png)"'),
                           "[source_url]: source_url \"https://example.org/a)![t](https://other.host/p.png)\" contains characters"),
    "url_javascript": (GOOD.replace("https://example.org/a", '"javascript:alert(1)"'), "[source_url]"),
    "url_with_space": (GOOD.replace("https://example.org/a", '"https://example.org/a b"'), "(space)"),
    "share_over_100": (SHARE.replace(",40,", ",100.5,"), "is over 100 but child_trafficking_conviction_rate is a percentage"),
    "control_char_in_quote": (GOOD.replace('"12 cases"', '"12\x07 cases"'), "[quote]: quote contains the control character U+0007"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_nonsense_is_rejected(project_copy, kind):
    row, expected = CASES[kind]
    add_file(project_copy, "new.csv", HEADER + row)
    err = run_failing(project_copy)
    assert expected in err, err


def test_plausible_rows_are_kept_verbatim(project_copy):
    """Text that merely looks like markup is data: kept as it is (the read side encodes it), never altered."""
    rows = [GOOD.replace("SSDO test", "SSDO <b>report</b> & =SUM(A1)").replace("2025", "2024"),
            GOOD.replace(",12,", ",249999999,").replace("2025", "2023"),
            SHARE.replace(",40,", ",99.5,"),
            GOOD.replace(",0-17,", ",6-17,").replace("2025", "2022")]
    f = add_file(project_copy, "new.csv", HEADER + "".join(rows))
    side = f.with_name(f.name + ".provenance.json")
    meta = json.loads(side.read_text())
    meta["documents"].append({**meta["documents"][0], "title": "SSDO <b>report</b> & =SUM(A1)"})
    side.write_text(json.dumps(meta))
    rc, _, err = run(project_copy)
    assert rc == 0, err
    new = table(project_copy, "indicator_values").query("raw_file == 'data/raw/additions/new.csv'").sort_values("raw_line")
    assert new.source_title.iloc[0] == "SSDO <b>report</b> & =SUM(A1)"
    assert list(new.value) == [12.0, 249999999.0, 99.5, 12.0]
    assert new.age_group.iloc[3] == "6-17"
