"""Own templates' rules: what is kept, how it is read back (checked like a new café's plan,
a wrong field is a clear error, unknown fields are ignored), keys, names and the limit."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, saved_templates, sessions
from dialogcafe.domain.models import CafeSession, Facilitator


def _document(cafe: CafeSession) -> dict[str, object]:
    return saved_templates.document_of(cafe)


def test_a_template_keeps_the_plan_and_how_it_runs_not_the_date(
    db: Session, cafe: CafeSession, owner: Facilitator, now: datetime
) -> None:
    cafe.approve_first, cafe.dots_per_participant, cafe.place = True, 5, "Biblioteket"
    cafe.event_date = now.date()
    template = saved_templates.save(db, owner.id, cafe, "Serien", now=now)
    stored = saved_templates.read_document(template.plan_json)
    assert stored.plan.title == cafe.title and stored.plan.tables == cafe.table_count
    assert list(stored.plan.topics) == [t.text for t in cafe.topics]
    assert stored.plan.report.place == "Biblioteket" and stored.plan.report.event_date is None
    assert stored.settings["approve_first"] is True and stored.settings["dots_per_participant"] == 5
    copy = sessions.create_session(db, owner, stored.plan, now=now)
    saved_templates.apply_settings(copy, stored)
    assert copy.approve_first is True and copy.dots_per_participant == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tables": 9000}, "tables"),
        ({"tables": "3"}, "tables"),
        ({"topics": []}, "topics"),
        ({"topics": "one"}, "topics"),
        ({"rotation": "dance"}, "rotation"),
        ({"title": ""}, "title"),
        ({"report": {"anonymous_report": "yes"}}, "anonymous_report"),
        ({"settings": {"dots_per_participant": 99}}, "dots_per_participant"),
    ],
)
def test_a_bad_field_is_a_clear_error(
    cafe: CafeSession, change: dict[str, object], field: str
) -> None:
    document = {**_document(cafe), **change}
    with pytest.raises(errors.TemplateBroken) as caught:
        saved_templates.read_document(json.dumps(document))
    assert caught.value.status == 422 and caught.value.params["detail"] == field


@pytest.mark.parametrize(
    "stored", ["{nope", "[]", "null", '"x"', "{}", '{"report": 5}', "x" * 200_001]
)
def test_unreadable_json_is_a_clear_error(stored: str) -> None:
    with pytest.raises(errors.TemplateBroken):
        saved_templates.read_document(stored)


def test_fields_this_version_does_not_know_are_ignored(cafe: CafeSession) -> None:
    document = {**_document(cafe), "colour": "blue", "format": 99}
    document["settings"] = {**document["settings"], "music": True}  # type: ignore[dict-item]
    stored = saved_templates.read_document(json.dumps(document))
    assert stored.plan.title == cafe.title and "music" not in stored.settings


def test_an_older_template_without_settings_still_reads(cafe: CafeSession) -> None:
    document = _document(cafe)
    del document["settings"], document["report"], document["description"]
    stored = saved_templates.read_document(json.dumps(document))
    assert stored.settings == {} and stored.plan.description == ""


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("saved-1", 1),
        ("saved-42", 42),
        ("saved-0", None),
        ("saved-01", None),
        ("home", None),
        ("saved-", None),
        ("saved-1x", None),
        ("saved-" + "9" * 19, None),
        (None, None),
    ],
)
def test_keys(key: object, found: int | None) -> None:
    assert saved_templates.template_id_of(key) == found


@pytest.mark.parametrize("name", ["", "  ", None, 5, "x" * 201])
def test_names_are_bounded(
    db: Session, cafe: CafeSession, owner: Facilitator, now: datetime, name: object
) -> None:
    with pytest.raises(errors.InvalidField):
        saved_templates.save(db, owner.id, cafe, name, now=now)


def test_at_most_fifty_per_account_and_only_ones_own(
    db: Session, cafe: CafeSession, owner: Facilitator, now: datetime
) -> None:
    for number in range(saved_templates.MAX_TEMPLATES):
        saved_templates.save(db, owner.id, cafe, f"T{number}", now=now)
    with pytest.raises(errors.TooManyTemplates):
        saved_templates.save(db, owner.id, cafe, "One more", now=now)
    other = Facilitator(email="eve@example.no", password_hash="x", created_at=now)
    db.add(other)
    db.flush()
    mine = saved_templates.templates_of(db, owner.id)[0]
    key = saved_templates.key_of(mine.id)
    with pytest.raises(errors.UnknownTemplate):
        saved_templates.template_of(db, other.id, key)
    with pytest.raises(errors.UnknownTemplate):
        saved_templates.delete_template(db, other.id, key)
    saved_templates.delete_template(db, owner.id, key)
    assert len(saved_templates.templates_of(db, owner.id)) == saved_templates.MAX_TEMPLATES - 1
