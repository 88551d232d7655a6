"""What a phone shows: its table's question and inputs, likes and dots, hosting, the clock.

The participant page renders :func:`participant_snapshot` on load and the socket sends it
as ``state`` on every (re)connect, so both always agree. Who sees which table's inputs
(``hide_other_tables``) is decided by :func:`dialogcafe.domain.likes.other_tables_visible`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import hosting, likes, posting, sessions, voting
from dialogcafe.domain.models import CafeSession, Participant
from dialogcafe.domain.status import SessionStatus
from dialogcafe.views import paging
from dialogcafe.views.harvest import harvest_questions
from dialogcafe.views.payloads import (
    facilitation_state,
    host_payload,
    participant_payload,
    post_payload,
    question_languages,
    round_payload,
    session_payload,
    synthesis_payload,
)
from dialogcafe.views.results import results_payload
from dialogcafe.views.sync import changed_before_reading, sync_state
from dialogcafe.views.themes import themes_overview


def participant_snapshot(
    db: Session,
    participant: Participant,
    *,
    now: datetime | None = None,
    since: object = None,
    page_size: int = paging.DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """The participant's table: its question now and its newest ``page_size`` inputs,
    ``more_posts`` when older ones exist (changed ones only for a reconnect's delta after
    ``since``; a delta has no ``more_posts``, the client keeps what it knew)."""
    cafe = participant.session
    # Removals only of what this phone may see: its table, and the others when shown.
    tables = None if likes.other_tables_visible(cafe) else {participant.table_number}
    seq, delta, changed = changed_before_reading(db, cafe, since, tables, bound=page_size)
    table_topic = sessions.topic_for_table(cafe, participant.table_number)
    if delta is None:
        page = paging.newest_posts(
            db, cafe, limit=page_size, table=participant.table_number, author_id=participant.id
        )
        own = sorted(page.posts, key=paging.by_time)
    else:
        own = posting.posts_for_table(
            db, cafe, participant.table_number, author_id=participant.id, changed_after=delta
        )
    snapshot: dict[str, Any] = {
        "role": "participant",
        "session": session_payload(cafe),
        "participant": participant_payload(participant),
        "round": cafe.current_round,
        "round_info": round_payload(cafe, table_topic),
        "table": participant.table_number,
        "topic": table_topic.topic,
        "question_languages": question_languages(cafe),
        "posts": [post_payload(p) for p in own],
        # This phone's own inputs among them: shown first, right below the write box.
        "mine": [p.id for p in own if p.participant_id == participant.id],
    }
    if delta is None:
        snapshot["more_posts"] = page.more
    snapshot.update(
        participant_reactions(
            db, participant, snapshot["posts"], changed_after=delta, page_size=page_size
        )
    )
    snapshot.update(participant_hosting(db, participant))
    snapshot["themes"] = host_themes(db, participant)
    snapshot["harvest_questions"] = harvest_questions(db, cafe)
    snapshot["results"] = results_payload(db, cafe) if voting.results_public(cafe) else None
    snapshot.update(facilitation_state(cafe, now))
    snapshot.update(sync_state(seq, delta, changed, snapshot["posts"] + snapshot["other_posts"]))
    return snapshot


def participant_reactions(
    db: Session,
    participant: Participant,
    own_posts: list[dict[str, Any]],
    *,
    changed_after: int | None = None,
    page_size: int = paging.DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """Likes on the participant's table, their own likes, other tables, and their dots.

    ``own_posts`` (the table's post payloads) get their ``likes`` count in place; other
    tables' inputs are included only when the facilitator lets everyone see them: their
    newest ``page_size`` with ``more_other_posts``, or only those changed after
    ``changed_after`` in a reconnect's delta.
    """
    cafe = participant.session
    others: list[dict[str, Any]] = []
    paged: dict[str, Any] = {}
    if not likes.other_tables_visible(cafe):
        paged = {} if changed_after is not None else {"more_other_posts": False}
    elif changed_after is not None:
        others = [
            post_payload(p)
            for p in posting.posts_for_session(db, cafe, changed_after=changed_after)
            if p.table_number != participant.table_number
        ]
    else:
        page = paging.newest_posts(db, cafe, limit=page_size, other_than=participant.table_number)
        others = [post_payload(p) for p in sorted(page.posts, key=paging.by_table)]
        paged = {"more_other_posts": page.more}
    # The likes of what is sent only: a page's, not the whole café's.
    counts = paging.like_counts_of(db, [post["id"] for post in [*own_posts, *others]])
    likes.with_likes(own_posts, counts)
    likes.with_likes(others, counts)
    mine = voting.my_votes(db, participant) if cafe.dots_per_participant else {}
    return {
        **paged,
        "liked": likes.liked_post_ids(db, participant),
        "hide_other_tables": not likes.other_tables_visible(cafe),
        "other_posts": others,
        "voting": {
            "open": voting.voting_open(cafe),
            "dots": cafe.dots_per_participant,
            "dots_left": max(cafe.dots_per_participant - sum(mine.values()), 0),
            "mine": {str(post_id): n for post_id, n in mine.items()},
        },
    }


def participant_hosting(db: Session, participant: Participant) -> dict[str, Any]:
    """``is_host``, ``stay_seated`` and the syntheses the participant's table reads.

    ``syntheses`` (see :func:`table_syntheses`): the page shows the earlier rounds' as
    "What the previous group said about this question" and gives the host the table's
    own of this round to edit.
    """
    cafe: CafeSession = participant.session
    table = participant.table_number
    return {
        "is_host": hosting.is_host(participant),
        "stay_seated": participant.stay_seated,
        "host": host_payload(table, hosting.host_of(db, cafe, table))["host"],
        "syntheses": table_syntheses(db, cafe, table),
    }


def host_themes(db: Session, participant: Participant) -> dict[str, Any] | None:
    """A table host's themes overview in the harvest (their table's themes, inputs and
    suggestions, as the ``theme`` event answers); ``None`` for everyone else and outside
    the harvest. The phone asks again (``theme`` ``list``) when it hears ``themes``."""
    cafe: CafeSession = participant.session
    if cafe.status != SessionStatus.HARVEST or not hosting.is_host(participant):
        return None
    return themes_overview(db, cafe, participant.table_number)


def table_syntheses(db: Session, cafe: CafeSession, table: int) -> list[dict[str, Any]]:
    """The syntheses about ``table``'s question now, and its own of this round
    (:func:`dialogcafe.domain.hosting.syntheses_for_table`): in ``state``, and in each
    table's ``round`` when a new round brings a new question."""
    return [synthesis_payload(s, cafe) for s in hosting.syntheses_for_table(db, cafe, table)]
