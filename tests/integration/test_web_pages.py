"""The web pages: creating sessions, joining by code and QR, the table view, languages."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
import qrcode
import qrcode.image.svg

Inputs = Callable[[str], dict[str, list[str]]]
SVG = "{http://www.w3.org/2000/svg}"
TOPICS = [
    "What makes a home feel safe?",
    "What help do you need to keep your home?",
    "How should we involve residents?",
]
XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def logged_in(client: Any, auth: Any, host: str) -> Any:
    """The test client, logged in on the web as the session's facilitator."""
    assert auth.login("host@example.no").status_code == 302
    return client


@pytest.fixture
def phone(app: Any) -> Any:
    """A second browser: a participant's phone with its own cookies."""
    return app.test_client()


def topic_on(page: str) -> str:
    """The question shown on a table page (the element the live script updates)."""
    match = re.search(r"<[^>]*\bdata-topic\b[^>]*>([^<]*)<", page)
    assert match is not None
    return match.group(1).strip()


def form_join(phone: Any, code: str, **data: str) -> Any:
    response = phone.post(f"/j/{code}", data={"nickname": "", "table": "", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


# --- the facilitator's pages ---------------------------------------------------------------


def session_form(**changes: str) -> dict[str, str]:
    form = {
        "title": "Et trygt hjem",
        "description": "Dialogkafé",
        "topics": "\n".join(TOPICS) + "\n\n",
        "tables": "3",
        "rounds": "2",
        "round_minutes": "25",
        "rotation": "topics",
    }
    form.update(changes)
    return form


def test_new_session_form_creates_a_session(
    logged_in: Any, host: str, bearer: Callable[..., Any]
) -> None:
    assert logged_in.get("/sessions/new").status_code == 200
    response = logged_in.post("/sessions/new", data=session_form())
    assert response.status_code == 302
    match = re.fullmatch(r"/sessions/(\d+)", response.headers["Location"])
    assert match is not None
    stored = logged_in.get(f"/api/sessions/{match.group(1)}", headers=bearer(host)).get_json()
    assert stored["title"] == "Et trygt hjem"
    assert stored["topics"] == TOPICS  # one per line, blank lines dropped
    assert (stored["tables"], stored["rounds"], stored["round_minutes"]) == (3, 2, 25)
    assert "Et trygt hjem" in logged_in.get("/sessions").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tables": "0"}, "Number of tables: must be between 1 and 30"),
        ({"tables": "²"}, "Number of tables: must be a whole number"),
        ({"rounds": "many"}, "Number of rounds: must be a whole number"),
        ({"round_minutes": ""}, "Minutes per round: must be a whole number"),
        ({"title": "  "}, "Title: is required"),
        ({"topics": "\n  \n"}, "Questions: give at least one question"),
    ],
)
def test_new_session_form_shows_errors_inline(
    logged_in: Any, english: None, changes: dict[str, str], message: str
) -> None:
    response = logged_in.post("/sessions/new", data=session_form(**changes))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert ">Dialogkafé</textarea>" in page  # what was typed is kept
    assert "Et trygt hjem" not in logged_in.get("/sessions").get_data(as_text=True)


def test_session_page_shows_the_join_code_link_and_qr(logged_in: Any, cafe: dict[str, Any]) -> None:
    response = logged_in.get(f"/sessions/{cafe['id']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    code = cafe["join_code"]
    assert f">{code}<" in page
    assert cafe["join_url"] in page
    img = re.search(r"<img[^>]*src=\"(/j/[A-Z0-9]+/qr\.svg)\"", page)
    assert img is not None and img.group(1) == f"/j/{code}/qr.svg"
    for topic in TOPICS:
        assert topic in page


def test_session_page_buttons_advance_and_close(
    logged_in: Any, cafe: dict[str, Any], host: str, bearer: Callable[..., Any]
) -> None:
    assert logged_in.post(f"/sessions/{cafe['id']}/next").status_code == 302
    state = logged_in.get(f"/api/sessions/{cafe['id']}", headers=bearer(host)).get_json()
    assert (state["round"], state["status"]) == (1, "running")
    assert logged_in.post(f"/sessions/{cafe['id']}/close").status_code == 302
    state = logged_in.get(f"/api/sessions/{cafe['id']}", headers=bearer(host)).get_json()
    assert state["status"] == "closed"


def test_another_facilitators_session_page_is_404(
    client: Any, auth: Any, cafe: dict[str, Any]
) -> None:
    auth.signup("other@example.no")
    assert client.get(f"/sessions/{cafe['id']}").status_code == 404
    assert client.post(f"/sessions/{cafe['id']}/next").status_code == 404


# --- QR code -------------------------------------------------------------------------------


def test_qr_code_is_an_svg_of_the_join_link(client: Any, cafe: dict[str, Any]) -> None:
    response = client.get(f"/j/{cafe['join_code']}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg"
    assert root.findall(f".//{SVG}path")
    expected = qrcode.make(
        cafe["join_url"],
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    buffer = io.BytesIO()
    expected.save(buffer)
    assert response.data == buffer.getvalue()


def test_qr_code_for_an_unknown_session_is_404(client: Any) -> None:
    assert client.get("/j/ZZZZZ2/qr.svg").status_code == 404


# --- joining and the table view ------------------------------------------------------------


def test_join_page_shows_the_join_form(
    phone: Any, cafe: dict[str, Any], input_values: Inputs
) -> None:
    response = phone.get(f"/j/{cafe['join_code']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert cafe["title"] in page
    assert '<form method="post"' in page
    fields = input_values(page)
    assert "nickname" in fields
    assert fields["table"] == ["", "1", "2", "3"]  # "choose for me" and each table


def test_typed_codes_and_the_home_box_lead_to_the_join_page(
    phone: Any, cafe: dict[str, Any]
) -> None:
    code = cafe["join_code"]
    typed = phone.get(f"/j/{code.lower()}")
    assert typed.status_code == 302 and typed.headers["Location"] == f"/j/{code}"
    box = phone.get("/join", query_string={"code": f" {code[:3].lower()} {code[3:]} "})
    assert box.status_code == 302 and box.headers["Location"] == f"/j/{code}"
    assert phone.get("/join", query_string={"code": "   "}).status_code == 404
    assert phone.get("/j/ZZZZZ2").status_code == 404


def test_form_join_sets_the_cookie_and_shows_the_table(
    phone: Any, cafe: dict[str, Any], host: str, next_round: Callable[..., Any]
) -> None:
    response = form_join(phone, cafe["join_code"], nickname="Kari", table="2")
    assert response.headers["Location"] == f"/j/{cafe['join_code']}"
    assert phone.get_cookie("session") is not None
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert topic_on(page) == TOPICS[1]  # the table's question (round 1's plan so far)
    assert 'name="text"' in page

    next_round(host, cafe["id"])
    assert topic_on(phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)) == TOPICS[1]
    next_round(host, cafe["id"])
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert topic_on(page) == TOPICS[2]  # round 2: table 2 gets the next question, 3


def test_form_join_without_a_choice_uses_the_least_full_table(
    app: Any, cafe: dict[str, Any], make_participant: Callable[..., Any], english: None
) -> None:
    make_participant(cafe["join_code"], table=1)
    phone = app.test_client()
    form_join(phone, cafe["join_code"])
    page = phone.get(f"/j/{cafe['join_code']}", query_string={"lang": "en"})
    assert "Table 2" in page.get_data(as_text=True)


def test_form_join_at_an_unknown_table_shows_the_error(phone: Any, cafe: dict[str, Any]) -> None:
    for table in ("9", "x", "{", "²"):
        response = phone.post(
            f"/j/{cafe['join_code']}?lang=en", data={"nickname": "", "table": table}
        )
        assert response.status_code == 400
        assert f"Table {table} does not exist" in response.get_data(as_text=True)
    assert 'name="nickname"' in phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)


def test_a_closed_session_cannot_be_joined(
    phone: Any, cafe: dict[str, Any], host: str, client: Any, bearer: Callable[..., Any]
) -> None:
    client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert 'name="nickname"' not in page
    response = phone.post(f"/j/{cafe['join_code']}", data={"table": ""})
    assert response.status_code == 409


def test_the_no_javascript_post_form_works(
    phone: Any,
    cafe: dict[str, Any],
    host: str,
    next_round: Callable[..., Any],
    client: Any,
    bearer: Callable[..., Any],
    input_values: Inputs,
) -> None:
    form_join(phone, cafe["join_code"], table="1")
    next_round(host, cafe["id"])
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    (client_id,) = input_values(page)["client_id"]
    data = {"client_id": client_id, "text": "Sendt uten JavaScript"}
    response = phone.post(f"/j/{cafe['join_code']}/posts", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{cafe['join_code']}#posts"
    assert "Sendt uten JavaScript" in phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)

    assert phone.post(f"/j/{cafe['join_code']}/posts", data=data).status_code == 302  # resend
    export = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host))
    document = export.get_json()
    assert document["input_count"] == 1
    (item,) = document["tables"][0]["rounds"][0]["inputs"]
    assert (item["text"], item["table"], item["round"]) == ("Sendt uten JavaScript", 1, 1)


def test_the_no_javascript_form_reaches_live_sockets(
    phone: Any,
    cafe: dict[str, Any],
    host: str,
    next_round: Callable[..., Any],
    make_participant: Callable[..., Any],
    socket_client: Callable[..., Any],
) -> None:
    form_join(phone, cafe["join_code"], table="1")
    next_round(host, cafe["id"])
    same_table = socket_client(
        auth={"token": make_participant(cafe["join_code"], table=1)["token"]}
    )
    other_table = socket_client(
        auth={"token": make_participant(cafe["join_code"], table=2)["token"]}
    )
    same_table.get_received()
    other_table.get_received()
    assert other_table.emit("watch_others", {"watch": True}, callback=True)["watching"]
    phone.post(f"/j/{cafe['join_code']}/posts", data={"client_id": "form-post-1", "text": "hei"})
    received = [e["args"][0]["text"] for e in same_table.get_received() if e["name"] == "post"]
    assert received == ["hei"]
    # The other table's phone has the other tables open: it hears it too.
    elsewhere = [e["args"][0]["text"] for e in other_table.get_received() if e["name"] == "post"]
    assert elsewhere == ["hei"]


def test_the_post_form_shows_errors(
    phone: Any, cafe: dict[str, Any], host: str, next_round: Callable[..., Any]
) -> None:
    phone.get("/lang/en")
    form_join(phone, cafe["join_code"], table="1")
    response = phone.post(
        f"/j/{cafe['join_code']}/posts", data={"client_id": "early-post-1", "text": "for tidlig"}
    )
    assert response.status_code == 302
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert "The first round has not started yet." in page
    next_round(host, cafe["id"])
    phone.post(
        f"/j/{cafe['join_code']}/posts", data={"client_id": "long-post-1", "text": "x" * 1001}
    )
    page = phone.get(f"/j/{cafe['join_code']}").get_data(as_text=True)
    assert "at most 1000 characters" in page
    assert "x" * 1001 not in page


def test_posting_without_having_joined_goes_to_the_join_page(
    phone: Any, cafe: dict[str, Any]
) -> None:
    response = phone.post(
        f"/j/{cafe['join_code']}/posts", data={"client_id": "x" * 8, "text": "hei"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{cafe['join_code']}"


# --- escaping ------------------------------------------------------------------------------


def test_user_text_is_escaped_on_every_page(
    app: Any,
    client: Any,
    auth: Any,
    make_facilitator: Callable[..., tuple[int, str]],
    make_session: Callable[..., dict[str, Any]],
    make_participant: Callable[..., Any],
    next_round: Callable[..., Any],
    socket_client: Callable[..., Any],
) -> None:
    _id, token = make_facilitator("host@example.no")
    cafe = make_session(
        token, title=f"Tittel {XSS}", description=f"Om {XSS}", topics=[f"Spørsmål {XSS}"]
    )
    code = cafe["join_code"]
    next_round(token, cafe["id"])
    person = make_participant(code, table=1, nickname="<b>Ola</b>")
    socket = socket_client(auth={"token": person["token"]})
    ack = socket.emit("post", {"client_id": "xss-post-01", "text": XSS}, callback=True)
    assert ack["ok"] is True

    phone = app.test_client()
    pages = {"join page": phone.get(f"/j/{code}").get_data(as_text=True)}
    form_join(phone, code, nickname="<i>Kari</i>", table="1")
    pages["table page"] = phone.get(f"/j/{code}").get_data(as_text=True)
    auth.login("host@example.no")
    pages["session page"] = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    pages["dashboard"] = client.get("/sessions").get_data(as_text=True)

    for name, page in pages.items():
        assert XSS not in page, name
        assert ESCAPED_XSS in page, name
    for name in ("table page", "session page"):
        assert "<b>Ola</b>" not in pages[name]
        assert "&lt;b&gt;Ola&lt;/b&gt;" in pages[name], name
        assert f"Spørsmål {ESCAPED_XSS}" in pages[name], name


def test_errors_are_escaped_too(phone: Any, cafe: dict[str, Any]) -> None:
    response = phone.post(f"/j/{cafe['join_code']}", data={"table": "<img src=x>"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<img src=x>" not in page
    assert "&lt;img src=x&gt;" in page


# --- languages -----------------------------------------------------------------------------


def test_norwegian_is_the_default(client: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert client.get_cookie("dialogcafe_lang") is None


def test_the_language_switch_sets_a_cookie_and_goes_back(client: Any) -> None:
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    cookie = client.get_cookie("dialogcafe_lang")
    assert cookie is not None and cookie.value == "en"
    assert cookie.http_only
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Join a dialogue café" in page
    client.get("/lang/nb?next=/")
    assert '<html lang="nb">' in client.get("/").get_data(as_text=True)


def test_a_lang_parameter_wins_for_one_page(client: Any) -> None:
    assert '<html lang="en">' in client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="nb">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "javascript:alert(1)", "evil"]
)
def test_the_language_switch_never_redirects_off_site(client: Any, target: str) -> None:
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_sets_no_cookie(client: Any) -> None:
    response = client.get("/lang/xx?next=/sessions")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sessions"
    assert client.get_cookie("dialogcafe_lang") is None
    assert '<html lang="nb">' in client.get("/").get_data(as_text=True)


def test_pages_carry_a_strict_content_security_policy(client: Any) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
