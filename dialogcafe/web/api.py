"""The JSON API (docs/protocol.md). Facilitator calls carry ``Authorization: Bearer``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from flask_babel import get_locale
from sqlalchemy.orm import Session

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, participants, sessions
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import ApiToken, Facilitator
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.files import FORMATS, ExportFile, render_table
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts, commands
from dialogcafe.translation import translate
from dialogcafe.views.hosting_snapshots import people_overview
from dialogcafe.views.payloads import (
    participant_payload,
    session_payload,
    table_topics_payload,
)
from dialogcafe.web import limits
from dialogcafe.web.edge import (
    facilitator_from_request,
    json_body,
    login_policy,
    transaction,
)
from dialogcafe.web.links import join_url

bp = Blueprint("api", __name__, url_prefix="/api")


def _bearer_facilitator(db: Session) -> Facilitator:
    """State-changing API calls accept only the bearer token (a cookie would invite CSRF)."""
    return facilitator_from_request(db, allow_cookie=False)


@bp.post("/auth/token")
@limits.logins
def issue_token() -> tuple[dict[str, Any], int]:
    """The password is checked off the loop and outside any transaction (accounts.py)."""
    body = json_body()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise errors.BadRequest(detail=N_("Give an e-mail and a password as text."))
    policy = login_policy()
    login = accounts.authenticate(get_database(), email, password, now=utcnow(), policy=policy)
    with transaction() as db:
        token, issued = accounts.issue_api_token(
            db, login.facilitator_id, now=utcnow(), policy=policy
        )
        return {"token": token, **_token_payload(issued)}, 200


def _token_payload(api_token: ApiToken) -> dict[str, Any]:
    """What a token list shows: never the secret (only its hash is kept anyway)."""
    return {
        "id": api_token.id,
        "created_at": iso(api_token.created_at),
        "expires_at": iso(api_token.expires_at),
    }


@bp.get("/auth/tokens")
def list_tokens() -> dict[str, Any]:
    """The asker's tokens that still work (bearer, or the cookie: reading only)."""
    with transaction() as db:
        owner = facilitator_from_request(db, allow_cookie=True)
        tokens = accounts.active_api_tokens(db, owner, now=utcnow())
        return {"tokens": [_token_payload(api_token) for api_token in tokens]}


@bp.delete("/auth/tokens/<int:token_id>")
def revoke_token(token_id: int) -> dict[str, Any]:
    """Revoke one of the asker's tokens (also the one the call carries)."""
    with transaction() as db:
        accounts.revoke_api_token(db, _bearer_facilitator(db), token_id, now=utcnow())
    return {"revoked": token_id}


def _created_session_payload(cafe: Any) -> dict[str, Any]:
    return {
        **session_payload(cafe),
        "join_url": join_url(cafe.join_code),
        "qr_url": join_url(cafe.join_code) + "/qr.svg",
        "table_topics": table_topics_payload(sessions.table_topics(cafe)),
    }


@bp.post("/sessions")
@limits.session_creation
def create_session() -> tuple[dict[str, Any], int]:
    with transaction() as db:
        owner = _bearer_facilitator(db)  # who asks comes before what they ask
        body = json_body()
        plan = sessions.make_plan(
            title=body.get("title"),
            description=body.get("description", ""),
            tables=body.get("tables"),
            topics=body.get("topics"),
            rounds=body.get("rounds"),
            round_minutes=body.get("round_minutes"),
            rotation=body.get("rotation", "topics"),
        )
        cafe = sessions.create_session(db, owner, plan, now=utcnow())
        return _created_session_payload(cafe), 201


@bp.get("/sessions/<int:session_id>")
def show_session(session_id: int) -> dict[str, Any]:
    with transaction() as db:
        owner = facilitator_from_request(db, allow_cookie=True)
        return _created_session_payload(sessions.get_owned_session(db, owner, session_id))


@bp.post("/sessions/<int:session_id>/rounds/next")
def next_round(session_id: int) -> dict[str, Any]:
    return commands.advance_round(_bearer_facilitator, session_id)


@bp.post("/sessions/<int:session_id>/close")
def close_session(session_id: int) -> dict[str, Any]:
    return commands.close_session(_bearer_facilitator, session_id)


@bp.post("/join/<join_code>")
@limits.join_code_tries
@limits.joins
def join(join_code: str) -> tuple[dict[str, Any], int]:
    body = {} if not request.get_data() else json_body()
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        joined = participants.join(
            db,
            cafe,
            nickname=body.get("nickname"),
            table=body.get("table"),
            now=utcnow(),
            stay_seated=body.get("stay_seated") is True,
        )
        result = {
            "participant": participant_payload(joined.participant, joined.token),
            "session": session_payload(cafe),
        }
        people = people_overview(db, cafe)
    notifier.people_changed(cafe.id, people)
    return result, 201


@bp.get("/sessions/<int:session_id>/export.<fmt>")
def export(session_id: int, fmt: str) -> Response:
    """Download the session summary; the same files are refreshed under the data dir.

    The files are written outside the transaction, only where stale; a write that fails is
    logged without costing the facilitator the download (``commands.download``).
    """
    with transaction() as db:
        owner = facilitator_from_request(db, allow_cookie=True)
        cafe = sessions.get_owned_session(db, owner, session_id)
        if fmt not in FORMATS:
            raise errors.BadRequest(detail=N_("Unknown format: use md, csv, json or docx."))
        summary = build_session_summary(db, cafe, now=utcnow())
    return _download(commands.download(summary, fmt, str(get_locale() or "")))


@bp.get("/sessions/<int:session_id>/tables/<int:table>/export.md")
def export_table(session_id: int, table: int) -> Response:
    """Download one table's summary, e.g. for its host or as an appendix."""
    with transaction() as db:
        owner = facilitator_from_request(db, allow_cookie=True)
        cafe = sessions.get_owned_session(db, owner, session_id)
        sessions.check_table(cafe, table)
        summary = build_session_summary(db, cafe, now=utcnow())
    exported = render_table(summary, table, translate)
    commands.save_summary_files(summary)  # never raises: see export()
    return _download(exported)


def _download(exported: ExportFile) -> Response:
    return Response(
        exported.content,
        content_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.name}"'},
    )
