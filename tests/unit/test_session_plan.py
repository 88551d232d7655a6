"""Validating a new session's plan: every bad field names itself."""

from __future__ import annotations

from typing import Any

import pytest

from dialogcafe.domain import errors
from dialogcafe.domain.limits import (
    MAX_DESCRIPTION,
    MAX_ROUND_MINUTES,
    MAX_ROUNDS,
    MAX_TABLES,
    MAX_TITLE,
    MAX_TOPIC_LENGTH,
    MAX_TOPICS,
)
from dialogcafe.domain.sessions import SessionPlan, make_plan

VALID: dict[str, Any] = {
    "title": "Bo trygt",
    "tables": 4,
    "topics": ["Hva er et trygt hjem?", "Hvem hjelper deg?"],
    "rounds": 3,
    "round_minutes": 20,
}


def plan_with(**changes: Any) -> SessionPlan:
    return make_plan(**{**VALID, **changes})


def test_a_valid_plan_is_trimmed_and_kept() -> None:
    plan = plan_with(title="  Bo trygt  ", description="  Om boliger ", rotation="topics")
    assert plan == SessionPlan(
        title="Bo trygt",
        description="Om boliger",
        tables=4,
        topics=("Hva er et trygt hjem?", "Hvem hjelper deg?"),
        rounds=3,
        round_minutes=20,
        rotation="topics",
    )


def test_blank_topics_are_dropped_and_the_rest_trimmed() -> None:
    plan = plan_with(topics=["  Først  ", "", "   ", "\t", "Så\r", ""])
    assert plan.topics == ("Først", "Så")


def test_limits_themselves_are_allowed() -> None:
    plan = plan_with(
        title="t" * MAX_TITLE,
        description="d" * MAX_DESCRIPTION,
        tables=MAX_TABLES,
        topics=["q" * MAX_TOPIC_LENGTH] * MAX_TOPICS,
        rounds=MAX_ROUNDS,
        round_minutes=MAX_ROUND_MINUTES,
    )
    assert (plan.tables, plan.rounds, plan.round_minutes) == (30, 12, 180)
    assert len(plan.topics) == 60
    assert make_plan(**{**VALID, "tables": 1, "rounds": 1, "round_minutes": 1}).tables == 1


def test_description_is_optional() -> None:
    assert plan_with(description=None).description == ""
    assert make_plan(**VALID).description == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", None),
        ("title", ""),
        ("title", "   "),
        ("title", 42),
        ("title", "t" * (MAX_TITLE + 1)),
        ("description", "d" * (MAX_DESCRIPTION + 1)),
        ("description", ["not", "text"]),
        ("tables", 0),
        ("tables", MAX_TABLES + 1),
        ("tables", -3),
        ("tables", "4"),
        ("tables", 4.0),
        ("tables", None),
        ("tables", True),
        ("rounds", 0),
        ("rounds", MAX_ROUNDS + 1),
        ("rounds", "3"),
        ("rounds", False),
        ("round_minutes", 0),
        ("round_minutes", MAX_ROUND_MINUTES + 1),
        ("round_minutes", 2.5),
        ("round_minutes", True),
        ("topics", None),
        ("topics", "one question as a string"),
        ("topics", []),
        ("topics", ["", "  "]),
        ("topics", ["ok", 3]),
        ("topics", ("a tuple", "is not a list")),
        ("topics", ["q"] * (MAX_TOPICS + 1)),
        ("topics", ["fine", "q" * (MAX_TOPIC_LENGTH + 1)]),
        ("rotation", "tables"),
        ("rotation", None),
        ("rotation", ""),
    ],
)
def test_each_bad_field_raises_invalid_field_naming_it(field: str, value: Any) -> None:
    with pytest.raises(errors.InvalidField) as caught:
        plan_with(**{field: value})
    assert caught.value.params["field"] == field
    assert str(caught.value).startswith(f"{field}: ")
    assert caught.value.status == 400


@pytest.mark.parametrize("field", ["tables", "rounds", "round_minutes"])
def test_bool_is_not_a_whole_number(field: str) -> None:
    with pytest.raises(errors.InvalidField, match=f"^{field}: must be a whole number$"):
        plan_with(**{field: True})


def test_range_errors_say_the_range() -> None:
    with pytest.raises(errors.InvalidField, match=r"^tables: must be between 1 and 30$"):
        plan_with(tables=31)
    with pytest.raises(errors.InvalidField, match=r"^topics: at most 60 questions$"):
        plan_with(topics=["q"] * 61)
    with pytest.raises(errors.InvalidField, match=r"^rotation: must be one of: topics, people$"):
        plan_with(rotation="tables")
