"""Editing the questions, tables and rounds over the API and the session page's form: the
new wording reaches every screen live; the structure is fixed once round 1 has started."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.helpers import qr_encodes
from tests.integration.received import events

Bearer = Callable[[str], dict[str, str]]


def test_before_round_1_the_api_changes_everything_and_refuses_bad_input(
    client: Any, host: str, bearer: Bearer, cafe: dict[str, Any]
) -> None:
    url = f"/api/sessions/{cafe['id']}/plan"
    changed = client.put(
        url,
        json={"topics": ["Hva er trygt?", "Hva mangler?"], "tables": 4, "rounds": 2},
        headers=bearer(host),
    )
    assert changed.status_code == 200, changed.json
    assert (changed.json["tables"], changed.json["rounds"]) == (4, 2)
    assert [t["topic"] for t in changed.json["table_topics"]] == [
        "Hva er trygt?",
        "Hva mangler?",
        "Hva er trygt?",
        "Hva mangler?",
    ]
    for bad in ({"topics": []}, {"topics": ["ok"], "tables": 0}, {"topics": "ok"}, []):
        refused = client.put(url, json=bad, headers=bearer(host))
        assert refused.status_code == 400, (bad, refused.json)
    assert client.put(url, json={"topics": ["x"]}).status_code == 401


def test_after_round_1_the_wording_reaches_phones_and_the_structure_is_refused(
    client: Any,
    host: str,
    bearer: Bearer,
    running: dict[str, Any],
    seated: Callable[..., tuple[dict[str, Any], Any]],
    watcher: Any,
) -> None:
    _person, phone = seated(1, "Kari")
    watcher.get_received()
    url = f"/api/sessions/{running['id']}/plan"
    topics = [t["topic"] for t in running["table_topics"]]
    reworded = ["Hva gjør et hjem trygt for deg?", *topics[1:]]
    changed = client.put(url, json={"topics": reworded}, headers=bearer(host))
    assert changed.status_code == 200, changed.json
    (round_info,) = events(phone, "round")
    assert (round_info["round"], round_info["topic"]) == (1, reworded[0])
    overview = events(watcher, "round")[-1]
    assert overview["tables"][0]["topic"] == reworded[0]

    for locked in ({"topics": reworded[:1]}, {"topics": reworded, "tables": 9}):
        refused = client.put(url, json=locked, headers=bearer(host))
        assert (refused.status_code, refused.json["code"]) == (409, "plan_locked")
    closing = client.post(f"/api/sessions/{running['id']}/close", headers=bearer(host))
    assert closing.status_code == 200
    closed = client.put(url, json={"topics": reworded}, headers=bearer(host))
    assert closed.status_code == 409


@pytest.fixture
def logged_in(client: Any, auth: Any, host: str, english: None) -> Any:
    assert auth.login("host@example.no").status_code == 302
    return client


def test_the_session_page_form_edits_and_warns_of_shared_questions(
    logged_in: Any, cafe: dict[str, Any]
) -> None:
    url = f"/sessions/{cafe['id']}/plan"
    form = {"topics": "Hva er trygt?\nHva mangler?", "tables": "4", "rounds": "2"}
    response = logged_in.post(url, data={**form, "round_minutes": "15"})
    assert response.status_code == 302
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "The questions are saved." in page
    assert "tables 1, 3 share question 1" in page
    assert "Hva mangler?" in page
    wrong = logged_in.post(url, data={**form, "round_minutes": "0"})
    assert wrong.status_code == 302
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "round_minutes" in page or "minutes" in page


def test_the_host_qr_holds_the_host_code_for_the_owner_only(
    logged_in: Any, cafe: dict[str, Any], host: str, bearer: Bearer, app: Any
) -> None:
    url = f"/sessions/{cafe['id']}/host-qr.svg"
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "private" in response.headers["Cache-Control"]
    details = logged_in.get(f"/api/sessions/{cafe['id']}", headers=bearer(host)).json
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    code = page.split('class="host-code"', 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
    assert qr_encodes(response.get_data(as_text=True), f"{details['join_url']}?host={code}")
    assert app.test_client().get(url).status_code in (302, 401)


def test_the_wording_form_after_round_1_changes_only_the_text(
    logged_in: Any, running: dict[str, Any], host: str, bearer: Bearer
) -> None:
    topics = [t["topic"] for t in running["table_topics"]]
    reworded = [f"{topic} (ny)" for topic in topics]
    response = logged_in.post(f"/sessions/{running['id']}/plan", data={"topic": reworded})
    assert response.status_code == 302
    details = logged_in.get(f"/api/sessions/{running['id']}", headers=bearer(host)).json
    assert details["topics"] == reworded
    fewer = logged_in.post(f"/sessions/{running['id']}/plan", data={"topic": reworded[:1]})
    assert fewer.status_code == 302
    page = logged_in.get(f"/sessions/{running['id']}").get_data(as_text=True)
    assert "Round 1 has started" in page
