"""`make serve`'s supervisor for real: two Streamlit replicas behind nginx on free ports. Health through nginx, a
Streamlit websocket session through nginx running the script to the end, cookie-sticky routing that spreads new
visitors over both replicas, a replica that dies is restarted, and a stop that leaves no process or port behind."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from benchmarks.bench_load import Session

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(d))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class Served:
    def __init__(self, proc: subprocess.Popen, port: int, run: Path):
        self.proc, self.port, self.run = proc, port, run
        self.url = f"http://127.0.0.1:{port}"

    def state(self) -> dict:
        return json.loads((self.run / "replicas.json").read_text())

    def get(self, path: str, opener=None):
        return (opener or urllib.request.build_opener()).open(self.url + path, timeout=30)


def start(tmp: Path, **env) -> Served:
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), \
        "nginx not found: `make test` installs Debian's nginx (see the Makefile's system-deps)"
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port), "--replicas", "2",
                             "--address", "127.0.0.1", "--run-dir", str(tmp)], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    s = Served(proc, port, tmp)
    deadline = time.time() + 180
    while True:
        try:
            if s.get("/healthz").read() == b"ok":
                return s
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail("serve.py did not start:\n" + proc.stdout.read())
        time.sleep(0.3)


def stop(s: Served) -> None:
    if s.proc.poll() is None:
        s.proc.send_signal(signal.SIGTERM)
        s.proc.wait(60)


@pytest.fixture(scope="module")
def served(processed_dir, tmp_path_factory):
    s = start(tmp_path_factory.mktemp("serve-run"))
    yield s
    stop(s)  # if the stop test did not run or failed


def test_healthz_through_nginx(served):
    r = served.get("/healthz")
    assert r.status == 200 and r.read() == b"ok"
    assert r.headers["Server"].startswith("nginx")
    assert len(served.state()["replicas"]) == 2


def test_a_streamlit_session_runs_the_script_through_nginx(served):
    async def session():
        s = Session("127.0.0.1", served.port)
        await s.open("", "")
        try:
            first = await s.run("", "")
            again = await s.run("tip_tiers", "tier_year=2013")
            return s.replica, first, again
        finally:
            await s.close()

    replica, first, again = asyncio.run(session())
    assert replica in ("0", "1") and 0 < first < 60 and 0 < again < 60
    assert all(r["warm_rss_mb"] > 100 for r in served.state()["replicas"])  # warmed before nginx opened


def test_sticky_cookie_keeps_a_client_on_one_replica_and_new_clients_spread(served):
    seen = {}
    for client in range(6):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        first = served.get("/", opener)
        replica = first.headers["X-Replica"]
        assert f"tipdash_replica={replica}" in first.headers["Set-Cookie"]
        for path in ("/provinces", "/_stcore/health", "/", "/brief?province=PK-SD"):
            assert served.get(path, opener).headers["X-Replica"] == replica  # the cookie pins the client
        seen[client] = replica
    assert set(seen.values()) == {"0", "1"}, seen  # new visitors go to the least busy replica: both are used


def test_a_replica_that_dies_is_restarted(served):
    before = served.state()["replicas"][1]
    os.kill(before["pid"], signal.SIGKILL)
    deadline = time.time() + 120
    while time.time() < deadline:
        now = served.state()["replicas"][1]
        if now["pid"] != before["pid"] and now["restarts"] == before["restarts"] + 1:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{now['port']}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
        assert served.get("/healthz").read() == b"ok"  # nginx keeps answering from the other replica meanwhile
        time.sleep(0.5)
    else:
        pytest.fail(f"replica 1 was not restarted: {served.state()}")
    replicas, deadline = set(), time.time() + 20  # nginx retries a failed server after fail_timeout (5 s)
    while replicas != {"0", "1"} and time.time() < deadline:  # fresh visitors reach the restarted replica again
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        replicas.add(served.get("/", opener).headers["X-Replica"])
        time.sleep(0.2)
    assert replicas == {"0", "1"}


def test_stop_leaves_no_process_or_port(served):
    tree = descendants(served.proc.pid)
    ports = [served.port] + [r["port"] for r in served.state()["replicas"]]
    assert len(tree) >= 4  # two replicas, nginx master and worker
    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.wait(60) == 0
    time.sleep(0.5)
    assert [p for p in tree if alive(p)] == []
    assert [p for p in ports if listening(p)] == []
    assert not (served.run / "replicas.json").exists()


def test_an_idle_bloated_replica_is_replaced_without_refusing_anyone(processed_dir, tmp_path):
    """With the threshold at half its warm memory every idle replica counts as bloated: it is replaced by a fresh,
    warmed one while the other keeps answering (never both at once), and the stop is still clean."""
    s = start(tmp_path, SERVE_RECYCLE_FACTOR="0.5", SERVE_RECYCLE_IDLE_SECONDS="1", SERVE_SWEEP_SECONDS="1")
    try:
        first = {r["index"]: r["pid"] for r in s.state()["replicas"]}
        deadline = time.time() + 120
        while time.time() < deadline and sum(r["recycles"] for r in s.state()["replicas"]) < 2:
            assert s.get("/healthz").read() == b"ok"
            time.sleep(0.3)
        recycled = [r for r in s.state()["replicas"] if r["recycles"]]
        assert recycled and all(r["pid"] != first[r["index"]] and r["warm_rss_mb"] > 100 for r in recycled)
        assert sum(r["recycles"] for r in s.state()["replicas"]) >= 2
        tree = descendants(s.proc.pid)
    finally:
        stop(s)
    assert s.proc.returncode == 0 and [p for p in tree if alive(p)] == []


def test_the_app_configuration_keeps_reruns_cheap_and_releases_sessions(monkeypatch):
    """What the project's .streamlit/config.toml gives every `streamlit run` from the project (make start, each
    replica): no full garbage collection after every run (it was ~60% of a replica's CPU per run, see the config's
    comment and benchmarks/bench_load.py) and disconnected sessions dropped within seconds, not Streamlit's 120 s."""
    from streamlit import config

    monkeypatch.chdir(ROOT)
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("runner.postScriptGC") is False
        assert config.get_option("server.disconnectedSessionTTL") <= 30
        assert config.get_option("server.fileWatcherType") == "none"
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)
