"""A café's questions as plain rows: what the phones' pages and states read of them.

``CafeSession.topics`` loads every question as an ORM object (and, with it, every
translation), about 0.8 ms for a café of 25 tables; an arriving phone's join page, join,
table page and socket ``state`` each read the questions in their own transaction, which
made it an eighth of the server's time per phone in a join storm (``bench/join_path.py``).
Read as plain rows of one query it is a twentieth of that, and kept for the rest of the
transaction until something is written (a snapshot asks four times). Where the transaction
holds the ORM questions (an edit), they are used instead, so an edit is never missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session, object_session

from dialogcafe.domain.models import CafeSession, Topic, TopicTranslation


@dataclass(frozen=True)
class Question:
    """One question of a café: its id, text and translations (``{language: text}``)."""

    id: int
    text: str
    translations: Mapping[str, str] = field(default_factory=dict)


_READ = "questions"  # Session.info key: {session id: [Question, ...]} read this transaction


def questions_of(cafe: CafeSession) -> list[Question]:
    """The café's questions in rotation order (``Topic.position``)."""
    db = object_session(cafe)
    if db is None or "topics" in inspect(cafe).dict:
        return [
            Question(t.id, t.text, {tr.language: tr.text for tr in t.translations})
            for t in cafe.topics
        ]
    known: dict[int, list[Question]] = db.info.get(_READ, {})
    if cafe.id in known:
        return known[cafe.id]
    questions = _read(db, cafe.id)  # may flush first, which forgets what was read
    db.info.setdefault(_READ, {})[cafe.id] = questions
    return questions


# Built once (statement construction cost more than running it): every question with its
# translations, one row per translation (a question without any: one row of NULLs).
_QUESTIONS = (
    select(Topic.id, Topic.text, TopicTranslation.language, TopicTranslation.text)
    .outerjoin(TopicTranslation, TopicTranslation.topic_id == Topic.id)
    .where(Topic.session_id == bindparam("session_id"))
    .order_by(Topic.position, TopicTranslation.language)
)


def _read(db: Session, session_id: int) -> list[Question]:
    texts: dict[int, str] = {}  # in rotation order
    translated: dict[int, dict[str, str]] = {}
    for topic_id, text, language, translation in db.execute(_QUESTIONS, {"session_id": session_id}):
        texts[topic_id] = text
        languages = translated.setdefault(topic_id, {})
        if language is not None:
            languages[language] = translation
    return [Question(topic_id, text, translated[topic_id]) for topic_id, text in texts.items()]


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_read(session: Session, *_args: Any) -> None:
    """A write or the transaction's end: the next read goes to the database again."""
    session.info.pop(_READ, None)
