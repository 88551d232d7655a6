"""Take phone- and projector-sized screenshots of the main pages (``make screenshots``).

Starts the real server on a free port with a throwaway data dir, fills a session through
the public API, and saves PNGs under ``docs/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from typing import Any

import requests
import socketio
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts import processes
from scripts.app_cli import create_facilitator
from scripts.processes import ROOT

OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
EMAIL, PASSWORD = "fasilitator@example.no", "hemmelig-passord"


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
    port = processes.free_port()
    base = f"http://{processes.HOST}:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = processes.child_env(
            {"DIALOGCAFE_DATA_DIR": data_dir, "PORT": str(port), "HOST": processes.HOST}
        )
        create_facilitator(env, EMAIL, PASSWORD)
        server = processes.spawn([sys.executable, "app.py"], env=env)
        try:
            processes.wait_for_port(port, server)
            session_id, code, _tokens = populate(base)
            shoot(base, session_id, code)
        finally:
            processes.stop(server, timeout=10)
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
            # No network: the input waits in the outbox, shown as "Sending…".
            phone.set_offline(True)
            page.wait_for_selector("[data-connection].is-offline")
            page.fill("[data-compose] textarea", "Skrevet i kjelleren, uten dekning.")
            page.click("[data-compose] button[type=submit]")
            page.wait_for_selector("[data-posts] .is-pending")
            page.screenshot(path=OUT / f"phone-offline-{lang}.png", full_page=True)
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
            shoot_projector(browser, base, session_id, lang)
            shoot_people_evening(browser, base, lang)
        browser.close()


def shoot_projector(browser: Browser, base: str, session_id: int, lang: str) -> None:
    """What the big screen shows (1920×1080, the visible screen only, as a room sees it):
    the projector page with its wall, the same with the join code, and the facilitator's
    page at projector size (facilitators often mirror their laptop)."""
    big = browser.new_context(viewport=PROJECTOR)
    page = big.new_page()
    page.goto(f"{base}/lang/{lang}?next=/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    for name, path in (
        ("projector", f"/sessions/{session_id}/projector"),
        ("projector-join", f"/sessions/{session_id}/projector?join=1"),
        ("projector-facilitator-session", f"/sessions/{session_id}"),
    ):
        response = page.goto(f"{base}{path}")
        if response is None or not response.ok:
            print(f"skipped {name}: {path} answered {response.status if response else '-'}")
            continue
        page.wait_for_selector("[data-connection].is-live")
        page.screenshot(path=OUT / f"{name}-{lang}.png")
    big.close()


def call(base: str, token: str, event: str, data: dict[str, Any]) -> dict[str, Any]:
    """One Socket.IO call as a participant (post, like, synthesis) and its acknowledgement."""
    client = socketio.Client()
    client.connect(base, auth={"token": token}, transports=["websocket"])
    try:
        ack: dict[str, Any] = client.call(event, data, timeout=5)
    finally:
        client.disconnect()
    if not ack.get("ok", True):
        raise RuntimeError(f"{event} refused: {ack}")
    return ack


def login_page(browser: Browser, base: str, lang: str, viewport: dict[str, int]) -> Page:
    """A facilitator's browser, logged in, in ``lang``."""
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{base}/lang/{lang}?next=/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/sessions")
    return page


def shoot_people_evening(browser: Browser, base: str, lang: str) -> None:
    """A "people move" café to its harvest: the phone's "Go to table N" screen, the next
    group reading the host's synthesis, the moderation page, and the projector's harvest
    (syntheses, most-liked inputs, word cloud)."""
    token = requests.post(
        f"{base}/api/auth/token", json={"email": EMAIL, "password": PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    cafe = requests.post(
        f"{base}/api/sessions",
        headers=headers,
        json={
            "title": "Nabolaget vårt" if lang == "nb" else "Our neighbourhood",
            "tables": 3,
            "topics": [
                "Hva gjør nabolaget trygt?",
                "Hva savner du i nærmiljøet?",
                "Hvordan kan flere bli med?",
            ],
            "rounds": 2,
            "round_minutes": 20,
            "rotation": "people",
        },
    ).json()
    session_id, code = cafe["id"], cafe["join_code"]
    people = {}
    for name, table in (("Kari", 1), ("Per", 1), ("Ahmed", 2), ("Sofie", 2), ("Liv", 3)):
        joined = requests.post(
            f"{base}/api/join/{code}", json={"nickname": name, "table": table}
        ).json()["participant"]
        people[name] = joined
    for host, table in (("Kari", 1), ("Ahmed", 2), ("Liv", 3)):
        requests.post(
            f"{base}/api/sessions/{session_id}/tables/{table}/host",
            headers=headers,
            json={"participant_id": people[host]["id"]},
        )
    requests.post(f"{base}/api/sessions/{session_id}/rounds/next", headers=headers)

    phone = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(f"{base}/lang/{lang}?next=/j/{code}")
    phone.fill("#nickname", "Nora")
    phone.check("input[name=table][value='1']")
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("[data-connection].is-live")

    posts = {
        "Kari": "Gatelys på stien ned til bussen.",
        "Per": "Naboer som hilser på hverandre.",
        "Ahmed": "En møteplass for ungdom om kvelden.",
        "Sofie": "Kjøp billige sykler hos oss",
        "Liv": "Et lag som tar imot nye i borettslaget.",
    }
    post_ids = {}
    for name, text in posts.items():
        ack = call(
            base, people[name]["token"], "post", {"client_id": str(uuid.uuid4()), "text": text}
        )
        post_ids[name] = ack["post"]["id"]
    for liker, liked in (("Per", "Kari"), ("Sofie", "Ahmed")):
        call(base, people[liker]["token"], "like", {"post_id": post_ids[liked], "liked": True})
    requests.post(
        f"{base}/api/sessions/{session_id}/posts/{post_ids['Sofie']}/hide",
        headers=headers,
        json={"reason": "Reklame"},
    )
    syntheses = {
        "Kari": "Trygghet handler om lys, benker og steder å møtes.",
        "Ahmed": "Ungdommen trenger et sted som er deres.",
        "Liv": "Nye naboer må inviteres personlig, ikke bare på oppslag.",
    }
    for host, text in syntheses.items():
        call(base, people[host]["token"], "synthesis", {"text": text})

    requests.post(f"{base}/api/sessions/{session_id}/rounds/next", headers=headers)
    try:
        phone.wait_for_selector("[data-move-screen]:not([hidden])", timeout=5000)
        phone.screenshot(path=OUT / f"phone-move-{lang}.png")
        phone.click("[data-move-done]")
    except PlaywrightTimeout:
        print(f"no move screen for Nora ({lang}): she stayed at her table")
    phone.wait_for_selector("[data-connection].is-live")
    phone.screenshot(path=OUT / f"phone-next-group-{lang}.png", full_page=True)

    round_two = {
        "Per": "Bibliotek i kjelleren, med nøkkel til alle.",
        "Sofie": "Grillplass i parken.",
        "Ahmed": "Flere benker langs turveien.",
    }
    for name, text in round_two.items():
        call(base, people[name]["token"], "post", {"client_id": str(uuid.uuid4()), "text": text})
    requests.post(f"{base}/api/sessions/{session_id}/harvest", headers=headers)

    desk = login_page(browser, base, lang, DESKTOP)
    desk.goto(f"{base}/sessions/{session_id}/moderation")
    desk.wait_for_selector("[data-connection].is-live")
    desk.screenshot(path=OUT / f"facilitator-moderation-{lang}.png", full_page=True)
    desk.context.close()

    big = login_page(browser, base, lang, PROJECTOR)
    big.goto(f"{base}/sessions/{session_id}")
    big.click("form[action$='/projector/word-cloud'] button[type=submit]")
    big.wait_for_selector("[data-connection].is-live")
    big.screenshot(path=OUT / f"projector-facilitator-harvest-{lang}.png")
    big.goto(f"{base}/sessions/{session_id}/projector")
    big.wait_for_selector("[data-connection].is-live")
    big.screenshot(path=OUT / f"projector-harvest-{lang}.png")
    big.context.close()
    phone.context.close()


if __name__ == "__main__":
    main()
