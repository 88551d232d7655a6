"""Tests for the "people move" seating rotation (dialogcafe.domain.seating).

The property tests check the hard guarantees on random sessions against independent,
deliberately naive re-implementations; the example tests pin down quality figures that
were measured once and must not regress.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogcafe.domain import seating
from dialogcafe.domain.limits import MAX_TABLES
from dialogcafe.domain.seating import (
    SeatingPlan,
    least_full_table,
    next_seating,
    repeat_encounters,
)

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # same examples on every run: no flaky CI
    database=None,  # do not write .hypothesis/ into the working tree
    suppress_health_check=[HealthCheck.too_slow],
)


# -- independent helpers --------------------------------------------------------------


def brute_repeats(assignment: dict[int, int], rounds: list[dict[int, int]]) -> int:
    """Repeat encounters the slow, obvious way, to cross-check the module."""
    met = {frozenset((a, b)) for r in rounds for a, b in combinations(r, 2) if r[a] == r[b]}
    return sum(
        1
        for a, b in combinations(assignment, 2)
        if assignment[a] == assignment[b] and frozenset((a, b)) in met
    )


def fixed_seats(scenario: dict) -> dict[int, int]:
    """Who must not move, and where they sit: hosts first, then stay-seated people."""
    fixed = {host: table for table, host in scenario["hosts"].items()}
    for pid in scenario["stay_seated"]:
        if pid not in fixed and pid in scenario["current"]:
            fixed[pid] = scenario["current"][pid]
    return fixed


def naive_shift(current: dict[int, int], hosts: dict[int, int], table_count: int) -> dict[int, int]:
    """The strategy people improvise on paper: every non-host goes one table further."""
    host_ids = set(hosts.values())
    return {p: t if p in host_ids else t % table_count + 1 for p, t in current.items()}


def classic_session(
    table_count: int, per_table: int
) -> tuple[list[int], dict[int, int], dict[int, int]]:
    """Participant t hosts table t; the others start round-robin over the tables."""
    people = list(range(1, table_count * per_table + 1))
    hosts = {t: t for t in range(1, table_count + 1)}
    current = {p: (p if p <= table_count else p % table_count + 1) for p in people}
    return people, hosts, current


def run_rotations(
    table_count: int, per_table: int, rotations: int, *, naive: bool = False
) -> tuple[list[dict[int, int]], list[int]]:
    """Play a session: all seatings (initial one first) and the repeats per rotation."""
    people, hosts, current = classic_session(table_count, per_table)
    history: list[dict[int, int]] = []
    assignments, repeats = [], []
    for _ in range(rotations):
        if naive:
            new = naive_shift(current, hosts, table_count)
            count = repeat_encounters(new, [*history, current])
        else:
            plan = next_seating(
                table_count=table_count,
                participants=people,
                hosts=hosts,
                stay_seated=set(),
                current=current,
                history=history,
            )
            new, count = plan.assignment, plan.repeat_encounters
        history.append(current)
        current = new
        assignments.append(new)
        repeats.append(count)
    return [classic_session(table_count, per_table)[2], *assignments], repeats


# -- random sessions ------------------------------------------------------------------


@st.composite
def scenarios(draw: st.DrawFn) -> dict:
    table_count = draw(st.integers(1, 6))
    people = draw(st.lists(st.integers(1, 500), max_size=30, unique=True))
    tables = st.integers(1, table_count)
    # Most people sat somewhere last round; some are newcomers.
    current = {p: draw(tables) for p in people if draw(st.integers(0, 5))}
    current.update({draw(st.integers(501, 510)): draw(tables)})  # someone who left
    host_ids = draw(st.lists(st.sampled_from(people), unique=True)) if people else []
    host_tables = draw(st.permutations(range(1, table_count + 1)))
    hosts = dict(zip(host_tables, host_ids, strict=False))
    stay_seated = (
        draw(st.sets(st.sampled_from(people), max_size=len(people) // 2)) if people else set()
    )
    history = draw(
        st.lists(
            st.dictionaries(st.sampled_from([*people, 999]), tables) if people else st.just({}),
            max_size=3,
        )
    )
    return {
        "table_count": table_count,
        "participants": people,
        "hosts": hosts,
        "stay_seated": stay_seated,
        "current": current,
        "history": history,
    }


def plan_for(scenario: dict, **overrides) -> SeatingPlan:
    return next_seating(**{**scenario, **overrides})


@PROPERTY_SETTINGS
@given(scenarios())
def test_everyone_gets_exactly_one_existing_table(scenario):
    plan = plan_for(scenario)
    assert sorted(plan.assignment) == sorted(scenario["participants"])
    assert all(1 <= t <= scenario["table_count"] for t in plan.assignment.values())


@PROPERTY_SETTINGS
@given(scenarios())
def test_hosts_and_stay_seated_never_move(scenario):
    plan = plan_for(scenario)
    for table, host in scenario["hosts"].items():
        assert plan.assignment[host] == table
    for pid, table in fixed_seats(scenario).items():
        assert plan.assignment[pid] == table
        assert pid not in plan.moved or pid in scenario["hosts"].values()


@PROPERTY_SETTINGS
@given(scenarios())
def test_tables_are_as_balanced_as_the_fixed_people_allow(scenario):
    plan = plan_for(scenario)
    count = scenario["table_count"]
    sizes = Counter(plan.assignment.values())
    size = [sizes[t] for t in range(1, count + 1)]
    fixed = Counter(fixed_seats(scenario).values())
    # Nobody is sent to a table that is already fuller than the emptiest table + 1 ...
    for t in range(1, count + 1):
        if sizes[t] > fixed[t]:
            assert sizes[t] <= min(size) + 1
    # ... which means perfect balance whenever the fixed people allow it.
    q, r = divmod(len(scenario["participants"]), count)
    top = q + 1 if r else q
    balance_possible = max(fixed.values(), default=0) <= top and (
        sum(1 for f in fixed.values() if f > q) <= r
    )
    if balance_possible:
        assert max(size) - min(size) <= 1


@PROPERTY_SETTINGS
@given(scenarios())
def test_movers_leave_their_table_whenever_the_seats_allow_it(scenario):
    plan = plan_for(scenario)
    fixed = fixed_seats(scenario)
    movers = [p for p in scenario["participants"] if p not in fixed]
    current = scenario["current"]
    stayed = Counter(plan.assignment[p] for p in movers if current.get(p) == plan.assignment[p])
    came_from = Counter(current[p] for p in movers if p in current)
    seats = Counter(plan.assignment[p] for p in movers)
    # Movers from table t can only avoid t by filling the mover seats at other tables,
    # so max(0, came_from[t] - seats elsewhere) of them must stay: that is the optimum.
    least = {t: max(0, came_from[t] - (len(movers) - seats[t])) for t in came_from}
    assert sum(stayed.values()) == sum(least.values())


@PROPERTY_SETTINGS
@given(scenarios())
def test_reported_repeats_and_moves_match_a_recomputation(scenario):
    plan = plan_for(scenario)
    rounds = [*scenario["history"], scenario["current"]]
    assert plan.repeat_encounters == brute_repeats(plan.assignment, rounds)
    assert plan.repeat_encounters == repeat_encounters(plan.assignment, rounds)
    current = scenario["current"]
    assert plan.moved == {p for p, t in plan.assignment.items() if p in current and current[p] != t}


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_same_input_gives_same_plan(scenario, shuffler):
    first = plan_for(scenario)
    assert plan_for(scenario) == first
    # The order in which the caller lists things must not matter either.
    people = list(scenario["participants"])
    shuffler.shuffle(people)
    hosts = dict(reversed(list(scenario["hosts"].items())))
    current = dict(reversed(list(scenario["current"].items())))
    again = plan_for(
        scenario,
        participants=people,
        hosts=hosts,
        current=current,
        stay_seated=list(scenario["stay_seated"]),
    )
    assert again == first


@PROPERTY_SETTINGS
@given(
    st.integers(1, MAX_TABLES).flatmap(
        lambda n: st.tuples(st.just(n), st.dictionaries(st.integers(), st.integers(1, n)))
    )
)
def test_least_full_table_is_the_lowest_numbered_emptiest_table(case):
    table_count, assignment = case
    sizes = Counter(assignment.values())
    table = least_full_table(assignment, table_count)
    assert all(sizes[table] < sizes[t] for t in range(1, table))
    assert all(sizes[table] <= sizes[t] for t in range(table, table_count + 1))


# -- quality and speed, measured on the classic session shape -----------------------


def test_four_tables_of_four_meet_only_new_people_for_three_rotations():
    """16 people, 4 hosts: a zero-repeat rotation exists for 3 rounds, and we find it."""
    assignments, repeats = run_rotations(4, 4, 3)
    assert repeats == [0, 0, 0]
    # Each of the 12 movers sees every table (question) exactly once in the 4 rounds.
    for p in range(5, 17):
        assert sorted(a[p] for a in assignments) == [1, 2, 3, 4]
    _, naive = run_rotations(4, 4, 3, naive=True)
    assert naive == [12, 12, 12]


def test_four_tables_of_four_beat_the_naive_shift_after_every_table_was_visited():
    """A 4th rotation forces every mover back to a host they met: measured 15 vs 24."""
    _, repeats = run_rotations(4, 4, 4)
    _, naive = run_rotations(4, 4, 4, naive=True)
    assert repeats[:3] == [0, 0, 0]
    assert repeats[3] <= 15  # 12 of them (mover meets a known host again) are unavoidable
    assert sum(naive) == 60
    assert sum(repeats) <= sum(naive) // 4


def test_thirty_tables_of_eight_for_six_rounds_is_repeat_free():
    _, repeats = run_rotations(30, 8, 6)
    _, naive = run_rotations(30, 8, 6, naive=True)
    assert repeats == [0] * 6
    assert naive[0] == 30 * 21  # 7 movers per table stay together: 21 pairs per table


# -- edge cases -----------------------------------------------------------------------


def test_single_table_keeps_everyone_together():
    people = [1, 2, 3, 4]
    current = dict.fromkeys(people, 1)
    plan = next_seating(
        table_count=1,
        participants=people,
        hosts={1: 1},
        stay_seated=set(),
        current=current,
        history=[],
    )
    assert plan.assignment == current
    assert plan.moved == frozenset()
    assert plan.repeat_encounters == 6  # everybody has already met everybody


def test_more_tables_than_people_spreads_them_out_and_moves_everyone():
    people = [10, 20, 30]
    current = {10: 1, 20: 2, 30: 3}
    plan = next_seating(
        table_count=8,
        participants=people,
        hosts={},
        stay_seated=set(),
        current=current,
        history=[{10: 1, 20: 1, 30: 1}],
    )
    assert len(set(plan.assignment.values())) == 3  # nobody sits with anybody
    assert all(plan.assignment[p] != current[p] for p in people)
    assert plan.moved == frozenset(people)
    assert plan.repeat_encounters == 0


def test_no_participants_gives_an_empty_plan():
    plan = next_seating(
        table_count=3, participants=[], hosts={}, stay_seated=(), current={}, history=[]
    )
    assert plan == SeatingPlan(assignment={}, repeat_encounters=0, moved=frozenset())


def test_newcomers_and_stay_seated_without_a_seat_are_placed_like_movers():
    plan = next_seating(
        table_count=2,
        participants=[1, 2, 3, 4],
        hosts={1: 1, 2: 2},
        stay_seated={4},
        current={1: 1, 2: 2},
        history=[],
    )
    assert sorted(plan.assignment.values()) == [1, 1, 2, 2]
    assert plan.moved == frozenset()  # nobody had a seat to move away from


def test_fixed_people_can_make_perfect_balance_impossible():
    """5 people refuse to move from table 1: the rest is spread as evenly as possible."""
    people = list(range(1, 9))
    current = dict.fromkeys(people, 1)
    plan = next_seating(
        table_count=3,
        participants=people,
        hosts={1: 1},
        stay_seated={2, 3, 4, 5},
        current=current,
        history=[],
    )
    sizes = Counter(plan.assignment.values())
    assert sizes[1] == 5
    assert sorted([sizes[2], sizes[3]]) == [1, 2]


def test_movers_stay_when_every_other_seat_is_taken_by_fixed_people():
    people = list(range(1, 9))
    current = {p: 1 if p <= 4 else 2 for p in people}
    plan = next_seating(
        table_count=2,
        participants=people,
        hosts={2: 5},
        stay_seated={6, 7, 8},
        current=current,
        history=[],
    )
    assert plan.assignment == current
    assert plan.moved == frozenset()


def test_local_search_repairs_a_greedy_start_that_strands_a_mover(monkeypatch):
    """With one restart, greedy seats the newcomer at table 2 for about half the seeds,
    which would strand person 1 at the table they just left; the search must fix that."""
    monkeypatch.setattr(seating, "_ATTEMPTS", 1)
    for seed in range(20):
        plan = next_seating(
            table_count=2,
            participants=[1, 2],
            hosts={},
            stay_seated=set(),
            current={1: 1},
            history=[],
            seed=seed,
        )
        assert plan.assignment == {1: 2, 2: 1}


def test_different_seeds_give_valid_plans():
    people, hosts, current = classic_session(5, 5)
    for seed in range(5):
        plan = next_seating(
            table_count=5,
            participants=people,
            hosts=hosts,
            stay_seated=set(),
            current=current,
            history=[],
            seed=seed,
        )
        assert sorted(Counter(plan.assignment.values()).values()) == [5] * 5
        assert plan.repeat_encounters == brute_repeats(plan.assignment, [current])


def test_repeat_encounters_counts_each_pair_once():
    history = [{1: 1, 2: 1, 3: 2}, {1: 2, 2: 2, 3: 2}]
    assert repeat_encounters({1: 1, 2: 1, 3: 1}, history) == 3
    assert repeat_encounters({1: 1, 2: 1, 3: 2}, history) == 1
    assert repeat_encounters({1: 1, 2: 1}, []) == 0


def test_least_full_table_examples():
    assert least_full_table({}, 3) == 1
    assert least_full_table({1: 1, 2: 2, 3: 3, 4: 1}, 3) == 2
    assert least_full_table({1: 1, 2: 1}, 3) == 2


# -- invalid input --------------------------------------------------------------------


def seating_kwargs(**overrides: object) -> dict[str, object]:
    kwargs = {
        "table_count": 2,
        "participants": [1, 2, 3, 4],
        "hosts": {1: 1, 2: 2},
        "stay_seated": set(),
        "current": {1: 1, 2: 2, 3: 1, 4: 2},
        "history": [],
    }
    return {**kwargs, **overrides}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"table_count": 0}, "between 1 and 30"),
        ({"table_count": MAX_TABLES + 1}, "between 1 and 30"),
        ({"hosts": {3: 1}}, "only tables 1..2 exist"),
        ({"hosts": {1: 1, 2: 1}}, "cannot host tables 1 and 2"),
        ({"hosts": {1: 99}}, "host 99 of table 1 is not a participant"),
        ({"current": {1: 1, 2: 2, 3: 5}}, "participant 3 is placed at table 5"),
        ({"stay_seated": {42}}, "stay-seated participant 42"),
        ({"participants": [1, 2, 2]}, "duplicate"),
    ],
)
def test_invalid_input_is_rejected_with_a_clear_message(overrides, message):
    with pytest.raises(ValueError, match=message):
        next_seating(**seating_kwargs(**overrides))


def test_least_full_table_rejects_invalid_input():
    with pytest.raises(ValueError, match="between 1 and 30"):
        least_full_table({}, 0)
    with pytest.raises(ValueError, match="placed at table 4"):
        least_full_table({7: 4}, 3)
