"""The participant's pages: join by code or QR, then the table view.

Both work without JavaScript (plain forms), so an old phone still takes part; with
JavaScript the table view goes live over Socket.IO.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, hosting, participants, posting, sessions
from dialogcafe.domain.codes import token_hash
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.status import SessionStatus
from dialogcafe.services.posting import post_input
from dialogcafe.translation import describe
from dialogcafe.views.facilitator import people_overview
from dialogcafe.views.phone import participant_snapshot
from dialogcafe.web import limits
from dialogcafe.web.edge import transaction
from dialogcafe.web.links import join_url

bp = Blueprint("participant", __name__)
TOKENS_KEY = "participant_tokens"


def _remembered_token(join_code: str) -> str | None:
    token: str | None = session.get(TOKENS_KEY, {}).get(join_code)
    return token


def _remember_token(join_code: str, token: str) -> None:
    tokens = dict(session.get(TOKENS_KEY, {}))
    tokens[join_code] = token
    session[TOKENS_KEY] = tokens
    session.permanent = True


def _current_participant(db: Session, cafe: CafeSession) -> Participant | None:
    """The participant this browser joined as, if it did (and the token is still valid)."""
    token = _remembered_token(cafe.join_code)
    if token is None:
        return None
    try:
        participant = participants.participant_for_token(db, token)
    except errors.InvalidToken:
        return None
    return participant if participant.session_id == cafe.id else None


@bp.get("/join")
@limits.join_code_tries
def join_by_code() -> BaseResponse | tuple[str, int]:
    """The home page's code box: send people to their session's page."""
    try:
        with transaction() as db:
            code = sessions.session_by_join_code(db, request.args.get("code", "")).join_code
    except errors.UnknownSession as exc:
        return render_template("home.html", error=describe(exc)), exc.status
    return redirect(url_for("participant.join_page", join_code=code))


def _table_page(cafe: CafeSession, snapshot: dict[str, Any], token: str) -> str:
    current_round = snapshot["round"]
    return render_template(
        "participant/table.html",
        cafe=cafe,
        table=snapshot["table"],
        topic=snapshot["topic"],
        current_posts=[p for p in snapshot["posts"] if p["round"] == current_round],
        earlier_posts=[p for p in snapshot["posts"] if p["round"] != current_round],
        can_post=cafe.status == SessionStatus.RUNNING and current_round >= 1,
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
        client_id=uuid.uuid4().hex,
        page={**snapshot, "token": token, "join_code": cafe.join_code},
        max_length=posting.MAX_INPUT_LENGTH,
        **_hosting_flags(snapshot),
    )


def _hosting_flags(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the host tools and "group before you" parts show (templates decide nothing)."""
    current_round = snapshot["round"]
    syntheses = snapshot.get("syntheses", [])
    current = [s["text"] for s in syntheses if s["round"] == current_round]
    return {
        "is_host": snapshot.get("is_host", False),
        "stay_seated": snapshot.get("stay_seated", False),
        "earlier_syntheses": [s for s in syntheses if s["round"] < current_round],
        "current_synthesis": current[0] if current else "",
        "synthesis_max_length": hosting.MAX_SYNTHESIS_LENGTH,
    }


@bp.get("/j/<join_code>")
@limits.join_code_tries
def join_page(join_code: str) -> str | BaseResponse:
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        if cafe.join_code != join_code:
            return redirect(url_for("participant.join_page", join_code=cafe.join_code))
        participant = _current_participant(db, cafe)
        if participant is not None:
            token = _remembered_token(cafe.join_code)
            assert token is not None
            page_size = current_app.config["STATE_POSTS"]
            snapshot = participant_snapshot(db, participant, now=utcnow(), page_size=page_size)
            return _table_page(cafe, snapshot, token)
        headcounts = participants.table_headcounts(db, cafe)
        return render_template(
            "participant/join.html",
            cafe=cafe,
            headcounts=headcounts,
            error=None,
            can_join=cafe.status != SessionStatus.CLOSED,
        )


@bp.post("/j/<join_code>")
@limits.join_code_tries
@limits.joins
def join(join_code: str) -> str | BaseResponse | tuple[str, int]:
    raw_table = form_number(request.form.get("table", ""))
    table: object = None if raw_table == "" else raw_table
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        try:
            joined = participants.join(
                db,
                cafe,
                nickname=request.form.get("nickname"),
                table=table,
                now=utcnow(),
                stay_seated=request.form.get("stay_seated") == "on",
            )
        except errors.DomainError as exc:
            headcounts = participants.table_headcounts(db, cafe)
            page = render_template(
                "participant/join.html",
                cafe=cafe,
                headcounts=headcounts,
                error=describe(exc),
                can_join=cafe.status != SessionStatus.CLOSED,
            )
            return page, exc.status
        _remember_token(cafe.join_code, joined.token)
        people = people_overview(db, cafe)
    notifier.people_changed(cafe.id, people)
    return redirect(url_for("participant.join_page", join_code=cafe.join_code))


def _form_poster() -> str:
    """Whose inputs the form sends: the seat this browser holds (its token's hash), or for
    a browser without one (it gets no further anyway) its address."""
    token = _remembered_token(str((request.view_args or {}).get("join_code", "")))
    return f"seat/{token_hash(token)}" if isinstance(token, str) else f"addr/{request.remote_addr}"


@bp.post("/j/<join_code>/posts")
@limits.join_code_tries
@limits.form_posts(_form_poster)
def post_without_javascript(join_code: str) -> BaseResponse:
    """The form fallback for phones without JavaScript; the live page uses the socket."""
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        participant = _current_participant(db, cafe)
        page = url_for("participant.join_page", join_code=cafe.join_code)
        author = None if participant is None else participant.id
    if author is None:
        return redirect(page)
    try:
        post_input(author, client_id=request.form.get("client_id"), text=request.form.get("text"))
    except errors.DomainError as exc:
        flash(describe(exc), "error")
        return redirect(page)
    return redirect(page + "#posts")


@bp.get("/j/<join_code>/qr.svg")
@limits.join_code_tries
def qr_code(join_code: str) -> Response:
    """The join link as an SVG QR code: sharp at any size, on a phone or a projector."""
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        link = join_url(cafe.join_code)
    # Imported here: qrcode brings Pillow and lxml (about 8 MB), which nothing else in a
    # serving process needs.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        link,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(
        buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"}
    )
