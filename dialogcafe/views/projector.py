"""The projector's big-screen snapshot: the join code, the round, the wall, the harvest.

One function builds what the page renders on load; the live parts (new inputs, likes,
rounds) then arrive over the facilitators' socket room. The wall respects
``hide_other_tables``: before the harvest a shared screen would show every table's inputs
to the whole room, which is exactly what that setting is meant to prevent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import hosting, likes, posting, projector, sessions, voting
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import ROUNDS_OVER
from dialogcafe.domain.wordcloud import word_cloud
from dialogcafe.views import paging
from dialogcafe.views.harvest import harvest_questions
from dialogcafe.views.payloads import (
    cloud_payload,
    facilitation_state,
    post_payload,
    round_payload,
    session_payload,
    synthesis_payload,
)
from dialogcafe.views.results import results_payload
from dialogcafe.views.themes import public_themes


def projector_state(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """The facilitator's choice (``view``), what is on screen (``shown``, ``auto`` resolved)
    and, when that is the cloud, its words: the ``projector`` event, and the same keys in
    the snapshot."""
    shown = projector.shown_view(
        cafe.projector_view, cafe.status, results_public=voting.results_public(cafe)
    )
    cloud = shown == projector.ProjectorView.CLOUD
    words = word_cloud(p.text for p in posting.posts_for_session(db, cafe)) if cloud else []
    return {"view": cafe.projector_view, "shown": shown, "word_cloud": cloud_payload(words)}


def syntheses_by_question(db: Session, cafe: CafeSession) -> list[dict[str, Any]]:
    """The table hosts' main points grouped by question (in the session's order).

    Empty while other tables are to stay hidden (``hide_other_tables`` before the harvest):
    the room would read every table's points on the big screen.
    """
    if not likes.other_tables_visible(cafe):
        return []
    written = [s for s in hosting.syntheses_for_session(db, cafe) if s.text.strip()]
    payloads = [synthesis_payload(s, cafe) for s in written]
    return [
        {
            "question": i,
            "topic": topic.text,
            "syntheses": [p for p in payloads if p["question"] == i],
        }
        for i, topic in enumerate(cafe.topics)
    ]


def projector_snapshot(
    db: Session,
    cafe: CafeSession,
    *,
    now: datetime,
    wall_limit: int = paging.DEFAULT_FACILITATOR_LIMIT,
) -> dict[str, Any]:
    """Everything the projector shows now, whatever the phase (with the shared clock).

    The wall holds the café's newest ``wall_limit`` inputs (``wall_more`` when there are
    more); the most-liked lists and the word cloud still count every input."""
    posts = posting.posts_for_session(db, cafe)
    counts = likes.like_counts(db, cafe)
    wall_open = likes.other_tables_visible(cafe)
    newest = sorted(posts, key=lambda p: p.id)[-wall_limit:] if wall_open else []
    payloads = [post_payload(p) for p in sorted(newest, key=paging.by_table)]
    likes.with_likes(payloads, counts)
    harvest = cafe.status in ROUNDS_OVER
    tables = [{"table": t.table, "topic": t.topic} for t in sessions.table_topics(cafe)]
    return {
        "role": "projector",
        "session": session_payload(cafe),
        "round_info": round_payload(cafe),
        "harvest": harvest,
        "wall_hidden": not wall_open,
        "posts": payloads,
        "wall_more": wall_open and len(posts) > len(payloads),
        "tables": tables,
        # The harvest goes by question: a question's inputs and syntheses from every table.
        "harvest_questions": harvest_questions(db, cafe),
        # While hidden (show_results off) the page keeps it out of sight; it shows on switch.
        "results": results_payload(db, cafe) if voting.results_open(cafe) else None,
        # The harvest's themes across tables (live: the ``themes`` event).
        "themes": public_themes(db, cafe)["themes"] if harvest else [],
        "syntheses": syntheses_by_question(db, cafe),
        **projector_state(db, cafe),
        **facilitation_state(cafe, now),
    }
