"""A local cluster: two app processes behind nginx, on PostgreSQL and Redis (``make cluster``).

``python -m scripts.cluster run`` starts two ``python app.py`` processes (eventlet) that
share one PostgreSQL database and one Redis channel, and nginx in front of them with the
config from ``deploy/nginx-dialogcafe.conf.template`` (sticky by client address,
WebSocket upgrade). It runs in the foreground until Ctrl-C and stops everything it
started. Everything it writes (shared data dir, nginx config, logs) goes to ``cluster/``.

``python -m scripts.cluster check`` (``make cluster-check``, while the cluster runs) makes
a throwaway facilitator with the CLI, then goes through nginx as a phone would: one phone
on the WebSocket transport, one on long-polling, and one straight on each app process,
and checks that an input posted through nginx reaches all of them.

Settings (environment): ``CLUSTER_PORT`` (nginx, 8080), ``CLUSTER_APP_PORTS`` (5001,5002),
``CLUSTER_DIR`` (./cluster), ``DIALOGCAFE_DATABASE_URL``
(postgresql://postgres@127.0.0.1:5432/dialogcafe_cluster, created if missing),
``DIALOGCAFE_MESSAGE_QUEUE`` (redis://127.0.0.1:6379/0),
``DIALOGCAFE_MESSAGE_QUEUE_CHANNEL`` (dialogcafe-cluster).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import processes
from scripts.app_cli import create_facilitator
from scripts.processes import HOST, ROOT

TEMPLATE = ROOT / "deploy" / "nginx-dialogcafe.conf.template"
READY_TIMEOUT = 30.0
WAIT = 10.0


@dataclass(frozen=True)
class Settings:
    port: int
    app_ports: list[int]
    directory: Path
    database_url: str
    queue: str
    channel: str

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            port=int(env.get("CLUSTER_PORT", "8080")),
            app_ports=[int(p) for p in env.get("CLUSTER_APP_PORTS", "5001,5002").split(",")],
            directory=Path(env.get("CLUSTER_DIR", str(ROOT / "cluster"))).resolve(),
            database_url=env.get("DIALOGCAFE_DATABASE_URL")
            or "postgresql://postgres@127.0.0.1:5432/dialogcafe_cluster",
            queue=env.get("DIALOGCAFE_MESSAGE_QUEUE") or "redis://127.0.0.1:6379/0",
            channel=env.get("DIALOGCAFE_MESSAGE_QUEUE_CHANNEL") or "dialogcafe-cluster",
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def app_env(self, port: int | None = None) -> dict[str, str]:
        """The environment of an app process (or, without a port, of a CLI command)."""
        env = processes.child_env(
            {
                "DIALOGCAFE_DATABASE_URL": self.database_url,
                "DIALOGCAFE_MESSAGE_QUEUE": self.queue,
                "DIALOGCAFE_MESSAGE_QUEUE_CHANNEL": self.channel,
                # One data dir for both: the same secret key (cookies signed by one process
                # are read by the other) and one place for the summary files.
                "DIALOGCAFE_DATA_DIR": str(self.directory / "data"),
                "DIALOGCAFE_PUBLIC_URL": self.url,
                "DIALOGCAFE_ASYNC_MODE": "eventlet",
                # nginx in front: the rate limits count the address it puts in X-Forwarded-For.
                "DIALOGCAFE_TRUSTED_PROXIES": "1",
            }
        )
        if port is not None:
            env.update(HOST=HOST, PORT=str(port), DIALOGCAFE_SERVER_ID=f"cluster-{port}")
        return env


def render_nginx_config(settings: Settings) -> Path:
    """``cluster/nginx.conf``: a whole nginx config (pid, logs, temp dirs in ``cluster/``)
    around the site template, so it runs without root and without touching /etc/nginx."""
    servers = "\n".join(f"    server {HOST}:{port};" for port in settings.app_ports)
    site = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("{{servers}}", servers)
        .replace("{{listen}}", f"{HOST}:{settings.port}")
        .replace("{{server_name}}", "localhost")
    )
    directory = settings.directory
    (directory / "nginx-temp").mkdir(parents=True, exist_ok=True)
    temp = directory / "nginx-temp"
    config = f"""# Written by scripts/cluster.py from deploy/nginx-dialogcafe.conf.template.
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {directory / "nginx-access.log"};
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
{site}
}}
"""
    path = directory / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it does not exist yet (the tables come from the
    migrations, which each app process applies at start)."""
    import psycopg2
    from psycopg2 import sql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return
    admin = psycopg2.connect(
        host=parsed.host or HOST,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,))
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed.database))
                )
                print(f"created database {parsed.database}", flush=True)
    finally:
        admin.close()


def run(settings: Settings) -> int:
    """Start the apps and nginx; stop them all on Ctrl-C/SIGTERM or when one exits."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 1
    settings.directory.mkdir(parents=True, exist_ok=True)
    ensure_database(settings.database_url)
    config = render_nginx_config(settings)
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        for port in settings.app_ports:
            log = settings.directory / f"app-{port}.log"
            name = f"app on port {port}"
            process = processes.spawn(
                [sys.executable, "app.py"], env=settings.app_env(port), log=log
            )
            children.append((name, process))
            # One after the other: the first applies the migrations, the next finds none.
            processes.wait_for_port(port, process, name=name, log=log, timeout=READY_TIMEOUT)
        process = processes.spawn(
            [nginx, "-p", str(settings.directory), "-c", str(config), "-g", "daemon off;"]
        )
        children.append(("nginx", process))
        processes.wait_for_port(settings.port, process, name="nginx", timeout=READY_TIMEOUT)
        print(
            f"Dialogkafé cluster on {settings.url}/ (nginx) -> app processes on ports "
            f"{', '.join(map(str, settings.app_ports))}; logs in {settings.directory}. "
            "Ctrl-C stops it.",
            flush=True,
        )
        while not stop.wait(0.5):
            for name, child in children:
                if child.poll() is not None:
                    print(f"{name} exited with {child.returncode}", file=sys.stderr)
                    return 1
        return 0
    finally:
        processes.stop(*(child for _name, child in reversed(children)))


# --- check ----------------------------------------------------------------------------


class _Posts:
    """The texts of the ``post`` events a client received, and a way to wait for one."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._changed = threading.Condition()

    def add(self, post: dict[str, Any]) -> None:
        with self._changed:
            self._texts.append(str(post.get("text")))
            self._changed.notify_all()

    def wait_for(self, text: str) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: text in self._texts, WAIT)


def _phone(url: str, token: str, transport: str) -> tuple[Any, _Posts]:
    """A Socket.IO client on one transport, as a browser on ``url``'s page would connect."""
    import socketio

    client = socketio.Client(reconnection=False)
    state, posts = threading.Event(), _Posts()
    client.on("state", lambda _data: state.set())
    client.on("post", posts.add)
    client.connect(
        url,
        auth={"token": token},
        transports=[transport],
        # Engine.IO checks a browser's Origin against the Host nginx passes on: send one
        # as a browser would (the WebSocket client sends its own, from the URL).
        headers={"Origin": url} if transport == "polling" else {},
        wait_timeout=WAIT,
    )
    if not state.wait(WAIT):
        raise AssertionError(f"no state over {transport} from {url}")
    if client.transport() != transport:
        raise AssertionError(f"asked for {transport}, got {client.transport()}")
    return client, posts


def check(settings: Settings) -> None:
    """Through nginx on both transports, and across both processes; raises on failure."""
    import requests

    email = f"cluster-check-{uuid.uuid4().hex[:8]}@example.no"
    password = secrets.token_urlsafe(16)
    create_facilitator(settings.app_env(), email, password)
    http = requests.Session()
    base = settings.url

    def post_json(path: str, body: dict[str, Any], expect: int = 200) -> Any:
        response = http.post(base + path, json=body, timeout=WAIT)
        if response.status_code != expect:
            raise AssertionError(f"POST {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    token = post_json("/api/auth/token", {"email": email, "password": password})["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    cafe = post_json(
        "/api/sessions",
        {"title": "Klyngesjekk", "tables": 1, "topics": ["Virker det?"], "rounds": 1,
         "round_minutes": 5},
        expect=201,
    )  # fmt: skip
    post_json(f"/api/sessions/{cafe['id']}/rounds/next", {})

    def join() -> str:
        joined = post_json(f"/api/join/{cafe['join_code']}", {"table": 1}, expect=201)
        return str(joined["participant"]["token"])

    clients = []
    try:
        websocket, _ = _phone(base, join(), "websocket")
        clients.append(websocket)
        polling, polled = _phone(base, join(), "polling")
        clients.append(polling)
        listeners = [("long-polling phone through nginx", polled)]
        for port in settings.app_ports:
            client, received = _phone(f"http://{HOST}:{port}", join(), "websocket")
            clients.append(client)
            listeners.append((f"phone on the app process on port {port}", received))
        text = f"Hei fra klyngesjekken {uuid.uuid4().hex[:6]}"
        ack = websocket.call("post", {"client_id": uuid.uuid4().hex, "text": text}, timeout=WAIT)
        if not ack.get("ok"):
            raise AssertionError(f"post refused: {ack}")
        print("ok: WebSocket phone through nginx posted (acknowledged)", flush=True)
        for name, received in listeners:
            if not received.wait_for(text):
                raise AssertionError(f"the {name} never got the post")
            print(f"ok: the {name} got it", flush=True)
        print(f"ok: websocket and polling through {base}, across ports {settings.app_ports}")
    finally:
        for client in clients:
            client.disconnect()
        http.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "check"], nargs="?", default="run")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "check":
        check(settings)
        return 0
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
