"""Deleting a session and everything it holds, for the organiser when the work is done.

Privacy (GDPR) asks that the organiser can remove a session's data for good: every row
that belongs to it and the summary files written under the data dir. Rows are deleted
explicitly, children first, so nothing depends on the database enforcing foreign keys;
tables added later that point at the session are still caught by their ``ON DELETE
CASCADE``. On SQLite the rows leave no trace in the database files either: every connection
overwrites deleted content with zeros (``secure_delete``, database.py), and the caller
empties the ``-wal`` file afterwards (``sqlite_worker.truncate_wal``), which still holds the pages
as they were before the delete.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors
from dialogcafe.domain.codes import looks_like_join_code, normalise_join_code
from dialogcafe.domain.models import (
    CafeSession,
    DotVote,
    Like,
    MessageTranslation,
    ModerationEvent,
    Participant,
    ParticipantErasure,
    Post,
    Presence,
    Seat,
    SessionMember,
    Synthesis,
    Theme,
    ThemePost,
    Topic,
    TopicTranslation,
)


def check_confirmation(cafe: CafeSession, typed: object) -> None:
    """The organiser must type the join code: a slip of the mouse must not erase a café."""
    code = normalise_join_code(typed) if isinstance(typed, str) else ""
    if code != cafe.join_code:
        raise errors.WrongConfirmation()


def delete_session(db: Session, cafe: CafeSession) -> None:
    """Delete the session with its questions, people, inputs, votes and the rest."""
    session_id = cafe.id
    posts = select(Post.id).where(Post.session_id == session_id).scalar_subquery()
    for statement in (
        delete(Like).where(Like.post_id.in_(posts)),
        delete(DotVote).where(DotVote.post_id.in_(posts)),
        delete(ThemePost).where(ThemePost.post_id.in_(posts)),
        delete(Theme).where(Theme.session_id == session_id),
        delete(ModerationEvent).where(ModerationEvent.session_id == session_id),
        delete(ParticipantErasure).where(ParticipantErasure.session_id == session_id),
        delete(Synthesis).where(Synthesis.session_id == session_id),
        delete(Presence).where(Presence.session_id == session_id),
        delete(Seat).where(Seat.session_id == session_id),
        delete(Post).where(Post.session_id == session_id),
        delete(Participant).where(Participant.session_id == session_id),
        delete(TopicTranslation).where(
            TopicTranslation.topic_id.in_(
                select(Topic.id).where(Topic.session_id == session_id).scalar_subquery()
            )
        ),
        delete(MessageTranslation).where(MessageTranslation.session_id == session_id),
        delete(Topic).where(Topic.session_id == session_id),
        delete(SessionMember).where(SessionMember.session_id == session_id),
    ):
        db.execute(statement.execution_options(synchronize_session=False))
    db.expunge(cafe)
    db.execute(delete(CafeSession).where(CafeSession.id == session_id))
    db.flush()


def session_folder(data_dir: Path, join_code: str) -> Path:
    """Where the summary files of a session are written (see exports.write_summary_files)."""
    return Path(data_dir) / join_code


def orphan_folders(data_dir: Path, join_codes: Collection[str]) -> list[str]:
    """Summary folders of cafés that are not in the database (after a backup was restored:
    the cafés made since are gone, their files must go too); only join-code names count."""
    root = Path(data_dir)
    if not root.is_dir():
        return []
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and looks_like_join_code(entry.name) and entry.name not in join_codes
    )


def remove_session_folder(data_dir: Path, join_code: str) -> bool:
    """Delete the session's summary files; True if there was a folder to delete.

    The join code comes from the database (letters and digits only), so the path cannot
    leave the data dir; the check below keeps it that way if that ever changes.
    """
    root = Path(data_dir).resolve()
    folder = session_folder(root, join_code).resolve()
    if folder.parent != root or not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True
