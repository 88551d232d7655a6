"""One load-generator process: simulated phones, a facilitator and a projector.

Started by ``bench/run.py`` (several at once for big scenarios), driven over stdin:

1. it reads a plan (JSON file, argv[1]), joins every phone it owns (app: ``POST
   /api/join/<code>``, then a Socket.IO connection with the participant token; baselines:
   a connection with ``auth {rooms, to}``) and its watchers, and prints ``READY``;
2. on ``GO <t0>`` (a ``time.monotonic()`` instant, system-wide on Linux, so every process
   posts on one clock) it posts on schedule — open loop: an emit never waits for an earlier
   ack — records every emit, ack and received ``post``, then waits ``drain`` seconds,
   writes its raw records (argv[2]) and prints ``MEASURED``;
3. on ``QUIT`` it disconnects everything and exits.

In a join storm (plan key ``storm``: seconds over which the phones arrive) nobody is joined
before ``GO``; from ``t0`` each phone arrives at its own instant and does what a scanned QR
code does (``arrive``), with each step timed.

Only raw timestamps are recorded here; ``bench/analyse.py`` merges the processes' records
and computes latencies and losses, so a table's phones may live in different processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import random
import re
import resource
import sys
import time
from typing import Any

import aiohttp
import socketio

now = time.monotonic
CONNECT_TIMEOUT = 90.0  # seconds for all of a load generator's phones to join
# What a browser fetches for a page: its stylesheets, scripts and preloaded modules.
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)
BROWSER_CONNECTIONS = 6  # per server, in every common browser
TEXT = "Gode naboer, lys i trappa og en dør som låser er det som gjør et hjem trygt for meg. "


class Load:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.app = plan["target"] == "app"
        self.clients: dict[int, socketio.AsyncClient] = {}
        self.joins: list[list[Any]] = []
        self.sends: list[list[Any]] = []
        self.recvs: list[list[Any]] = []
        self.disconnects: list[list[Any]] = []
        self.errors: list[str] = []
        self.pending: set[asyncio.Task[None]] = set()
        self.measuring = False
        self.http: aiohttp.ClientSession | None = None
        self.seq = 0
        self.arrivals: list[
            list[Any]
        ] = []  # storm: [idx, ok, t_arrive, page, join, connect, state]

    # --- connecting ---------------------------------------------------------------------

    def _client(self, idx: int) -> socketio.AsyncClient:
        client = socketio.AsyncClient(
            reconnection=False, handle_sigint=False, http_session=self.http, request_timeout=60
        )

        def on_post(data: Any) -> None:
            self.recvs.append(
                [idx, data.get("client_id") if isinstance(data, dict) else None, now()]
            )

        def on_disconnect(reason: Any = None) -> None:
            if self.measuring:
                self.disconnects.append([idx, now(), str(reason)])

        client.on("post", on_post)
        client.on("disconnect", on_disconnect)
        return client

    async def _connect(self, idx: int, url: str, auth: dict[str, Any], t0: float) -> float:
        client = self._client(idx)
        got_state = asyncio.Event()
        client.on("state", lambda _data: got_state.set())
        await client.connect(url, auth=auth, transports=["websocket"], wait_timeout=60)
        await asyncio.wait_for(got_state.wait(), 60)
        self.clients[idx] = client
        return now() - t0

    async def _join_phone(self, phone: dict[str, Any], gate: asyncio.Semaphore) -> None:
        async with gate:
            t0 = now()
            try:
                if self.app:
                    assert self.http is not None
                    async with self.http.post(
                        f"{phone['url']}/api/join/{phone['join_code']}",
                        json={"table": phone["table"], "nickname": f"Telefon {phone['idx']}"},
                    ) as response:
                        body = await response.json()
                        if response.status != 201:
                            raise RuntimeError(f"join {response.status}: {body}")
                    t_http = now() - t0
                    auth = {"token": body["participant"]["token"]}
                else:
                    t_http = 0.0
                    auth = {"rooms": phone["rooms"], "to": phone["to"], "role": "participant"}
                total = await self._connect(phone["idx"], phone["url"], auth, t0)
                self.joins.append([phone["idx"], t_http, total, True])
            except Exception as exc:  # recorded, the run goes on and reports it
                self.joins.append([phone["idx"], None, None, False])
                self.errors.append(f"phone {phone['idx']} join: {exc!r}")

    async def _join_watcher(self, watcher: dict[str, Any]) -> None:
        t0 = now()
        try:
            if self.app:
                auth = {"session": watcher["session_id"], "token": watcher["token"]}
            else:
                auth = {"rooms": watcher["rooms"], "to": [], "role": watcher["role"]}
            await self._connect(watcher["idx"], watcher["url"], auth, t0)
        except Exception as exc:
            self.errors.append(f"watcher {watcher['idx']} connect: {exc!r}")

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(self.plan.get("connect_concurrency", 40))
        await asyncio.gather(*(self._join_watcher(w) for w in self.plan["watchers"]))
        # A server that cannot take every phone (threading mode has a thread per open
        # WebSocket) must not stall the run: whoever is not in after the deadline is
        # reported as not connected, and the rest post.
        joins = [asyncio.ensure_future(self._join_phone(p, gate)) for p in self.plan["phones"]]
        if not joins:
            return
        timeout = self.plan.get("connect_timeout", CONNECT_TIMEOUT)
        _done, late = await asyncio.wait(joins, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            self.errors.append(f"{len(late)} phones not connected after {timeout} s")
            await asyncio.gather(*late, return_exceptions=True)

    # --- a join storm ---------------------------------------------------------------------

    async def _page(self, browser: aiohttp.ClientSession, response: Any, seen: set[str]) -> str:
        """A page's HTML and every asset it names that this phone has not fetched yet."""
        html = await response.text()
        if response.status != 200:
            raise RuntimeError(f"{response.url.path} answered {response.status}")
        wanted = [a for a in dict.fromkeys(ASSET.findall(html)) if a not in seen]
        seen.update(wanted)
        base = f"{response.url.scheme}://{response.url.host}:{response.url.port}"

        async def fetch(path: str) -> None:
            async with browser.get(base + path) as asset:
                await asset.read()
                if asset.status != 200:
                    raise RuntimeError(f"{path} answered {asset.status}")

        await asyncio.gather(*(fetch(a) for a in wanted))
        return html

    async def arrive(self, phone: dict[str, Any], at: float) -> None:
        """One phone scans the QR code at ``at``: the join page and its assets, the join form
        (then the table page and its assets), the socket, the first ``state``."""
        await asyncio.sleep(max(0.0, at - now()))
        steps: list[float | None] = [None, None, None, None]
        t = now()
        try:
            if self.app:
                assert self.http is not None
                # A browser of its own: its cookies (the seat, the CSRF token), its cache,
                # and at most 6 connections to the server, as browsers open.
                jar = aiohttp.CookieJar(unsafe=True)  # unsafe: cookies for an IP address
                connector = aiohttp.TCPConnector(limit_per_host=BROWSER_CONNECTIONS)
                async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as browser:
                    seen: set[str] = set()
                    url = f"{phone['url']}/j/{phone['join_code']}"
                    async with browser.get(url) as response:
                        html = await self._page(browser, response, seen)
                    steps[0], t = now() - t, now()
                    match = CSRF.search(html)
                    form = {
                        "table": str(phone["table"]),
                        "nickname": f"Telefon {phone['idx']}",
                        "csrf_token": match.group(1) if match else "",
                    }
                    async with browser.post(url, data=form) as response:
                        html = await self._page(browser, response, seen)
                    data = PAGE_DATA.search(html)
                    if data is None:
                        raise RuntimeError("the table page has no page data")
                    auth = {"token": json.loads(data.group(1))["token"]}
                    steps[1], t = now() - t, now()
            else:
                auth = {"rooms": phone["rooms"], "to": phone["to"], "role": "participant"}
            client = self._client(phone["idx"])
            got_state = asyncio.Event()
            client.on("state", lambda _data: got_state.set())
            await client.connect(phone["url"], auth=auth, transports=["websocket"], wait_timeout=60)
            steps[2], t = now() - t, now()
            await asyncio.wait_for(got_state.wait(), 60)
            steps[3] = now() - t
            self.clients[phone["idx"]] = client
            self.arrivals.append([phone["idx"], True, at, *steps])
        except Exception as exc:  # recorded, the storm goes on and reports it
            self.arrivals.append([phone["idx"], False, at, *steps])
            self.errors.append(f"phone {phone['idx']} arrival: {exc!r}")

    async def storm(self, t0: float) -> None:
        """Every phone arrives once, evenly spread over the storm's seconds in a shuffled
        order, so each load generator's phones arrive throughout the window."""
        phones = self.plan["phones"]
        window = float(self.plan["storm"])
        total = max(1, self.plan.get("storm_total", len(phones)))
        await asyncio.gather(
            *(self.arrive(p, t0 + window * (p["arrival"] / total)) for p in phones)
        )

    # --- posting ------------------------------------------------------------------------

    async def _post(self, idx: int, seq: int, phase: int, t_sched: float) -> None:
        client = self.clients[idx]
        client_id = f"p{idx}-{seq}-{random.getrandbits(32):08x}"
        record = [idx, client_id, phase, t_sched, now(), None, False]
        self.sends.append(record)
        try:
            ack = await client.call(
                "post", {"client_id": client_id, "text": TEXT + client_id}, timeout=60
            )
            record[5] = now()
            record[6] = bool(isinstance(ack, dict) and ack.get("ok"))
            if not record[6]:
                self.errors.append(f"post {client_id} refused: {ack!r}")
        except Exception as exc:
            self.errors.append(f"post {client_id}: {exc!r}")

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def post_all(self, t0: float) -> None:
        phones = [p["idx"] for p in self.plan["phones"] if p["idx"] in self.clients]
        rng = random.Random(self.plan.get("seed", 1) + self.seq)
        self.measuring = True
        seq = self.seq
        await asyncio.sleep(max(0.0, t0 - now()))
        if not phones:
            # Nobody here posts (none connected), but the watchers here must listen for
            # as long as the others post.
            await asyncio.sleep(sum(step["duration"] for step in self.plan["phases"]))
        elif self.plan.get("burst"):
            # Every phone posts ``burst`` inputs at the same instant (one emit each, in turn).
            for round_ in range(self.plan["burst"]):
                for idx in phones:
                    seq += 1
                    self._spawn(self._post(idx, seq, round_, t0))
        else:
            start = t0
            for phase, step in enumerate(self.plan["phases"]):
                rate = step["rate"] * self.plan["share"]
                count = round(rate * step["duration"])
                order: list[int] = []
                for k in range(count):
                    if not order:
                        order = phones[:]
                        rng.shuffle(order)
                    t_sched = start + k / rate
                    delay = t_sched - now()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    seq += 1
                    self._spawn(self._post(order.pop(), seq, phase, t_sched))
                start += step["duration"]
        # Drain: wait for the acks, then a fixed time for the last fan-outs to arrive.
        deadline = now() + 60
        while self.pending and now() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(self.plan.get("drain", 2.0))
        self.measuring = False
        self.seq = seq

    async def disconnect_all(self) -> None:
        gate = asyncio.Semaphore(100)

        async def one(client: socketio.AsyncClient) -> None:
            async with gate:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(client.disconnect(), 10)

        await asyncio.gather(*(one(c) for c in self.clients.values()))


async def main(plan_path: str, out_path: str) -> None:
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    loop = asyncio.get_running_loop()
    load = Load(plan)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as http:
        load.http = http
        t_start = now()
        if "storm" not in plan:
            await load.connect_all()
        connect_wall = now() - t_start
        gc.collect()
        gc.freeze()  # fewer long collections while measuring
        print(f"READY {len(load.clients)} {connect_wall:.3f}", flush=True)
        measured = 0
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line.startswith("GO"):
                break  # QUIT or EOF
            _, t0, phases = line.split(" ", 2)
            load.plan.update(json.loads(phases))
            cpu0 = resource.getrusage(resource.RUSAGE_SELF)
            if "storm" in load.plan:
                load.measuring = True
                await load.storm(float(t0))
                load.measuring = False
            else:
                await load.post_all(float(t0))
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            result = {
                "pid": os.getpid(),
                "connect_wall": connect_wall,
                "joins": load.joins,
                "arrivals": load.arrivals,
                "sends": load.sends,
                "recvs": load.recvs,
                "disconnects": load.disconnects,
                "errors": load.errors[:200],
                "error_count": len(load.errors),
                "cpu_seconds": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
            }
            with open(f"{out_path}.{measured}", "w", encoding="utf-8") as handle:
                json.dump(result, handle)
            measured += 1
            load.sends, load.recvs, load.disconnects, load.errors = [], [], [], []
            print("MEASURED", flush=True)
        await load.disconnect_all()


if __name__ == "__main__":
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main(sys.argv[1], sys.argv[2]))
