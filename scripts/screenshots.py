"""Take laptop-, projector- and phone-sized screenshots of every state people meet
(``make screenshots``).

Starts the real server on a free port with a throwaway data dir, walks a "people move" café
from waiting to closed (the facilitator's cockpit, the projector's views, a phone at 390 and
320 CSS px) and fills a "questions move" café to its harvest (results, themes, reports, table
cards), and saves PNGs under ``docs/screenshots/`` for a person to look at. Every wait is on
something the page shows (``expect``) or on a navigation: no sleeps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import socketio
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

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
PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW: ViewportSize = {"width": 320, "height": 640}  # a 640 px wide phone at 200 % zoom
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
LOCALES = {"nb": "nb-NO", "en": "en-GB"}  # the browser's own texts, e.g. date fields
EMAIL, PASSWORD = "fasilitator@example.no", "hemmelig-passord"
WAIT_MS = 15_000  # the longest one expected change may take (two busy cores)
LIVE = re.compile(r"\bis-live\b")
WORDS = {
    "nb": {
        "waiting": "Ikke startet",
        "round": "Runde {n} av 2",
        "over": "Rundene er ferdige",
        "closed": "Avsluttet",
        "sent": "Sendt ✓",
        "time_up": "Tiden er ute",
    },
    "en": {
        "waiting": "Not started",
        "round": "Round {n} of 2",
        "over": "Rounds are over",
        "closed": "Closed",
        "sent": "Sent ✓",
        "time_up": "Time is up",
    },
}
PEOPLE_TOPICS = {
    "nb": [
        "Hva gjør nabolaget trygt?",
        "Hva savner du i nærmiljøet?",
        "Hvordan kan flere bli med?",
    ],
    "en": [
        "What makes the neighbourhood safe?",
        "What do you miss where you live?",
        "How can more people take part?",
    ],
}
# What the people write in the "people move" café, in the café's language: Nora's input,
# round 1's inputs (Sofie's is an advert, hidden later), the hosts' main points, the input
# that waits for approval, Ola's offline input, and round 2's inputs.
PEOPLE_TEXTS: dict[str, dict[str, Any]] = {
    "nb": {
        "description": "Dialogkafé om trygghet og fellesskap i nærmiljøet.",
        "nora": "Gatelys på stien ned til bussen.",
        "round1": {
            "Kari": "Naboer som hilser på hverandre.",
            "Per": "Lys i oppgangen om kvelden.",
            "Ahmed": "En møteplass for ungdom om kvelden.",
            "Sofie": "Kjøp billige sykler hos oss",
            "Liv": "Et lag som tar imot nye i borettslaget.",
        },
        "syntheses": {
            "Kari": "Trygghet handler om lys, benker og steder å møtes.",
            "Ahmed": "Ungdommen trenger et sted som er deres.\nOg voksne som bryr seg.",
            "Liv": "Nye naboer må inviteres personlig, ikke bare på oppslag.",
        },
        "waiting": "Kan vi få en benk ved inngangen?",
        "offline": "Skrevet i kjelleren, uten dekning.",
        "hidden": "Reklame",
        "round2": {
            "Per": "Bibliotek i kjelleren, med nøkkel til alle.",
            "Sofie": "Grillplass i parken.",
            "Ahmed": "Flere benker langs turveien.",
        },
    },
    "en": {
        "description": "A dialogue café on safety and community where we live.",
        "nora": "Street lights on the path down to the bus.",
        "round1": {
            "Kari": "Neighbours who say hello to each other.",
            "Per": "Light in the stairwell in the evening.",
            "Ahmed": "A place for young people to meet in the evening.",
            "Sofie": "Buy cheap bikes from us",
            "Liv": "A group that welcomes newcomers to the block.",
        },
        "syntheses": {
            "Kari": "Safety is about light, benches and places to meet.",
            "Ahmed": "Young people need a place of their own.\nAnd adults who care.",
            "Liv": "New neighbours must be invited in person, not just by a notice.",
        },
        "waiting": "Could we have a bench by the entrance?",
        "offline": "Written in the basement, without signal.",
        "hidden": "Advertising",
        "round2": {
            "Per": "A library in the basement, with a key for everyone.",
            "Sofie": "A barbecue spot in the park.",
            "Ahmed": "More benches along the footpath.",
        },
    },
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = processes.free_port()
    base = f"http://{processes.HOST}:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = processes.child_env(
            {
                "DIALOGCAFE_DATA_DIR": data_dir,
                "PORT": str(port),
                "HOST": processes.HOST,
                # One browser per view logs in: more than a person does in a minute.
                "DIALOGCAFE_LIMIT_LOGINS": "1000 per minute",
            }
        )
        create_facilitator(env, EMAIL, PASSWORD)
        server = processes.spawn([sys.executable, "app.py"], env=env)
        try:
            processes.wait_for_port(port, server)
            shoot(base)
        finally:
            processes.stop(server, timeout=10)
    print(f"Screenshots in {OUT}")


def shoot(base: str) -> None:
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for lang in ("nb", "en"):
            shoot_people_evening(browser, base, lang)
            shoot_results_and_themes(browser, base, lang)
        browser.close()


# --- browsers and small steps ----------------------------------------------------------------

# WCAG 1.4.10 reflow: what sticks out past the viewport's right edge (the widest first).
OVERFLOW_JS = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > edge + 0.5 && el.getClientRects().length)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
      + ` ${Math.round(el.getBoundingClientRect().right)}px`)
    .slice(0, 8);
}"""


def check_reflow(page: Page, name: str) -> None:
    """Say which elements make ``page`` scroll sideways (a phone must fit 320 CSS px)."""
    sticking_out = page.evaluate(OVERFLOW_JS)
    if sticking_out:
        print(f"REFLOW {name} at {page.viewport_size}: {', '.join(sticking_out)}")


def save(page: Page, name: str, *, full_page: bool = False) -> None:
    """A screenshot of what the page shows now, once its web fonts are in."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=OUT / f"{name}.png", full_page=full_page, animations="disabled")


def phone_shots(page: Page, state: str, lang: str) -> None:
    """The phone's state, whole page, at 390 px (``phone-<state>-<lang>``) and at 320 px
    (``phone-<state>-320-<lang>``)."""
    save(page, f"phone-{state}-{lang}", full_page=True)
    page.set_viewport_size(NARROW)
    check_reflow(page, f"phone-{state}-{lang}")
    save(page, f"phone-{state}-320-{lang}", full_page=True)
    page.set_viewport_size(PHONE)


def new_page(browser: Browser, lang: str, viewport: ViewportSize, phone: bool = False) -> Page:
    """A page in a fresh context (its own cookies: its own person) in ``lang``."""
    extra: dict[str, Any] = (
        {"device_scale_factor": 2, "is_mobile": True, "has_touch": True} if phone else {}
    )
    context = browser.new_context(
        viewport=viewport, locale=LOCALES[lang], reduced_motion="reduce", **extra
    )
    context.set_default_timeout(WAIT_MS)
    return context.new_page()


def login_page(browser: Browser, base: str, lang: str, viewport: ViewportSize) -> Page:
    """A facilitator's browser, logged in, in ``lang``."""
    page = new_page(browser, lang, viewport)
    page.goto(f"{base}/lang/{lang}?next=/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/sessions")
    return page


def expect_live(page: Page) -> None:
    """Wait until the page's Socket.IO connection is up (its status line says so)."""
    expect(page.locator("[data-connection]").first).to_have_class(LIVE)


def join_phone(browser: Browser, base: str, lang: str, code: str, name: str, table: int) -> Page:
    """A phone that opened the join link, picked a name and a table, and is live."""
    page = new_page(browser, lang, PHONE, phone=True)
    page.goto(f"{base}/lang/{lang}?next=/j/{code}")
    page.fill("#nickname", name)
    page.check(f"input[name=table][value='{table}']")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect_live(page)
    return page


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


def write(base: str, token: str, text: str) -> int:
    """A participant's input (over the socket); its id."""
    ack = call(base, token, "post", {"client_id": str(uuid.uuid4()), "text": text})
    post_id: int = ack["post"]["id"]
    return post_id


# --- the facilitator's cockpit -------------------------------------------------------------


def confirm(page: Page, form: str, *, navigates: bool) -> None:
    """Open the cockpit bar's "…" step (a confirmation popover) and press its "Yes"."""
    bar = page.locator("[data-cockpit-bar]")
    bar.locator(f"details:has(form[action$='/{form}']) > summary").click()
    yes = bar.locator(f"form[action$='/{form}'] button[type=submit]")
    expect(yes).to_be_visible()
    if navigates:
        with page.expect_navigation():
            yes.click()
    else:
        yes.click()
    expect_live(page)


def cockpit_shot(page: Page, name: str, status: str) -> None:
    """The cockpit's first screen (1440×900, as the facilitator sees it) in a known state."""
    expect(page.locator("[data-round-status]")).to_have_text(status)
    page.evaluate("window.scrollTo(0, 0)")
    save(page, name)


@contextmanager
def projector_size(page: Page) -> Iterator[None]:
    """The facilitator's page at 1920×1080 for a moment (a laptop mirrored on the projector)."""
    page.set_viewport_size(PROJECTOR)
    try:
        yield
    finally:
        page.set_viewport_size(DESKTOP)


# --- the projector -------------------------------------------------------------------------

# What each view shows once drawn (the views are filled by the projector's script).
VIEW_READY = {
    "join": "img.projector-qr",
    "round": "[data-view=round] .projector-question",
    "wall": "[data-wall] .projector-card",
    "syntheses": "[data-syntheses] .projector-card",
    "results": "[data-view=results] .results-question",
    "cloud": "[data-cloud] .cloud-word",
}


def projector_shot(
    projector: Page, base: str, headers: dict[str, str], session_id: int, view: str, name: str
) -> None:
    """Choose ``view`` over the API (as the cockpit's "Projector" panel does), open the
    projector afresh (no reload of its own can be under way) and take the screen."""
    answer = requests.put(
        f"{base}/api/sessions/{session_id}/projector", headers=headers, json={"view": view}
    )
    answer.raise_for_status()
    projector.goto(f"{base}/sessions/{session_id}/projector")
    expect_live(projector)
    expect(projector.locator("[data-projector]")).to_have_attribute("data-shown", view)
    expect(projector.locator(VIEW_READY[view]).first).to_be_visible()
    projector.wait_for_function(
        "() => [...document.images].every((image) => image.complete && image.naturalWidth > 0)"
    )
    save(projector, name)


# --- a "people move" café, waiting to closed -------------------------------------------------


def start_people_cafe(base: str, headers: dict[str, str], lang: str) -> dict[str, Any]:
    """Three tables, two rounds, people move, three dots each; five people over the API,
    three of them table hosts. Returns the café with ``people`` (name → participant)."""
    cafe: dict[str, Any] = requests.post(
        f"{base}/api/sessions",
        headers=headers,
        json={
            "title": "Nabolaget vårt" if lang == "nb" else "Our neighbourhood",
            "description": PEOPLE_TEXTS[lang]["description"],
            "tables": 3,
            "topics": PEOPLE_TOPICS[lang],
            "rounds": 2,
            "round_minutes": 20,
            "rotation": "people",
        },
    ).json()
    session = f"{base}/api/sessions/{cafe['id']}"
    requests.patch(session, headers=headers, json={"dots_per_participant": 3})
    cafe["people"] = {}
    for name, table in (("Kari", 1), ("Per", 1), ("Ahmed", 2), ("Sofie", 2), ("Liv", 3)):
        cafe["people"][name] = requests.post(
            f"{base}/api/join/{cafe['join_code']}", json={"nickname": name, "table": table}
        ).json()["participant"]
    for host, table in (("Kari", 1), ("Ahmed", 2), ("Liv", 3)):
        requests.post(
            f"{session}/tables/{table}/host",
            headers=headers,
            json={"participant_id": cafe["people"][host]["id"]},
        )
    return cafe


def shoot_people_evening(browser: Browser, base: str, lang: str) -> None:
    """One café from waiting to closed, as the facilitator's cockpit, the projector and
    Nora's phone see it; with the new-session form, the moderation page, an offline phone
    and the "Go to table N" screen."""
    words, texts = WORDS[lang], PEOPLE_TEXTS[lang]
    headers = api_headers(base)
    desk = login_page(browser, base, lang, DESKTOP)
    desk.goto(f"{base}/sessions/new")
    expect(desk.locator("#title")).to_be_visible()
    save(desk, f"facilitator-new-session-{lang}")

    cafe = start_people_cafe(base, headers, lang)
    session_id, code, people = cafe["id"], cafe["join_code"], cafe["people"]
    desk.context.clock.install()  # runs as usual until "time is up" moves it on
    desk.goto(f"{base}/sessions/{session_id}")
    expect_live(desk)
    cockpit_shot(desk, f"facilitator-waiting-{lang}", words["waiting"])

    big = login_page(browser, base, lang, PROJECTOR)
    projector_shot(big, base, headers, session_id, "join", f"projector-join-{lang}")

    nora = new_page(browser, lang, PHONE, phone=True)
    nora.goto(f"{base}/lang/{lang}?next=/j/{code}")
    expect(nora.locator("#nickname")).to_be_visible()
    phone_shots(nora, "join", lang)
    nora.fill("#nickname", "Nora")
    nora.check("input[name=table][value='1']")
    with nora.expect_navigation():
        nora.click("main form button[type=submit]")
    expect_live(nora)
    expect(nora.locator("[data-waiting]")).to_be_visible()
    phone_shots(nora, "waiting", lang)
    ola = join_phone(browser, base, lang, code, "Ola", 2)

    # Round 1, started in the cockpit ("Start round 1…", then "Yes, start round 1").
    confirm(desk, "next", navigates=True)
    expect(desk.locator("[data-round-status]")).to_have_text(words["round"].format(n=1))
    nora.fill("#text", texts["nora"])
    nora.locator("[data-compose] button[type=submit]").click()
    expect(nora.locator("[data-sent]")).to_have_text(words["sent"])
    expect(nora.locator("[data-posts] > .post").first).not_to_have_class(re.compile("is-pending"))
    post_ids = {
        name: write(base, people[name]["token"], text) for name, text in texts["round1"].items()
    }
    expect(nora.locator("[data-posts] > .post")).to_have_count(3)
    phone_shots(nora, "table", lang)

    # No network: Ola's input waits in the outbox, shown as "Sending…".
    ola.context.set_offline(True)
    expect(ola.locator("[data-connection]")).to_have_class(re.compile(r"\bis-offline\b"))
    ola.fill("[data-compose] textarea", texts["offline"])
    ola.click("[data-compose] button[type=submit]")
    expect(ola.locator("[data-posts] .is-pending")).to_be_visible()
    save(ola, f"phone-offline-{lang}", full_page=True)
    ola.context.close()

    for liker, liked in (("Per", "Kari"), ("Sofie", "Ahmed"), ("Kari", "Per")):
        call(base, people[liker]["token"], "like", {"post_id": post_ids[liked], "liked": True})
    session = f"{base}/api/sessions/{session_id}"
    requests.post(
        f"{session}/posts/{post_ids['Sofie']}/hide",
        headers=headers,
        json={"reason": texts["hidden"]},
    )
    for host, text in texts["syntheses"].items():
        call(base, people[host]["token"], "synthesis", {"text": text})

    # Approve first: Per's next input waits in the cockpit's queue.
    requests.patch(session, headers=headers, json={"approve_first": True})
    write(base, people["Per"]["token"], texts["waiting"])
    desk.reload()
    expect_live(desk)
    expect(desk.locator("[data-waiting-queue] [data-waiting-count]")).to_have_text("1")
    # The cockpit in a round (its old name): an input waits for approval.
    cockpit_shot(desk, f"facilitator-session-{lang}", words["round"].format(n=1))
    with projector_size(desk):
        save(desk, f"projector-facilitator-session-{lang}")

    for view in ("round", "wall", "syntheses", "cloud"):
        projector_shot(big, base, headers, session_id, view, f"projector-{view}-{lang}")
    big.context.close()

    waiting = desk.locator("[data-waiting-queue] .waiting-item")
    waiting.first.locator("form[data-action=approve] button").click()
    expect(waiting).to_have_count(0)
    requests.patch(session, headers=headers, json={"approve_first": False})

    # Paused from the API (another device), then time up on the cockpit's own clock.
    timer = desk.locator("[data-cockpit-bar] [data-timer]")
    requests.post(f"{session}/timer/pause", headers=headers)
    expect(timer).to_have_class(re.compile(r"\bis-paused\b"))
    cockpit_shot(desk, f"facilitator-paused-{lang}", words["round"].format(n=1))
    requests.post(f"{session}/timer/resume", headers=headers)
    expect(timer).not_to_have_class(re.compile(r"\bis-paused\b"))
    desk.clock.set_system_time(datetime.now() + timedelta(minutes=21))
    expect(timer).to_have_text(words["time_up"])
    cockpit_shot(desk, f"facilitator-time-up-{lang}", words["round"].format(n=1))
    desk.clock.set_system_time(datetime.now())

    # Round 2: Nora moves ("Go to table N"), then reads what the group before her found.
    confirm(desk, "next", navigates=True)
    move = nora.locator("[data-move-screen]")
    expect(move).to_be_visible()
    phone_shots(nora, "move", lang)
    nora.click("[data-move-done]")
    expect(move).to_be_hidden()
    save(nora, f"phone-next-group-{lang}", full_page=True)
    for name, text in texts["round2"].items():
        write(base, people[name]["token"], text)

    # The harvest: the phone votes; the moderation page; then the café closes.
    confirm(desk, "harvest", navigates=False)
    expect(desk.locator("[data-round-status]")).to_have_text(words["over"])
    expect(nora.locator("[data-vote]")).to_be_visible()
    nora.locator("[data-add-dot]").first.click()
    expect(nora.locator(".dot-marks").first).to_have_text("●●○")
    phone_shots(nora, "vote", lang)

    moderation = desk.context.new_page()
    moderation.goto(f"{base}/sessions/{session_id}/moderation")
    expect_live(moderation)
    save(moderation, f"facilitator-moderation-{lang}")
    moderation.close()

    confirm(desk, "close", navigates=True)
    cockpit_shot(desk, f"facilitator-closed-{lang}", words["closed"])
    expect(nora.locator("[data-closed-screen]")).to_be_visible()
    phone_shots(nora, "closed", lang)
    nora.context.close()
    desk.context.close()


def api_headers(base: str) -> dict[str, str]:
    """The facilitator's bearer token for the JSON API."""
    token = requests.post(
        f"{base}/api/auth/token", json={"email": EMAIL, "password": PASSWORD}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


# A "questions move" café (issue 13): per question the inputs its tables write in rounds 1–3
# (two a round) and its hosts' syntheses, round by round.
HARVEST_QUESTIONS = {
    "Hva gjør et hjem trygt?": (
        ["Lys i oppgangen og lås som virker.", "Å kjenne naboene mine."],
        ["Naboer som hilser, også på dem som er nye.", "Noen å ringe når noe går galt."],
        ["Lys på stien ned til bussen.", "At utleier svarer når noe er ødelagt."],
        [
            "Lys, lås og naboer som kjenner hverandre.",
            "Trygghet er å vite hvem man kan ringe.",
            "Utleier må svare, og naboer må hilse.",
        ],
    ),
    "Hvordan vil du bli hørt?": (
        ["Møter på dagtid, med tolk.", "Spør oss før planene er ferdige."],
        ["Møter der vi bor, ikke på rådhuset.", "Svar på det vi sier, også når svaret er nei."],
        ["Tolk og enkelt språk i alle brev.", "Et fast kontaktpunkt i kommunen."],
        [
            "Tidlig, på dagtid og med tolk.",
            "Kommunen må komme til oss og svare oss.",
            "Enkelt språk og en fast person å spørre.",
        ],
    ),
    "Hva trenger du for å bo godt som eldre?": (
        ["Heis og ingen terskler.", "At noen ser innom av og til."],
        ["En benk ved inngangen.", "Naboer som handler for meg når det glatter."],
        ["Hjelp til å bytte lyspærer.", "En møteplass i borettslaget."],
        [
            "Tilgjengelig bolig og noen som ser innom.",
            "Små tjenester fra naboer betyr mye.",
            "Praktisk hjelp og et sted å møtes.",
        ],
    ),
    "Hva kan vi gjøre sammen i nabolaget?": (
        ["Dugnad med grilling etterpå.", "En møteplass for ungdom om kvelden."],
        ["Et lag som tar imot nye naboer.", "Bytteloppis i fellesrommet."],
        ["Felles middag en gang i måneden.", "Dugnad for eldre naboer sine hager."],
        [
            "Dugnad og grilling samler folk.",
            "Nye naboer må inviteres personlig.",
            "Fellesrom og faste møteplasser for alle aldre.",
        ],
    ),
}


def fill_questions_cafe(base: str, lang: str) -> tuple[int, str, dict[str, str], list[str]]:
    """Four tables, four questions, three rounds, to the harvest: inputs, likes, each host's
    synthesis every round, dots. Returns id, join code, API headers and the topics."""
    headers = api_headers(base)
    topics = list(HARVEST_QUESTIONS)
    cafe = requests.post(
        f"{base}/api/sessions",
        headers=headers,
        json={
            "title": "Bo godt sammen" if lang == "nb" else "Living well together",
            "tables": 4,
            "topics": topics,
            "rounds": 3,
            "round_minutes": 20,
            "rotation": "topics",
        },
    ).json()
    session_id, code = cafe["id"], cafe["join_code"]
    requests.patch(
        f"{base}/api/sessions/{session_id}", headers=headers, json={"dots_per_participant": 3}
    )
    names = [
        "Kari",
        "Per",
        "Ola",
        "Ahmed",
        "Sofie",
        "Mona",
        "Liv",
        "Jonas",
        "Eva",
        "Nils",
        "Aisha",
        "Tor",
    ]
    tables: dict[int, list[dict[str, Any]]] = {}
    for index, name in enumerate(names):
        table = index // 3 + 1
        tables.setdefault(table, []).append(
            requests.post(
                f"{base}/api/join/{code}", json={"nickname": name, "table": table}
            ).json()["participant"]
        )
    for table, (host, *_rest) in tables.items():
        requests.post(
            f"{base}/api/sessions/{session_id}/tables/{table}/host",
            headers=headers,
            json={"participant_id": host["id"]},
        )
    post_ids: list[int] = []
    for round_index in range(3):
        requests.post(f"{base}/api/sessions/{session_id}/rounds/next", headers=headers)
        for table, (host, *writers) in tables.items():
            question = HARVEST_QUESTIONS[topics[(table - 1 + round_index) % len(topics)]]
            for writer, text in zip(writers, question[round_index], strict=True):
                ack = call(
                    base, writer["token"], "post", {"client_id": str(uuid.uuid4()), "text": text}
                )
                post_ids.append(ack["post"]["id"])
            liker = writers[0]["token"]
            call(base, liker, "like", {"post_id": post_ids[-1], "liked": True})
            call(base, host["token"], "synthesis", {"text": question[3][round_index]})
    requests.post(f"{base}/api/sessions/{session_id}/harvest", headers=headers)
    voters = [person for people in tables.values() for person in people]
    for number, person in enumerate(voters):
        for dot in range(3):
            target = post_ids[(number * 5 + dot * 7) % 11]  # dots gather on a few inputs
            call(base, person["token"], "vote", {"post_id": target, "add": True})
    return session_id, code, headers, topics


def shoot_results_and_themes(browser: Browser, base: str, lang: str) -> None:
    """Issue 13 in a "questions move" café: the projector's vote results (with themes, and
    themes alone while the results are not shown), the facilitator's harvest, a latecomer's
    phone at 390 and 320 px, the Word report and the PDF, and the printable table cards."""
    session_id, code, headers, topics = fill_questions_cafe(base, lang)
    settings = f"{base}/api/sessions/{session_id}"
    overview = requests.get(f"{settings}/themes", headers=headers).json()
    for suggestion in overview["suggestions"][:4]:
        requests.post(
            f"{settings}/themes",
            headers=headers,
            json={"name": suggestion["name"], "post_ids": suggestion["post_ids"]},
        )

    big = login_page(browser, base, lang, PROJECTOR)
    # The themes come first in the results view: before the vote is shown, they stand alone.
    requests.put(f"{settings}/projector", headers=headers, json={"view": "results"})
    big.goto(f"{base}/sessions/{session_id}/projector")
    expect_live(big)
    expect(big.locator(".projector-theme-name").first).to_be_visible()
    save(big, f"projector-themes-{lang}")
    requests.patch(settings, headers=headers, json={"show_results": True})
    projector_shot(big, base, headers, session_id, "results", f"projector-results-{lang}")
    big.context.close()

    desk = login_page(browser, base, lang, DESKTOP)
    desk.goto(f"{base}/sessions/{session_id}")
    expect_live(desk)
    cockpit_shot(desk, f"facilitator-harvest-{lang}", WORDS[lang]["over"])
    with projector_size(desk):
        save(desk, f"projector-facilitator-harvest-{lang}")
    desk.context.close()

    # A latecomer's phone sees the harvest by question (and the results, switched on).
    phone = join_phone(browser, base, lang, code, "Nora", 1)
    expect(phone.locator("[data-results]")).to_be_visible()
    phone_shots(phone, "harvest", lang)
    phone.context.close()

    shoot_reports(base, session_id, headers, lang, topics[0])
    shoot_table_cards(base, session_id, headers, lang)


def pdf_page_png(pdf: Path, number: int, name: str, resolution: int = 60) -> None:
    """Page ``number`` (1-based) of ``pdf`` as ``docs/screenshots/<name>.png``."""
    stem = pdf.with_name(f"{name}-page")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    shutil.copyfile(f"{stem}.png", OUT / f"{name}.png")


def shoot_table_cards(base: str, session_id: int, headers: dict[str, str], lang: str) -> None:
    """The printable table cards (``cards.pdf``): the first card and the door poster (the
    last page)."""
    response = requests.get(
        f"{base}/api/sessions/{session_id}/cards.pdf?lang={lang}", headers=headers
    )
    if not response.ok:  # say so, and keep the other screenshots
        print(
            f"skipped table-cards-{lang}, door-poster-{lang}:"
            f" cards.pdf answered {response.status_code}"
        )
        return
    with tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "cards.pdf"
        pdf.write_bytes(response.content)
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])  # type: ignore[index]
        pdf_page_png(pdf, 1, f"table-cards-{lang}", resolution=72)
        pdf_page_png(pdf, pages, f"door-poster-{lang}", resolution=72)


def shoot_reports(
    base: str, session_id: int, headers: dict[str, str], lang: str, first_topic: str
) -> None:
    """The Word report (through LibreOffice) and the app's PDF as PNGs: the first page and
    the first question's chapter (the page whose text holds "<n> 1: <question>")."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        for fmt in ("docx", "pdf"):
            response = requests.get(
                f"{base}/api/sessions/{session_id}/export.{fmt}?lang={lang}", headers=headers
            )
            response.raise_for_status()
            (folder / f"report.{fmt}").write_bytes(response.content)
        (folder / "word").mkdir()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{folder}/lo",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "word"),
                str(folder / "report.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        for name, pdf in (
            ("report-docx", folder / "word" / "report.pdf"),
            ("report-pdf", folder / "report.pdf"),
        ):
            chapter = chapter_page(pdf, f"1: {first_topic}")
            for label, number in (("first-page", 1), ("question", chapter)):
                if number is None:
                    print(f"skipped {name}-{label}-{lang}: no page with the question's heading")
                    continue
                pdf_page_png(pdf, number, f"{name}-{label}-{lang}")


def chapter_page(pdf: Path, heading: str) -> int | None:
    """The first page (1-based) whose text, lines joined, contains ``heading``."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        if heading in " ".join(page.split()):
            return number
    return None


if __name__ == "__main__":
    main()
