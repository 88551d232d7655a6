"""The participant's pages: join by code or QR, then the table view.

Both work without JavaScript (plain forms), so an old phone still takes part; with
JavaScript the table view goes live over Socket.IO.
"""

from __future__ import annotations

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
from werkzeug.wrappers import Response as BaseResponse

from dialogcafe.domain import errors, hosting, posting, retention
from dialogcafe.domain.codes import token_hash
from dialogcafe.domain.fields import form_number
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import ROUNDS_OVER, SessionStatus
from dialogcafe.services import joining, pages
from dialogcafe.services.posting import submit_post
from dialogcafe.translation import describe
from dialogcafe.web import limits
from dialogcafe.web.links import join_url
from dialogcafe.web.qr import qr_svg
from dialogcafe.web.question_language import (
    question_choice,
    remember_question_language,
    shown_question,
)

bp = Blueprint("participant", __name__)
TOKENS_KEY = "participant_tokens"
TYPED_CODE_SHOWN = 16  # a wrong code is shown back in its box, at most this long
# The host QR's ``?host=<code>``: kept through the join form, offered to the table page.
HOST_CODE_PARAM = "host"
MAX_HOST_CODE_LENGTH = 12


def _remembered_token(join_code: str) -> str | None:
    token: str | None = session.get(TOKENS_KEY, {}).get(join_code)
    return token


def _remember_token(join_code: str, token: str) -> None:
    tokens = dict(session.get(TOKENS_KEY, {}))
    tokens[join_code] = token
    session[TOKENS_KEY] = tokens
    session.permanent = True


def _seats() -> dict[str, object]:
    """The tokens this browser remembers, by join code: a copy, as the services read them
    where the request is not."""
    return dict(session.get(TOKENS_KEY, {}))


@bp.get("/join")
@limits.join_code_tries
def join_by_code() -> BaseResponse | tuple[str, int]:
    """The home page's code box: send people to their session's page; a wrong code stays
    in the box, so one wrong character is fixed without typing it all again."""
    typed = request.args.get("code", "")
    try:
        code = pages.join_code_of(typed)
    except errors.UnknownSession as exc:
        shown = typed[:TYPED_CODE_SHOWN]
        return render_template("home.html", error=describe(exc), typed_code=shown), exc.status
    return redirect(url_for("participant.join_page", join_code=code))


def _offered_host_code() -> str:
    """The host code a host QR carried (``?host=``), bounded to a code's letters; "" if none."""
    raw = request.args.get(HOST_CODE_PARAM, "")
    return "".join(c for c in raw.strip().upper() if c.isascii() and c.isalnum())[
        :MAX_HOST_CODE_LENGTH
    ]


def _phase(cafe: CafeSession) -> str:
    """What the phone is for now (its body's ``data-phase``): waiting, round, harvest, closed."""
    if cafe.status == SessionStatus.CLOSED:
        return "closed"
    if cafe.status == SessionStatus.HARVEST:
        return "harvest"
    return (
        "round" if cafe.status == SessionStatus.RUNNING and cafe.current_round >= 1 else "waiting"
    )


def _table_page(cafe: CafeSession, snapshot: dict[str, Any], token: str) -> str:
    current_round = snapshot["round"]
    choice = question_choice(snapshot["question_languages"])
    page = {**snapshot, "token": token, "join_code": cafe.join_code, "question_choice": choice}
    if offered := _offered_host_code():
        page["host_code"] = offered
    translated = snapshot["round_info"].get("topic_translations", {})
    broadcast = snapshot["broadcast"]
    return render_template(
        "participant/table.html",
        cafe=cafe,
        table=snapshot["table"],
        topic=snapshot["topic"],
        question=shown_question(snapshot["topic"], translated, choice["wanted"]),
        message=shown_question(broadcast["text"], broadcast["translations"], choice["wanted"]),
        question_choice=choice,
        current_posts=[p for p in snapshot["posts"] if p["round"] == current_round],
        earlier_posts=[p for p in snapshot["posts"] if p["round"] != current_round],
        can_post=cafe.status == SessionStatus.RUNNING and current_round >= 1,
        is_harvest=cafe.status == SessionStatus.HARVEST,
        is_closed=cafe.status == SessionStatus.CLOSED,
        client_id=uuid.uuid4().hex,
        phase=_phase(cafe),
        page=page,
        max_length=posting.MAX_POST_LENGTH,
        **_hosting_flags(snapshot),
    )


def _join_form(page: pages.ParticipantPage, refusal: errors.DomainError | None = None) -> str:
    """The join form: the tables with their headcounts, and why a join was refused (then
    with the name, table and choice the person sent, so nothing typed is lost, and the
    error tied to the field it is about)."""
    return render_template(
        "participant/join.html",
        cafe=page.cafe,
        headcounts=page.headcounts,
        error=None if refusal is None else describe(refusal),
        error_field=None if refusal is None else refusal.params.get("field"),
        can_join=page.cafe.status != SessionStatus.CLOSED,
        nickname=request.form.get("nickname", ""),
        chosen_table=request.form.get("table", ""),
        stay_seated=request.form.get("stay_seated") == "on",
        question_choice=question_choice(page.question_languages),
        retention_days=_retention_days(page.cafe),
    )


def _retention_days(cafe: CafeSession) -> int | None:
    """How many days after the café closes everything in it is deleted, for the privacy
    notice: its own period, else the server's; None when nothing deletes it on its own."""
    return retention.kept_days(cafe.retention_days, current_app.config["RETENTION_DAYS"])


def _hosting_flags(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the host tools and "group before you" parts show (templates decide nothing)."""
    current_round = snapshot["round"]
    syntheses = snapshot.get("syntheses", [])
    current = [s["text"] for s in syntheses if s["round"] == current_round]
    # In the harvest every synthesis is shown with its question (the harvest by question).
    rounds_over = snapshot["session"]["status"] in ROUNDS_OVER
    return {
        "is_host": snapshot.get("is_host", False),
        "stay_seated": snapshot.get("stay_seated", False),
        "earlier_syntheses": []
        if rounds_over
        else [s for s in syntheses if s["round"] < current_round],
        "current_synthesis": current[0] if current else "",
        "synthesis_max_length": hosting.MAX_SYNTHESIS_LENGTH,
    }


@bp.get("/j/<join_code>")
@limits.join_code_tries
def join_page(join_code: str) -> str | BaseResponse:
    page_size = current_app.config["STATE_POSTS"]
    shown = pages.participant_page(join_code, _seats(), page_size=page_size)
    cafe = shown.cafe
    if cafe.join_code != join_code:
        return redirect(url_for("participant.join_page", join_code=cafe.join_code))
    if shown.table is not None:
        token = _remembered_token(cafe.join_code)
        assert token is not None
        return _table_page(cafe, shown.table, token)
    return _join_form(shown)


@bp.post("/j/<join_code>")
@limits.join_code_tries
@limits.joins
def join(join_code: str) -> str | BaseResponse | tuple[str, int]:
    raw_table = form_number(request.form.get("table", ""))
    table: object = None if raw_table == "" else raw_table
    try:
        joined = joining.join(
            join_code,
            nickname=request.form.get("nickname"),
            table=table,
            stay_seated=request.form.get("stay_seated") == "on",
        )
    except errors.UnknownSession:
        raise  # no café to show the form of: the error page
    except errors.DomainError as exc:
        return _join_form(pages.join_form(join_code), exc), exc.status
    _remember_token(joined.join_code, joined.token)
    # A host QR's code goes along to the table page, which offers the host tools with it.
    offered: dict[str, Any] = {HOST_CODE_PARAM: code} if (code := _offered_host_code()) else {}
    response = redirect(url_for("participant.join_page", join_code=joined.join_code, **offered))
    if "question_language" in request.form:  # the join form's choice, when it offered one
        remember_question_language(response, request.form["question_language"])
    return response


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
    stored_code, author = pages.form_seat(join_code, _seats())
    page = url_for("participant.join_page", join_code=stored_code)
    if author is None:
        return redirect(page)
    try:
        raw_round = request.form.get("round")  # the round the page showed: a late input
        submit_post(
            author,
            client_id=request.form.get("client_id"),
            text=request.form.get("text"),
            written_round=None if raw_round is None else form_number(raw_round),
        )
    except errors.DomainError as exc:
        flash(describe(exc), "error")
        return redirect(page)
    return redirect(page + "#posts")


@bp.get("/j/<join_code>/qr.svg")
@limits.join_code_tries
def qr_code(join_code: str) -> Response:
    """The join link as an SVG QR code: sharp at any size, on a phone or a projector."""
    return qr_svg(join_url(pages.join_code_of(join_code)))
