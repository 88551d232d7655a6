"""``make cluster`` really serves: nginx in front of two app processes, both transports.

Runs ``scripts/cluster.py run`` on free ports with a fresh PostgreSQL database and a
Redis channel of its own, then its ``check``: phones through nginx on WebSocket and on
long-polling, and one on each app process, all get an input posted through nginx. Then
SIGTERM stops the script, and it stops what it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.cluster import Settings, check, wait_for_port
from tests.e2e.support import REPO_ROOT, free_port
from tests.postgres import fresh_database

pytestmark = pytest.mark.e2e


@pytest.fixture
def nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs it)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    with fresh_database("cluster") as url:
        yield Settings(
            port=free_port(),
            app_ports=[free_port(), free_port()],
            directory=tmp_path / "cluster",
            database_url=url,
            queue="redis://127.0.0.1:6379/0",
            channel=f"dialogcafe-test-{uuid.uuid4().hex}",
        )


def test_make_cluster_serves_both_transports_through_nginx(
    nginx: str, settings: Settings, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOGCAFE_")}
    env.update(
        CLUSTER_PORT=str(settings.port),
        CLUSTER_APP_PORTS=",".join(map(str, settings.app_ports)),
        CLUSTER_DIR=str(settings.directory),
        DIALOGCAFE_DATABASE_URL=settings.database_url,
        DIALOGCAFE_MESSAGE_QUEUE=settings.queue,
        DIALOGCAFE_MESSAGE_QUEUE_CHANNEL=settings.channel,
    )
    env.pop("PYTHONWARNINGS", None)
    with (tmp_path / "cluster.log").open("wb") as log:
        cluster = subprocess.Popen(
            [sys.executable, "-m", "scripts.cluster", "run"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(settings.port, cluster, "scripts/cluster.py")
        check(settings)
    finally:
        if cluster.poll() is None:
            cluster.send_signal(signal.SIGTERM)
        code = cluster.wait(timeout=20)
        print((tmp_path / "cluster.log").read_text(encoding="utf-8", errors="replace")[-3000:])
    assert code == 0
    assert not (settings.directory / "nginx.pid").exists()  # nginx stopped and cleaned up
