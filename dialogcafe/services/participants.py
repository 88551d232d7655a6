"""Loading the participant a command is for, by the id the edge authorised."""

from __future__ import annotations

from sqlalchemy.orm import Session, joinedload

from dialogcafe.domain import errors
from dialogcafe.domain.models import Participant

_WITH_SESSION = [joinedload(Participant.session)]


def load_participant(db: Session, participant_id: int) -> Participant:
    """The participant, with their session in the same query: nearly every command needs it.

    (Not its questions: joined, they would repeat the row up to 30 times; loaded lazily,
    they are read once per batch of the worker's transaction, see sqlite_worker.py.) A
    participant who is gone (erased, or the café deleted) is refused.
    """
    participant = (
        db.get(Participant, participant_id, options=_WITH_SESSION) if participant_id else None
    )
    if participant is None:
        raise errors.Forbidden()
    return participant
