"""The JSON shape of each single thing the API and the socket events send (docs/protocol.md).

One module builds them so that a post looks the same in an ack, a room emit, the
initial ``state`` and the JSON export; the whole-screen snapshots are put together from
these in ``phone.py``, ``facilitator.py`` and ``projector.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogcafe.domain.hosting import synthesis_question
from dialogcafe.domain.models import CafeSession, Participant, Post, Synthesis
from dialogcafe.domain.moving import RoundSeating
from dialogcafe.domain.posting import PostColumns, StoredPost
from dialogcafe.domain.questions import questions_of
from dialogcafe.domain.retention import Retention
from dialogcafe.domain.sessions import TableTopic
from dialogcafe.domain.timestamps import iso
from dialogcafe.domain.translations import offered_languages
from dialogcafe.domain.wordcloud import CloudWord


def post_payload(post: Post, likes: int = 0) -> dict[str, Any]:
    """``likes`` is 0 for a new input; snapshots fill in the counts of one grouped query."""
    return _post_fields(
        post, topic=post.topic.text, nickname=post.participant.nickname, likes=likes
    )


def new_post_payload(stored: StoredPost) -> dict[str, Any]:
    """An input just stored (or found again), as its ack and its room emit show it."""
    return _post_fields(stored.post, topic=stored.topic, nickname=stored.nickname)


def _post_fields(post: PostColumns, *, topic: str, nickname: str, likes: int = 0) -> dict[str, Any]:
    return {
        "id": post.id,
        "client_id": post.client_id,
        "table": post.table_number,
        "round": post.round_number,
        "topic": topic,
        "text": post.text,
        "nickname": nickname,
        "created_at": iso(post.created_at),
        "status": post.status,
        "on_behalf": post.on_behalf,
        "on_behalf_name": post.on_behalf_name,
        "likes": likes,
        "seq": post.seq,  # the session's seq of its latest change (sequence.py)
        "late": post.late,  # written in its round, received after it ended
    }


def session_payload(cafe: CafeSession) -> dict[str, Any]:
    return {
        "id": cafe.id,
        "title": cafe.title,
        "description": cafe.description,
        "join_code": cafe.join_code,
        "status": cafe.status,
        "tables": cafe.table_count,
        "rounds": cafe.round_count,
        "round_minutes": cafe.round_minutes,
        "rotation": cafe.rotation,
        "topics": [question.text for question in questions_of(cafe)],
        "round": cafe.current_round,
        "round_started_at": iso(cafe.round_started_at),
        "round_ends_at": iso(cafe.round_ends_at),
    }


def retention_payload(kept: Retention) -> dict[str, Any]:
    """How long a café's data is kept: its own period (None: the server's), the period
    that applies (None: until deleted by hand), and once closed, when it will be deleted."""
    return {
        "retention_days": kept.own_days,
        "kept_days": kept.days,
        "closed_at": iso(kept.closed_at),
        "deletes_at": iso(kept.deletes_at),
    }


def table_topics_payload(topics: list[TableTopic]) -> list[dict[str, Any]]:
    return [{"table": t.table, "topic": t.topic} for t in topics]


def round_payload(cafe: CafeSession, table_topic: TableTopic | None = None) -> dict[str, Any]:
    """What phones need when a round changes: the number, their question, the end time."""
    payload: dict[str, Any] = {
        "round": cafe.current_round,
        "rounds": cafe.round_count,
        "status": cafe.status,
        "round_started_at": iso(cafe.round_started_at),
        "round_ends_at": iso(cafe.round_ends_at),
        "seq": cafe.seq,
    }
    if table_topic is not None:
        payload.update(
            table=table_topic.table,
            topic=table_topic.topic,
            topic_translations=topic_translations(cafe, table_topic.topic_id),
        )
    return payload


def question_languages(cafe: CafeSession) -> list[str]:
    """The languages the café's questions are translated into: a phone's choice list."""
    return offered_languages(question.translations for question in questions_of(cafe))


def topic_translations(cafe: CafeSession, topic_id: int) -> dict[str, str]:
    """A question's translations, ``{language: text}`` (the phone picks one; at most
    ``translations.MAX_TRANSLATIONS``)."""
    for question in questions_of(cafe):
        if question.id == topic_id:
            return dict(question.translations)
    return {}


def participant_payload(participant: Participant, token: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": participant.id,
        "table": participant.table_number,
        "nickname": participant.nickname,
        "stay_seated": participant.stay_seated,
        "hosted_table": participant.hosted_table,
    }
    if token is not None:
        payload["token"] = token
    return payload


def synthesis_payload(synthesis: Synthesis, cafe: CafeSession) -> dict[str, Any]:
    """A host's synthesis of one round at one table, with the question it is about
    (``question`` is its index in the session's questions)."""
    question = synthesis_question(cafe, synthesis)
    return {
        "table": synthesis.table_number,
        "round": synthesis.round_number,
        "question": question,
        "topic": questions_of(cafe)[question].text,
        "text": synthesis.text,
        "updated_at": iso(synthesis.updated_at),
    }


def host_payload(table: int, host: Participant | None) -> dict[str, Any]:
    """Who hosts ``table`` (``host`` is null when nobody does)."""
    person = None if host is None else {"id": host.id, "nickname": host.nickname}
    return {"table": table, "host": person}


def moderated_post_payload(post: Post) -> dict[str, Any]:
    """A post as the moderation view sees it: with why it was hidden and whose it is (an
    internal id for "all inputs by this person"; facilitators only)."""
    return {
        **post_payload(post),
        "hidden_reason": post.hidden_reason,
        "participant": post.participant_id,
    }


def timer_payload(cafe: CafeSession, *, now: datetime) -> dict[str, Any]:
    """The ``timer`` event: the round's end time (or, paused, the seconds left) and the
    server's clock, so every screen counts down to the same moment whatever its own clock."""
    return {
        "round": cafe.current_round,
        "status": cafe.status,
        "round_ends_at": iso(cafe.round_ends_at),
        "paused_remaining": cafe.paused_remaining,
        "server_time": iso(now),
        "seq": cafe.seq,
    }


def broadcast_payload(cafe: CafeSession) -> dict[str, Any]:
    """The ``broadcast`` event: the facilitator's latest message (``""`` when none)."""
    return {
        "text": cafe.broadcast_text or "",
        # A message taken down (at a round change) keeps no translations on screen.
        "translations": {t.language: t.text for t in cafe.message_translations}
        if cafe.broadcast_text
        else {},
        "at": iso(cafe.broadcast_at),
        "seq": cafe.seq,
    }


def facilitation_state(cafe: CafeSession, now: datetime | None) -> dict[str, Any]:
    """The clock and the broadcast every screen shows: ``server_time`` lets a client
    correct its own clock, so all countdowns end together."""
    state: dict[str, Any] = {"server_time": iso(now), "broadcast": broadcast_payload(cafe)}
    if now is not None:
        state["timer"] = timer_payload(cafe, now=now)
    return state


def presence_payload(counts: dict[int, int]) -> dict[str, object]:
    """The ``presence`` event: connected people per table."""
    return {"tables": [{"table": t, "connected": n} for t, n in sorted(counts.items())]}


def cloud_payload(words: list[CloudWord]) -> list[dict[str, object]]:
    """The projector's word cloud: each word with how often it was used and its size step."""
    return [{"word": w.word, "count": w.count, "size": w.size} for w in words]


def seating_payload(seating: RoundSeating) -> dict[str, Any]:
    """The facilitator's figures for a round change: how many moved, how many repeats."""
    return {"moved": seating.moved, "repeat_encounters": seating.repeat_encounters}


def move_payloads(
    cafe: CafeSession, seating: RoundSeating, topics: list[TableTopic]
) -> list[dict[str, Any]]:
    """One ``move`` message per moved participant: the new table, round and question."""
    topic_of = {t.table: t for t in topics}
    return [
        {
            "participant_id": move.participant_id,
            "table": move.to_table,
            "round": seating.round,
            "topic": topic_of[move.to_table].topic if move.to_table in topic_of else "",
            "topic_translations": (
                topic_translations(cafe, topic_of[move.to_table].topic_id)
                if move.to_table in topic_of
                else {}
            ),
        }
        for move in seating.moves
    ]
