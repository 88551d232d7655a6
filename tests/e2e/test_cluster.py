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
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import processes
from scripts.cluster import Settings, check
from scripts.processes import free_port
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
    env = processes.child_env(
        {
            "CLUSTER_PORT": str(settings.port),
            "CLUSTER_APP_PORTS": ",".join(map(str, settings.app_ports)),
            "CLUSTER_DIR": str(settings.directory),
            "DIALOGCAFE_DATABASE_URL": settings.database_url,
            "DIALOGCAFE_MESSAGE_QUEUE": settings.queue,
            "DIALOGCAFE_MESSAGE_QUEUE_CHANNEL": settings.channel,
        }
    )
    log = tmp_path / "cluster.log"
    cluster = processes.spawn([sys.executable, "-m", "scripts.cluster", "run"], env=env, log=log)
    try:
        processes.wait_for_port(
            settings.port, cluster, name="scripts/cluster.py", log=log, timeout=30
        )
        check(settings)
    finally:
        if cluster.poll() is None:
            cluster.send_signal(signal.SIGTERM)
        code = cluster.wait(timeout=20)
        print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
    assert code == 0
    assert not (settings.directory / "nginx.pid").exists()  # nginx stopped and cleaned up
