"""Take phone- and projector-sized screenshots of the main pages (``make screenshots``).

Starts the real server on a free port with a throwaway data dir, fills a session through
the public API, and saves PNGs under ``docs/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
EMAIL, PASSWORD = "fasilitator@example.no", "hemmelig-passord"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def populate(base: str) -> tuple[int, str, list[str]]:
    """A realistic café: three tables, posts in round 1; returns id, code, participant tokens."""
    token = requests.post(
        f"{base}/api/auth/token", json={"email": EMAIL, "password": PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(
        f"{base}/api/sessions",
        headers=headers,
        json={
            "title": "Et trygt hjem for alle",
            "description": "Dialogkafé om brukermedvirkning i boligsosialt arbeid.",
            "tables": 3,
            "topics": [
                "Hva gjør et hjem trygt for deg?",
                "Hvordan vil du bli hørt når kommunen planlegger boliger?",
                "Hva trenger du for å bo godt når du blir eldre?",
            ],
            "rounds": 3,
            "round_minutes": 20,
            "rotation": "topics",
        },
    ).json()
    code = created["join_code"]
    people = [("Kari", 1), ("", 1), ("Ahmed", 2), ("Liv", 3)]
    tokens = [
        requests.post(f"{base}/api/join/{code}", json={"nickname": n, "table": t}).json()[
            "participant"
        ]["token"]
        for n, t in people
    ]
    requests.post(f"{base}/api/sessions/{created['id']}/rounds/next", headers=headers)
    texts = [
        "Å kjenne naboene mine. Da føler jeg meg trygg.",
        "Lås som virker, og lys i oppgangen om kvelden.",
        "Møter på dagtid, med tolk når det trengs.",
        "Heis og ingen terskler. Og at noen ser innom av og til.",
    ]
    for participant_token, text in zip(tokens, texts, strict=True):
        client = socketio.Client()
        client.connect(base, auth={"token": participant_token}, transports=["websocket"])
        client.call("post", {"client_id": str(uuid.uuid4()), "text": text}, timeout=5)
        client.disconnect()
    return created["id"], code, tokens


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DIALOGCAFE_DATA_DIR": data_dir,
            "PORT": str(port),
            "HOST": "127.0.0.1",
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "app",
                "facilitator",
                "create",
                EMAIL,
                "--password",
                PASSWORD,
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env)
        try:
            wait_for_port(port)
            session_id, code, _tokens = populate(base)
            shoot(base, session_id, code)
        finally:
            server.terminate()
            server.wait(10)
    print(f"Screenshots in {OUT}")


def shoot(base: str, session_id: int, code: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for lang in ("nb", "en"):
            phone = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
            )
            page = phone.new_page()
            page.goto(f"{base}/lang/{lang}?next=/j/{code}")
            page.screenshot(path=OUT / f"phone-join-{lang}.png", full_page=True)
            page.fill("#nickname", "Nora")
            page.check("input[name=table][value='1']")
            page.click("button[type=submit]")
            page.wait_for_selector("[data-connection].is-live")
            page.screenshot(path=OUT / f"phone-table-{lang}.png", full_page=True)
            phone.close()

            desk = browser.new_context(viewport=DESKTOP)
            page = desk.new_page()
            page.goto(f"{base}/lang/{lang}?next=/login")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{base}/sessions/{session_id}")
            page.wait_for_selector("[data-connection].is-live")
            page.screenshot(path=OUT / f"facilitator-session-{lang}.png", full_page=True)
            page.goto(f"{base}/sessions/new")
            page.screenshot(path=OUT / f"facilitator-new-session-{lang}.png", full_page=True)
            desk.close()
        browser.close()


if __name__ == "__main__":
    main()
