"""The team on the pages: the owner's team panel, what a reader's and a co-facilitator's
cockpit offer, copying a café from the dashboard and starting from a ready-made plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Bearer = Callable[[str], dict[str, str]]


def _page(client: Any, cafe: dict[str, Any]) -> str:
    response = client.get(f"/sessions/{cafe['id']}")
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_the_owner_adds_and_removes_people_with_the_team_panel(
    client: Any,
    auth: Any,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    english: None,
) -> None:
    kari_id, _ = make_facilitator("kari@example.no")
    assert auth.login("host@example.no").status_code == 302
    page = _page(client, cafe)
    assert 'id="team"' in page and "Add to the team" in page
    assert f"/api/sessions/{cafe['id']}/cards.pdf" in page  # the join panel's print link
    added = client.post(
        f"/sessions/{cafe['id']}/members",
        data={"email": "kari@example.no", "role": "reader"},
        follow_redirects=True,
    )
    text = added.get_data(as_text=True)
    assert "kari@example.no is on the team." in text and "Reader" in text
    unknown = client.post(
        f"/sessions/{cafe['id']}/members",
        data={"email": "nobody@example.no", "role": "reader"},
        follow_redirects=True,
    )
    assert "There is no account with that e-mail address." in unknown.get_data(as_text=True)
    removed = client.post(f"/sessions/{cafe['id']}/members/{kari_id}/remove", follow_redirects=True)
    assert "kari@example.no" not in removed.get_data(as_text=True)


@pytest.fixture
def page_as(
    client: Any,
    auth: Any,
    host: str,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
    english: None,
) -> Callable[[str, str], str]:
    """``page_as(email, role)``: the café's cockpit as a new member with ``role`` sees it."""

    def open_as(email: str, role: str) -> str:
        make_facilitator(email)
        added = client.post(
            f"/api/sessions/{cafe['id']}/members",
            json={"email": email, "role": role},
            headers=bearer(host),
        )
        assert added.status_code == 201
        assert auth.login(email).status_code == 302
        return _page(client, cafe)

    return open_as


def test_a_readers_cockpit_offers_no_controls(
    client: Any, cafe: dict[str, Any], page_as: Callable[[str, str], str]
) -> None:
    page = page_as("ola@example.no", "reader")
    assert "but not change it" in page and "is-reader" in page
    for control in ('id="plan"', 'id="moderation"', 'id="delete"', "Add to the team", "/next"):
        assert control not in page, control
    assert 'id="downloads"' in page
    refused = client.post(f"/sessions/{cafe['id']}/next")
    assert refused.status_code == 403


def test_a_co_facilitator_runs_but_does_not_delete_or_choose_the_team(
    cafe: dict[str, Any], page_as: Callable[[str, str], str]
) -> None:
    page = page_as("kari@example.no", "co_facilitator")
    assert f'action="/sessions/{cafe["id"]}/next"' in page
    assert 'id="delete"' in page and "Delete for good" not in page
    assert "Add to the team" not in page and "host@example.no" in page


def test_copy_from_the_dashboard_and_start_from_a_plan(
    client: Any, auth: Any, cafe: dict[str, Any], english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    dashboard = client.get("/sessions").get_data(as_text=True)
    assert f'action="/sessions/{cafe["id"]}/duplicate"' in dashboard
    copied = client.post(f"/sessions/{cafe['id']}/duplicate", follow_redirects=True)
    assert f"{cafe['title']} (copy)" in copied.get_data(as_text=True)
    form = client.get("/sessions/new").get_data(as_text=True)
    assert "A good place to live" in form and 'action="/sessions/new/home"' in form
    made = client.post("/sessions/new/service", follow_redirects=True)
    assert "How does the service work for you?" in made.get_data(as_text=True)
    assert client.post("/sessions/new/nope").status_code == 400
