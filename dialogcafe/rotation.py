"""Rotation schedules: which question each table discusses in each round.

Pure functions of the stored plan (table count, number of questions) and the round
number, so the schedule never needs to be stored and every process computes the same.
"""

from __future__ import annotations

ROTATION_MODES = ("topics",)


def topic_index(table: int, round_number: int, topic_count: int) -> int:
    """Index of the question at ``table`` (from 1) in ``round_number`` (from 1).

    In round 1 table k has question k; between rounds each table takes the question of
    the table before it in the list of questions (table 1 the last question), so with as
    many questions as tables the cards go round the room. A table meets a new question
    every round until every question has been at it once.
    """
    if table < 1 or round_number < 1 or topic_count < 1:
        raise ValueError("table, round and topic count start at 1")
    return (table - 1 - (round_number - 1)) % topic_count


def schedule(table_count: int, round_count: int, topic_count: int) -> list[list[int]]:
    """The whole plan: ``schedule(...)[round - 1][table - 1]`` is a question index."""
    return [
        [topic_index(table, rnd, topic_count) for table in range(1, table_count + 1)]
        for rnd in range(1, round_count + 1)
    ]
