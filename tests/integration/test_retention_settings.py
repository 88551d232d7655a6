"""How long a café is kept: the owner's setting (API and session page), what the pages say,
the dashboard's warning, and ``flask sessions purge`` deleting exactly the due cafés."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from dialogcafe.clock import utcnow
from dialogcafe.domain.models import CafeSession, Post
from dialogcafe.exports.labels import format_date, local_moment
from dialogcafe.extensions import DATABASE_KEY

Bearer = Callable[[str], dict[str, str]]


def _close(client: Any, token: str, cafe: dict[str, Any], bearer: Bearer) -> None:
    response = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(token))
    assert response.status_code == 200, response.get_json()


def _closed_days_ago(app: Any, session_id: int, days: float) -> None:
    """Move a café's close back in time, as if it had been closed ``days`` ago."""
    with app.extensions[DATABASE_KEY].transaction() as db:
        moment = utcnow() - timedelta(days=days)
        db.execute(update(CafeSession).where(CafeSession.id == session_id).values(closed_at=moment))


def _session_ids(app: Any) -> set[int]:
    with app.extensions[DATABASE_KEY].transaction() as db:
        return set(db.scalars(select(CafeSession.id)))


@pytest.fixture
def logged_in(client: Any, auth: Any, host: str, english: None) -> Any:
    assert auth.login("host@example.no").status_code == 302
    return client


def test_the_owner_sets_the_period_over_the_api(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    bearer: Bearer,
    make_facilitator: Callable[..., tuple[int, str]],
) -> None:
    url = f"/api/sessions/{cafe['id']}"
    shown = client.get(url, headers=bearer(host)).get_json()
    assert (shown["retention_days"], shown["kept_days"], shown["deletes_at"]) == (None, 90, None)
    changed = client.patch(url, json={"retention_days": 30}, headers=bearer(host))
    assert changed.status_code == 200
    assert (changed.json["retention_days"], changed.json["kept_days"]) == (30, 30)
    for wrong in (0, 3651, "30", 2.5, True):
        refused = client.patch(url, json={"retention_days": wrong}, headers=bearer(host))
        assert (refused.status_code, refused.json["field"]) == (400, "retention_days")
    # A co-facilitator runs the café, but a shorter period deletes data: the owner's call.
    _, kari = make_facilitator("kari@example.no")
    added = client.post(
        f"{url}/members",
        json={"email": "kari@example.no", "role": "co_facilitator"},
        headers=bearer(host),
    )
    assert added.status_code == 201
    theirs = client.patch(url, json={"retention_days": 1}, headers=bearer(kari))
    assert (theirs.status_code, theirs.json["code"]) == (403, "owner_only")
    assert client.patch(url, json={"approve_first": True}, headers=bearer(kari)).status_code == 200

    _close(client, host, cafe, bearer)
    closed = client.get(url, headers=bearer(host)).get_json()
    assert closed["closed_at"] is not None
    assert closed["deletes_at"] is not None
    # After the close the period may still change (the report details may not).
    back = client.patch(url, json={"retention_days": None}, headers=bearer(host))
    assert (back.status_code, back.json["kept_days"]) == (200, 90)


def test_the_session_page_says_when_the_data_goes(
    app: Any, logged_in: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "Kept 90 days after the café closes." in page
    saved = logged_in.post(f"/sessions/{cafe['id']}/retention", data={"retention_days": "30"})
    assert saved.status_code == 302 and saved.location.endswith("#retention")
    assert "Kept 30 days after the café closes." in logged_in.get(saved.location).get_data(
        as_text=True
    )
    wrong = logged_in.post(f"/sessions/{cafe['id']}/retention", data={"retention_days": "9999"})
    assert wrong.status_code == 302
    assert "retention_days: must be a whole number from 1 to 3650" in logged_in.get(
        wrong.location
    ).get_data(as_text=True)

    _close(logged_in, host, cafe, bearer)
    closed_at = logged_in.get(f"/api/sessions/{cafe['id']}", headers=bearer(host)).json
    with app.extensions[DATABASE_KEY].transaction() as db:
        moment = db.get(CafeSession, cafe["id"]).closed_at + timedelta(days=30)
    day = format_date(local_moment(moment, app.config["TIMEZONE"]).date(), "en")
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert f"Deleted on {day}, 30 days after closing." in page
    assert closed_at["deletes_at"].startswith(moment.date().isoformat())
    # Empty: back to the server's default.
    logged_in.post(f"/sessions/{cafe['id']}/retention", data={"retention_days": ""})
    page = logged_in.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert "90 days after closing." in page


def test_a_server_that_keeps_everything_says_so(build_app: Callable[..., Any]) -> None:
    app = build_app(RETENTION_DAYS=0)
    client = app.test_client()
    runner = app.test_cli_runner()
    made = runner.invoke(args=["facilitator", "create", "k@example.no", "--password", "x" * 12])
    assert made.exit_code == 0
    client.get("/lang/en?next=/")
    client.post("/login", data={"email": "k@example.no", "password": "x" * 12})
    created = client.post(
        "/sessions/new",
        data={
            "title": "Kafé",
            "tables": "2",
            "topics": "Hva?",
            "rounds": "1",
            "round_minutes": "5",
        },
    )
    assert created.status_code == 302
    page = client.get(created.location).get_data(as_text=True)
    assert "Kept until someone deletes it." in page
    assert "default, kept until someone deletes it." in page


def test_the_dashboard_warns_a_week_ahead(
    app: Any,
    logged_in: Any,
    host: str,
    make_session: Callable[..., dict[str, Any]],
    bearer: Bearer,
) -> None:
    soon = make_session(host, title="Snart borte")
    later = make_session(host, title="Blir en stund")
    for cafe in (soon, later):
        _close(logged_in, host, cafe, bearer)
    _closed_days_ago(app, soon["id"], 85)
    _closed_days_ago(app, later["id"], 80)
    page = logged_in.get("/sessions").get_data(as_text=True)
    warning = page[page.index("data-deleting-soon") : page.index("</section>")]
    assert "Snart borte" in warning and "Blir en stund" not in warning
    assert "will be deleted within a week" in warning


def test_purge_deletes_exactly_the_due_cafes_like_the_delete_button(
    app: Any,
    client: Any,
    runner: Any,
    host: str,
    make_session: Callable[..., dict[str, Any]],
    make_participant: Callable[..., Any],
    next_round: Callable[..., Any],
    bearer: Bearer,
) -> None:
    due, own_short, not_due, own_long, still_open = (
        make_session(host, title=name) for name in ("due", "short", "not due", "long", "open")
    )
    for cafe in (due, own_short, not_due, own_long):
        next_round(host, cafe["id"])
        make_participant(cafe["join_code"], table=1)
        _close(client, host, cafe, bearer)
    client.patch(
        f"/api/sessions/{own_short['id']}", json={"retention_days": 2}, headers=bearer(host)
    )
    client.patch(
        f"/api/sessions/{own_long['id']}", json={"retention_days": 365}, headers=bearer(host)
    )
    for cafe, days in ((due, 91), (own_short, 3), (not_due, 89), (own_long, 100)):
        _closed_days_ago(app, cafe["id"], days)
    data_dir = Path(app.config["DATA_DIR"])
    assert (data_dir / due["join_code"]).is_dir()  # the close wrote the summary files

    listed = runner.invoke(args=["sessions", "purge", "--dry-run"])
    assert listed.exit_code == 0, listed.output
    assert "2 café(s) would delete." in listed.output
    assert _session_ids(app) == {c["id"] for c in (due, own_short, not_due, own_long, still_open)}

    purged = runner.invoke(args=["sessions", "purge"])
    assert purged.exit_code == 0, purged.output
    assert f"deleted {due['join_code']} (id {due['id']}" in purged.output
    assert f"deleted {own_short['join_code']} (id {own_short['id']}" in purged.output
    assert "2 café(s) deleted." in purged.output
    assert _session_ids(app) == {c["id"] for c in (not_due, own_long, still_open)}
    assert not (data_dir / due["join_code"]).exists()
    assert (data_dir / not_due["join_code"]).is_dir()
    gone = client.get(f"/api/sessions/{due['id']}", headers=bearer(host))
    assert gone.status_code == 404
    with app.extensions[DATABASE_KEY].transaction() as db:
        assert set(db.scalars(select(Post.session_id))) <= {not_due["id"], own_long["id"]}
    again = runner.invoke(args=["sessions", "purge"])
    assert "0 café(s) deleted." in again.output


def test_0009_counts_cafes_closed_before_it_as_closed_at_the_upgrade(
    app: Any, host: str, make_session: Callable[..., dict[str, Any]]
) -> None:
    from alembic import command
    from sqlalchemy import text

    from dialogcafe.adapters import schema

    closed, still_open = make_session(host), make_session(host)
    database = app.extensions[DATABASE_KEY]
    with app.app_context():
        config = schema.alembic_config(app, database)
        command.downgrade(config, "0008")
        with database.engine.begin() as connection:
            connection.execute(
                text("UPDATE cafe_sessions SET status = 'closed' WHERE id = :id"),
                {"id": closed["id"]},
            )
        before = utcnow()
        command.upgrade(config, "head")
    with database.transaction() as db:
        upgraded = db.get(CafeSession, closed["id"])
        assert upgraded is not None and upgraded.closed_at is not None
        assert before - timedelta(seconds=1) <= upgraded.closed_at <= utcnow()
        assert upgraded.retention_days is None
        untouched = db.get(CafeSession, still_open["id"])
        assert untouched is not None and untouched.closed_at is None
