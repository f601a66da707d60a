"""The server answers requests on a kept-alive connection at once, as browsers use it.

Streamlit binds its listening socket itself (protocol number 0), and asyncio sets TCP_NODELAY only on sockets whose
protocol is IPPROTO_TCP: with the standard event loop every response after the first on a connection waited for the
browser's delayed ACK, ~40 ms, for each of the ~100 files of a first visit and for each GeoJSON a map fetches.
requirements.txt installs uvloop (and httptools), which uvicorn picks up on its own and which sets TCP_NODELAY on
every connection. Measured with this test's method: 42.6 ms per request without, 1.0 ms with.
"""
from __future__ import annotations

import http.client
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import streamlit

from .conftest import ROOT, streamlit_server

STATIC_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_kept_alive_requests_are_answered_without_a_delayed_ack_stall():
    # started as `make start` and every replica starts it: `streamlit run app.py` from the project (its configuration)
    with streamlit_server(ROOT / "app.py") as url:
        smallest = min(STATIC_JS.glob("*.js"), key=lambda f: f.stat().st_size)  # a chunk the browser loads lazily
        conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=10)
        times = []
        for _ in range(21):
            t0 = time.perf_counter()
            conn.request("GET", f"/static/js/{smallest.name}")
            response = conn.getresponse()
            body = response.read()
            times.append(time.perf_counter() - t0)
            assert response.status == 200 and body == smallest.read_bytes()
            assert response.getheader("connection", "keep-alive").lower() != "close"  # the same connection each time
        conn.close()
    # Without TCP_NODELAY every request takes >= 40 ms (the delayed-ACK timer); with it, a few milliseconds even
    # on a busy machine. The median of 20 kept-alive requests (the first opens the connection) tells them apart.
    assert statistics.median(times[1:]) < 0.015, [round(t * 1000, 1) for t in times]
