"""The servers under test: the app (any async mode, one or two processes), the bare
python-socketio baseline and the Node.js socket.io baseline; plus /proc sampling.

Every server is a child process of the runner with its output in a log file under the
run's scratch directory. CPU and memory are read from ``/proc/<pid>`` of the server process
and all its descendants (gunicorn's worker in threading mode).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.app_cli import create_facilitator
from scripts.processes import HOST, child_env, free_port, spawn, stop, wait_for_port
from scripts.processes import ROOT as REPO

EMAIL = "bench@example.no"
PASSWORD = "bench password 123"
TABLE_SIZE = 8
MAX_TABLES = 30  # limits.MAX_TABLES: a bigger hall is several sessions
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
NODE_DIR = REPO / "bench" / "baselines" / "node"
# requirements.txt alone, as production installs it (`make bench` builds it). The dev venv
# also holds the load generator's and the tests' clients (aiohttp, requests,
# websocket-client), which python-socketio and python-engineio import at start whenever they
# are installed: 15-20 MiB more in every server process.
RUNTIME_VENV = REPO / ".venv-runtime"
RUNTIME_STAMP = RUNTIME_VENV / ".installed"  # written by the Makefile once pip has finished
# Thousands of phones join from this one address and post as fast as the scenario says: the
# app's rate limits (config.py) are raised far above a café's for the benchmark, not off.
BENCH_LIMITS = {
    "DIALOGCAFE_LIMIT_JOIN_CODE_TRIES": "1000000 per minute",
    "DIALOGCAFE_LIMIT_JOINS": "1000000 per minute",
    "DIALOGCAFE_LIMIT_LOGINS": "1000000 per minute",
    "DIALOGCAFE_LIMIT_SIGNUPS": "1000000 per minute",
    "DIALOGCAFE_LIMIT_SESSION_CREATION": "1000000 per minute",
    "DIALOGCAFE_LIMIT_SOCKET_POSTS": "1000000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_LIKES": "1000000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_VOTES": "1000000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_HOST_CODES": "1000000 per second",
    "DIALOGCAFE_LIMIT_SOCKET_PAGES": "1000000 per second",
    # A venue's Wi-Fi puts a hall behind one address; here it is thousands of phones.
    "DIALOGCAFE_MAX_CONNECTIONS_PER_ADDRESS": "100000",
}


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """A server's or CLI command's environment (:func:`child_env`) on ``HOST``."""
    return child_env({"HOST": HOST, **extra})


def start(
    args: list[str], port: int, env: dict[str, str], log: Path, cwd: Path = REPO
) -> subprocess.Popen[bytes]:
    """Start a server listening on ``port``; return once the port accepts connections."""
    process = spawn(args, env={**env, "PORT": str(port)}, log=log, cwd=cwd)
    wait_for_port(port, process, log=log, timeout=60)
    return process


def server_python() -> str:
    """The interpreter every server process runs on: the runtime venv's, if it is built;
    otherwise this one (see :func:`server_python_problem`)."""
    return str(RUNTIME_VENV / "bin" / "python") if RUNTIME_STAMP.exists() else sys.executable


def server_python_problem() -> str | None:
    """Why the servers do not run on an up-to-date runtime venv; None if they do."""
    rebuild = f"`make {RUNTIME_STAMP.relative_to(REPO)}` builds it; `make bench` does"
    if not RUNTIME_STAMP.exists():
        return (
            f"{RUNTIME_VENV.name} is missing ({rebuild}): the servers run on {sys.executable}, "
            "whose test clients make every server process 15-20 MiB bigger"
        )
    if RUNTIME_STAMP.stat().st_mtime < (REPO / "requirements.txt").stat().st_mtime:
        return f"{RUNTIME_VENV.name} is older than requirements.txt ({rebuild} again)"
    return None


# --- /proc ---------------------------------------------------------------------------------


def process_tree(root: int) -> list[int]:
    """``root`` and every descendant (read from /proc/*/stat)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def read_proc(pids: list[int]) -> tuple[float, int]:
    """(CPU seconds used so far, resident bytes) summed over ``pids``."""
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                rss += int(handle.read().split()[1]) * PAGE
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    return cpu, rss


class Sampler:
    """Samples CPU and RSS of some process trees every ``interval`` seconds in a thread."""

    def __init__(self, roots: list[int], interval: float = 0.5) -> None:
        self.roots = roots
        self.interval = interval
        self.samples: list[tuple[float, float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def pids(self) -> list[int]:
        return [pid for root in self.roots for pid in process_tree(root)]

    def read(self) -> tuple[float, float, int]:
        cpu, rss = read_proc(self.pids())
        return time.monotonic(), cpu, rss

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.read())
            self._stop.wait(self.interval)

    def start(self) -> Sampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# --- the servers ---------------------------------------------------------------------------


@dataclass
class Target:
    """A running server (or two): where the phones go and what to sample."""

    name: str
    kind: str  # "app" or "baseline"
    urls: list[str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    cleanup: list[Any] = field(default_factory=list)
    token: str | None = None  # the facilitator's bearer token (app)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def stop(self) -> None:
        stop(*self.processes, timeout=10)
        for action in self.cleanup:
            action()


def raise_nofile() -> None:
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _psql(*statements: str, check: bool) -> None:
    """Run SQL statements as the machine's ``postgres`` user on 127.0.0.1."""
    command = ["psql", "-h", HOST, "-U", "postgres", "-q"]
    for statement in statements:
        command += ["-c", statement]
    subprocess.run(command, check=check, capture_output=True)


def pg_create(name: str) -> str:
    """A fresh PostgreSQL database for one run; returns its URL."""
    _psql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"', check=True)
    return f"postgresql://postgres@{HOST}:5432/{name}"


def pg_drop(name: str) -> None:
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)


def start_app(
    name: str,
    scratch: Path,
    *,
    mode: str = "eventlet",
    processes: int = 1,
    database_url: str | None = None,
    message_queue: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Target:
    """``python app.py`` (the production path) on a fresh data dir, facilitator made by the CLI."""
    data = scratch / f"{name}-data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    env_common = {
        "DIALOGCAFE_DATA_DIR": str(data),
        "DIALOGCAFE_ASYNC_MODE": mode,
        "DIALOGCAFE_SECRET_KEY": "bench-secret-key",
        **BENCH_LIMITS,
        **(extra_env or {}),
    }
    if database_url:
        env_common["DIALOGCAFE_DATABASE_URL"] = database_url
    if message_queue:
        env_common["DIALOGCAFE_MESSAGE_QUEUE"] = message_queue
    # Schema first (migrations, if the app has them), via the documented CLI.
    create_facilitator(clean_env(env_common), EMAIL, PASSWORD)
    target = Target(name, "app", [])
    for i in range(processes):
        port = free_port()
        env = clean_env({**env_common, "DIALOGCAFE_SERVER_ID": f"{name}-{i}"})
        log = scratch / f"{name}-{i}.log"
        target.processes.append(start([server_python(), "app.py"], port, env, log))
        target.urls.append(f"http://{HOST}:{port}")
    target.token = api(
        target.urls[0], "POST", "/api/auth/token", {"email": EMAIL, "password": PASSWORD}
    )["token"]
    return target


def start_bare(scratch: Path) -> Target:
    port = free_port()
    args = [server_python(), "bench/baselines/bare_eventlet.py"]
    process = start(args, port, clean_env({}), scratch / "bare.log")
    return Target("bare-eventlet", "baseline", [f"http://{HOST}:{port}"], [process])


def node_available() -> str | None:
    """None if the Node baseline can run, else why not."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (NODE_DIR / "node_modules" / "socket.io").is_dir():
        return (
            "bench/baselines/node/node_modules is missing (run `npm ci` there; `make bench` does)"
        )
    return None


def start_node(scratch: Path) -> Target:
    port = free_port()
    process = start(["node", "server.js"], port, clean_env({}), scratch / "node.log", NODE_DIR)
    return Target("node-socket.io", "baseline", [f"http://{HOST}:{port}"], [process])


# --- the API (setup only: sessions, rounds) ------------------------------------------------


def api(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def seating(phones: int) -> list[list[int]]:
    """Tables of at most 8 (sizes differ by one at most), grouped into sessions of at most
    30 tables (the app's limit), as evenly as possible: ``[[table sizes of session 1], ...]``."""
    tables = max(1, math.ceil(phones / TABLE_SIZE))
    sizes = [phones // tables + (1 if t < phones % tables else 0) for t in range(tables)]
    sessions = math.ceil(tables / MAX_TABLES)
    per = [tables // sessions + (1 if s < tables % sessions else 0) for s in range(sessions)]
    out, at = [], 0
    for count in per:
        out.append(sizes[at : at + count])
        at += count
    return out


def make_topology(target: Target, phones: int) -> dict[str, Any]:
    """Sessions (app: created through the API, round 1 started), phones and watchers.

    Phone ``i`` of a two-process target goes to process ``i % 2``, so every table spans both
    processes and fan-out crosses the message queue; the facilitator sits on the first
    process and the projector on the last.
    """
    layout = seating(phones)
    plan_phones, watchers, sessions = [], [], []
    idx = 0
    for s, sizes in enumerate(layout):
        if target.kind == "app":
            created = api(
                target.urls[0],
                "POST",
                "/api/sessions",
                {
                    "title": f"Benk {s + 1}",
                    "tables": len(sizes),
                    "topics": [f"Spørsmål {t + 1}?" for t in range(len(sizes))],
                    "rounds": 3,
                    "round_minutes": 60,
                },
                target.token,
            )
            api(
                target.urls[0],
                "POST",
                f"/api/sessions/{created['id']}/rounds/next",
                None,
                target.token,
            )
            session_id, code = created["id"], created["join_code"]
        else:
            session_id, code = s + 1, f"S{s + 1}"
        sessions.append({"session": session_id, "join_code": code, "tables": sizes})
        watch_room = f"s{session_id}:watch"
        for t, size in enumerate(sizes, start=1):
            room = f"s{session_id}:t{t}"
            for _ in range(size):
                plan_phones.append(
                    {
                        "idx": idx,
                        "url": target.urls[idx % len(target.urls)],
                        "join_code": code,
                        "table": t,
                        "session": session_id,
                        "rooms": [room],
                        "to": [room, watch_room],
                    }
                )
                idx += 1
        for role, url in (("facilitator", target.urls[0]), ("projector", target.urls[-1])):
            watchers.append(
                {
                    "role": role,
                    "url": url,
                    "session_id": session_id,
                    "token": target.token,
                    "rooms": [watch_room],
                }
            )
    for w in watchers:
        w["idx"] = idx
        idx += 1
    return {"phones": plan_phones, "watchers": watchers, "sessions": sessions}
