"""What the HTML pages read: each page's rows and snapshot, in one unit of work.

The edge renders the template after the commit, so the rows a page returns are detached
from the session first (:func:`_detached`); templates read only their columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.clock import utcnow
from dialogcafe.domain import (
    broadcast,
    editing,
    errors,
    moderation,
    participant_erasure,
    participants,
    projects,
    retention,
    roles,
    sessions,
    timer,
)
from dialogcafe.domain import dashboard as listing
from dialogcafe.domain.invitations import Target
from dialogcafe.domain.models import ApiToken, CafeSession, Participant, ProjectCafe
from dialogcafe.domain.roles import Action
from dialogcafe.domain.status import ROUNDS_OVER, SessionStatus
from dialogcafe.services import accounts
from dialogcafe.services.invitations import open_for
from dialogcafe.services.members import team_of
from dialogcafe.services.ownership import load_facilitator, owned_session
from dialogcafe.services.presence import PresenceServer, connection_counts, this_server
from dialogcafe.services.retention import retention_setting
from dialogcafe.services.unit_of_work import run
from dialogcafe.views.cafe_list import cafe_rows
from dialogcafe.views.facilitator import facilitator_snapshot
from dialogcafe.views.payloads import (
    moderated_post_payload,
    question_languages,
    session_payload,
)
from dialogcafe.views.phone import participant_snapshot
from dialogcafe.views.projector import projector_snapshot
from dialogcafe.views.themes import themes_overview

Row = TypeVar("Row")
# Waiting inputs listed on the session page; the moderation page has them all.
WAITING_SHOWN = 20


def _detached(db: Session, row: Row) -> Row:
    """``row`` out of the session: the worker may share its session with other commands of
    a batch (``sqlite_worker.py``), and one of them rolling back would expire the row."""
    db.expunge(row)
    return row


# --- the participant's pages ----------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantPage:
    """The café, and either the table view of the seat this browser holds or, without one,
    the join form's headcounts."""

    cafe: CafeSession
    table: dict[str, Any] | None = None
    headcounts: dict[int, int] = field(default_factory=dict)
    question_languages: list[str] = field(default_factory=list)  # the join form's choice


def join_code_of(raw_code: str) -> str:
    """The join code of the café a typed or scanned code names, as stored."""
    return run(lambda uow: sessions.session_by_join_code(uow.db, raw_code).join_code)


def _seat(db: Session, cafe: CafeSession, seats: Mapping[str, object]) -> Participant | None:
    """The participant this browser joined ``cafe`` as, if its token is still valid;
    ``seats`` are the tokens the browser remembers, by join code."""
    token = seats.get(cafe.join_code)
    if token is None:
        return None
    try:
        participant = participants.participant_for_token(db, token)
    except errors.InvalidToken:
        return None
    return participant if participant.session_id == cafe.id else None


def participant_page(
    join_code: str, seats: Mapping[str, object], *, page_size: int
) -> ParticipantPage:
    """The participant's page of the café with this code: their table, or the join form."""

    def read(db: Session) -> ParticipantPage:
        cafe = sessions.session_by_join_code(db, join_code)
        if cafe.join_code != join_code:
            return ParticipantPage(_detached(db, cafe))  # the edge redirects to the stored code
        participant = _seat(db, cafe, seats)
        if participant is not None:
            snapshot = participant_snapshot(db, participant, now=utcnow(), page_size=page_size)
            return ParticipantPage(_detached(db, cafe), table=snapshot)
        return _join_page(db, cafe)

    return run(lambda uow: read(uow.db))


def _join_page(db: Session, cafe: CafeSession) -> ParticipantPage:
    headcounts = participants.table_headcounts(db, cafe)
    languages = question_languages(cafe)
    return ParticipantPage(_detached(db, cafe), headcounts=headcounts, question_languages=languages)


def join_form(join_code: str) -> ParticipantPage:
    """The join form again, after a join was refused."""

    def read(db: Session) -> ParticipantPage:
        return _join_page(db, sessions.session_by_join_code(db, join_code))

    return run(lambda uow: read(uow.db))


def form_seat(join_code: str, seats: Mapping[str, object]) -> tuple[str, int | None]:
    """For the form without JavaScript: the café's join code as stored, and the id of the
    participant this browser joined it as (None without a valid seat)."""

    def read(db: Session) -> tuple[str, int | None]:
        cafe = sessions.session_by_join_code(db, join_code)
        participant = _seat(db, cafe, seats)
        return cafe.join_code, None if participant is None else participant.id

    return run(lambda uow: read(uow.db))


# --- the facilitator's pages ----------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """The facilitator's sessions the filter lets through, by date, with their counts and
    project names; the projects to filter by; and their API tokens that still work.
    ``error`` says why a filter from the query string was not used (then none is)."""

    cafes: list[dict[str, Any]]
    tokens: list[ApiToken]
    projects: dict[int, str] = field(default_factory=dict)
    wanted: listing.CafeFilter = field(default_factory=listing.CafeFilter)
    total: int = 0
    error: errors.DomainError | None = None
    # Cafés deleted within a week (retention.py), soonest first: id, title, deletes_at.
    deleting_soon: list[dict[str, Any]] = field(default_factory=list)


def dashboard(facilitator_id: int, query: Mapping[str, str] | None = None) -> Dashboard:
    """The dashboard of the facilitator who is logged in, filtered as ``query`` asks."""
    server_days = retention_setting()

    def read(db: Session) -> Dashboard:
        owner = load_facilitator(db, facilitator_id)
        mine = sessions.sessions_of(db, owner)
        names = {p.id: p.name for p in projects.projects_of(db, facilitator_id)}
        project_of = {
            key: value
            for key, value in db.execute(
                select(ProjectCafe.session_id, ProjectCafe.project_id).where(
                    ProjectCafe.session_id.in_([cafe.id for cafe in mine])
                )
            )
        }
        error = None
        try:
            wanted = listing.parse_filter(query or {}, names.keys())
        except errors.InvalidField as exc:
            wanted, error = listing.CafeFilter(), exc
        kept = listing.shown(mine, wanted, project_of)
        cafes = [
            {
                **row,
                "project_id": project_of.get(row["id"]),
                "project_name": names.get(project_of.get(row["id"], 0)),
            }
            for row in cafe_rows(db, kept)
        ]
        tokens = [_detached(db, t) for t in accounts.active_api_tokens(db, owner, now=utcnow())]
        soon = [
            {"id": cafe.id, "title": cafe.title, "deletes_at": deletes_at}
            for cafe, deletes_at in retention.soon_deleted(
                mine, server_days=server_days, now=utcnow()
            )
        ]
        return Dashboard(cafes, tokens, names, wanted, len(mine), error, soon)

    return run(lambda uow: read(uow.db))


@dataclass(frozen=True)
class SessionPage:
    """A session's live view: every table, and the flags and counts for its controls."""

    cafe: CafeSession
    snapshot: dict[str, Any]
    controls: dict[str, Any]


def _session_controls(db: Session, cafe: CafeSession, server: PresenceServer) -> dict[str, Any]:
    """Flags for the session page's controls (templates decide nothing) and live counts."""
    in_round = cafe.status == SessionStatus.RUNNING and cafe.current_round >= 1
    return {
        "timer_paused": timer.is_paused(cafe),
        "can_time": in_round,
        "can_harvest": cafe.status == SessionStatus.RUNNING,
        "can_broadcast": cafe.status != SessionStatus.CLOSED,
        "connected": connection_counts(db, cafe, server),
        "broadcast_limit": broadcast.MAX_BROADCAST_LENGTH,
        # The harvest's themes section (templates/facilitator/_themes.html), after the rounds.
        "themes": themes_overview(db, cafe) if cafe.status in ROUNDS_OVER else None,
        # The approval queue on the session page: the oldest waiting inputs and their count.
        "waiting": _waiting(db, cafe),
    }


def _waiting(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The first page of inputs waiting for approval, oldest first, and how many wait."""
    pending = moderation.PostFilter(status="pending")
    shown = moderation.list_posts(db, cafe, pending, limit=WAITING_SHOWN)
    count = moderation.status_counts(db, cafe)["pending"]
    return {"posts": [moderated_post_payload(post) for post in shown.posts], "count": count}


def session_page(facilitator_id: int, session_id: int, *, limit: int) -> SessionPage:
    """One of the facilitator's sessions, with the newest ``limit`` inputs."""
    server = this_server()  # read here: the transaction may run where no app context is

    def read(db: Session) -> SessionPage:
        cafe = owned_session(db, facilitator_id, session_id, Action.VIEW)
        snapshot = facilitator_snapshot(db, cafe, now=utcnow(), limit=limit)
        controls = _session_controls(db, cafe, server)
        role = roles.role_of(db, facilitator_id, cafe)
        controls["role"] = role
        # What this person's role lets the page offer (the services check again).
        controls["can_run"] = roles.may(role, Action.RUN)
        controls["can_manage_members"] = roles.may(role, Action.MANAGE_MEMBERS)
        controls["can_delete"] = roles.may(role, Action.DELETE)
        controls["team"] = team_of(db, cafe)
        manages = controls["can_manage_members"]
        controls["invitations"] = open_for(db, Target(session_id=cafe.id)) if manages else []
        controls["translations"] = editing.translations_of(cafe)  # the Translations panel
        return SessionPage(_detached(db, cafe), snapshot, controls)

    return run(lambda uow: read(uow.db))


@dataclass(frozen=True)
class ModerationPage:
    """The inputs matching the page's filters (``wanted``), whether there are ``more`` than
    its ``limit``, and the counts per state."""

    cafe: CafeSession
    session: dict[str, Any]
    wanted: moderation.PostFilter
    posts: list[dict[str, Any]]
    more: bool
    limit: int
    counts: dict[str, int]
    # "All inputs by this person": who (nickname, how many inputs) when the filter is on.
    person: dict[str, Any] | None = None
    can_moderate: bool = False


def _person(db: Session, cafe: CafeSession, participant_id: int | None) -> dict[str, Any] | None:
    """The participant the list is filtered by, as the page names them (no id shown)."""
    if participant_id is None:
        return None
    person = participant_erasure.get_participant(db, cafe, participant_id)
    count = len(participant_erasure.posts_of(db, person))
    return {"id": person.id, "nickname": person.nickname, "inputs": count}


def moderation_page(
    facilitator_id: int, session_id: int, wanted: Mapping[str, object]
) -> ModerationPage:
    """The moderation page of one of the facilitator's sessions, filtered as ``wanted``
    says (the query arguments: the filter form works without JavaScript)."""

    def read(db: Session) -> ModerationPage:
        cafe = owned_session(db, facilitator_id, session_id, Action.VIEW)
        chosen = moderation.parse_filter(wanted)
        page = moderation.list_posts(db, cafe, chosen)
        posts = [moderated_post_payload(post) for post in page.posts]
        counts = moderation.status_counts(db, cafe)
        session = session_payload(cafe)
        person = _person(db, cafe, chosen.participant)
        can_moderate = roles.may(roles.role_of(db, facilitator_id, cafe), Action.MODERATE)
        return ModerationPage(
            _detached(db, cafe),
            session,
            chosen,
            posts,
            page.more,
            page.limit,
            counts,
            person,
            can_moderate,
        )

    return run(lambda uow: read(uow.db))


@dataclass(frozen=True)
class ProjectorPage:
    """The big screen's café and what it shows (``views/projector.py``)."""

    cafe: CafeSession
    snapshot: dict[str, Any]


def projector_page(facilitator_id: int, session_id: int, *, wall_limit: int) -> ProjectorPage:
    """The projector of one of the facilitator's sessions, with at most ``wall_limit``
    inputs on its wall."""

    def read(db: Session) -> ProjectorPage:
        cafe = owned_session(db, facilitator_id, session_id, Action.VIEW)
        snapshot = projector_snapshot(db, cafe, now=utcnow(), wall_limit=wall_limit)
        return ProjectorPage(_detached(db, cafe), snapshot)

    return run(lambda uow: read(uow.db))
