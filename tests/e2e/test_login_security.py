"""Logins against a real server process (real scrypt hashes): a login flood leaves the café
fast, the flooded account is delayed with 429 + Retry-After, unknown and known addresses
take comparable time, a copied cookie stops working after log-out, and expired and revoked
API tokens answer 401 (issue 11, items 4 and 10)."""

from __future__ import annotations

import re
import statistics
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio

from tests.e2e.support import (
    FACILITATOR_EMAIL,
    FACILITATOR_PASSWORD,
    HTTP_TIMEOUT,
    SOCKET_TIMEOUT,
    ApiClient,
    ClientFactory,
    ServerFactory,
    ServerProcess,
    connect_phone,
    open_cafe,
)

pytestmark = pytest.mark.e2e

# The per-address limits (another layer, tested on their own) are lifted here, so what is
# measured is the per-account delay and the hashing off the event loop. The first delay is
# long, so the flooded account is surely still waiting when the test asks again.
SERVER_ENV = {
    "DIALOGCAFE_LIMIT_LOGINS": "100000 per minute",
    "DIALOGCAFE_LIMIT_SOCKET_POSTS": "100000 per 30 seconds",
    "DIALOGCAFE_LOGIN_FIRST_DELAY": "30",
}
FLOOD_PER_SECOND = 10
FLOOD_SECONDS = 3.0
MAX_MEDIAN_ACK = 0.25  # seconds: an order-of-magnitude check (the issue saw 5-7 s), no benchmark
TIMING_EMAIL = "timing@example.no"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def server(server_factory: ServerFactory) -> ServerProcess:
    server = server_factory(extra_env=SERVER_ENV)
    server.create_facilitator()
    server.create_facilitator(TIMING_EMAIL, FACILITATOR_PASSWORD)
    server.start()
    return server


def _token_call(base_url: str, email: str, password: str) -> requests.Response:
    return requests.post(
        f"{base_url}/api/auth/token",
        json={"email": email, "password": password},
        timeout=HTTP_TIMEOUT,
    )


def _flood(base_url: str, emails: Any, answers: list[requests.Response]) -> None:
    """Wrong passwords at FLOOD_PER_SECOND for FLOOD_SECONDS, paced by the clock."""
    with requests.Session() as http:
        start = time.monotonic()
        sent = 0
        while sent < FLOOD_PER_SECOND * FLOOD_SECONDS:
            due = start + sent / FLOOD_PER_SECOND
            time.sleep(max(0.0, due - time.monotonic()))  # pacing, not waiting for a result
            answers.append(
                http.post(
                    f"{base_url}/api/auth/token",
                    json={"email": next(emails), "password": "not the password"},
                    timeout=HTTP_TIMEOUT,
                )
            )
            sent += 1


def test_a_login_flood_leaves_the_cafe_fast_and_delays_the_account(
    server: ServerProcess, socket_clients: ClientFactory
) -> None:
    api, cafe = open_cafe(server, "Flom", ["q"], tables=1, round_minutes=30)
    phone = connect_phone(socket_clients, server, cafe["join_code"], "Kari")
    assert phone.first("state").wait(SOCKET_TIMEOUT)

    # One thread floods the facilitator's own address, another brand-new addresses (each
    # hashed against the dummy hash: no delay ever holds those back).
    known: list[requests.Response] = []
    unknown: list[requests.Response] = []
    fresh = (f"nobody-{uuid.uuid4().hex[:8]}@example.no" for _ in iter(int, 1))
    floods = [
        threading.Thread(
            target=_flood, args=(server.url, iter(lambda: FACILITATOR_EMAIL, None), known)
        ),
        threading.Thread(target=_flood, args=(server.url, fresh, unknown)),
    ]
    for flood in floods:
        flood.start()
    acks: list[float] = []
    while any(flood.is_alive() for flood in floods):
        started = time.monotonic()
        ack = phone.call("post", {"client_id": str(uuid.uuid4()), "text": "Fortsatt raskt?"})
        acks.append(time.monotonic() - started)
        assert ack["ok"] is True, ack
        time.sleep(0.05)  # a phone posting steadily, not as fast as it can
    for flood in floods:
        flood.join()
    api.close()

    assert len(acks) >= 10
    assert statistics.median(acks) < MAX_MEDIAN_ACK, sorted(acks)
    assert {answer.status_code for answer in unknown} == {401}
    statuses = [answer.status_code for answer in known]
    assert set(statuses) == {401, 429}, statuses
    assert statuses[:5] == [401] * 5  # five free tries, then the wait grows
    delayed = [answer for answer in known if answer.status_code == 429]
    assert len(delayed) > len(known) // 2
    for answer in delayed:
        assert answer.json()["code"] == "login_delayed"
        assert 1 <= int(answer.headers["Retry-After"]) <= 30
        assert answer.json()["retry_after"] == int(answer.headers["Retry-After"])
    # The facilitator waits too, even with the right password, until the delay is over.
    right = _token_call(server.url, FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    assert right.status_code == 429


def test_unknown_and_known_addresses_take_comparable_time(server: ServerProcess) -> None:
    """The dummy hash: how long a wrong answer takes does not tell who has an account."""
    known: list[float] = []
    unknown: list[float] = []
    with requests.Session() as http:
        for attempt in range(4):  # within the free tries: every answer is a checked 401
            for email, times in (
                (TIMING_EMAIL, known),
                (f"nobody-{attempt}-{uuid.uuid4().hex[:6]}@example.no", unknown),
            ):
                started = time.monotonic()
                response = http.post(
                    f"{server.url}/api/auth/token",
                    json={"email": email, "password": "not the password"},
                    timeout=HTTP_TIMEOUT,
                )
                times.append(time.monotonic() - started)
                assert response.json()["code"] == "bad_credentials"
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 1 / 3 < ratio < 3, (known, unknown)


def _logged_in_browser(server: ServerProcess) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=HTTP_TIMEOUT).text
    match = _CSRF.search(page)
    assert match is not None
    response = browser.post(
        f"{server.url}/login",
        data={
            "email": FACILITATOR_EMAIL,
            "password": FACILITATOR_PASSWORD,
            "csrf_token": match.group(1),
        },
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 302, response.text[:300]
    return browser


def _dashboard(browser: requests.Session, server: ServerProcess) -> requests.Response:
    return browser.get(f"{server.url}/sessions", allow_redirects=False, timeout=HTTP_TIMEOUT)


def _socket_accepts(server: ServerProcess, cookie: str, session_id: int) -> bool:
    client = socketio.Client(reconnection=False)
    try:
        client.connect(
            server.url,
            headers={"Cookie": f"session={cookie}"},
            auth={"session": session_id},
            transports=["websocket"],
            wait_timeout=SOCKET_TIMEOUT,
        )
    except socketio.exceptions.ConnectionError:
        return False
    client.disconnect()
    return True


def test_a_copied_cookie_stops_working_after_logout(server: ServerProcess) -> None:
    api, cafe = open_cafe(server, "Kopi", ["q"], tables=1, round_minutes=30, start=False)
    browser = _logged_in_browser(server)
    cookie = browser.cookies["session"]
    thief = requests.Session()
    thief.cookies.set("session", cookie)
    assert _dashboard(thief, server).status_code == 200
    assert _socket_accepts(server, cookie, cafe["id"])

    page = _dashboard(browser, server).text
    match = _CSRF.search(page)
    assert match is not None
    logout = browser.post(
        f"{server.url}/logout",
        data={"csrf_token": match.group(1)},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert logout.status_code == 302

    stale = requests.Session()
    stale.cookies.set("session", cookie)
    refused = _dashboard(stale, server)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/login")
    assert not _socket_accepts(server, cookie, cafe["id"])
    # The API token is a credential of its own: the log-out did not end it.
    api.request("GET", f"/api/sessions/{cafe['id']}")
    api.close()
    for http in (browser, thief, stale):
        http.close()


def test_revoked_and_expired_tokens_answer_401(
    server: ServerProcess, server_factory: ServerFactory, tmp_path: Path
) -> None:
    api = ApiClient(server.url)
    token = api.log_in()
    (listed,) = api.request("GET", "/api/auth/tokens").json()["tokens"]
    api.request("DELETE", f"/api/auth/tokens/{listed['id']}")
    revoked = api.request("GET", "/api/auth/tokens", expect=401).json()
    assert revoked["code"] == "token_revoked"
    api.close()
    assert token

    quick = server_factory(
        tmp_path / "quick", name="quick", extra_env={"DIALOGCAFE_API_TOKEN_DAYS": "1e-9"}
    )
    quick.create_facilitator()
    quick.start()
    expiring = ApiClient(quick.url)
    expiring.log_in()
    expired = expiring.request("GET", "/api/auth/tokens", expect=401).json()
    assert expired["code"] == "token_expired"
    expiring.close()
