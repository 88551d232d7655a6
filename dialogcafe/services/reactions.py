"""Participants' reactions to inputs: likes, which others see, and dots, whose totals only the
facilitators see until they show the results to the room."""

from __future__ import annotations

from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import likes, voting
from dialogcafe.services.participants import load_participant
from dialogcafe.services.results import queue_results
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.harvest import question_top


def like(participant_id: int, *, post_id: object, liked: object) -> dict[str, Any]:
    """Like or unlike an input; its table (or every table, when nothing is hidden) and the
    facilitators get the new count (in the harvest with its question's new top five).
    Answers the post's id, count, ``liked`` and ``seq``."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        participant = load_participant(uow.db, participant_id)
        result = likes.toggle_like(uow.db, participant, post_id, liked=liked, now=utcnow())
        cafe, post = participant.session, result.post
        tables = likes.tables_seeing(cafe, post.table_number)
        # In the harvest the by-question view re-ranks: the question's new top five go along.
        top = question_top(uow.db, cafe, post) if likes.is_harvest(cafe) else None
        uow.after_commit(
            notifier.likes_changed,
            cafe.id,
            post.id,
            post.table_number,
            result.likes,
            tables=tables,
            seq=post.seq,
            question_top=top,
        )
        queue_results(uow, cafe)
        return {"post_id": post.id, "likes": result.likes, "liked": result.liked, "seq": post.seq}

    return run(work)


def vote(participant_id: int, *, post_id: object, add: object) -> dict[str, Any]:
    """Put a dot on an input or take one back; the voter gets the ack, the facilitators the
    new results (and the phones too, once the facilitator shows them)."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        participant = load_participant(uow.db, participant_id)
        result = voting.vote(uow.db, participant, post_id, add=add, now=utcnow())
        queue_results(uow, participant.session)
        return {
            "post_id": result.post.id,
            "dots_left": result.dots_left,
            "post_votes": result.post_votes,
        }

    return run(work)
