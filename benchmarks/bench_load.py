"""Load benchmark: a briefing room of 1, 5, 25 and 50 concurrent sessions against `scripts/serve.py` (what
`make serve` runs) with 1 and 2 replicas, at protocol level.

Each session behaves like a browser that opens a shared link and clicks around: it GETs the page through nginx
(receiving the sticky-replica cookie), opens Streamlit's websocket (/_stcore/stream, subprotocol "streamlit")
with that cookie, and sends `rerun_script` BackMsgs (Streamlit's protobufs: ClientState with page_name and
query_string, plus the hashes of messages it has cached, as the front end does). A run's latency is the time from
sending the rerun to the `script_finished` ForwardMsg (FINISHED_SUCCESSFULLY; FINISHED_EARLY_FOR_RERUN from an
st.rerun inside the run is waited through). Every run goes to a different page than the one before with a new
URL (filters in the query string, `lang=ur` on some): Streamlit applies URL parameters to bound widgets when the
page changes, so every run really renders its page with its filters. No think time between runs.

A run is an error if it times out, the connection fails, the run ends with a compile error or "page not found",
or it draws an exception element.

Printed: runs, errors, p50/p95/max latency, runs/s, server CPU seconds per run, and server RSS (replicas, their
children and nginx, from /proc): at start (serve.py has warmed each replica), idle (60 s after one warm-up
session per replica left), peak during the step, and 60 s after the step's sessions left. Then a per-page
breakdown of one run's server-side script time (AppTest + cProfile in this process, server stopped), grouped by
the functions the page calls.

Usage: python benchmarks/bench_load.py [--replicas 1 2] [--sessions 1 5 25 50] [--runs 10] [--after 60]
Not a test: numbers depend on the machine (on a shared one, say so when quoting them).
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
TIMEOUT = 180.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")

# The URL-bound filters with stable ids (page url_path -> query variants); "" is the overview at /.
IND = "indicator=fia_human_trafficking_cases_registered"
PAGES: dict[str, list[str]] = {
    "provinces": [f"{IND}&year={y}&measure={m}&province={p}" for y in (2016, 2017)
                  for m in ("value", "per_100k_population") for p in ("PK-PB", "PK-SD")],
    # the page opens on Pakistan's tiers; the other tabs only by their link (?tab=), as a reader's click would
    "tip_tiers": ["", *(f"tab=world&tier_year={y}" for y in (2013, 2021, 2025)), "tab=south_asia", "tab=compare"],
    "child_victims": ["kind=media_monitoring", "kind=ngo_rti_police_data"],
    "": [""],
    "data_sources": [""],
    "brief": ["province=PK-PB"],
}


def plan(seed: int, runs: int) -> list[tuple[str, str]]:
    """`runs` (page, query) pairs, never the same page twice in a row, Urdu on about a third."""
    rnd = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < runs:
        page = rnd.choice([p for p in PAGES if not out or p != out[-1][0]])
        query = rnd.choice(PAGES[page])
        if rnd.random() < 0.33:
            query = f"{query}&lang=ur" if query else "lang=ur"
        out.append((page, query))
    return out


# -- protocol client ---------------------------------------------------------------------------------------------
async def http_get(host: str, port: int, path: str, cookie: str = "") -> tuple[int, dict[str, list[str]]]:
    """A minimal HTTP/1.1 GET (status, headers); the body is read and dropped, as a browser would parse it."""
    reader, writer = await asyncio.open_connection(host, port)
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n{extra}\r\n".encode())
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    await reader.read()
    writer.close()
    headers: dict[str, list[str]] = {}
    for line in head[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers.setdefault(k.strip().lower(), []).append(v.strip())
    return int(head[0].split()[1]), headers


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    replicas: dict[str, int] = field(default_factory=dict)


class Session:
    """One browser tab: GET the page (sticky cookie), open the websocket, run the script per (page, query)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookie = ""
        self.replica = "?"
        self.cached: set[str] = set()  # hashes of cacheable messages, sent back like the front end's cache
        self.ws = None

    async def open(self, page: str, query: str) -> None:
        status, headers = await http_get(self.host, self.port, f"/{page}" + (f"?{query}" if query else ""))
        if status != 200:
            raise RuntimeError(f"GET /{page}: HTTP {status}")
        self.cookie = "; ".join(c.split(";", 1)[0] for c in headers.get("set-cookie", []))
        self.replica = (headers.get("x-replica") or ["?"])[0]
        self.ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit"], compression=None,
            max_size=None, open_timeout=60, ping_interval=None,
            additional_headers={"Cookie": self.cookie, "Origin": f"http://{self.host}:{self.port}"})

    async def run(self, page: str, query: str) -> float:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string, cs.page_name = query, page
        cs.cached_message_hashes.extend(sorted(self.cached))
        cs.context_info.timezone, cs.context_info.locale = "Asia/Karachi", "en-US"
        cs.context_info.url = f"http://{self.host}:{self.port}/{page}" + (f"?{query}" if query else "")
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        problem = ""
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable:
                self.cached.add(fwd.hash)
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                problem = problem or f"exception on /{page}: {fwd.delta.new_element.exception.message[:120]}"
            elif kind == "page_not_found":
                problem = problem or f"page not found: {page}"
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the run called st.rerun(); its follow-up run is part of this one
                elapsed = time.perf_counter() - t0
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    problem = problem or f"compile error on /{page}"
                if problem:
                    raise RuntimeError(problem)
                return elapsed

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def one_session(host: str, port: int, seed: int, runs: int, res: Result, delay: float) -> None:
    await asyncio.sleep(delay)
    steps = plan(seed, runs)
    s = Session(host, port)
    done = 0
    try:
        await s.open(*steps[0])
        res.replicas[s.replica] = res.replicas.get(s.replica, 0) + 1
        for page, query in steps:
            try:
                res.latencies.append(await s.run(page, query))
            except (RuntimeError, asyncio.TimeoutError) as exc:
                res.errors.append(str(exc) or type(exc).__name__)
                if isinstance(exc, asyncio.TimeoutError):
                    raise
            done += 1
    except Exception as exc:  # noqa: BLE001 - a broken session is an error for each run it did not make
        res.errors.extend([f"{type(exc).__name__}: {exc}"] * (runs - done))
    finally:
        await s.close()


# -- the server under test ---------------------------------------------------------------------------------------
def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, rss bytes, cpu ticks)."""
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
                out[int(d)] = (int(stat[1]), int(stat[21]) * PAGE_SIZE, int(stat[11]) + int(stat[12]))
            except (OSError, IndexError, ValueError):
                pass
    return out


class Server:
    """scripts/serve.py with `replicas` replicas on a free port; measures its processes (not the supervisor)."""

    def __init__(self, replicas: int, env: dict | None = None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.run_dir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
        self.proc = subprocess.Popen([PY, str(ROOT / "scripts" / "serve.py"), "--port", str(self.port), "--replicas",
                                      str(replicas), "--address", "127.0.0.1", "--run-dir", str(self.run_dir)],
                                     cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, **(env or {})})
        deadline = time.time() + 180
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("serve.py did not start:\n" + (self.proc.stdout.read() if self.proc.stdout else ""))
            time.sleep(0.3)

    def usage(self) -> tuple[int, int]:
        """(RSS bytes, CPU ticks) summed over the supervisor's descendants."""
        table = _proc_table()
        kids: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in table.items():
            kids.setdefault(ppid, []).append(pid)
        todo, rss, cpu = list(kids.get(self.proc.pid, [])), 0, 0
        while todo:
            pid = todo.pop()
            rss += table[pid][1]
            cpu += table[pid][2]
            todo.extend(kids.get(pid, []))
        return rss, cpu

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)


async def sample_peak(server: Server, stop: asyncio.Event) -> int:
    peak = 0
    while not stop.is_set():
        peak = max(peak, server.usage()[0])
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
    return peak


async def step(server: Server, sessions: int, runs: int) -> tuple[Result, float, int, int]:
    """`sessions` sessions at once (spread over the first second); returns results, wall time, peak RSS, CPU ticks."""
    res = Result()
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_peak(server, stop))
    cpu0 = server.usage()[1]
    t0 = time.perf_counter()
    await asyncio.gather(*(one_session("127.0.0.1", server.port, 1000 * sessions + i, runs, res, random.random())
                           for i in range(sessions)))
    wall = time.perf_counter() - t0
    cpu = server.usage()[1] - cpu0
    stop.set()
    return res, wall, await sampler, cpu


def mb(n: int) -> str:
    return f"{n / 2**20:.0f}"


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[q - 1] if len(xs) > 1 else (xs[0] if xs else float("nan"))


async def bench(replicas: int, session_counts: list[int], runs: int, after: float, say) -> list[dict]:
    server = Server(replicas)
    rows = []
    try:
        await asyncio.sleep(3)
        start = server.usage()[0]
        # Warm-up: one session per replica (new visitors are spread), every page once: data load, first builds.
        warm = (await step(server, replicas, len(PAGES)))[0]
        await asyncio.sleep(after)
        idle = server.usage()[0]
        say(f"  {replicas} replica(s): RSS at start {mb(start)} MB, idle after warm-up {mb(idle)} MB "
            f"(warm-up sessions per replica {dict(sorted(warm.replicas.items()))})")
        for n in session_counts:
            res, wall, peak, cpu = await step(server, n, runs)
            await asyncio.sleep(after)
            later = server.usage()[0]
            lat = res.latencies
            row = dict(replicas=replicas, sessions=n, runs=len(lat) + len(res.errors), errors=len(res.errors),
                       p50=statistics.median(lat) if lat else float("nan"), p95=pct(lat, 95),
                       max=max(lat) if lat else float("nan"), rps=len(lat) / wall, cpu=cpu / TICKS / max(1, len(lat)),
                       start=start, idle=idle, peak=peak, after=later, spread=res.replicas)
            rows.append(row)
            say(f"  {n:>3} sessions: {row['runs']} runs, {row['errors']} errors, p50 {row['p50']:.2f} s, "
                f"p95 {row['p95']:.2f} s, max {row['max']:.2f} s, {row['rps']:.2f} runs/s, peak {mb(peak)} MB, "
                f"+{after:.0f}s {mb(later)} MB, sessions per replica {dict(sorted(res.replicas.items()))}")
            for e in sorted(set(res.errors))[:5]:
                say(f"      error: {e}")
    finally:
        server.stop()
    return rows


# -- per-run server cost breakdown ---------------------------------------------------------------------------------
def breakdown(repeats: int = 3) -> None:
    """Server-side script time of one run per page (AppTest, warm caches), and where it goes: cumulative time of
    the app's own functions and of the Streamlit element calls the page makes (they include serialisation)."""
    import logging
    import threading

    from streamlit.testing.v1 import AppTest

    # AppTest's setup outside a server warns about a missing ScriptRunContext on every page: not news here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())
    profiles: list[cProfile.Profile] = []
    thread_run = threading.Thread.run

    def profiled_run(self):  # AppTest runs the script in a new thread per run: profile that thread
        prof = cProfile.Profile()
        prof.enable()
        try:
            thread_run(self)
        finally:
            prof.disable()
            profiles.append(prof)

    os.chdir(ROOT)
    print(f"\nPer-run server cost (AppTest in one process, warm, median of {repeats} runs; then ms of cumulative time "
          "per run under cProfile, which inflates them, of the app's functions and Streamlit element calls; nested "
          "calls overlap):")
    for page, queries in PAGES.items():
        query = queries[0]

        def once():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            for part in filter(None, query.split("&")):
                k, v = part.split("=", 1)
                at.query_params[k] = v
            if page:
                at.switch_page(f"pages/{page}.py")
            return at

        once().run()  # warm caches
        times = []
        for _ in range(repeats):
            at = once()
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        profiles.clear()
        threading.Thread.run = profiled_run  # then the same runs again under the profiler (slower) for the split
        try:
            for _ in range(repeats):
                once().run()
        finally:
            threading.Thread.run = thread_run
        stats = pstats.Stats(*profiles)
        rows = []
        for (file, line, name), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
            own = file.startswith(str(ROOT)) and "/.venv/" not in file and "benchmarks/" not in file
            element = "/streamlit/elements/" in file and not name.startswith("_")
            if (own and name not in ("<module>", "<lambda>")) or element:
                short = file.replace(str(ROOT) + "/", "").split("site-packages/")[-1].removesuffix(".py")
                rows.append((cum / repeats, f"{short}.{name}"))
        rows.sort(reverse=True)
        print(f"  /{page:<14} {statistics.median(times) * 1000:5.0f} ms: " + ", ".join(f"{n} {t * 1000:.0f}" for t, n in rows[:8]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, nargs="*", default=[1, 2], help="none: only the per-run breakdown")
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 25, 50])
    ap.add_argument("--runs", type=int, default=10, help="runs per session")
    ap.add_argument("--after", type=float, default=60, help="seconds to wait after sessions leave before measuring")
    ap.add_argument("--no-breakdown", action="store_true")
    a = ap.parse_args()
    print(f"Load benchmark: {os.cpu_count()} cores, {a.runs} runs per session, pages {[p or '/' for p in PAGES]}")
    rows = []
    for r in a.replicas:
        rows += asyncio.run(bench(r, a.sessions, a.runs, a.after, print))
    print("\n| replicas | sessions | runs | errors | p50 s | p95 s | max s | runs/s | server CPU s/run | "
          f"RSS start MB | RSS idle MB | RSS peak MB | RSS +{a.after:.0f} s MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['replicas']} | {r['sessions']} | {r['runs']} | {r['errors']} | {r['p50']:.2f} | {r['p95']:.2f} | "
              f"{r['max']:.2f} | {r['rps']:.2f} | {r['cpu']:.2f} | {mb(r['start'])} | {mb(r['idle'])} | "
              f"{mb(r['peak'])} | {mb(r['after'])} |")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"(client CPU: {usage.ru_utime + usage.ru_stime:.0f} s on the same machine)")
    if not a.no_breakdown:
        breakdown()


if __name__ == "__main__":
    main()
