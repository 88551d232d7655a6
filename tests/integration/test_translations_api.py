"""Translations of the questions and of the message to everyone over the API: bounded,
allowed until the café closes, and live on the phones (``round`` / ``broadcast`` / ``state``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.received import events

Bearer = Callable[[str], dict[str, str]]
ARABIC = "ما الذي يجعل المنزل آمنًا؟"


def test_translations_are_checked_and_bounded(
    client: Any, host: str, bearer: Bearer, cafe: dict[str, Any]
) -> None:
    url = f"/api/sessions/{cafe['id']}/translations"
    saved = client.put(
        url,
        json={"questions": [{"number": 1, "translations": {"AR": ARABIC, "pt_BR": "Pergunta"}}]},
        headers=bearer(host),
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["questions"][0]["translations"] == {"ar": ARABIC, "pt-br": "Pergunta"}
    assert saved.json["questions"][1]["translations"] == {}
    too_many = {f"a{chr(97 + i)}": "x" for i in range(21)}
    for bad in (
        {"questions": [{"number": 1, "translations": {"arabic!": "x"}}]},
        {"questions": [{"number": 1, "translations": {"ar": "x" * 501}}]},
        {"questions": [{"number": 1, "translations": too_many}]},
        {"questions": [{"number": 99, "translations": {"ar": "x"}}]},
        {"questions": [{"number": "1", "translations": {"ar": "x"}}]},
        {"questions": {"1": {"ar": "x"}}},
        {"message": {"ar": "x" * 281}},
        {"message": ["ar"]},
    ):
        refused = client.put(url, json=bad, headers=bearer(host))
        assert refused.status_code == 400, (bad, refused.json)
    assert client.put(url, json={"questions": []}).status_code == 401
    # removing: the question's whole set is replaced
    emptied = client.put(
        url,
        json={"questions": [{"number": 1, "translations": {"pt-br": "Pergunta"}}]},
        headers=bearer(host),
    )
    assert emptied.json["questions"][0]["translations"] == {"pt-br": "Pergunta"}


def test_translations_reach_a_phone_live_and_stay_editable_until_closed(
    client: Any,
    host: str,
    bearer: Bearer,
    running: dict[str, Any],
    seated: Callable[..., tuple[dict[str, Any], Any]],
    socket_client: Callable[..., Any],
) -> None:
    person, phone = seated(1, "Layla")
    url = f"/api/sessions/{running['id']}/translations"
    before = events_size(client, running, person, socket_client)
    changed = client.put(
        url,
        json={"questions": [{"number": 1, "translations": {"ar": ARABIC}}]},
        headers=bearer(host),
    )
    assert changed.status_code == 200, changed.json
    (round_info,) = events(phone, "round")
    assert round_info["round"] == 1
    assert round_info["topic_translations"] == {"ar": ARABIC}
    after = events_size(client, running, person, socket_client)
    # What one Arabic translation adds to a reconnect's state (said in CHANGELOG/report).
    assert 0 < after - before < 300

    message = client.post(
        f"/api/sessions/{running['id']}/broadcast",
        json={"text": "Pause i ti minutter", "translations": {"ar": "استراحة عشر دقائق"}},
        headers=bearer(host),
    )
    assert message.status_code == 200, message.json
    (broadcast,) = events(phone, "broadcast")
    assert broadcast["translations"] == {"ar": "استراحة عشر دقائق"}
    # a new text without translations drops those of the old one
    client.post(
        f"/api/sessions/{running['id']}/broadcast",
        json={"text": "Ny melding"},
        headers=bearer(host),
    )
    assert events(phone, "broadcast")[-1]["translations"] == {}

    assert (
        client.post(f"/api/sessions/{running['id']}/close", headers=bearer(host)).status_code == 200
    )
    closed = client.put(url, json={"message": {}}, headers=bearer(host))
    assert closed.status_code == 409


def events_size(
    client: Any, cafe: dict[str, Any], person: dict[str, Any], socket_client: Callable[..., Any]
) -> int:
    """The byte size of the ``state`` a phone gets on (re)connect."""
    socket = socket_client(auth={"token": person["token"]})
    (state,) = events(socket, "state")
    socket.disconnect()
    assert "topic_translations" in state["round_info"]
    return len(json.dumps(state, ensure_ascii=False).encode())


@pytest.fixture
def logged_in(client: Any, auth: Any, host: str, english: None) -> Any:
    assert auth.login("host@example.no").status_code == 302
    return client


def test_the_session_page_form_saves_and_removes_translations(
    logged_in: Any, cafe: dict[str, Any]
) -> None:
    url = f"/sessions/{cafe['id']}/translations"
    rows = {"q1-language": ["AR", ""], "q1-text": [ARABIC, ""], "q2-language": ["uk"]}
    rows["q2-text"] = ["Чого тобі бракує?"]
    assert logged_in.post(url, data=rows).status_code == 302
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "The translations are saved." in page
    assert ARABIC in page and 'value="ar"' in page and 'lang="ar"' in page
    # emptying the text removes the language; a bad code is shown, nothing changes
    assert logged_in.post(url, data={"q1-language": ["ar"], "q1-text": [""]}).status_code == 302
    assert logged_in.post(url, data={"q2-language": ["??"], "q2-text": ["x"]}).status_code == 302
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert ARABIC not in page and "Чого тобі бракує?" in page
    assert "is not a language code" in page
    # the message to everyone, with its translations
    sent = logged_in.post(
        f"/sessions/{cafe['id']}/broadcast?translations=1",
        data={"text": "Pause", "m-language": ["ar", ""], "m-text": ["استراحة", ""]},
        headers={"Accept": "application/json"},
    )
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["translations"] == {"ar": "استراحة"}


def test_a_phone_without_javascript_shows_its_question_language(
    client: Any, host: str, bearer: Bearer, running: dict[str, Any], english: None
) -> None:
    code = running["join_code"]
    client.put(
        f"/api/sessions/{running['id']}/translations",
        json={"questions": [{"number": 1, "translations": {"ar": ARABIC}}]},
        headers=bearer(host),
    )
    join_page = client.get(f"/j/{code}").get_data(as_text=True)
    assert 'name="question_language"' in join_page and "العربية" in join_page
    joined = client.post(f"/j/{code}", data={"table": "1", "question_language": "ar"})
    assert joined.status_code == 302
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert f'lang="ar" dir="rtl">{ARABIC}</p>' in page
    assert "data-topic-original-text" in page and running["table_topics"][0]["topic"] in page
    # back to the original; the interface language stays English
    assert (
        client.post(f"/j/{code}/question-language", data={"language": "original"}).status_code
        == 302
    )
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert ARABIC not in page.split("data-topic", 1)[1].split("</p>", 1)[0]
    assert '<html lang="en"' in page
    # a crafted code is ignored: automatic again
    client.post(f"/j/{code}/question-language", data={"language": "<script>"})
    assert client.get_cookie("dialogcafe_qlang") is None
