"""Three cafés of one project, made with the domain's own calls on any database session.

Shared by the unit tests of the combined report (on the domain ``db``) and the integration
test of its download (on the app's database): cafés 1 and 2 share a question (written with
other spaces and case), café 2 is anonymised, café 1 has a hidden input, café 3 has no date
and no target group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import moderation, participants, posting, sessions, themes
from dialogcafe.domain.models import (
    CafeSession,
    DotVote,
    Facilitator,
    Like,
    Participant,
    Post,
    Project,
    ProjectCafe,
    Synthesis,
)

SHARED = "Hva er et godt hjem?"
HIDDEN_TEXT = "Skjult: dette skal ingen rapport vise"
SECRET_NAME = "Hemmelig-Hanne"  # a nickname in the anonymised café
SYNTHESIS = "Trygghet og naboskap betyr mest."


@dataclass(frozen=True)
class ThreeCafes:
    cafes: tuple[CafeSession, ...]
    visible: dict[int, tuple[str, ...]]  # the visible inputs' texts by café (1-based)
    project: Project | None = None


def _cafe(
    db: Session, owner: Facilitator, now: datetime, title: str, topics: list[str], **report: object
) -> CafeSession:
    plan = sessions.make_plan(
        title=title, tables=2, topics=topics, rounds=len(topics), round_minutes=15, report=report
    )
    return sessions.create_session(db, owner, plan, now=now)


def _post(db: Session, who: Participant, rnd: int, text: str, now: datetime) -> int:
    client_id = f"input-{who.id:04d}-{rnd:02d}"
    return posting.create_post(db, who, client_id=client_id, text=text, now=now).post.id


def make_three_cafes(
    db: Session, owner: Facilitator, now: datetime, *, project_name: str | None = None
) -> ThreeCafes:
    """The three cafés, run and harvested; with ``project_name`` also a project of them."""
    first = _cafe(
        db,
        owner,
        now,
        "Grünerløkka",
        [SHARED, "Hva gjør et nabolag godt?"],
        event_date="2027-03-02",
        place="Grünerløkka bydelshus",
    )
    first.target_group = "Unge voksne"
    second = _cafe(
        db,
        owner,
        now + timedelta(minutes=1),
        "Sofienberg",
        ["hva er  et godt HJEM? ", "Hvem bør bestemme?"],
        event_date="2027-03-09",
        place="Sofienberg kirke",
        anonymous_report=True,
    )
    second.target_group = " unge  voksne"
    third = _cafe(db, owner, now + timedelta(minutes=2), "Tøyen", ["Hvordan vil du bo?"])
    cafes = (first, second, third)
    texts: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for number, cafe in enumerate(cafes, 1):
        kari = participants.join(db, cafe, nickname="Kari", table=1, now=now).participant
        other = SECRET_NAME if number == 2 else "Ola"
        ola = participants.join(db, cafe, nickname=other, table=2, now=now).participant
        for rnd in range(1, len(cafe.topics) + 1):
            sessions.advance_round(db, cafe, now=now + timedelta(minutes=20 * rnd))
            for who in (kari, ola):
                text = f"Innspill {number}.{rnd} fra bord {who.table_number}"
                _post(db, who, rnd, text, now + timedelta(minutes=20 * rnd + 1))
                texts[number].append(text)
        if number == 1:
            hidden = posting.create_post(
                db, kari, client_id="hidden-input", text=HIDDEN_TEXT, now=now
            ).post
            moderation.hide(db, hidden, reason="", now=now)
            db.add(Like(post_id=hidden.id, participant_id=ola.id, created_at=now))
        sessions.start_harvest(db, cafe, now=now + timedelta(hours=1))
    db.flush()
    _votes_themes_and_syntheses(db, cafes, now)
    project = None
    if project_name is not None:
        project = Project(owner_id=owner.id, name=project_name, description="", created_at=now)
        db.add(project)
        db.flush()
        for cafe in cafes:
            db.add(ProjectCafe(session_id=cafe.id, project_id=project.id, added_at=now))
        db.flush()
    return ThreeCafes(cafes=cafes, visible={n: tuple(t) for n, t in texts.items()}, project=project)


def _votes_themes_and_syntheses(db: Session, cafes: tuple[CafeSession, ...], now: datetime) -> None:
    """Dots and likes on the first round's inputs, a theme in café 1, and the tables'
    main points on the shared question in cafés 1 and 2."""
    for cafe in cafes[:2]:
        posts = list(
            db.scalars(
                select(Post)
                .where(Post.session_id == cafe.id, Post.round_number == 1, Post.status != "hidden")
                .order_by(Post.id)
            )
        )
        voter = posts[0].participant_id
        db.add(DotVote(post_id=posts[-1].id, participant_id=voter, created_at=now))
        db.add(Like(post_id=posts[0].id, participant_id=posts[-1].participant_id, created_at=now))
        db.add(
            Synthesis(
                session_id=cafe.id, table_number=1, round_number=1, text=SYNTHESIS, updated_at=now
            )
        )
        if cafe is cafes[0]:
            themes.create_theme(
                db, cafe, name="Trygghet", post_ids=[post.id for post in posts], now=now
            )
    db.flush()
