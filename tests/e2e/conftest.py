"""Fixtures for end-to-end tests: real server processes, an API client, socket clients.

A failing test shows the tail of every server log it started (see the report hook below).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import (
    ApiClient,
    ClientFactory,
    RecordingClient,
    ServerFactory,
    ServerProcess,
)

STARTED_SERVERS = pytest.StashKey[list[ServerProcess]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    """Attach each server's log tail to a failing setup, call or teardown report."""
    report = yield
    if report.failed:
        for server in item.stash.get(STARTED_SERVERS, []):
            report.sections.append((f"{server.name} log (tail)", server.log_tail()))
    return report


@pytest.fixture
def server_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerFactory]:
    """Make (not start) server processes; every one is stopped at teardown.

    ``server_factory(data_dir, name="a", port=None, extra_env=None)``: reuse a data dir and
    port for a restart test, or give two servers one database and a message queue.
    """
    servers: list[ServerProcess] = []
    request.node.stash[STARTED_SERVERS] = servers

    def make(
        data_dir: Path | None = None, *, name: str = "server", **options: Any
    ) -> ServerProcess:
        server = ServerProcess(
            data_dir if data_dir is not None else tmp_path / "data",
            tmp_path / f"{name}.log",
            name=name,
            **options,
        )
        servers.append(server)
        return server

    yield make
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def live_server(server_factory: ServerFactory) -> ServerProcess:
    """One running server on a fresh data dir, with a facilitator made by the CLI."""
    server = server_factory()
    server.create_facilitator()
    server.start()
    return server


@pytest.fixture
def api(live_server: ServerProcess) -> Iterator[ApiClient]:
    """An API client for ``live_server``, logged in as the facilitator."""
    client = ApiClient(live_server.url)
    client.log_in()
    yield client
    client.close()


@pytest.fixture
def socket_clients(server_factory: ServerFactory) -> Iterator[ClientFactory]:
    """Make recording Socket.IO clients; all are disconnected before any server stops.

    (Depending on ``server_factory`` makes pytest tear this fixture down first.)
    """
    clients: list[RecordingClient] = []

    def make(name: str, **options: Any) -> RecordingClient:
        client = RecordingClient(name, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.disconnect()
