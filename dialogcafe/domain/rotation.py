"""Rotation schedules: which question each table discusses in each round.

Pure functions of the stored plan (table count, number of questions) and the round
number, so the schedule never needs to be stored and every process computes the same.
"""

from __future__ import annotations

# "topics": the questions move, people stay. "people": each table keeps its question
# and its host; everybody else moves (the classic World Café, see seating.py).
ROTATION_MODES = ("topics", "people")


def topic_index(table: int, round_number: int, topic_count: int, mode: str = "topics") -> int:
    """Index of the question at ``table`` (from 1) in ``round_number`` (from 1).

    In round 1 table k has question k (wrapping round the list when there are more
    tables than questions). In ``topics`` mode each table then gets the next question
    (the last one is followed by the first): in round r table t has question
    (t - 1) + (r - 1), so the cards go round the room and a table meets a new question
    every round, as the session form promises. In ``people`` mode the question stays
    with its table: the people carry the ideas instead.
    """
    if table < 1 or round_number < 1 or topic_count < 1:
        raise ValueError("table, round and topic count start at 1")
    if mode not in ROTATION_MODES:
        raise ValueError(f"unknown rotation mode {mode!r}")
    if mode == "people":
        return (table - 1) % topic_count
    return (table - 1 + round_number - 1) % topic_count


def schedule(
    table_count: int, round_count: int, topic_count: int, mode: str = "topics"
) -> list[list[int]]:
    """The whole plan: ``schedule(...)[round - 1][table - 1]`` is a question index."""
    return [
        [topic_index(table, rnd, topic_count, mode) for table in range(1, table_count + 1)]
        for rnd in range(1, round_count + 1)
    ]
