"""Take phone- and projector-sized screenshots of the main pages (``make screenshots``).

Starts the real server on a free port with a throwaway data dir, fills a session through
the public API, and saves PNGs under ``docs/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
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
LOCALES = {"nb": "nb-NO", "en": "en-GB"}  # the browser's own texts, e.g. date fields
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
    at = page.viewport_size or {"width": 0}
    page.set_viewport_size({"width": 320, "height": 640})
    sticking_out = page.evaluate(OVERFLOW_JS)
    if sticking_out:
        print(f"REFLOW {name} at 320 px: {', '.join(sticking_out)}")
    page.set_viewport_size({"width": at["width"], "height": 844})


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
            check_reflow(page, f"phone-join-{lang}")
            page.fill("#nickname", "Nora")
            page.check("input[name=table][value='1']")
            page.click("button[type=submit]")
            page.wait_for_selector("[data-connection].is-live")
            page.screenshot(path=OUT / f"phone-table-{lang}.png", full_page=True)
            check_reflow(page, f"phone-table-{lang}")
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
            shoot_results_and_themes(browser, base, lang)
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
    page = browser.new_context(viewport=viewport, locale=LOCALES[lang]).new_page()
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
    check_reflow(phone, f"phone-next-group-{lang}")

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
    # The word cloud is chosen on the projector's own controls now (not a cockpit button):
    # the same form post, with the page's CSRF token.
    big.evaluate(
        """async (url) => {
            const csrf = JSON.parse(document.getElementById("moderation-data").textContent).csrf;
            const body = new URLSearchParams({ show: "1" });
            await fetch(url, { method: "POST", body, headers: { "X-CSRFToken": csrf } });
        }""",
        f"/sessions/{session_id}/projector/word-cloud",
    )
    big.reload()
    big.wait_for_selector("[data-connection].is-live")
    big.screenshot(path=OUT / f"projector-facilitator-harvest-{lang}.png")
    big.goto(f"{base}/sessions/{session_id}/projector")
    big.wait_for_selector("[data-connection].is-live")
    big.screenshot(path=OUT / f"projector-harvest-{lang}.png")
    big.context.close()
    phone.context.close()


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
    """Issue 13 in a "questions move" café: the projector's vote results, the projector with
    themes, the facilitator's harvest (results panel, themes), a phone's harvest at 390 and
    320 px, and the Word report and the PDF (first page and a question chapter)."""
    session_id, code, headers, topics = fill_questions_cafe(base, lang)
    settings = f"{base}/api/sessions/{session_id}"
    requests.patch(settings, headers=headers, json={"show_results": True})

    big = login_page(browser, base, lang, PROJECTOR)
    big.goto(f"{base}/sessions/{session_id}/projector")
    big.wait_for_selector("[data-connection].is-live")
    big.screenshot(path=OUT / f"projector-results-{lang}.png")
    overview = requests.get(f"{settings}/themes", headers=headers).json()
    for suggestion in overview["suggestions"][:4]:
        requests.post(
            f"{settings}/themes",
            headers=headers,
            json={"name": suggestion["name"], "post_ids": suggestion["post_ids"]},
        )
    requests.patch(settings, headers=headers, json={"show_results": False})
    big.reload()
    big.wait_for_selector("[data-connection].is-live")
    # The themes come first in the harvest: the first screen shows them without scrolling.
    big.screenshot(path=OUT / f"projector-themes-{lang}.png")
    big.context.close()
    requests.patch(settings, headers=headers, json={"show_results": True})

    desk = login_page(browser, base, lang, DESKTOP)
    desk.goto(f"{base}/sessions/{session_id}")
    desk.wait_for_selector("[data-connection].is-live")
    desk.screenshot(path=OUT / f"facilitator-harvest-{lang}.png", full_page=True)
    desk.context.close()

    # A latecomer's phone sees the harvest by question (and the results, switched on).
    phone = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=LOCALES[lang],
    ).new_page()
    phone.goto(f"{base}/lang/{lang}?next=/j/{code}")
    phone.fill("#nickname", "Nora")
    phone.check("input[name=table][value='1']")
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("[data-connection].is-live")
    phone.screenshot(path=OUT / f"phone-harvest-{lang}.png", full_page=True)
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.reload()
    phone.wait_for_selector("[data-connection].is-live")
    phone.screenshot(path=OUT / f"phone-harvest-320-{lang}.png", full_page=True)
    check_reflow(phone, f"phone-harvest-{lang}")
    phone.context.close()

    shoot_reports(base, session_id, headers, lang, topics[0])


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
                stem = folder / f"{name}-{label}"
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "60",
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
                shutil.copyfile(f"{stem}.png", OUT / f"{name}-{label}-{lang}.png")


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
