"""Ready-made plans: what a copy keeps and leaves behind, and the built-in plans."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, ready_made, sessions
from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.rotation import ROTATION_MODES


def _source(db: Session, now: datetime) -> sessions.CafeSession:
    owner = Facilitator(email="anne@example.no", password_hash="x", created_at=now)
    db.add(owner)
    db.flush()
    plan = sessions.make_plan(
        title="Bolig for velferd – Grünerløkka",
        description="Første kafé i serien",
        tables=5,
        topics=["Hva er et godt hjem?", "Hva trenger du av hjelp?"],
        rounds=4,
        round_minutes=25,
        rotation="people",
        report={"event_date": "2027-03-01", "place": "Biblioteket", "purpose": "Planen"},
    )
    cafe = sessions.create_session(db, owner, plan, now=now)
    cafe.approve_first, cafe.dots_per_participant, cafe.broadcast_text = True, 3, "Pause!"
    return cafe


def test_a_copy_keeps_the_plan_and_settings_not_the_date(db: Session, now: datetime) -> None:
    source = _source(db, now)
    plan = ready_made.copy_plan(source, "{title} (kopi)")
    copy = sessions.create_session(db, source.facilitator, plan, now=now)
    ready_made.copy_settings(source, copy)
    assert copy.title == "Bolig for velferd – Grünerløkka (kopi)"
    assert [t.text for t in copy.topics] == ["Hva er et godt hjem?", "Hva trenger du av hjelp?"]
    assert (copy.table_count, copy.round_count, copy.round_minutes) == (5, 4, 25)
    assert (copy.rotation, copy.description, copy.place, copy.purpose) == (
        "people",
        "Første kafé i serien",
        "Biblioteket",
        "Planen",
    )
    assert copy.event_date is None and source.event_date == date(2027, 3, 1)
    assert copy.approve_first and copy.dots_per_participant == 3
    assert copy.broadcast_text == "" and copy.status == "draft" and copy.current_round == 0
    assert copy.join_code != source.join_code and copy.host_code != source.host_code


def test_a_too_long_copied_title_keeps_the_original(db: Session, now: datetime) -> None:
    source = _source(db, now)
    source.title = "T" * 200
    assert ready_made.copy_plan(source, "{title} (kopi)").title == "T" * 200


@pytest.mark.parametrize("language", ["nb", "en", "nn", "de", ""])
def test_every_built_in_plan_is_a_valid_session_plan(language: str) -> None:
    plans = ready_made.built_in_plans(language)
    assert [p.key for p in plans] == list(ready_made.BUILT_IN_KEYS)
    for built_in in plans:
        plan = ready_made.built_in_plan(built_in.key, language)
        checked = sessions.make_plan(
            title=plan.title,
            description=plan.description,
            tables=plan.tables,
            topics=list(plan.topics),
            rounds=plan.rounds,
            round_minutes=plan.round_minutes,
            rotation=plan.rotation,
        )
        assert checked == plan
        assert plan.rotation in ROTATION_MODES
        assert len(plan.topics) >= plan.tables or plan.rotation == "topics"


def test_the_built_in_plans_speak_the_language() -> None:
    assert ready_made.built_in_plan("home", "en").title == "A good place to live"
    assert ready_made.built_in_plan("home", "nb").title == "Et godt sted å bo"
    assert ready_made.built_in_plan("home", "nn").title == "Ein god stad å bu"
    assert ready_made.built_in_plan("home", "nn-NO").title == "Ein god stad å bu"
    assert ready_made.built_in_plan("home", "de").title == "Et godt sted å bo"


def test_every_built_in_plan_has_the_same_shape_in_every_language() -> None:
    for key in ready_made.BUILT_IN_KEYS:
        plans = [ready_made.built_in_plan(key, language) for language in ("nb", "nn", "en")]
        shapes = {(p.tables, p.rounds, p.round_minutes, p.rotation, len(p.topics)) for p in plans}
        assert len(shapes) == 1, key


@pytest.mark.parametrize("key", ["nope", "", None, 3, "HOME"])
def test_an_unknown_plan_is_a_clear_field_error(key: object) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        ready_made.built_in_plan(key, "nb")
    assert caught.value.params["field"] == "template"
