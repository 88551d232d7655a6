"""Whole-café seating designs (dialogcafe.domain.seating_designs), checked pair by pair.

The constructions are checked against their definitions by brute force: every two people
share a table at most once (or exactly as the counting bound says for pairs on a point),
fixed people never move, movers always move, tables stay balanced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from functools import partial
from itertools import combinations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.domain import seating, sessions
from dialogcafe.domain.limits import MAX_TABLES
from dialogcafe.domain.models import CafeSession, Participant, Seat
from dialogcafe.domain.seating import repeat_encounters
from dialogcafe.domain.seating_designs import (
    field,
    meetings_at_most_once,
    plan_design,
    planned_round,
    repeat_lower_bound,
)

PRIME_POWERS = [k for k in range(2, MAX_TABLES + 1) if field(k) is not None]


def _round_one(people: int, tables: int) -> dict[int, int]:
    return {p: p % tables + 1 for p in range(people)}


def _total_repeats(rounds: tuple[dict[int, int], ...]) -> int:
    return sum(repeat_encounters(rounds[r], rounds[:r]) for r in range(1, len(rounds)))


def _sizes(assignment: dict[int, int], tables: int) -> list[int]:
    counted = Counter(assignment.values())
    return [counted[t] for t in range(1, tables + 1)]


def test_the_prime_powers_up_to_the_table_limit_are_fields() -> None:
    assert PRIME_POWERS == [2, 3, 4, 5, 7, 8, 9, 11, 13, 16, 17, 19, 23, 25, 27, 29]
    for k in PRIME_POWERS:
        found = field(k)
        assert found is not None
        group, mul = found
        zero_row = [mul[0][x] for x in range(k)]
        assert zero_row == [0] * k
        for a in range(1, k):  # every non-zero element has an inverse, no zero divisors
            assert sorted(mul[a][x] for x in range(k)) == list(range(k))
        for a, b, c in combinations(range(k), 3):  # distributive
            assert mul[a][group.add[b][c]] == group.add[mul[a][b]][mul[a][c]]


@pytest.mark.parametrize("k", PRIME_POWERS)
def test_affine_plane_seats_nobody_together_twice(k: int) -> None:
    """k tables of k-1 movers for k rounds: everyone meets new people every time."""
    first = _round_one(k * (k - 1), k)
    design = plan_design(table_count=k, round_count=k, first_round=first, fixed={})
    assert design is not None
    assert meetings_at_most_once(design.rounds) == []
    for before, after in zip(design.rounds, design.rounds[1:], strict=False):
        assert all(before[p] != after[p] for p in first)
    assert all(max(_sizes(r, k)) - min(_sizes(r, k)) <= 1 for r in design.rounds)


@pytest.mark.parametrize("k", [k for k in PRIME_POWERS if k <= 13])
def test_hosts_stay_and_everyone_else_meets_new_people(k: int) -> None:
    first = _round_one(k * k, k)  # a host and k-1 movers at each table
    hosts = {p: first[p] for p in range(k)}
    design = plan_design(table_count=k, round_count=k, first_round=first, fixed=hosts)
    assert design is not None
    assert meetings_at_most_once(design.rounds) == []
    assert all(r[h] == t for r in design.rounds for h, t in hosts.items())


@pytest.mark.parametrize(
    ("people", "tables", "rounds"), [(24, 6, 4), (18, 6, 5), (100, 12, 4), (70, 10, 4)]
)
def test_a_searched_difference_matrix_seats_nobody_together_twice(
    people: int, tables: int, rounds: int
) -> None:
    assert field(tables) is None
    first = _round_one(people, tables)
    design = plan_design(table_count=tables, round_count=rounds, first_round=first, fixed={})
    assert design is not None
    assert meetings_at_most_once(design.rounds) == []


@pytest.mark.parametrize(
    ("people", "tables", "rounds", "hosts", "repeats"),
    [(40, 5, 5, True, 60), (20, 4, 4, True, 12), (40, 5, 5, False, 80), (23, 4, 3, False, 22)],
)
def test_pairs_on_a_point_meet_every_round_and_nobody_else_twice(
    people: int, tables: int, rounds: int, hosts: bool, repeats: int
) -> None:
    first = _round_one(people, tables)
    fixed = {p: first[p] for p in range(tables)} if hosts else {}
    design = plan_design(table_count=tables, round_count=rounds, first_round=first, fixed=fixed)
    assert design is not None
    assert _total_repeats(design.rounds) == repeats
    together = Counter(
        pair
        for r in design.rounds
        for pair in combinations(sorted(first), 2)
        if r[pair[0]] == r[pair[1]]
    )
    pairs = {pair for pair, count in together.items() if count > 1}
    assert all(together[pair] == rounds for pair in pairs)  # a pair on a point: every round
    assert len({p for pair in pairs for p in pair}) == 2 * len(pairs)  # each in one pair


def test_the_bound_is_met_with_hosts() -> None:
    for people, tables, rounds in [(40, 5, 5), (20, 4, 4)]:
        first = _round_one(people, tables)
        fixed = {p: first[p] for p in range(tables)}
        design = plan_design(table_count=tables, round_count=rounds, first_round=first, fixed=fixed)
        assert design is not None
        bound = repeat_lower_bound(
            table_sizes=_sizes(first, tables), fixed_tables=[True] * tables, round_count=rounds
        )
        assert _total_repeats(design.rounds) == bound


@pytest.mark.parametrize(
    ("first", "fixed"),
    [
        ({1: 1, 2: 1, 3: 1, 4: 2}, {}),  # round 1 unbalanced by two
        ({1: 1, 2: 1, 3: 2, 4: 2}, {1: 1, 2: 1}),  # two fixed people at one table
        ({1: 1, 2: 1, 3: 2, 4: 2}, {1: 2}),  # a host who sat elsewhere in round 1
        ({p: p % 2 + 1 for p in range(10)}, {}),  # five at two tables: more than 2k
    ],
)
def test_no_design_where_none_fits(first: dict[int, int], fixed: dict[int, int]) -> None:
    assert plan_design(table_count=2, round_count=2, first_round=first, fixed=fixed) is None


def test_more_rounds_than_a_design_has_fall_back() -> None:
    assert (
        plan_design(table_count=8, round_count=10, first_round=_round_one(32, 8), fixed={}) is None
    )


def test_the_plan_is_followed_only_while_the_cafe_follows_it() -> None:
    first = _round_one(32, 8)
    design = plan_design(table_count=8, round_count=8, first_round=first, fixed={})
    assert design is not None
    people = sorted(first)

    def planned(participants: list[int], rounds_so_far: list[dict[int, int]]) -> object:
        return planned_round(
            table_count=8,
            round_count=8,
            participants=participants,
            fixed={},
            rounds_so_far=rounds_so_far,
        )

    assert planned(participants=people, rounds_so_far=[first]) == design.rounds[1]
    assert planned(participants=[*people, 99], rounds_so_far=[first]) is None
    strayed = {**design.rounds[1], 0: design.rounds[1][0] % 8 + 1}
    assert planned(participants=people, rounds_so_far=[first, strayed]) is None
    left = people[1:]  # someone went home: the plan still holds for the rest
    assert planned(participants=left, rounds_so_far=[first]) == {
        p: design.rounds[1][p] for p in left
    }
    done = [first, *design.rounds[1:]]
    assert planned(participants=people, rounds_so_far=done) is None


def test_a_people_cafe_of_eight_rounds_has_no_repeat_encounter(
    db: Session,
    make_cafe: Callable[..., CafeSession],
    seat: Callable[..., Participant],
    now: datetime,
) -> None:
    """Through the database: 32 people at 8 tables meet 28 new people in 8 rounds."""
    cafe = make_cafe(rotation="people", tables=8, rounds=8)
    for table in range(1, 9):
        for _ in range(4):
            seat(cafe, table)
    for _ in range(8):
        sessions.advance_round(db, cafe, now=now)
    rows = db.scalars(select(Seat).where(Seat.session_id == cafe.id)).all()
    rounds: dict[int, dict[int, int]] = {}
    for row in rows:
        rounds.setdefault(row.round_number, {})[row.participant_id] = row.table_number
    assert sorted(rounds) == list(range(1, 9))
    assert meetings_at_most_once([rounds[r] for r in sorted(rounds)]) == []


def test_looking_ahead_is_deterministic_and_never_worse_than_one_round_at_a_time() -> None:
    """The per-round search with and without looking ahead, 40 people at 5 tables."""
    first = _round_one(40, 5)
    hosts = {table: table - 1 for table in range(1, 6)}  # table -> host, as in round 1

    def schedule(ahead: bool) -> list[dict[int, int]]:
        seated = [first]
        for left in range(3, -1, -1):
            step = partial(seating.next_seating_ahead, rounds_left=left)
            plan = (step if ahead else seating.next_seating)(
                table_count=5,
                participants=sorted(first),
                hosts=hosts,
                stay_seated=[],
                current=seated[-1],
                history=seated[:-1],
            )
            seated.append(plan.assignment)
        return seated

    looked_ahead = schedule(ahead=True)
    assert looked_ahead == schedule(ahead=True)
    assert _total_repeats(tuple(looked_ahead)) <= _total_repeats(tuple(schedule(ahead=False)))
