"""The soak: a café of 300 phones posting, liking and reconnecting for half an hour while
the fuzzer (``bench/fuzz.py``) attacks the same server. ``make soak`` runs it.

Phones behave as the real ones do (``static/js/core/outbox.js``): an input keeps its client id
until an ``ok`` ack, and is sent again after ``retry_after`` when the server says it is
too fast or unavailable. At the end the run checks what issue 11 asks of it:

* every event a phone sent was acknowledged (``unacked`` is 0);
* the server log holds no traceback;
* every input acknowledged as stored is in the café's export, once;
* memory stays flat: the server's RSS is sampled every ``--sample`` seconds, and the
  report compares the first and last fifth of the run after the hall has joined.

It prints a summary and writes ``bench/results/soak-<label>.{md,json}``.

    .venv/bin/python -m bench.soak --minutes 30 --phones 300
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import socketio

from bench import fuzz, servers

RESULTS = servers.REPO / "bench" / "results"
ACK_TIMEOUT = 20.0
FUZZ_ROUND = 60.0  # seconds per fuzz round (a new seed each)
FUZZ_EMAIL, FUZZ_PASSWORD = "fuzz@example.no", "fuzz password 123"


@dataclass
class Tally:
    """What the phones saw, summed over the hall."""

    sent: int = 0
    acked: int = 0
    unacked: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)
    stored: dict[str, str] = field(default_factory=dict)  # client id -> text, ok-acked
    reconnects: int = 0
    connect_failures: int = 0

    def count(self, code: str) -> None:
        self.codes[code] = self.codes.get(code, 0) + 1


class Phone:
    """One participant's phone: an outbox, posts at a person's pace, likes, reconnects."""

    def __init__(self, index: int, url: str, token: str, tally: Tally, rng: random.Random):
        self.index, self.url, self.token, self.tally, self.rng = index, url, token, tally, rng
        self.outbox: dict[str, str] = {}
        self.written = 0
        self.seen_posts: list[int] = []
        self.client: socketio.AsyncClient | None = None

    async def connect(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("post", self._on_post)
        self.client.on("state", self._on_state)
        try:
            await self.client.connect(
                self.url, auth={"token": self.token}, transports=["websocket"], wait_timeout=30
            )
        except socketio.exceptions.ConnectionError:
            self.tally.connect_failures += 1
            self.client = None

    async def _on_post(self, data: Any) -> None:
        post = data.get("post", data) if isinstance(data, dict) else None
        if isinstance(post, dict) and isinstance(post.get("id"), int):
            self.seen_posts = [*self.seen_posts[-50:], post["id"]]

    async def _on_state(self, data: Any) -> None:
        posts = data.get("posts", []) if isinstance(data, dict) else []
        ids = [p["id"] for p in posts if isinstance(p, dict) and isinstance(p.get("id"), int)]
        self.seen_posts = ids[-50:]

    async def call(self, event: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if self.client is None or not self.client.connected:
            return None
        self.tally.sent += 1
        try:
            ack = await self.client.call(event, data, timeout=ACK_TIMEOUT)
        except socketio.exceptions.TimeoutError:
            if self.client.connected:
                self.tally.unacked.append(f"phone {self.index} {event}")
            else:  # the connection dropped under it: the outbox sends it again
                self.tally.sent -= 1
            return None
        except socketio.exceptions.SocketIOError:
            self.tally.sent -= 1
            return None
        self.tally.acked += 1
        if isinstance(ack, dict):
            self.tally.count("ok" if ack.get("ok") else str(ack.get("code")))
            return ack
        self.tally.count("non-dict")
        return None

    async def flush(self) -> float:
        """Send the outbox oldest first; the seconds to wait before the next try."""
        for client_id, text in list(self.outbox.items()):
            ack = await self.call("post", {"client_id": client_id, "text": text})
            if ack is None:
                return 2.0
            if ack.get("ok"):
                self.tally.stored[client_id] = ack["post"]["text"]
                self.outbox.pop(client_id)
                continue
            if ack.get("code") in {"rate_limited", "sending_too_fast", "unavailable"}:
                return float(ack.get("retry_after") or 2)
            self.outbox.pop(client_id)  # refused for good (e.g. harvest): not stored
        return 0.0

    async def live(self, until: float, post_every: float) -> None:
        await self.connect()
        while time.monotonic() < until:
            roll = self.rng.random()
            if self.client is None or not self.client.connected or roll < 0.004:
                if self.client is not None:
                    await self.client.disconnect()
                self.tally.reconnects += 1
                await self.connect()
            elif roll < 0.5:
                self.written += 1
                self.outbox[str(uuid.uuid4())] = f"Telefon {self.index}: innspill {self.written} ✓"
            elif roll < 0.75 and self.seen_posts:
                await self.call(
                    "like",
                    {"post_id": self.rng.choice(self.seen_posts), "liked": self.rng.random() < 0.7},
                )
            wait = await self.flush()
            await asyncio.sleep(max(wait, self.rng.uniform(0.5, 1.5) * post_every))
        while self.outbox and self.client is not None and self.client.connected:
            wait = await self.flush()
            if self.outbox:
                await asyncio.sleep(max(wait, 1.0))
        if self.client is not None:
            await self.client.disconnect()


async def run_hall(urls: list[str], tokens: list[str], seconds: float, post_every: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    phones = [
        Phone(i, urls[i % len(urls)], token, tally, random.Random(i))
        for i, token in enumerate(tokens)
    ]
    await asyncio.gather(*(phone.live(until, post_every) for phone in phones))
    return tally


def exported_posts(export: dict[str, Any]) -> list[str]:
    """The text of every input in an ``export.json``, once per input (its ``ranking``
    repeats the most-liked ones, so only ``tables[].rounds[].inputs[]`` is counted)."""
    return [
        item["text"]
        for table in export.get("tables", [])
        for section in table.get("rounds", [])
        for item in section.get("inputs", [])
    ]


def soak(args: argparse.Namespace) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="dialogcafe-soak-"))
    servers.raise_nofile()
    target = servers.start_app("soak", scratch)
    sampler = servers.Sampler(target.pids, interval=args.sample).start()
    try:
        base = target.urls[0]
        servers.create_facilitator(
            servers.clean_env(
                {"DIALOGCAFE_DATA_DIR": str(scratch / "soak-data"), "DIALOGCAFE_SECRET_KEY": "x"}
            ),
            FUZZ_EMAIL,
            FUZZ_PASSWORD,
        )
        tables = min(servers.MAX_TABLES, max(1, args.phones // 10))
        cafe = servers.api(
            base,
            "POST",
            "/api/sessions",
            {
                "title": "Soak",
                "tables": tables,
                "topics": [f"Spørsmål {t + 1}?" for t in range(tables)],
                "rounds": 3,
                "round_minutes": 180,
            },
            target.token,
        )
        servers.api(base, "POST", f"/api/sessions/{cafe['id']}/rounds/next", None, target.token)
        tokens = [
            servers.api(
                base,
                "POST",
                f"/api/join/{cafe['join_code']}",
                {"table": 1 + i % tables, "nickname": f"Telefon {i}"},
            )["participant"]["token"]
            for i in range(args.phones)
        ]
        fuzz_target = fuzz.prepare_target(
            base,
            fuzz_login=(FUZZ_EMAIL, FUZZ_PASSWORD),
            foreign_session=cafe,
            scratch_dir=scratch / "surface",
        )
        seconds = args.minutes * 60
        findings: list[fuzz.Findings] = []

        def fuzz_for_the_whole_run() -> None:
            """Rounds of a minute at ``--fuzz-rate`` requests and events a second each."""
            round_no, began = 0, time.monotonic()
            while (now := time.monotonic()) < began + seconds:
                window = min(FUZZ_ROUND, began + seconds - now)
                findings.append(
                    fuzz.run(
                        fuzz_target,
                        seed=args.seed + round_no,
                        seconds=window,
                        http_requests=int(args.fuzz_rate * window),
                        socket_events=int(args.fuzz_rate * window),
                        sockets=2,
                    )
                )
                round_no += 1
                time.sleep(max(0.0, now + window - time.monotonic()))

        fuzzer = threading.Thread(target=fuzz_for_the_whole_run)
        fuzzer.start()
        tally = asyncio.run(run_hall(target.urls, tokens, seconds, args.post_every))
        fuzzer.join()
        export = servers.api(
            base, "GET", f"/api/sessions/{cafe['id']}/export.json", None, target.token
        )
    finally:
        sampler.stop()
        target.stop()
    log_text = "\n".join(path.read_text(errors="replace") for path in scratch.glob("soak-*.log"))
    exported = Counter(exported_posts(export))
    missing = [cid for cid, text in tally.stored.items() if exported[text] == 0]
    duplicated = [text for text in set(tally.stored.values()) if exported[text] > 1]
    fuzz_errors = sum(len(f.server_errors) for f in findings)
    fuzz_unacked = sum(len(f.missing_acks) for f in findings)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "minutes": args.minutes,
        "phones": args.phones,
        "events_sent": tally.sent,
        "events_acked": tally.acked,
        "unacked": len(tally.unacked),
        "ack_codes": tally.codes,
        "inputs_stored": len(tally.stored),
        "inputs_missing_from_export": len(missing),
        "inputs_duplicated_in_export": len(duplicated),
        "reconnects": tally.reconnects,
        "connect_failures": tally.connect_failures,
        "fuzz_http_requests": sum(sum(f.http_statuses.values()) for f in findings),
        "fuzz_events": sum(f.events_sent for f in findings),
        "fuzz_server_errors": fuzz_errors,
        "fuzz_unacked": fuzz_unacked,
        "tracebacks_in_log": log_text.count("Traceback"),
        "tracebacks": _tracebacks(log_text),
        "memory": memory_summary(sampler.samples),
    }
    if passed(result):
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        result["kept"] = str(scratch)  # the server's log and database, for a post-mortem
    return result


def _tracebacks(log_text: str, most: int = 3) -> list[str]:
    """The first few tracebacks in the server's log, each up to its exception line."""
    found = []
    for chunk in log_text.split("Traceback (most recent call last):")[1 : most + 1]:
        lines = chunk.strip("\n").splitlines()
        end = next((i for i, line in enumerate(lines) if not line.startswith(" ")), len(lines))
        found.append("\n".join(lines[max(0, end - 6) : end + 1]))
    return found


def memory_summary(samples: list[tuple[float, float, int]]) -> dict[str, Any]:
    """RSS (MiB) over the run: the median of each fifth (the first includes the hall
    joining and the caches filling), the peak, and the growth from the second fifth to
    the last, which is what "flat" is judged by."""
    rss = [sample[-1] / 2**20 for sample in samples]
    if len(rss) < 5:
        return {"samples": len(rss)}
    fifth = len(rss) // 5
    medians = [round(statistics.median(rss[n * fifth : (n + 1) * fifth]), 1) for n in range(5)]
    return {
        "samples": len(rss),
        "fifths_mib": medians,
        "peak_mib": round(max(rss), 1),
        "growth_after_warmup_percent": round(100 * (medians[4] - medians[1]) / medians[1], 1),
    }


def passed(result: dict[str, Any]) -> bool:
    return (
        result["unacked"] == 0
        and result["fuzz_unacked"] == 0
        and result["fuzz_server_errors"] == 0
        and result["tracebacks_in_log"] == 0
        and result["inputs_missing_from_export"] == 0
        and result["inputs_duplicated_in_export"] == 0
    )


def _cell(value: Any) -> str:
    """A value as one Markdown table cell (nested values as JSON on one line)."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).replace("|", "\\|").replace("\\n", " ")
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--post-every", type=float, default=20.0, help="seconds, per phone")
    parser.add_argument("--fuzz-rate", type=int, default=20, help="fuzzed requests per second")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between RSS reads")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--label", default="latest")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = soak(args)
    result["passed"] = passed(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"soak-{args.label}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# Soak {args.label}", "", "| measure | value |", "| --- | --- |"]
    lines += [f"| {key} | {_cell(value)} |" for key, value in result.items()]
    (args.out / f"soak-{args.label}.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(result, indent=2))
    raise SystemExit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
