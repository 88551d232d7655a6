"""Storing a participant's input, from the live page's ``post`` event or the form without
JavaScript: stored before it is answered, sent to the table after the commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogcafe.adapters import metrics, notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import hosting, likes, posting
from dialogcafe.domain.models import CafeSession
from dialogcafe.services.participants import load_participant
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.payloads import new_post_payload, post_payload


@dataclass(frozen=True)
class SubmittedPost:
    """The stored input as screens show it, and whether this call stored it (not a resend)."""

    post: dict[str, Any]
    created: bool


def _tell_once(
    uow: UnitOfWork, session_id: int, posted: SubmittedPost, author_sid: str | None
) -> SubmittedPost:
    """Queue the emit of a newly stored input to every table that shows it (its own, or all
    while other tables are visible); a resend was told when it was first stored. The time
    it was written goes along, for the fan-out latency (adapters/metrics.py)."""
    if posted.created:
        cafe = uow.db.get_one(CafeSession, session_id)  # loaded already: the identity map
        tables = likes.tables_seeing(cafe, posted.post["table"])
        uow.after_commit(lambda: metrics.current().input_stored())
        uow.after_commit(
            notifier.post_created,
            session_id,
            posted.post,
            tables=tables,
            skip_sid=author_sid,
            stored_at=metrics.clock(),
        )
    return posted


def submit_post(
    participant_id: int,
    *,
    client_id: object,
    text: object,
    written_round: object = None,
    author_sid: str | None = None,
) -> SubmittedPost:
    """Store the participant's input at their table (a known ``client_id`` returns the stored
    one; one written in an earlier ``written_round`` is stored late in it); the table and
    facilitators hear of it, except ``author_sid``, the author's socket, which has it in its
    ack."""

    def work(uow: UnitOfWork) -> SubmittedPost:
        stored = posting.store_post(
            uow.db,
            participant_id,
            client_id=client_id,
            text=text,
            now=utcnow(),
            written_round=written_round,
        )
        posted = SubmittedPost(new_post_payload(stored), stored.created)
        return _tell_once(uow, stored.post.session_id, posted, author_sid)

    return run(work)


def post_on_behalf(
    participant_id: int,
    *,
    client_id: object,
    text: object,
    name: object,
    author_sid: str | None = None,
) -> SubmittedPost:
    """A table host writes down the input of someone without a phone (see :func:`submit_post`)."""

    def work(uow: UnitOfWork) -> SubmittedPost:
        result = hosting.post_on_behalf(
            uow.db,
            load_participant(uow.db, participant_id),
            client_id=client_id,
            text=text,
            name=name,
            now=utcnow(),
        )
        posted = SubmittedPost(post_payload(result.post), result.created)
        return _tell_once(uow, result.post.session_id, posted, author_sid)

    return run(work)
