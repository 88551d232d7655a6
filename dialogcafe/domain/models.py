"""The stored shape of a dialogue café (SQLAlchemy 2.x typed models).

The database is the only truth: any server process can serve any phone, and a restart
loses nothing, because no rule keeps state anywhere else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from dialogcafe.domain.status import PostStatus, SessionStatus


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware UTC datetimes on every engine (SQLite drops the zone on its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# Every constraint gets a predictable name on every engine, so a migration can drop or
# alter it by name (SQLite's batch mode needs that; PostgreSQL would invent its own names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Facilitator(Base):
    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Part of every login cookie; logging out bumps it, which ends every login of the
    # account (a copied cookie included), on every server process.
    login_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Sees every account on the admin page and makes reset links (the first account is one).
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    sessions: Mapped[list[CafeSession]] = relationship(back_populates="facilitator")


class ApiToken(Base):
    """A bearer token for the JSON API; only its hash is kept, so a database leak reveals none."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Kept (not deleted) for a while, so a revoked token answers "revoked", not "wrong".
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    facilitator: Mapped[Facilitator] = relationship()


class LoginThrottle(Base):
    """Failed log-ins per e-mail address, for the growing delay between tries.

    Keyed by the SHA-256 of the normalised address, whether or not an account has it:
    an unknown address is delayed exactly like a known one, so the delay tells nobody
    which addresses have accounts, and no typed address is stored in clear. In the
    database so every server process sees the same count.
    """

    __tablename__ = "login_throttles"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CafeSession(Base):
    """One dialogue café event: its tables, questions and round plan."""

    __tablename__ = "cafe_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    table_count: Mapped[int] = mapped_column(Integer)
    round_count: Mapped[int] = mapped_column(Integer)
    round_minutes: Mapped[int] = mapped_column(Integer)
    rotation: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.DRAFT)
    current_round: Mapped[int] = mapped_column(Integer, default=0)
    round_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    round_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # While the timer is paused: the seconds that were left (round_ends_at is then None).
    paused_remaining: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Moderation: new inputs wait for the facilitator's approval before others see them.
    approve_first: Mapped[bool] = mapped_column(Boolean, default=False)
    # Against group-think: other tables' inputs and likes stay hidden until the harvest.
    hide_other_tables: Mapped[bool] = mapped_column(Boolean, default=False)
    # Dot-voting in the harvest: dots each participant may spread (0 = no voting).
    dots_per_participant: Mapped[int] = mapped_column(Integer, default=0)
    broadcast_text: Mapped[str] = mapped_column(String(500), default="")
    broadcast_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A participant who types this code becomes the host of their table.
    host_code: Mapped[str] = mapped_column(String(12), default="")
    # What the projector shows (domain/projector.ProjectorView); "auto" follows the phase.
    projector_view: Mapped[str] = mapped_column(String(16), default="auto", server_default="auto")
    # The vote results on the projector and the phones (the facilitator shows them).
    show_results: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # For the report's title page: when, where, who organised it and why (all optional).
    event_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    organiser: Mapped[str] = mapped_column(String(200), default="", server_default="")
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Optional free text ("young people", "tenants in Grünerløkka") for the project report.
    target_group: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # No nickname on the projector or in any export file.
    anonymous_report: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Reconnect resync (sequence.py): bumped with every change clients display, and the
    # seq from which a client's view must be sent whole again (round change, visibility).
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resync_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the session was closed; its data is deleted ``retention_days`` after it
    # (domain/retention.py; None: the server's DIALOGCAFE_RETENTION_DAYS).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)

    facilitator: Mapped[Facilitator] = relationship(back_populates="sessions")
    topics: Mapped[list[Topic]] = relationship(
        back_populates="session", order_by="Topic.position", cascade="all, delete-orphan"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    message_translations: Mapped[list[MessageTranslation]] = relationship(
        order_by="MessageTranslation.language", cascade="all, delete-orphan"
    )


class SessionMember(Base):
    """Someone the owner let in: a co-facilitator or a reader (domain/roles.py)."""

    __tablename__ = "session_members"
    __table_args__ = (UniqueConstraint("session_id", "facilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    facilitator_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    facilitator: Mapped[Facilitator] = relationship()


class Project(Base):
    """A series of cafés (one per district or target group) reported on together."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    owner: Mapped[Facilitator] = relationship()


class ProjectMember(Base):
    """Someone let into a whole project, with the same roles as a café's members."""

    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "facilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    facilitator_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    facilitator: Mapped[Facilitator] = relationship()


class ProjectCafe(Base):
    """A café's place in a project (at most one); a link table, so a project can go
    and its cafés stay."""

    __tablename__ = "project_cafes"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invitation(Base):
    """A link that lets whoever opens it (logged in) join a café or a project in a role.

    Only the hash of its token is kept; it expires, is used once, and the owner can
    withdraw it before then.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), nullable=True, index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), nullable=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_by: Mapped[int | None] = mapped_column(
        ForeignKey("facilitators.id", ondelete="SET NULL"), nullable=True
    )


class SavedTemplate(Base):
    """A facilitator's own ready-made café: the plan as JSON (domain/ready_made.copy_plan)."""

    __tablename__ = "saved_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Topic(Base):
    """A question in the session's list; ``position`` fixes its place in the rotation."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))

    session: Mapped[CafeSession] = relationship(back_populates="topics")
    # Loaded with the questions (one query for all): every screen that shows a question
    # may show its translation, also after the row left its session (services/pages.py).
    translations: Mapped[list[TopicTranslation]] = relationship(
        order_by="TopicTranslation.language", cascade="all, delete-orphan", lazy="selectin"
    )


class TopicTranslation(Base):
    """A question in another language, added by the facilitator (domain/translations.py)."""

    __tablename__ = "topic_translations"
    __table_args__ = (UniqueConstraint("topic_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))


class MessageTranslation(Base):
    """The message to everyone (``CafeSession.broadcast_text``) in another language."""

    __tablename__ = "message_translations"
    __table_args__ = (UniqueConstraint("session_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))


class Participant(Base):
    """An anonymous person at a table; identified only by a random token kept on their phone."""

    __tablename__ = "participants"
    # One host per table (NULLs, the many who host nothing, never collide).
    __table_args__ = (UniqueConstraint("session_id", "hosted_table"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nickname: Mapped[str] = mapped_column(String(40), default="")
    table_number: Mapped[int] = mapped_column(Integer)
    # "I stay seated" (mobility): the people-move rotation never moves this person.
    stay_seated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The table this person hosts (hosts stay at their table in the people-move mode).
    hosted_table: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[CafeSession] = relationship(back_populates="participants")


class Seat(Base):
    """Where a participant sat in a round: the history the people-move seating learns from."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("participant_id", "round_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    round_number: Mapped[int] = mapped_column(Integer)
    table_number: Mapped[int] = mapped_column(Integer)


class Post(Base):
    """An input, stored with the table, round and question it answered at the time."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("participant_id", "client_id"),
        # A reconnecting client's delta: this session's posts changed after its seq.
        Index("ix_posts_session_id_seq", "session_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    table_number: Mapped[int] = mapped_column(Integer)
    round_number: Mapped[int] = mapped_column(Integer)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    # A PostStatus: pending is approve-first, waiting for the facilitator.
    status: Mapped[str] = mapped_column(String(16), default=PostStatus.VISIBLE)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    # A table host wrote this for someone without a phone; the name is optional.
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    on_behalf_name: Mapped[str] = mapped_column(String(40), default="")
    # Written in its round but received after the round changed (a phone that was offline).
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The session's seq of this input's latest change (stored, status, like count).
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship()
    topic: Mapped[Topic] = relationship()


class Like(Base):
    """One like per participant per input; deleting the row undoes it."""

    __tablename__ = "likes"
    __table_args__ = (UniqueConstraint("post_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DotVote(Base):
    """One dot of a participant's harvest votes; several may go to the same input."""

    __tablename__ = "dot_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Synthesis(Base):
    """The table host's synthesis of a round: read by the next group and in the summary."""

    __tablename__ = "syntheses"
    __table_args__ = (UniqueConstraint("session_id", "table_number", "round_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    table_number: Mapped[int] = mapped_column(Integer)
    round_number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Theme(Base):
    """A named group of inputs from any tables, made in the harvest (the facilitator's, or a
    table host's for their own table's inputs)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    # Set when a table host made it: they may group their own table's inputs only.
    table_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    members: Mapped[list[ThemePost]] = relationship(cascade="all, delete-orphan")


class ThemePost(Base):
    """An input in a theme; an input belongs to one theme at most."""

    __tablename__ = "theme_posts"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)


class ModerationEvent(Base):
    """The organiser's record of every hide, unhide and approval, with the reason given."""

    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ParticipantErasure(Base):
    """The organiser's record that one person's inputs were erased at their request: how
    many, by whom and when, never what (domain/participant_erasure.py)."""

    __tablename__ = "participant_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    # The facilitator's e-mail as it was: the record outlives a deleted account.
    erased_by: Mapped[str] = mapped_column(String(254))
    post_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Presence(Base):
    """A live socket connection, so facilitators see who is at each table on any process.

    Rows belong to a server process (``server_id``); a process that starts removes rows a
    crashed predecessor with its id left, and counts use only rows of live processes.
    """

    __tablename__ = "presence"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), nullable=True
    )
    table_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    role: Mapped[str] = mapped_column(String(16))
    server_id: Mapped[str] = mapped_column(String(64), index=True)
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime)
