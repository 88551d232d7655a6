"""Moderation: hiding, showing again and approving inputs, and what the moderator reads.

A decision is stored with the change counter bumped (``domain/moderation.py``) and reaches
every screen that shows the input after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, likes, moderation
from dialogcafe.domain.errors import N_
from dialogcafe.exports.files import ExportFile
from dialogcafe.exports.moderation_log import render_log_csv
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.results import queue_results
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.translation import translate
from dialogcafe.views.payloads import moderated_post_payload

ACTIONS = (moderation.HIDE, moderation.UNHIDE, moderation.APPROVE)


def moderate(
    facilitator_id: int, session_id: int, post_id: int, action: str, reason: object = ""
) -> dict[str, Any]:
    """Hide, unhide or approve one input, then tell every screen that shows it; answers
    with the input and the status it had before."""
    if action not in ACTIONS:
        raise errors.BadRequest(detail=N_("Unknown moderation action."))

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        post = moderation.get_post(uow.db, cafe, post_id)
        now = utcnow()
        if action == moderation.HIDE:
            change = moderation.hide(uow.db, post, reason=reason, now=now)
        elif action == moderation.UNHIDE:
            change = moderation.unhide(uow.db, post, now=now)
        else:
            change = moderation.approve(uow.db, post, now=now)
        payload = moderated_post_payload(change.post)
        author_id = change.post.participant_id
        if action == moderation.HIDE:
            tables = list(range(1, cafe.table_count + 1))
            uow.after_commit(notifier.post_hidden, session_id, payload, author_id, tables)
        else:
            # Approved or shown again: the same tables as a new input (posting.py).
            tables = likes.tables_seeing(cafe, change.post.table_number)
            uow.after_commit(notifier.post_shown, session_id, payload, author_id, tables)
        queue_results(uow, cafe)  # in the harvest the ranking gains or loses the input
        return {"post": payload, "previous": change.previous}

    return run(work)


def posts_page(
    facilitator_id: int, session_id: int, wanted: Mapping[str, object], *, limit: int, offset: int
) -> dict[str, Any]:
    """One page of inputs matching the filters ``wanted``, and the counts per state."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        page = moderation.list_posts(
            uow.db, cafe, moderation.parse_filter(wanted), limit=limit, offset=offset
        )
        return {
            "posts": [moderated_post_payload(post) for post in page.posts],
            "more": page.more,
            "offset": page.offset,
            "limit": page.limit,
            "counts": moderation.status_counts(uow.db, cafe),
            "approve_first": cafe.approve_first,
        }

    return run(work)


def moderation_log(facilitator_id: int, session_id: int) -> ExportFile:
    """The organiser's log of every hide, unhide and approval, with reasons, as CSV."""

    def work(uow: UnitOfWork) -> tuple[str, list[moderation.LogEntry]]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        return cafe.join_code, moderation.moderation_log(uow.db, cafe)

    join_code, entries = run(work)
    return ExportFile(
        name=f"moderation-{join_code}.csv",
        content=render_log_csv(entries, translate).encode(),
        media_type="text/csv; charset=utf-8",
    )
