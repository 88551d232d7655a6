"""The join page tells a participant, before they join, what happens to what they write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _join_page(app: Any, **settings: Any) -> str:
    """The join form of a new café (with these settings), in English."""
    client = app.test_client()
    join_code = _cafe(client, settings)
    client.get("/lang/en?next=/")
    return str(client.get(f"/j/{join_code}").get_data(as_text=True))


def _cafe(client: Any, settings: dict[str, Any]) -> str:
    runner = client.application.test_cli_runner()
    runner.invoke(
        args=["facilitator", "create", "kari@example.no", "--password", "a long password"]
    )
    login = {"email": "kari@example.no", "password": "a long password"}
    token = client.post("/api/auth/token", json=login).get_json()["token"]
    plan = {"title": "Kafé", "tables": 2, "topics": ["Ett"], "rounds": 1, "round_minutes": 10}
    auth = {"Authorization": f"Bearer {token}"}
    made = client.post("/api/sessions", json=plan, headers=auth).get_json()
    if settings:
        changed = client.patch(f"/api/sessions/{made['id']}", json=settings, headers=auth)
        assert changed.status_code == 200, changed.get_json()
    return str(made["join_code"])


def test_the_notice_says_who_sees_inputs_and_when_they_are_deleted(app: Any) -> None:
    page = _join_page(app)
    notice = page[
        page.index('id="privacy-notice"') : page.index('aria-describedby="privacy-notice"')
    ]
    assert "shown to the others at the café" in notice
    assert "You do not have to give your name." in notice
    assert "Everything is deleted 90 days after the café ends." in notice
    assert "see or delete what you wrote" in notice


def test_the_notice_follows_the_servers_retention_setting(build_app: Callable[..., Any]) -> None:
    page = _join_page(build_app(RETENTION_DAYS=1))
    assert "Everything is deleted 1 day after the café ends." in page


def test_a_cafes_own_period_wins_over_the_servers(app: Any) -> None:
    page = _join_page(app, retention_days=30)
    assert "Everything is deleted 30 days after the café ends." in page


def test_without_a_set_time_the_notice_says_the_organisers_delete_it(
    build_app: Callable[..., Any],
) -> None:
    page = _join_page(build_app(RETENTION_DAYS=0))
    assert "Everything is deleted" not in page
    assert "The organisers delete everything when they no longer need it." in page
