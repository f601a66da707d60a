"""Production entry (`make serve`): N Streamlit replicas behind nginx with cookie-sticky sessions.

    python scripts/serve.py [--port 8501] [--replicas N] [--address 0.0.0.0] [--run-dir DIR]

1. builds data/processed if it is missing (`python -m etl`); every replica then only reads it;
2. starts REPLICAS (default: the number of cores) `streamlit run app.py` processes on free loopback ports
   (through scripts/replica.py, which gives memory back when idle), waits for each one's /_stcore/health and
   warms it (every page run once), so the first visitors do not pay for loading the data;
3. writes deploy/nginx.conf.template into the runtime folder and runs nginx in the foreground on PORT
   (websocket upgrade, sticky cookie, /healthz), then waits for /healthz through nginx;
4. restarts a replica that exits (with back-off; nginx sends its visitors to another replica meanwhile), sweeps
   each replica every SERVE_SWEEP_SECONDS so Streamlit releases sessions that left (see `sweep`), and replaces a
   replica that stays idle well above its warm memory (see RECYCLE_FACTOR);
5. on Ctrl-C or SIGTERM stops nginx, then the replicas (each in its own process group), and exits 0 with no
   process or port left behind. Children also get SIGTERM if this supervisor itself is killed.

The runtime folder (default <tmp>/tipdash-serve-<uid>-<port>) holds nginx.conf, pids, logs (nginx-*.log,
replica-<i>.log) and replicas.json (port, pid, restarts, recycles and warm memory of each replica).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
PY = sys.executable
HEALTH_TIMEOUT = 120.0
# Streamlit drops a disconnected session whose TTL has passed only when another session is stored, i.e. when
# some session disconnects. After a room has left nobody does, so every replica gets a short websocket visit
# (connect, close: no script runs) this often; 0 turns it off.
SWEEP_SECONDS = float(os.environ.get("SERVE_SWEEP_SECONDS", "5"))
# A replica that has had no session for RECYCLE_IDLE seconds and still uses more than RECYCLE_FACTOR times its
# warm memory (fragmentation after a large room; docs/DEPLOY.md) is replaced by a fresh, warmed one. Only while
# another replica can take newcomers; 0 turns it off.
RECYCLE_FACTOR = float(os.environ.get("SERVE_RECYCLE_FACTOR", "1.2"))
RECYCLE_IDLE = float(os.environ.get("SERVE_RECYCLE_IDLE_SECONDS", "15"))


def log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} serve: {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def tree_rss(pid: int) -> int:
    """RSS in bytes of a process and all its descendants (a replica and e.g. its Chromium), from /proc."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(f[1]), []).append(int(d))
            rss[int(d)] = int(f[21]) * page
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(kids.get(p, []))
    return total


def active_sessions(port: int) -> int | None:
    """Streamlit's own gauge of connected sessions (/_stcore/metrics), or None if the replica does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as r:
            m = re.search(rb"^active_sessions (\d+)", r.read(), re.M)
            return int(m.group(1)) if m else None
    except OSError:
        return None


def warm(port: int) -> int:
    """Run every page once in a throw-away session (data loaded, first builds done) before visitors arrive;
    returns the number of pages run. Speaks Streamlit's websocket protocol like a browser."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    def run(ws, page: str) -> set[str]:
        msg = BackMsg()
        msg.rerun_script.page_name = page
        ws.send(msg.SerializeToString())
        pages: set[str] = set()
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(ws.recv(timeout=120))
            kind = fwd.WhichOneof("type")
            if kind in ("new_session", "navigation"):
                pages |= {p.url_pathname for p in getattr(fwd, kind).app_pages}
            elif kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return pages

    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                 open_timeout=10) as ws:
        pages = run(ws, "")
        for page in sorted(pages - {""}):
            run(ws, page)
    return 1 + len(pages - {""})


def _child_setup() -> None:
    """In the child before exec: its own process group (Ctrl-C reaches the supervisor only, which stops children
    in order), and SIGTERM if the supervisor dies without cleaning up."""
    os.setsid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
    """Signal the child's whole process group; SIGKILL whatever is left after `timeout`."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        log(f"pid {proc.pid} did not stop in {timeout:.0f} s; killing it")
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers in the group (e.g. a Playwright driver)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


class Replica:
    def __init__(self, index: int, port: int, run: Path, env: dict):
        self.index, self.port, self.run, self.env = index, port, run, env
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.restarts = 0
        self.recycles = 0
        self.baseline = 0  # RSS once warmed, bytes
        self.idle_since: float | None = None  # no session since then

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/_stcore/health"

    def start(self) -> None:
        out = open(self.run / f"replica-{self.index}.log", "ab")
        self.proc = subprocess.Popen(
            [PY, str(ROOT / "scripts" / "replica.py"), "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_child_setup)
        out.close()
        self.started = time.monotonic()


def nginx_conf(run: Path, listen: str, replicas: list[Replica]) -> str:
    servers = [f"127.0.0.1:{r.port}" for r in replicas]
    pool = "\n".join(f"        server {s} max_fails=1 fail_timeout=5s;" for s in servers)
    ups = []
    for r, s in zip(replicas, servers):
        backups = "".join(f"\n        server {o} backup;" for o in servers if o != s)
        ups.append(f"    upstream replica{r.index} {{\n        server {s} max_fails=1 fail_timeout=5s;{backups}\n"
                   f"        keepalive 16;\n    }}")
    import streamlit

    values = dict(
        run=run, listen=listen, pool_servers=pool, replica_upstreams="\n".join(ups) + "\n",
        backend_map="\n".join(f"        {r.index} replica{r.index};" for r in replicas),
        index_map="\n".join(f"        ~:{r.port}$ {r.index};" for r in replicas),
        streamlit_static=Path(streamlit.__file__).parent / "static", app_static=ROOT / "static")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: str(values[m.group(1)]), TEMPLATE.read_text())


class Supervisor:
    def __init__(self, port: int, n: int, address: str, run: Path):
        self.port, self.n, self.address, self.run = port, n, address, run
        self.replicas: list[Replica] = []
        self.nginx: subprocess.Popen | None = None
        self.stopping = False

    def write_state(self) -> None:
        state = [{"index": r.index, "port": r.port, "pid": r.proc.pid if r.proc else None, "restarts": r.restarts,
                  "recycles": r.recycles, "warm_rss_mb": r.baseline >> 20} for r in self.replicas]
        tmp = self.run / ".replicas.json"
        tmp.write_text(json.dumps({"port": self.port, "nginx": self.nginx.pid if self.nginx else None,
                                   "supervisor": os.getpid(), "replicas": state}, indent=1))
        tmp.replace(self.run / "replicas.json")

    def wait_healthy(self, replica: Replica) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not healthy(replica.health_url):
            if replica.proc.poll() is not None or time.monotonic() > deadline or self.stopping:
                tail = (self.run / f"replica-{replica.index}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"replica {replica.index} did not become healthy:\n{tail}")
            time.sleep(0.2)

    def start(self) -> None:
        # Memory that sessions free must go back to the system (docs/DEPLOY.md, measured): two glibc arenas
        # instead of one per thread that allocates, and Arrow's buffers from malloc (which scripts/replica.py trims
        # when idle) instead of mimalloc, which kept them. Neither changed the per-run time measurably.
        env = {**os.environ, "PYTHONUNBUFFERED": "1",
               "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
               "ARROW_DEFAULT_MEMORY_POOL": os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system")}
        self.replicas = [Replica(i, free_port(), self.run, env) for i in range(self.n)]
        for r in self.replicas:
            r.start()
        self.write_state()
        for r in self.replicas:
            self.wait_healthy(r)
            self.warm_up(r)
            log(f"replica {r.index} healthy on 127.0.0.1:{r.port} (pid {r.proc.pid}, {r.baseline >> 20} MB warm)")
        conf = self.run / "nginx.conf"
        conf.write_text(nginx_conf(self.run, f"{self.address}:{self.port}", self.replicas))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run([nginx, "-t", "-q", "-p", str(self.run), "-c", str(conf), "-e", str(self.run / "nginx-error.log")],
                               capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx rejected {conf}:\n{check.stderr}")
        self.nginx = subprocess.Popen([nginx, "-p", str(self.run), "-c", str(conf), "-e", str(self.run / "nginx-error.log")],
                                      stdin=subprocess.DEVNULL, preexec_fn=_child_setup)
        self.write_state()
        deadline = time.monotonic() + 30
        while not healthy(f"http://127.0.0.1:{self.port}/healthz"):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start: " + (self.run / "nginx-error.log").read_text()[-2000:])
            time.sleep(0.1)
        host = "localhost" if self.address in ("0.0.0.0", "127.0.0.1", "") else self.address
        log(f"serving http://{host}:{self.port} with {self.n} replicas (runtime files in {self.run})")

    def warm_up(self, replica: Replica) -> None:
        try:
            warm(replica.port)
        except Exception as exc:  # noqa: BLE001 - a cold replica still works, just slower for its first visitor
            log(f"warm-up of replica {replica.index} failed: {exc}")
        time.sleep(1)
        replica.baseline = tree_rss(replica.proc.pid)

    def recycle_if_bloated(self, r: Replica) -> None:
        """Replace an idle replica whose memory stayed well above its warm level (see RECYCLE_FACTOR)."""
        sessions = active_sessions(r.port)
        now = time.monotonic()
        if sessions != 0:
            r.idle_since = None
            return
        r.idle_since = r.idle_since or now
        rss = tree_rss(r.proc.pid)
        # Someone must take newcomers meanwhile: another replica, up long enough that nginx no longer counts its
        # own restart as a failure (fail_timeout=5s in the template).
        others = [o for o in self.replicas if o is not r and o.proc.poll() is None and now - o.started > 8]
        if not (RECYCLE_FACTOR and r.baseline and others and now - r.idle_since >= RECYCLE_IDLE
                and rss > RECYCLE_FACTOR * r.baseline):
            return
        log(f"replica {r.index} idle for {now - r.idle_since:.0f} s at {rss >> 20} MB "
            f"(warm: {r.baseline >> 20} MB): replacing it with a fresh one")
        stop_group(r.proc, signal.SIGTERM, timeout=10)  # newcomers meanwhile go to the others (nginx retries)
        r.start()
        r.recycles += 1
        r.idle_since = None
        try:
            self.wait_healthy(r)
            self.warm_up(r)
        except RuntimeError as exc:
            log(str(exc))  # the restart logic in watch() takes over
        self.write_state()

    def sweep(self, replica: Replica) -> None:
        """Open and close a websocket session on the replica, so Streamlit reaps disconnected sessions whose
        server.disconnectedSessionTTL has passed (it does so only when it stores a newly disconnected one)."""
        from websockets.sync.client import connect

        try:
            with connect(f"ws://127.0.0.1:{replica.port}/_stcore/stream", subprotocols=["streamlit"],
                         open_timeout=5, close_timeout=2):
                pass
        except Exception as exc:  # noqa: BLE001 - a busy or restarting replica is swept next time
            log(f"sweep of replica {replica.index} failed: {exc}")

    def watch(self) -> int:
        """Restart replicas that exit; returns when asked to stop (0) or if nginx dies (1)."""
        next_sweep = time.monotonic() + SWEEP_SECONDS
        while not self.stopping:
            time.sleep(0.5)
            if SWEEP_SECONDS and time.monotonic() > next_sweep:
                for r in self.replicas:
                    if r.proc.poll() is None and not self.stopping:
                        self.recycle_if_bloated(r)  # first: the sweep's own session must not count as a visitor
                        self.sweep(r)
                next_sweep = time.monotonic() + SWEEP_SECONDS
            if self.nginx.poll() is not None and not self.stopping:
                log(f"nginx exited with status {self.nginx.returncode}; stopping")
                return 1
            for r in self.replicas:
                if r.proc.poll() is None or self.stopping:
                    continue
                wait = min(30.0, 2.0 ** min(r.restarts, 5)) if time.monotonic() - r.started < 60 else 0.0
                log(f"replica {r.index} exited with status {r.proc.returncode}; restarting in {wait:.0f} s")
                deadline = time.monotonic() + wait
                while time.monotonic() < deadline and not self.stopping:
                    time.sleep(0.2)
                if self.stopping:
                    break
                r.restarts += 1
                r.start()
                self.write_state()
        return 0

    def stop(self) -> None:
        """nginx first (no new requests), then the replicas; each process group is signalled and reaped."""
        self.stopping = True
        if self.nginx is not None:
            stop_group(self.nginx, signal.SIGQUIT, timeout=5)  # graceful: finish requests in flight
        for r in self.replicas:
            if r.proc is not None:
                stop_group(r.proc, signal.SIGTERM, timeout=10)
        (self.run / "replicas.json").unlink(missing_ok=True)
        log("stopped")


def build_data() -> None:
    if not (ROOT / "data" / "processed" / "manifest.json").exists():
        log("data/processed is missing: building it (python -m etl)")
        subprocess.run([PY, "-m", "etl"], cwd=ROOT, check=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/serve.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8501)))
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS") or os.cpu_count() or 1))
    ap.add_argument("--address", default=os.environ.get("ADDRESS", "0.0.0.0"), help="address nginx listens on")
    ap.add_argument("--run-dir", type=Path, default=os.environ.get("SERVE_RUN_DIR"))
    a = ap.parse_args(argv)
    run = Path(a.run_dir or Path(tempfile.gettempdir()) / f"tipdash-serve-{os.getuid()}-{a.port}").resolve()
    for d in (run, run / "tmp"):
        d.mkdir(parents=True, exist_ok=True)
        d.chmod(0o755)  # nginx workers run as `nobody` when the master is root

    sup = Supervisor(a.port, max(1, a.replicas), a.address, run)

    def on_signal(signum, _frame):
        if not sup.stopping:
            log(f"{signal.Signals(signum).name}: stopping")
        sup.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        build_data()
        sup.start()
        status = sup.watch()
    except Exception as exc:  # noqa: BLE001 - report, clean up, fail
        if not sup.stopping:
            log(f"error: {exc}")
        status = 0 if sup.stopping else 1
    finally:
        sup.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
