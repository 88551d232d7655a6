"""Changing a café's plan after it was made: its questions, tables and rounds.

Until round 1 starts everything may change, as on the new-session form and with its
limits. Once people talk, the structure is fixed (a table's inputs belong to a question
at a place in the rotation), but a question's wording may still be fixed while the café
runs and in the harvest. A closed café is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields, sequence, translations
from dialogcafe.domain.broadcast import MAX_BROADCAST_LENGTH
from dialogcafe.domain.errors import N_
from dialogcafe.domain.limits import MAX_ROUND_MINUTES, MAX_ROUNDS, MAX_TABLES, MAX_TOPICS
from dialogcafe.domain.models import (
    CafeSession,
    MessageTranslation,
    Participant,
    Topic,
    TopicTranslation,
)
from dialogcafe.domain.sessions import clean_topics
from dialogcafe.domain.status import SessionStatus


class PlanLocked(errors.DomainError):
    """Round 1 has started: the structure stays, only the wording may change."""

    code = "plan_locked"
    status = 409
    message = N_(
        "Round 1 has started. You can still reword the questions, but not add or remove "
        "questions, or change the tables or rounds."
    )


class PlanFinal(errors.SessionClosed):
    message = N_("This session is closed. Its questions can no longer be changed.")


class TablesInUse(errors.DomainError):
    """Fewer tables than where people already sit would leave them at no table."""

    code = "tables_in_use"
    status = 409
    message = N_("Someone sits at table {table}. Keep at least {table} tables.")


@dataclass(frozen=True)
class PlanEdit:
    """A checked change: the whole list of questions and the numbers (None: unchanged)."""

    topics: tuple[str, ...]
    tables: int | None = None
    rounds: int | None = None
    round_minutes: int | None = None


def make_edit(
    *,
    topics: object,
    tables: object = None,
    rounds: object = None,
    round_minutes: object = None,
) -> PlanEdit:
    """Check raw values as the new-session form does (same fields, same limits)."""

    def number(value: object, field: str, maximum: int) -> int | None:
        if value is None or value == "":
            return None
        return fields.whole_number(value, field=field, minimum=1, maximum=maximum)

    return PlanEdit(
        topics=clean_topics(topics),
        tables=number(tables, "tables", MAX_TABLES),
        rounds=number(rounds, "rounds", MAX_ROUNDS),
        round_minutes=number(round_minutes, "round_minutes", MAX_ROUND_MINUTES),
    )


def is_structure_open(cafe: CafeSession) -> bool:
    """Questions, tables and rounds may still be added or removed: round 1 has not started."""
    return cafe.status == SessionStatus.DRAFT and cafe.current_round == 0


def is_wording_open(cafe: CafeSession) -> bool:
    """A question's wording may be fixed: anything but a closed café."""
    return cafe.status != SessionStatus.CLOSED


def _changes_structure(cafe: CafeSession, edit: PlanEdit) -> bool:
    numbers = (
        (edit.tables, cafe.table_count),
        (edit.rounds, cafe.round_count),
        (edit.round_minutes, cafe.round_minutes),
    )
    return len(edit.topics) != len(cafe.topics) or any(
        new is not None and new != old for new, old in numbers
    )


def _check_tables(db: Session, cafe: CafeSession, tables: int) -> None:
    """People who joined already keep a table to sit at."""
    highest = db.scalar(
        select(func.max(Participant.table_number)).where(Participant.session_id == cafe.id)
    )
    if highest is not None and highest > tables:
        raise TablesInUse(table=highest)


def apply_edit(db: Session, cafe: CafeSession, edit: PlanEdit) -> None:
    """Change the plan: anything before round 1, only the wording after; never when closed."""
    if not is_wording_open(cafe):
        raise PlanFinal()
    if _changes_structure(cafe, edit):
        if not is_structure_open(cafe):
            raise PlanLocked()
        if edit.tables is not None:
            _check_tables(db, cafe, edit.tables)
            cafe.table_count = edit.tables
        cafe.round_count = edit.rounds or cafe.round_count
        cafe.round_minutes = edit.round_minutes or cafe.round_minutes
    kept = cafe.topics[: len(edit.topics)]
    del cafe.topics[len(edit.topics) :]
    for topic, text in zip(kept, edit.topics, strict=False):
        topic.text = text
    for position in range(len(kept), len(edit.topics)):
        cafe.topics.append(Topic(position=position, text=edit.topics[position]))
    db.flush()
    sequence.advance(db, cafe)


FIELD_QUESTIONS = N_("questions")
FIELD_NUMBER = N_("number")


@dataclass(frozen=True)
class TranslationEdit:
    """Checked translations: per question number (1-based) its whole new set, and the
    message to everyone's (``None``: unchanged). Questions not named keep theirs."""

    questions: dict[int, dict[str, str]]
    message: dict[str, str] | None = None


def make_translation_edit(*, questions: object = None, message: object = None) -> TranslationEdit:
    """Check ``[{"number": 1, "translations": {"ar": "…"}}, …]`` and ``{"ar": "…"}``."""
    if questions is None:
        questions = []
    if not isinstance(questions, list) or len(questions) > MAX_TOPICS:
        raise errors.InvalidField(
            field=FIELD_QUESTIONS,
            problem=N_("must be a list of at most {limit} questions"),
            limit=MAX_TOPICS,
        )
    checked: dict[int, dict[str, str]] = {}
    for row in questions:
        if not isinstance(row, dict):
            raise errors.InvalidField(
                field=FIELD_QUESTIONS, problem=N_("must be a list of objects")
            )
        number = fields.whole_number(
            row.get("number"), field=FIELD_NUMBER, minimum=1, maximum=MAX_TOPICS
        )
        checked[number] = translations.clean_translations(row.get("translations"))
    cleaned_message = (
        None
        if message is None
        else translations.clean_translations(message, max_length=MAX_BROADCAST_LENGTH)
    )
    return TranslationEdit(questions=checked, message=cleaned_message)


def apply_translations(db: Session, cafe: CafeSession, edit: TranslationEdit) -> None:
    """Replace the named questions' translations (and the message's): like a wording fix,
    any time before the café is closed. Bumps the change counter: phones show them."""
    if not is_wording_open(cafe):
        raise PlanFinal()
    for number in edit.questions:
        if number > len(cafe.topics):
            raise errors.InvalidField(
                field=FIELD_NUMBER,
                problem=N_("must be between {low} and {high}"),
                low=1,
                high=len(cafe.topics),
            )
    for number, chosen in edit.questions.items():
        topic = cafe.topics[number - 1]
        translations.replace_rows(
            topic.translations, chosen, lambda tag, text: TopicTranslation(language=tag, text=text)
        )
    if edit.message is not None:
        translations.replace_rows(
            cafe.message_translations,
            edit.message,
            lambda tag, text: MessageTranslation(language=tag, text=text),
        )
    db.flush()
    sequence.advance(db, cafe)


def translations_of(cafe: CafeSession) -> dict[str, Any]:
    """Every translation of the café: per question (in order, with its text) and of the
    message to everyone."""
    return {
        "questions": [
            {
                "number": topic.position + 1,
                "text": topic.text,
                "translations": {t.language: t.text for t in topic.translations},
            }
            for topic in cafe.topics
        ],
        "message": {t.language: t.text for t in cafe.message_translations},
    }


def shared_questions(table_count: int, topic_count: int) -> list[tuple[int, ...]]:
    """Tables that discuss the same question, when there are fewer questions than tables.

    Table t has question (t - 1) mod n in round 1 and both rotations keep such tables
    together, so the groups are those of equal remainder; one group per shared question.
    """
    if topic_count < 1 or topic_count >= table_count:
        return []
    groups = [
        tuple(range(first, table_count + 1, topic_count)) for first in range(1, topic_count + 1)
    ]
    return [group for group in groups if len(group) > 1]
