"""Rotation: which question each table has in each round (pure functions)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogcafe.domain.rotation import schedule, topic_index

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None)


def _topics_met(plan: list[list[int]], table: int) -> list[int]:
    return [round_topics[table - 1] for round_topics in plan]


def test_round_one_gives_table_k_question_k() -> None:
    assert schedule(4, 1, 4) == [[0, 1, 2, 3]]


def test_each_table_gets_the_next_question() -> None:
    # Table k has question q in round r and question q + 1 in round r + 1 (the last one
    # is followed by the first), as the session form says.
    plan = schedule(4, 4, 4)
    assert plan == [[0, 1, 2, 3], [1, 2, 3, 0], [2, 3, 0, 1], [3, 0, 1, 2]]
    for rnd in range(3):
        for table in range(4):
            assert plan[rnd + 1][table] == (plan[rnd][table] + 1) % 4


def test_table_one_gets_question_two_in_round_two() -> None:
    assert topic_index(1, 2, 4) == 1
    assert topic_index(4, 2, 4) == 0


@pytest.mark.parametrize(
    ("tables", "topics"),
    [(1, 1), (3, 3), (4, 4), (5, 3), (8, 2), (2, 5), (3, 7), (1, 6), (30, 60), (30, 4)],
)
def test_no_table_meets_a_question_twice_while_questions_last(tables: int, topics: int) -> None:
    plan = schedule(tables, topics, topics)
    for table in range(1, tables + 1):
        met = _topics_met(plan, table)
        assert sorted(met) == list(range(topics)), f"table {table} met {met}"


@pytest.mark.parametrize(("tables", "topics"), [(3, 3), (2, 5), (4, 6)])
def test_tables_never_share_a_question_when_there_are_enough(tables: int, topics: int) -> None:
    for round_topics in schedule(tables, topics, topics):
        assert len(set(round_topics)) == tables


def test_more_tables_than_questions_spreads_each_question_evenly() -> None:
    for round_topics in schedule(7, 5, 3):
        counts = Counter(round_topics)
        assert set(counts) == {0, 1, 2}
        assert max(counts.values()) - min(counts.values()) <= 1


def test_after_every_question_the_cycle_starts_again() -> None:
    plan = schedule(3, 6, 3)
    assert plan[3:] == plan[:3]


@pytest.mark.parametrize(("table", "rnd", "topics"), [(0, 1, 3), (1, 0, 3), (1, 1, 0), (-1, 2, 3)])
def test_topic_index_rejects_numbers_below_one(table: int, rnd: int, topics: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        topic_index(table, rnd, topics)


@PROPERTY_SETTINGS
@given(
    tables=st.integers(min_value=1, max_value=30),
    topics=st.integers(min_value=1, max_value=60),
    rounds=st.integers(min_value=1, max_value=12),
)
def test_property_each_table_meets_each_question_at_most_once(
    tables: int, topics: int, rounds: int
) -> None:
    plan = schedule(tables, rounds, topics)
    assert len(plan) == rounds
    assert all(len(round_topics) == tables for round_topics in plan)
    assert all(0 <= i < topics for round_topics in plan for i in round_topics)
    held = min(rounds, topics)  # "while questions last"
    for table in range(1, tables + 1):
        met = _topics_met(plan, table)
        assert len(set(met[:held])) == held
        # Beyond that the cycle repeats: round r + topics gives the same question as round r.
        for rnd in range(topics, rounds):
            assert met[rnd] == met[rnd - topics]


@PROPERTY_SETTINGS
@given(
    tables=st.integers(min_value=1, max_value=30),
    topics=st.integers(min_value=1, max_value=60),
    rounds=st.integers(min_value=1, max_value=12),
)
def test_property_each_round_uses_questions_as_evenly_as_possible(
    tables: int, topics: int, rounds: int
) -> None:
    for round_topics in schedule(tables, rounds, topics):
        counts = Counter(round_topics)
        assert max(counts.values()) == -(-tables // topics)  # ceil: no question piles up
        if tables <= topics:
            assert len(counts) == tables
