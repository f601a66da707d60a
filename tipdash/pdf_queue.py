"""A bounded, machine-wide print queue for PDF briefs.

Chromium is the costly part of a brief (a browser is ~0.8 s to start and ~250 MB, a page ~1 s to print), and a
briefing room asks for many at once. This queue bounds and shares that work:

- **Slots.** At most `workers` Chromium browsers run on the machine, across every app replica and the bulk CLI:
  a worker must hold one of `workers` slot files (`fcntl.flock`, released by the kernel if its process dies) for as
  long as its browser is open. Default: `os.cpu_count()`; set `BRIEF_PDF_WORKERS`.
- **First come, first served.** A worker waiting for a slot holds a locked ticket file; only the oldest live ticket
  may take a free slot, and the number of older tickets is the "N requests ahead" the page shows.
- **One browser per worker thread**, kept open between briefs and closed after `BRIEF_PDF_IDLE` seconds (default
  30) without work, or as soon as another request is waiting for a slot, so memory is given back and nobody
  starves. Playwright's sync API is not thread-safe: each browser is started, used and closed by one thread.
- **Identical requests print once.** A request is keyed by data version, unit, language and the brief code's
  fingerprint. In one process, identical requests share one `Job`; across processes, a per-key lock and an on-disk
  cache of finished PDFs (atomic rename) let a second replica reuse the first one's file.

Runtime files live in `BRIEF_PDF_DIR` (default `<tmp>/tipdash-pdf-<uid>`): `slots/`, `tickets/`, `locks/`,
`cache/`. Everything there can be deleted while nothing runs.
"""
from __future__ import annotations

import atexit
import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

POLL = 0.1  # seconds between looks at the slots and tickets while waiting
CACHE_MAX = int(os.environ.get("BRIEF_PDF_CACHE_MAX", "200"))  # finished PDFs kept on disk (newest first)
_CODE = Path(__file__).resolve().parent


def default_workers() -> int:
    return max(1, int(os.environ.get("BRIEF_PDF_WORKERS") or os.cpu_count() or 1))


def default_dir() -> Path:
    return Path(os.environ.get("BRIEF_PDF_DIR") or Path(tempfile.gettempdir()) / f"tipdash-pdf-{os.getuid()}")


def _fingerprint() -> str:
    """Hash of the code and messages that shape a brief, so a changed template never serves an old cached PDF."""
    h = hashlib.sha256()
    for name in ("brief.py", "svg.py", "i18n.py", "charts.py", "pdf.py", "locales/messages.csv"):
        path = _CODE / name
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()[:10]


RENDER = _fingerprint()


@dataclass(frozen=True)
class Key:
    version: str
    geo: str
    lang: str

    @property
    def name(self) -> str:
        return f"brief-{self.geo}-{self.lang}-{self.version}-{RENDER}"


class Job:
    """One requested PDF. `progress()` says where it is; `result()` waits for the bytes."""

    def __init__(self, key: Key, html: Callable[[], str] | None = None, queue: PdfQueue | None = None):
        self.key = key
        self._html = html
        self._queue = queue
        self.state = "queued"  # queued → waiting (for a slot) → printing → done | failed
        self.ahead = 0  # requests ahead of this one while it waits for a slot
        self.source = ""  # "printed" (this process ran Chromium for it) or "cache" (a finished file was reused)
        self._done = threading.Event()
        self._pdf: bytes | None = None
        self._error: BaseException | None = None

    def _finish(self, pdf: bytes | None = None, source: str = "", error: BaseException | None = None) -> None:
        self._pdf, self.source, self._error = pdf, source, error
        self._html = None  # it holds the catalogue: not needed any more
        self.state = "failed" if error else "done"
        self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def progress(self) -> tuple[str, int]:
        """(state, requests ahead of this one machine-wide) for a progress note."""
        return self._queue.progress(self) if self._queue is not None else (self.state, self.ahead)

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def result(self, timeout: float | None = None) -> bytes:
        if not self._done.wait(timeout):
            raise TimeoutError(f"{self.key.name} not ready after {timeout} s")
        if self._error is not None:
            raise self._error
        assert self._pdf is not None
        return self._pdf


def _lock(path: Path, blocking: bool = True, shared: bool = False) -> int | None:
    """An open, flock'ed file descriptor, or None if `blocking` is False and someone else holds the lock."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB))
        return fd
    except BlockingIOError:
        os.close(fd)
        return None


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


class Slots:
    """`n` machine-wide slots (lock files) and the ticket line in front of them."""

    def __init__(self, root: Path, n: int):
        self.n = n
        self.slots, self.tickets, self.locks = root / "slots", root / "tickets", root / "locks"
        for d in (self.slots, self.tickets, self.locks):
            d.mkdir(parents=True, exist_ok=True)

    def live_tickets(self) -> list[str]:
        """Names of waiting tickets, oldest first; tickets of dead processes (lock released) are removed."""
        live = []
        for name in sorted(os.listdir(self.tickets)):
            if name.startswith("."):
                continue
            try:
                fd = _lock(self.tickets / name, blocking=False, shared=True)
            except FileNotFoundError:
                continue
            if fd is None:
                live.append(name)  # its owner holds the lock: still waiting
            else:  # nobody holds it: left behind by a process that died
                _unlock(fd)
                (self.tickets / name).unlink(missing_ok=True)
        return live

    def acquire(self, job: Job | None = None, stop: threading.Event | None = None) -> tuple[int, int] | None:
        """Wait in line for a free slot; returns (slot index, fd) or None if `stop` is set while waiting."""
        name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}"
        tmp = self.tickets / f".{name}"
        fd = _lock(tmp)
        tmp.rename(self.tickets / name)  # locked before it is visible, so nobody takes it for a dead one
        try:
            while not (stop and stop.is_set()):
                line = self.live_tickets()
                ahead = line.index(name) if name in line else 0
                if job is not None:
                    job.state, job.ahead = "waiting", ahead
                if ahead == 0:
                    got = self.try_acquire()
                    if got is not None:
                        return got
                time.sleep(POLL)
            return None
        finally:
            (self.tickets / name).unlink(missing_ok=True)
            _unlock(fd)

    def try_acquire(self) -> tuple[int, int] | None:
        for i in range(self.n):
            fd = _lock(self.slots / f"slot-{i}.lock", blocking=False)
            if fd is not None:
                return i, fd
        return None

    def key_lock(self, key: Key) -> int:
        return _lock(self.locks / f"{key.name}.lock")  # type: ignore[return-value]


class _Printer:
    """A slot and the Chromium that runs under it; used by one worker thread only."""

    def __init__(self, queue: PdfQueue):
        self.q = queue
        self.slot: tuple[int, int] | None = None
        self.pw = None
        self.browser = None

    def ensure_slot(self, job: Job) -> bool:
        if self.slot is None:
            self.slot = self.q.slots.acquire(job, self.q._stop)
        return self.slot is not None

    def print(self, html: str) -> bytes:
        from tipdash.pdf import html_to_pdf, launch

        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.pw = sync_playwright().start()
            self.browser = launch(self.pw)
            with self.q._cv:
                self.q.launched += 1
        return html_to_pdf(html, self.browser)

    def release(self) -> None:
        """Close the browser (and Playwright's driver) and give the slot back."""
        try:
            if self.browser is not None:
                self.browser.close()
        except Exception:  # noqa: BLE001 - a crashed browser is already gone
            pass
        finally:
            if self.pw is not None:
                try:
                    self.pw.stop()
                except Exception:  # noqa: BLE001
                    pass
            self.browser = self.pw = None
            if self.slot is not None:
                _unlock(self.slot[1])
                self.slot = None


class PdfQueue:
    """Submit briefs to print; at most `workers` Chromium browsers run machine-wide (see the module docstring)."""

    def __init__(self, workers: int | None = None, root: Path | None = None, idle: float | None = None):
        self.workers = workers or default_workers()
        self.root = Path(root or default_dir())
        self.idle = float(idle if idle is not None else os.environ.get("BRIEF_PDF_IDLE", "30"))
        self.slots = Slots(self.root, self.workers)
        self.cache = self.root / "cache"
        self.cache.mkdir(parents=True, exist_ok=True)
        self._cv = threading.Condition()
        self._pending: deque[Job] = deque()
        self._jobs: dict[Key, Job] = {}  # in flight, for sharing identical requests
        self._threads: list[threading.Thread] = []
        self._free = 0  # worker threads not busy with a job
        self._stop = threading.Event()
        self.printed = 0  # PDFs this process printed with Chromium
        self.launched = 0  # browsers this process started

    # -- requests -------------------------------------------------------------------------------------------------
    def cached(self, key: Key) -> bytes | None:
        try:
            return (self.cache / f"{key.name}.pdf").read_bytes()
        except FileNotFoundError:
            return None

    def find(self, key: Key) -> Job | None:
        """The job for `key` if it is printed already (by any replica) or in flight here; never starts one."""
        with self._cv:
            if key in self._jobs:
                return self._jobs[key]
        pdf = self.cached(key)
        if pdf is None:
            return None
        job = Job(key)
        job._finish(pdf, "cache")
        return job

    def submit(self, key: Key, html: Callable[[], str]) -> Job:
        """The job for `key`: already done if the PDF is cached, shared if the same key is in flight, else queued.
        `html` is called (in a worker thread) only if the PDF has to be printed."""
        if self._stop.is_set():
            raise RuntimeError("print queue closed")
        pdf = self.cached(key)
        with self._cv:
            if key in self._jobs:
                return self._jobs[key]
            job = Job(key, html, self)
            if pdf is not None:
                job._finish(pdf, "cache")
                return job
            self._jobs[key] = job
            self._pending.append(job)
            if self._free < len(self._pending) and len(self._threads) < self.workers:
                self._spawn()
            self._cv.notify()
            return job

    def _spawn(self) -> None:  # with self._cv held
        t = threading.Thread(target=self._work, name=f"pdf-worker-{len(self._threads) + 1}", daemon=True)
        self._threads.append(t)
        self._free += 1
        t.start()

    def progress(self, job: Job) -> tuple[str, int]:
        """(state, requests ahead): a job still in this process's line counts the jobs before it here plus every
        request already waiting for a slot machine-wide."""
        with self._cv:
            here = list(self._pending).index(job) if job.state == "queued" and job in self._pending else None
        if here is not None:
            return "waiting", here + len(self.slots.live_tickets())
        return job.state, job.ahead

    # -- workers --------------------------------------------------------------------------------------------------
    def _work(self) -> None:
        printer = _Printer(self)
        last = time.monotonic()
        try:
            while not self._stop.is_set():
                with self._cv:
                    job = self._pending.popleft() if self._pending else None
                    if job is None and printer.slot is None and time.monotonic() - last > self.idle:
                        break  # idle and holding nothing: the thread ends (a new request starts another)
                    if job is None:
                        self._cv.wait(POLL * 2.5)
                    else:
                        self._free -= 1
                if job is None:
                    # Idle: give the browser and the slot back after `idle` s, or at once if someone is waiting.
                    if printer.slot is not None and (time.monotonic() - last > self.idle or self.slots.live_tickets()):
                        printer.release()
                    continue
                self._run(printer, job)
                with self._cv:
                    self._free += 1
                last = time.monotonic()
                if printer.slot is not None and self.slots.live_tickets():  # others wait: the oldest goes first
                    printer.release()
        finally:
            printer.release()
            with self._cv:
                # Leave the count under the lock that `submit` reads, then re-check: a job queued while this
                # thread was deciding to end must still get a worker.
                self._free -= 1
                self._threads.remove(threading.current_thread())
                if self._pending and not self._stop.is_set():
                    self._spawn()

    def _run(self, printer: _Printer, job: Job) -> None:
        try:
            if not printer.ensure_slot(job):
                raise RuntimeError("print queue stopped")
            fd = self.slots.key_lock(job.key)  # another process printing the same brief finishes first
            try:
                pdf = self.cached(job.key)
                if pdf is not None:
                    job._finish(pdf, "cache")
                    return
                job.state = "printing"
                try:
                    pdf = printer.print(job._html())
                except Exception:
                    printer.release()  # a broken browser is not reused
                    raise
                self._store(job.key, pdf)
                with self._cv:
                    self.printed += 1
                job._finish(pdf, "printed")
            finally:
                _unlock(fd)
        except BaseException as exc:  # noqa: BLE001 - the waiting page shows it
            job._finish(error=exc)
        finally:
            with self._cv:
                self._jobs.pop(job.key, None)

    def _store(self, key: Key, pdf: bytes) -> None:
        target = self.cache / f"{key.name}.pdf"
        tmp = self.cache / f".{key.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_bytes(pdf)
        tmp.replace(target)  # atomic: another replica sees the whole file or none
        files = sorted(self.cache.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[CACHE_MAX:]:
            old.unlink(missing_ok=True)

    def close(self, timeout: float = 30) -> None:
        """Stop the workers: browsers closed, slots given back. Jobs still waiting fail."""
        self._stop.set()
        with self._cv:
            self._cv.notify_all()
        deadline = time.monotonic() + timeout
        with self._cv:
            threads = list(self._threads)
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        with self._cv:
            for job in self._pending:
                job._finish(error=RuntimeError("print queue closed"))
            self._pending.clear()


_default: PdfQueue | None = None
_default_lock = threading.Lock()


def default_queue() -> PdfQueue:
    """The process-wide queue (one per app replica), closed at exit so no browser outlives the process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = PdfQueue()
            atexit.register(_default.close)
        return _default
