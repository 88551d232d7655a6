"""The CPU cost of one input on the server, without sockets or load generators.

Scenario (f) of the load benchmark is bound by the server's CPU per input (the process
holds one core: the event loop and the database worker share the GIL). This measures that
cost alone, repeatably, so a change to the posting path can be judged in seconds:

    .venv/bin/python -m bench.post_path            # 2,000 inputs, prints µs per input
    .venv/bin/python -m bench.post_path --profile  # and the top of a cProfile

It drives the real ``post`` handler through Flask-SocketIO's test client (threading mode,
so the transaction runs inline), on a SQLite file in a temporary directory: 25 tables of 8
phones, round 1 running, every phone posting in turn. The fan-out goes to rooms nobody in
this process listens to, so sending is not counted (the load benchmark counts it).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.inprocess import TABLES, build_cafe

PHONES = 200


def _build(data: Path) -> tuple[Any, list[Any]]:
    from dialogcafe.extensions import socketio

    app, http, cafe, bearer = build_cafe(data)
    phones = []
    for idx in range(PHONES):
        joined = http.post(
            f"/api/join/{cafe['join_code']}", json={"table": idx % TABLES + 1}
        ).get_json()
        phones.append(joined["participant"]["token"])
    http.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer)
    clients = [
        socketio.test_client(app, auth={"token": token}, flask_test_client=http) for token in phones
    ]
    for client in clients:
        client.get_received()
    return app, clients


def _post_all(clients: list[Any], count: int, start: int) -> None:
    text = "Gode naboer, lys i trappa og en dør som låser er det som gjør et hjem trygt. "
    for n in range(start, start + count):
        ack = clients[n % len(clients)].emit(
            "post", {"client_id": f"bench-{n:08d}", "text": text + str(n)}, callback=True
        )
        if not ack.get("ok"):
            raise SystemExit(f"input {n} refused: {ack}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=2_000)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        _app, clients = _build(Path(scratch))
        _post_all(clients, 200, 0)  # warm caches (compiled statements, templates)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        _post_all(clients, args.inputs, 200)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        print(
            f"{args.inputs} inputs: {cpu / args.inputs * 1e6:.0f} µs CPU per input "
            f"({wall / args.inputs * 1e6:.0f} µs wall)"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(_post_all, clients, args.inputs, 200 + args.inputs)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        for client in clients:
            client.disconnect()


if __name__ == "__main__":
    main()
