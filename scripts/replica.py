"""One Streamlit replica as scripts/serve.py starts it: `streamlit run` plus a thread that gives freed memory
back to the system once the replica is idle.

    python scripts/replica.py run dashboard.py --server.port 8601 ...   (same arguments as `streamlit`)

Why: after a room of sessions leaves and Streamlit drops them (server.disconnectedSessionTTL, see
.streamlit/config.toml), their objects are freed inside the process but glibc keeps the pages, so the replica's
RSS stays at its peak (measured: 850 MB after 25 sessions, against 290 MB idle). When the process has used less
than IDLE_CPU of a core for a check interval, the thread runs gc.collect() (sessions are cyclic garbage) and
malloc_trim(0); it stops after a few trims that gain nothing, until the replica is busy again.
"""
from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import time

CHECK_SECONDS = float(os.environ.get("TRIM_CHECK_SECONDS", "5"))
IDLE_CPU = 0.10  # share of one core below which the replica counts as idle
MIN_GAP = 15.0  # seconds between trims
USELESS = 3  # trims in a row that free < 1% before waiting for activity again
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds() -> float:
    fields = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss() -> int:
    return int(open("/proc/self/statm").read().split()[1]) * _PAGE


def trim_when_idle(stop: threading.Event) -> None:
    try:
        malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return  # not glibc: nothing to do
    last_cpu, last_trim, useless = cpu_seconds(), 0.0, USELESS
    while not stop.wait(CHECK_SECONDS):
        now_cpu = cpu_seconds()
        busy = (now_cpu - last_cpu) / CHECK_SECONDS > IDLE_CPU
        last_cpu = now_cpu
        if busy:
            useless = 0  # there will be garbage again
            continue
        if useless >= USELESS or time.monotonic() - last_trim < MIN_GAP:
            continue
        before = rss()
        gc.collect()
        malloc_trim(0)
        last_trim = time.monotonic()
        last_cpu = cpu_seconds()  # the trim's own CPU is not activity
        useless = useless + 1 if rss() > before * 0.99 else 0


def main() -> None:
    threading.Thread(target=trim_when_idle, args=(threading.Event(),), name="memory-trim", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
