"""Invitation links over HTTP and sockets: the owner makes, lists and withdraws them; the
person who opens one logs in or signs up, accepts once, and has the role at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from dialogcafe.domain.models import Invitation, Project
from dialogcafe.extensions import get_database
from tests.conftest import DEFAULT_PASSWORD

Bearer = Callable[[str], dict[str, str]]


def _make(client: Any, cafe: dict[str, Any], token: str, bearer: Bearer, **body: Any) -> Any:
    return client.post(f"/api/sessions/{cafe['id']}/invitations", json=body, headers=bearer(token))


def _token(made: Any) -> str:
    return urlsplit(made.get_json()["url"]).path.rsplit("/", 1)[1]


@pytest.fixture
def ola(make_facilitator: Callable[..., tuple[int, str]]) -> tuple[int, str]:
    return make_facilitator("ola@example.no")


def test_accepting_gives_the_role_and_the_api_and_socket_work(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    ola: tuple[int, str],
    bearer: Bearer,
    socket_client: Callable[..., Any],
) -> None:
    assert client.get(f"/api/sessions/{cafe['id']}", headers=bearer(ola[1])).status_code == 404
    made = _make(client, cafe, host, bearer, role="co_facilitator", days=3)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["role"] == "co_facilitator" and body["url"].startswith("http")
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=2, hours=23) < expires - datetime.now(UTC) <= timedelta(days=3)
    listed = client.get(f"/api/sessions/{cafe['id']}/invitations", headers=bearer(host))
    assert [i["id"] for i in listed.get_json()["invitations"]] == [body["id"]]
    assert "token" not in listed.get_json()["invitations"][0]

    accepted = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(ola[1]))
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json() == {
        "session_id": cafe["id"],
        "project_id": None,
        "role": "co_facilitator",
    }
    members = client.get(f"/api/sessions/{cafe['id']}/members", headers=bearer(ola[1]))
    assert [(m["email"], m["role"]) for m in members.get_json()["members"]] == [
        ("ola@example.no", "co_facilitator")
    ]
    started = client.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer(ola[1]))
    assert started.status_code == 200
    screen = socket_client(auth={"token": ola[1], "session": cafe["id"]})
    assert screen.is_connected()
    # Used once: the link is gone from the open list and refused a second time.
    again = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(ola[1]))
    assert again.status_code == 410 and again.get_json()["code"] == "link_used"
    listed = client.get(f"/api/sessions/{cafe['id']}/invitations", headers=bearer(host))
    assert listed.get_json()["invitations"] == []


def test_a_withdrawn_link_is_refused(
    client: Any, host: str, cafe: dict[str, Any], ola: tuple[int, str], bearer: Bearer
) -> None:
    made = _make(client, cafe, host, bearer, role="reader")
    withdrawn = client.delete(
        f"/api/sessions/{cafe['id']}/invitations/{made.get_json()['id']}", headers=bearer(host)
    )
    assert withdrawn.status_code == 200 and withdrawn.get_json() == {"invitations": []}
    refused = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(ola[1]))
    assert refused.status_code == 410 and refused.get_json()["code"] == "invitation_gone"
    twice = client.delete(
        f"/api/sessions/{cafe['id']}/invitations/{made.get_json()['id']}", headers=bearer(host)
    )
    assert twice.status_code == 404 and twice.get_json()["code"] == "unknown_invitation"
    assert client.get(f"/api/sessions/{cafe['id']}", headers=bearer(ola[1])).status_code == 404


def test_an_expired_link_and_one_for_a_deleted_cafe_are_gone(
    app: Any,
    client: Any,
    host: str,
    cafe: dict[str, Any],
    ola: tuple[int, str],
    bearer: Bearer,
    make_session: Callable[..., dict[str, Any]],
) -> None:
    made = _make(client, cafe, host, bearer, role="reader")
    with app.app_context(), get_database().transaction() as db:
        db.execute(update(Invitation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    expired = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(ola[1]))
    assert expired.status_code == 410 and expired.get_json()["code"] == "invitation_expired"
    other = make_session(host)
    doomed = _make(client, other, host, bearer, role="reader")
    deleted = client.delete(
        f"/api/sessions/{other['id']}", json={"confirm": other["join_code"]}, headers=bearer(host)
    )
    assert deleted.status_code in (200, 204), deleted.get_json()
    gone = client.post(f"/api/invitations/{_token(doomed)}/accept", headers=bearer(ola[1]))
    assert gone.status_code == 410 and gone.get_json()["code"] == "invitation_gone"
    assert client.get(f"/invite/{_token(doomed)}").status_code == 410


def test_an_invitation_cannot_give_the_owner_a_role(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    made = _make(client, cafe, host, bearer, role="reader")
    refused = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(host))
    assert refused.status_code == 409 and refused.get_json()["code"] == "invitation_for_owner"
    listed = client.get(f"/api/sessions/{cafe['id']}/invitations", headers=bearer(host))
    assert len(listed.get_json()["invitations"]) == 1  # still open for the right person


@pytest.mark.parametrize(
    "body",
    [
        {"role": "owner"},
        {"role": "admin"},
        {},
        {"role": "reader", "days": 0},
        {"role": "reader", "days": 31},
        {"role": "reader", "days": 2.5},
        {"role": "reader", "days": "7"},
        {"role": "reader", "days": True},
    ],
)
def test_role_and_days_are_bounded(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer, body: dict[str, Any]
) -> None:
    refused = _make(client, cafe, host, bearer, **body)
    assert refused.status_code == 400 and refused.get_json()["code"] == "invalid_field"
    assert refused.get_json()["field"] in ("role", "days")


def test_only_the_owner_makes_lists_and_withdraws_links(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    _, kari = make_facilitator("kari@example.no")
    _, ola = make_facilitator("ola@example.no")
    _, eve = make_facilitator("eve@example.no")
    members = f"/api/sessions/{cafe['id']}/members"
    for email, role in (("kari@example.no", "co_facilitator"), ("ola@example.no", "reader")):
        client.post(members, json={"email": email, "role": role}, headers=bearer(host))
    made = _make(client, cafe, host, bearer, role="reader").get_json()
    base = f"/api/sessions/{cafe['id']}/invitations"
    for token, status, code in (
        (kari, 403, "owner_only"),
        (ola, 403, "read_only"),
        (eve, 404, "unknown_session"),
    ):
        for answer in (
            client.post(base, json={"role": "reader"}, headers=bearer(token)),
            client.get(base, headers=bearer(token)),
            client.delete(f"{base}/{made['id']}", headers=bearer(token)),
        ):
            assert answer.status_code == status and answer.get_json()["code"] == code
    # A cookie alone changes nothing over the API (no CSRF): a token is needed.
    assert client.post(base, json={"role": "reader"}).status_code == 401


def test_the_invitation_page_logs_in_first_then_accepts(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    ola: tuple[int, str],
    bearer: Bearer,
    auth: Any,
    english: None,
) -> None:
    made = _make(client, cafe, host, bearer, role="reader")
    link = f"/invite/{_token(made)}"
    page = client.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert cafe["title"] in text and "as reader" in text and "Log in" in text
    assert auth.login("ola@example.no").status_code == 302
    page = client.get(link).get_data(as_text=True)
    assert "data-accept-invitation" in page
    accepted = client.post(link)
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith(f"/sessions/{cafe['id']}")
    shown = client.get(f"/sessions/{cafe['id']}")
    assert shown.status_code == 200 and "Welcome to the team." in shown.get_data(as_text=True)
    used = client.get(link)
    assert used.status_code == 410 and "used already" in used.get_data(as_text=True)
    assert client.post(link).status_code == 410


def test_a_login_through_the_link_comes_back_to_it(
    client: Any, host: str, cafe: dict[str, Any], ola: tuple[int, str], bearer: Bearer
) -> None:
    link = f"/invite/{_token(_make(client, cafe, host, bearer, role='reader'))}"
    login = client.post(
        f"/login?next={link}", data={"email": "ola@example.no", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302 and login.headers["Location"].endswith(link)


@pytest.mark.parametrize("policy", ["open", "invite"])
def test_sign_up_with_a_team_invitation_then_accept(
    build_app: Callable[..., Any], bearer: Bearer, policy: str
) -> None:
    app = build_app(SIGNUP=policy)
    client = app.test_client()
    runner = app.test_cli_runner()
    assert (
        runner.invoke(
            args=["facilitator", "create", "host@example.no", "--password", DEFAULT_PASSWORD]
        ).exit_code
        == 0
    )
    host = client.post(
        "/api/auth/token", json={"email": "host@example.no", "password": DEFAULT_PASSWORD}
    ).get_json()["token"]
    plan = {"title": "Bolig", "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5}
    cafe = client.post("/api/sessions", json=plan, headers=bearer(host)).get_json()
    made = _make(client, cafe, host, bearer, role="reader")
    token = _token(made)
    client.get("/lang/en?next=/")
    assert "Create an account" in client.get(f"/invite/{token}").get_data(as_text=True)
    form = client.get(f"/signup?invitation={token}")
    assert form.status_code == 200
    made_account = client.post(
        f"/signup?invitation={token}",
        data={"email": "nina@example.no", "password": DEFAULT_PASSWORD},
    )
    assert made_account.status_code == 302
    assert made_account.headers["Location"].endswith(f"/invite/{token}")
    assert client.post(f"/invite/{token}").status_code == 302
    assert client.get(f"/sessions/{cafe['id']}").status_code == 200
    # The used link lets nobody else sign up where sign-up needs an invitation.
    other = app.test_client()
    refused = other.post(
        f"/signup?invitation={token}",
        data={"email": "eve@example.no", "password": DEFAULT_PASSWORD},
    )
    # (With open sign-up anyone may make an account, link or none.)
    assert refused.status_code == (302 if policy == "open" else 403)


def test_closed_sign_up_offers_no_account_through_a_link(
    build_app: Callable[..., Any], bearer: Bearer
) -> None:
    app = build_app(SIGNUP="closed")
    client = app.test_client()
    runner = app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "host@example.no", "--password", DEFAULT_PASSWORD])
    host = client.post(
        "/api/auth/token", json={"email": "host@example.no", "password": DEFAULT_PASSWORD}
    ).get_json()["token"]
    plan = {"title": "Bolig", "tables": 2, "topics": ["Hva?"], "rounds": 1, "round_minutes": 5}
    cafe = client.post("/api/sessions", json=plan, headers=bearer(host)).get_json()
    token = _token(_make(client, cafe, host, bearer, role="reader"))
    client.get("/lang/en?next=/")
    assert "Create an account" not in client.get(f"/invite/{token}").get_data(as_text=True)
    assert client.get(f"/signup?invitation={token}").status_code == 403


def test_the_team_panel_makes_shows_once_and_withdraws_links(
    client: Any, host: str, cafe: dict[str, Any], auth: Any, english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    made = client.post(f"/sessions/{cafe['id']}/invitations", data={"role": "reader", "days": "5"})
    assert made.status_code == 302 and made.headers["Location"].endswith("#team")
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "data-new-invitation" in page and "/invite/" in page and "Works until" in page
    again = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "data-new-invitation" not in again and "Works until" in again
    bad = client.post(f"/sessions/{cafe['id']}/invitations", data={"role": "reader", "days": "90"})
    assert bad.status_code == 302
    assert "days" in client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    listed = client.get(f"/api/sessions/{cafe['id']}/invitations").get_json()["invitations"]
    withdrawn = client.post(f"/sessions/{cafe['id']}/invitations/{listed[0]['id']}/withdraw")
    assert withdrawn.status_code == 302
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "Works until" not in page and "The link no longer works" in page


def test_project_invitations_are_the_project_owners(
    app: Any,
    client: Any,
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    owner_id, owner = make_facilitator("host@example.no")
    _, ola = make_facilitator("ola@example.no")
    with app.app_context(), get_database().transaction() as db:
        project = Project(owner_id=owner_id, name="Bolig for velferd", created_at=datetime.now(UTC))
        db.add(project)
        db.flush()
        project_id = project.id
    base = f"/api/projects/{project_id}/invitations"
    assert client.post(base, json={"role": "reader"}, headers=bearer(ola)).status_code == 404
    assert (
        client.post(
            "/api/projects/999/invitations", json={"role": "reader"}, headers=bearer(owner)
        ).status_code
        == 404
    )
    made = client.post(base, json={"role": "co_facilitator", "days": 30}, headers=bearer(owner))
    assert made.status_code == 201
    accepted = client.post(f"/api/invitations/{_token(made)}/accept", headers=bearer(ola))
    assert accepted.get_json() == {
        "session_id": None,
        "project_id": project_id,
        "role": "co_facilitator",
    }
    # Now a member, not the owner: 403, not 404.
    refused = client.post(base, json={"role": "reader"}, headers=bearer(ola))
    assert refused.status_code == 403 and refused.get_json()["code"] == "owner_only"


def test_the_project_team_panel_makes_and_withdraws_links(
    client: Any, host: str, bearer: Bearer, auth: Any, english: None
) -> None:
    project = client.post("/api/projects", json={"name": "Serien"}, headers=bearer(host))
    project_id = project.get_json()["id"]
    assert auth.login("host@example.no").status_code == 302
    made = client.post(f"/projects/{project_id}/invitations", data={"role": "reader", "days": "3"})
    assert made.status_code == 302
    assert made.headers["Location"].endswith(f"/projects/{project_id}#team")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "data-new-invitation" in page and "/invite/" in page and "Works until" in page
    listed = client.get(f"/api/projects/{project_id}/invitations").get_json()["invitations"]
    withdrawn = client.post(f"/projects/{project_id}/invitations/{listed[0]['id']}/withdraw")
    assert withdrawn.status_code == 302
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Works until" not in page and "The link no longer works" in page
