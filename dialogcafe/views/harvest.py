"""The harvest by question: per question its most-liked inputs and its syntheses.

The question, not the table, is the unit of the harvest: in the topics-move rotation one
question went round several tables, and what each group said about it belongs together.
The projector, the facilitator's page and the phones show this in the harvest, each input
and synthesis with the table and round it came from.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import hosting, likes, posting
from dialogcafe.domain.models import CafeSession, Post
from dialogcafe.domain.status import ROUNDS_OVER
from dialogcafe.views.payloads import post_payload, synthesis_payload

INPUTS_PER_QUESTION = 5


def harvest_questions(
    db: Session, cafe: CafeSession, *, limit: int = INPUTS_PER_QUESTION
) -> list[dict[str, Any]]:
    """Every question (in the session's order) with ``post_count``, its ``limit`` most-liked
    inputs (ties: oldest first) and every synthesis written about it, by round and table.

    Empty before the harvest: while rounds run, a table should think for itself first.
    """
    if cafe.status not in ROUNDS_OVER:
        return []
    index = {topic.id: i for i, topic in enumerate(cafe.topics)}
    counts = likes.like_counts(db, cafe)
    posts = [p for p in posting.posts_for_session(db, cafe) if posting.is_visible(p)]
    posts.sort(key=lambda p: (-counts.get(p.id, 0), p.created_at, p.id))
    syntheses = [s for s in hosting.syntheses_for_session(db, cafe) if s.text.strip()]
    result = []
    for i, topic in enumerate(cafe.topics):
        own = [p for p in posts if index.get(p.topic_id) == i]
        result.append(
            {
                "question": i,
                "topic": topic.text,
                "post_count": len(own),
                "posts": [post_payload(p, counts.get(p.id, 0)) for p in own[:limit]],
                "syntheses": [
                    synthesis_payload(s, cafe)
                    for s in syntheses
                    if hosting.synthesis_question(cafe, s) == i
                ],
            }
        )
    return result


def question_top(
    db: Session, cafe: CafeSession, post: Post, *, limit: int = INPUTS_PER_QUESTION
) -> dict[str, Any]:
    """After a like in the harvest: the question ``post`` is about and its ``limit``
    most-liked inputs now (``{question, posts: [{id, text, table, round, likes}]}``).

    A like can lift an input the screens do not show into the top five (or an unlike let
    one in from below), and only the server knows the inputs past the fifth; so the
    ``likes`` event carries the new list, with just the fields the view shows.
    """
    question = next((i for i, t in enumerate(cafe.topics) if t.id == post.topic_id), -1)
    top = likes.most_liked_about(db, cafe, post.topic_id, limit)
    return {
        "question": question,
        "posts": [
            {
                "id": p.id,
                "text": p.text,
                "table": p.table_number,
                "round": p.round_number,
                "likes": count,
            }
            for p, count in top
        ],
    }
