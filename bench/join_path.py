"""The CPU cost of one arriving phone on the server, without sockets or load generators.

The join storm (scenario ``storm``) is bound by the server's CPU per arriving phone. This
measures that cost alone, step by step, so a change to the joining path can be judged in
seconds:

    .venv/bin/python -m bench.join_path            # 200 phones, the median's ms per step
    .venv/bin/python -m bench.join_path --profile  # and the top of a cProfile

Each phone is a browser of its own (a Flask test client with its own cookies): it loads
the join page, sends the join form, follows it to the table page and connects its socket
(Flask-SocketIO's test client, which gets ``state``), as in the storm but without the
static files (served from memory, see ``web/assets.py``). Threading mode, so the
transactions run inline and are counted; one café of 25 tables on a SQLite file.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.inprocess import TABLES, build_cafe

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)
STEPS = ("join page", "join form", "table page", "socket state")


def _arrive(app: Any, code: str, idx: int, cpu: dict[str, list[float]], sockets: list[Any]) -> None:
    """One phone from scan to ``state``; the CPU time of each step appended to ``cpu``."""
    from dialogcafe.extensions import socketio

    browser = app.test_client()
    url = f"/j/{code}"
    mark = time.process_time()

    def step(name: str) -> None:
        nonlocal mark
        cpu[name].append(time.process_time() - mark)
        mark = time.process_time()

    page = browser.get(url)
    assert page.status_code == 200, page.status_code
    step("join page")
    match = CSRF.search(page.get_data(as_text=True))
    form = {
        "table": str(idx % TABLES + 1),
        "nickname": f"Telefon {idx}",
        "csrf_token": match.group(1) if match else "",
    }
    joined = browser.post(url, data=form)
    assert joined.status_code in (302, 303), joined.status_code
    step("join form")
    table = browser.get(joined.headers["Location"])
    assert table.status_code == 200, table.status_code
    step("table page")
    data = PAGE_DATA.search(table.get_data(as_text=True))
    assert data is not None
    client = socketio.test_client(
        app, auth={"token": json.loads(data.group(1))["token"]}, flask_test_client=browser
    )
    received = client.get_received()
    assert any(r["name"] == "state" for r in received), received
    step("socket state")
    sockets.append(client)


def _arrive_all(
    app: Any, code: str, first: int, count: int, cpu: dict[str, list[float]]
) -> list[Any]:
    sockets: list[Any] = []
    for idx in range(first, first + count):
        _arrive(app, code, idx, cpu, sockets)
    return sockets


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    parser.add_argument("--top", type=int, default=60, help="lines of the profile")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (tottime, ...)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        app, http, cafe, bearer = build_cafe(Path(scratch))
        http.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer)
        code = cafe["join_code"]
        warm: dict[str, list[float]] = defaultdict(list)
        sockets = _arrive_all(app, code, 0, 20, warm)  # compiled statements, templates
        cpu: dict[str, list[float]] = defaultdict(list)
        if args.profile:
            profile = cProfile.Profile()
            sockets += profile.runcall(_arrive_all, app, code, 20, args.phones, cpu)
        else:
            sockets += _arrive_all(app, code, 20, args.phones, cpu)
        # The median phone: a shared machine's stolen time only ever adds to some steps.
        medians = {name: statistics.median(cpu[name]) for name in STEPS}
        print(f"{args.phones} phones, median: {sum(medians.values()) * 1e3:.2f} ms CPU per phone")
        for name in STEPS:
            print(f"  {name:13s} {medians[name] * 1e3:6.2f} ms")
        if args.profile:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
        for client in sockets:
            client.disconnect()


if __name__ == "__main__":
    main()
