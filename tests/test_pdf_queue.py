"""The PDF print queue with a real Chromium: the machine-wide bound on browsers holds (counted from /proc while it
runs), identical requests print once, the line works across processes, and idle browsers are given back."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tipdash.catalogue import Catalogue
from tipdash.pdf import brief_job
from tipdash.pdf_queue import PdfQueue, Slots

ROOT = Path(__file__).resolve().parents[1]
FIVE = [("PK", "en"), ("PK-PB", "en"), ("PK-SD", "ur"), ("PK-KP", "en"), ("PK-BA", "ur")]


def _procs() -> dict[int, tuple[int, list[str]]]:
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            argv = Path(f"/proc/{d}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        out[int(d)] = (int(stat.rsplit(")", 1)[1].split()[1]), [a.decode(errors="replace") for a in argv if a])
    return out


def chromium_browsers(roots: set[int]) -> int:
    """Chromium *browser* processes started under `roots`: not its renderer, GPU or utility helpers (which rewrite
    their argv to one string with --type=), nor a helper just forked from a browser that has not done so yet."""
    procs = _procs()

    def is_chromium(pid: int) -> bool:
        argv = procs.get(pid, (0, []))[1]
        return bool(argv) and Path(argv[0].split(" ", 1)[0]).name in ("chromium", "chrome")

    count = 0
    for pid, (ppid, argv) in procs.items():
        if not is_chromium(pid) or is_chromium(ppid) or "--type=" in " ".join(argv):
            continue
        p = pid
        while p > 1 and p not in roots:
            p = procs.get(p, (1, []))[0]
        count += p in roots
    return count


class Sampler:
    """Counts Chromium browsers under `roots` every 20 ms while it runs; `peak` is the most seen at once."""

    def __init__(self, roots):
        self.roots, self.peak, self.samples = roots, 0, 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, chromium_browsers(set(self.roots)))
            self.samples += 1
            time.sleep(0.02)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


@pytest.fixture(scope="module")
def cat(processed_dir):
    return Catalogue.load(processed_dir)


def test_five_different_pdfs_never_run_more_than_the_configured_browsers(cat, tmp_path):
    q = PdfQueue(workers=2, root=tmp_path, idle=60)
    try:
        with Sampler({os.getpid()}) as s:
            jobs = [brief_job(cat, geo, lang, q) for geo, lang in FIVE]
            states = [j.progress() for j in jobs]
            pdfs = [j.result(timeout=180) for j in jobs]
        assert s.samples > 20 and s.peak == 2, (s.samples, s.peak)  # two browsers at once, never three
        assert q.printed == 5 and q.launched == 2  # each worker reused its browser
        assert all(p.startswith(b"%PDF-") for p in pdfs) and len({len(p) for p in pdfs}) == 5
        assert states[-1][0] == "waiting" and states[-1][1] >= 1, states  # the page can say "N ahead"
    finally:
        q.close()
    assert chromium_browsers({os.getpid()}) == 0


def test_identical_concurrent_requests_print_once(cat, tmp_path):
    q = PdfQueue(workers=2, root=tmp_path, idle=0)
    try:
        jobs: list = []
        threads = [threading.Thread(target=lambda: jobs.append(brief_job(cat, "PK-SD", "en", q))) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({id(j) for j in jobs}) == 1  # one shared job
        assert jobs[0].result(timeout=120).startswith(b"%PDF-") and q.printed == 1
        other = PdfQueue(workers=2, root=tmp_path)  # another replica with the same runtime folder
        again = brief_job(cat, "PK-SD", "en", other)
        assert again.done() and again.source == "cache" and again.result() == jobs[0].result()
        assert not brief_job(cat, "PK-SD", "ur", q).result(timeout=120) == again.result()  # the key includes lang
    finally:
        q.close()


def test_idle_browser_is_closed_and_its_slot_given_back(cat, tmp_path):
    q = PdfQueue(workers=1, root=tmp_path, idle=3)
    try:
        brief_job(cat, "PK-IS", "en", q).result(timeout=120)
        assert chromium_browsers({os.getpid()}) == 1  # kept warm for the next brief
        assert Slots(tmp_path, 1).try_acquire() is None
        deadline, slot = time.time() + 20, None
        while slot is None and time.time() < deadline:
            time.sleep(0.2)
            slot = Slots(tmp_path, 1).try_acquire()
        assert slot is not None and chromium_browsers({os.getpid()}) == 0
        os.close(slot[1])
    finally:
        q.close()


def test_ticket_left_by_a_dead_process_does_not_block_the_line(tmp_path):
    slots = Slots(tmp_path, 1)
    (slots.tickets / "00000000000000000001-999999-1").write_text("")  # nobody holds its lock
    assert slots.live_tickets() == [] and not list(slots.tickets.iterdir())
    got = slots.acquire()
    assert got is not None and got[0] == 0
    os.close(got[1])


CHILD = r"""
import json, os, sys, time
from pathlib import Path
from tipdash.catalogue import Catalogue
from tipdash.pdf import brief_job
from tipdash.pdf_queue import default_queue
cat = Catalogue.load(Path(sys.argv[1]))
q = default_queue()
print("ready", flush=True)
while not Path(sys.argv[2]).exists():
    time.sleep(0.01)
units = sys.argv[3].split(",")
jobs = {u: brief_job(cat, u, "en") for u in units}
out = {u: [j.result(timeout=300)[:5].decode(), j.source] for u, j in jobs.items()}
print(json.dumps({"results": out, "printed": q.printed}), flush=True)
q.close()
"""


def test_the_bound_and_the_dedupe_hold_across_two_processes(processed_dir, tmp_path):
    """Two replicas with BRIEF_PDF_WORKERS=1 share one slot: never two browsers; a brief both want prints once."""
    go = tmp_path / "go"
    env = {**os.environ, "BRIEF_PDF_WORKERS": "1", "BRIEF_PDF_DIR": str(tmp_path / "run"), "PYTHONPATH": str(ROOT)}
    units = ["PK-PB,PK-SD,PK", "PK-KP,PK-BA,PK"]  # "PK" is wanted by both
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(processed_dir), str(go), u], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for u in units]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready"
        with Sampler({p.pid for p in procs}) as s:
            go.touch()
            outs = [json.loads(p.stdout.readline()) for p in procs]
        assert s.peak == 1, s.peak
        assert all(v[0] == "%PDF-" for o in outs for v in o["results"].values())
        assert sum(o["printed"] for o in outs) == 5  # 6 requests, 5 different briefs
        assert sorted(o["results"]["PK"][1] for o in outs) == ["cache", "printed"]
        for p in procs:
            assert p.wait(30) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert chromium_browsers({p.pid for p in procs}) == 0
