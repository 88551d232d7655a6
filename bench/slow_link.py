"""A phone on a bad connection: bytes and seconds from scanning the code to a usable phone.

    .venv/bin/python -m bench.slow_link                 # prints a Markdown report
    .venv/bin/python -m bench.slow_link --out bench/results/slow-link.md --offline 30

Chromium (Debian's, headless) on Chromium's network emulation: 400 kbit/s each way and a
400 ms round trip, a fresh phone with an empty cache. It opens the join link (the QR
code), taps Join, and is ready when the question is shown and the page's scripts are wired
(Send works from then on: the outbox keeps an input until the connection sends it); the
connection is live a moment later. Counted: every byte the network
carried (compressed, headers included, as Chromium reports it) for the join page and for
the phone page until usable. Then the phone goes offline for ``--offline`` seconds, an
input is written and sent into the outbox, the link comes back, and the time until the
connection is live and the input stored is measured; the server is asked that it holds it
exactly once. Human time (reading, tapping) is not counted: each step starts at the tap.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import CDPSession, Page, sync_playwright

from bench import servers

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
KBIT = 1000 / 8  # bytes per second in one kbit/s
SLOW_LINK = {"latency": 400, "downloadThroughput": 400 * KBIT, "uploadThroughput": 400 * KBIT}
BUDGET_BYTES = 100 * 1024
READY = "body[data-ready]"  # the page's scripts are wired: Send works (via the outbox)
USABLE = "[data-connection].is-live"


@dataclass
class Traffic:
    """Bytes the emulated network carried, per request, from Chromium's DevTools events."""

    sizes: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    def listen(self, cdp: CDPSession) -> None:
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def total(self) -> int:
        return sum(self.sizes.values())

    def reset(self) -> None:
        self.sizes.clear()


def _timed(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def _link(cdp: CDPSession, *, offline: bool) -> None:
    cdp.send("Network.emulateNetworkConditions", {"offline": offline, **SLOW_LINK})


def _cafe(target: servers.Target) -> dict[str, Any]:
    base = target.urls[0]
    created = servers.api(
        base,
        "POST",
        "/api/sessions",
        {
            "title": "Treg linje",
            "tables": 4,
            "topics": ["Hva gjør et hjem trygt?", "Hva trenger du fra naboene?"],
            "rounds": 2,
            "round_minutes": 30,
        },
        target.token,
    )
    servers.api(base, "POST", f"/api/sessions/{created['id']}/rounds/next", None, target.token)
    return {"id": created["id"], "code": created["join_code"], "base": base}


def _stored_texts(target: servers.Target, session_id: int) -> list[str]:
    summary = servers.api(
        target.urls[0], "GET", f"/api/sessions/{session_id}/export.json", None, target.token
    )
    return [
        post["text"]
        for table in summary["tables"]
        for section in table["rounds"]
        for post in section["inputs"]
    ]


def measure(offline_seconds: float) -> dict[str, Any]:
    """Run the phone once; the figures for the report."""
    scratch = Path(tempfile.mkdtemp(prefix="dialogcafe-slow-link-"))
    target = servers.start_app("app", scratch)
    try:
        cafe = _cafe(target)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, locale="nb-NO", is_mobile=True
            )
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            traffic = Traffic()
            traffic.listen(cdp)
            _link(cdp, offline=False)
            figures = _first_visit(page, traffic, cafe)
            figures.update(_reload(page, traffic))
            figures.update(_back_online(page, cdp, offline_seconds))
            browser.close()
        text = figures.pop("text")
        figures["stored_once"] = _stored_texts(target, cafe["id"]).count(text) == 1
        figures["offline_seconds"] = offline_seconds
        return figures
    finally:
        for process in target.processes:
            servers.stop(process)


def _first_visit(page: Page, traffic: Traffic, cafe: dict[str, Any]) -> dict[str, Any]:
    join_time = _timed(lambda: _open_join_page(page, cafe))
    join_bytes = traffic.total()
    traffic.reset()
    started = time.perf_counter()
    page.get_by_role("button", name="Bli med").click()
    page.locator("[data-topic]").wait_for()
    page.locator(READY).wait_for(state="attached")
    ready_time = time.perf_counter() - started
    page.locator(USABLE).wait_for()
    usable_time = time.perf_counter() - started
    page.wait_for_load_state("networkidle")  # count the preloads the page did not wait for
    return {
        "join_page_s": join_time,
        "join_page_bytes": join_bytes,
        "phone_ready_s": ready_time,
        "phone_usable_s": usable_time,
        "phone_page_bytes": traffic.total(),
        "phone_requests": len(traffic.sizes),
    }


def _open_join_page(page: Page, cafe: dict[str, Any]) -> None:
    page.goto(f"{cafe['base']}/j/{cafe['code']}", wait_until="commit")
    page.get_by_role("button", name="Bli med").wait_for()


def _reload(page: Page, traffic: Traffic) -> dict[str, Any]:
    traffic.reset()
    seconds = _timed(lambda: (page.reload(wait_until="commit"), page.locator(USABLE).wait_for()))
    return {"reload_usable_s": seconds, "reload_bytes": traffic.total()}


def _back_online(page: Page, cdp: CDPSession, offline_seconds: float) -> dict[str, Any]:
    text = f"Skrevet uten nett {time.time_ns()}"
    _link(cdp, offline=True)
    page.locator("[data-connection].is-offline").wait_for(timeout=60_000)
    page.fill("#text", text)
    page.get_by_role("button", name="Send").click()
    page.locator(".is-pending").wait_for()
    time.sleep(max(0.0, offline_seconds - 1))  # the phone is away; nothing to await
    started = time.perf_counter()
    _link(cdp, offline=False)
    page.locator(USABLE).wait_for(timeout=60_000)
    live = time.perf_counter() - started
    page.locator(".is-pending").wait_for(state="detached", timeout=60_000)
    return {
        "reconnect_live_s": live,
        "reconnect_stored_s": time.perf_counter() - started,
        "text": text,
    }


def report(figures: dict[str, Any]) -> str:
    """The Markdown report with the targets beside the figures."""
    ready = figures["phone_ready_s"]
    weight = figures["phone_page_bytes"]
    rows = [
        ("Join page shown (from opening the link)", f"{figures['join_page_s']:.2f} s", ""),
        ("Join page bytes", f"{figures['join_page_bytes'] / 1024:.1f} KiB", ""),
        ("Question shown and Send works, after tapping Join", f"{ready:.2f} s", "under 3 s"),
        ("…and the connection live", f"{figures['phone_usable_s']:.2f} s", ""),
        ("Phone page bytes until usable", f"{weight / 1024:.1f} KiB", "under 100 KB"),
        ("Phone page requests", str(figures["phone_requests"]), ""),
        ("Reload, usable (cache warm)", f"{figures['reload_usable_s']:.2f} s", ""),
        ("Reload bytes", f"{figures['reload_bytes'] / 1024:.1f} KiB", ""),
        (
            f"Back after {figures['offline_seconds']:.0f} s offline: live",
            f"{figures['reconnect_live_s']:.2f} s",
            "under 2 s",
        ),
        ("…and the input written offline stored", f"{figures['reconnect_stored_s']:.2f} s", ""),
        ("Input stored exactly once", "yes" if figures["stored_once"] else "NO", "yes"),
    ]
    lines = [
        "Slow link: 400 kbit/s each way, 400 ms round trip (Chromium network emulation).",
        "",
        "| step | measured | target |",
        "| --- | ---: | --- |",
        *[f"| {step} | {value} | {goal} |" for step, value, goal in rows],
    ]
    verdict = ready < 3 and weight < BUDGET_BYTES and figures["reconnect_live_s"] < 2
    lines += ["", f"Within the targets: {'yes' if verdict and figures['stored_once'] else 'no'}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline", type=float, default=30.0, help="seconds offline")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    text = report(measure(args.offline))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
