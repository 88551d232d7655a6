"""Who sits where in the next round of a "people move" café: pure and deterministic.

Goals, each outranking all below it: hosts and people who "stay seated" never move; tables
as equal in size as they allow (a hard constraint); every mover at another table than the
last; as few repeat encounters as possible; unvisited tables. Solving it exactly is the hard
"social golfer" problem, so: greedy placement, bounded local search, seeded restarts.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from dialogcafe.domain.fields import is_whole_number
from dialogcafe.domain.limits import MAX_TABLES

DEFAULT_SEED = 0

# Restarts and local-search passes are fixed numbers (not a time budget) so that the
# result never depends on machine speed. Sized so that 30 tables x 8 people stays far
# below a second per round (under 0.1 s on a development machine).
_ATTEMPTS = 8
_MAX_PASSES = 30
# Looking ahead costs seeds x (rounds left + 1) x people placements; the budget keeps a
# move of 30 tables of 8 to a few planned rounds, and small cafés get every seed.
_LOOKAHEAD_SEEDS = 4
_LOOKAHEAD_BUDGET = 1_500

Assignment = dict[int, int]


@dataclass(frozen=True)
class SeatingPlan:
    """The next round's seating plus what a facilitator needs to judge it.

    ``moved`` lets the UI highlight who has to get up; ``repeat_encounters`` (pairs who
    sit together again after sharing a table in an earlier round, fixed people included)
    tells how well the rotation mixes people.
    """

    assignment: dict[int, int]
    repeat_encounters: int
    moved: frozenset[int]


def _check_table_count(table_count: int) -> None:
    """Reject table counts outside the range the app supports."""
    if not is_whole_number(table_count):
        raise TypeError(f"table_count must be an integer, got {table_count!r}")
    if not 1 <= table_count <= MAX_TABLES:
        raise ValueError(f"table_count must be between 1 and {MAX_TABLES}, got {table_count}")


def _check_table(table: int, table_count: int, who: str) -> None:
    """Fail loudly on seats at non-existent tables instead of silently dropping people."""
    if not is_whole_number(table) or not 1 <= table <= table_count:
        raise ValueError(
            f"{who} is placed at table {table!r}, but only tables 1..{table_count} exist"
        )


def _tables(assignment: Mapping[int, int]) -> dict[int, list[int]]:
    """Group an assignment by table (members sorted for determinism)."""
    groups: dict[int, list[int]] = {}
    for pid in sorted(assignment):
        groups.setdefault(assignment[pid], []).append(pid)
    return groups


def _met(rounds: Iterable[Mapping[int, int]]) -> dict[int, set[int]]:
    """Who has shared a table with whom in any of the given rounds."""
    met: dict[int, set[int]] = {}
    for assignment in rounds:
        for members in _tables(assignment).values():
            for a, b in combinations(members, 2):
                met.setdefault(a, set()).add(b)
                met.setdefault(b, set()).add(a)
    return met


def repeat_encounters(assignment: Mapping[int, int], history: Iterable[Mapping[int, int]]) -> int:
    """Count pairs seated together in ``assignment`` who already shared a table in history.

    Each pair counts once, however often it met before: the question for the facilitator
    is "how many conversations are not new", not "how stale are they".
    """
    met = _met(history)
    return sum(
        1
        for members in _tables(assignment).values()
        for a, b in combinations(members, 2)
        if b in met.get(a, ())
    )


def least_full_table(assignment: Mapping[int, int], table_count: int) -> int:
    """Table for a late joiner: the emptiest one, lowest number on ties.

    Late joiners are seated immediately without reshuffling anybody, so the only thing
    that matters is not making the tables less balanced.
    """
    _check_table_count(table_count)
    sizes = dict.fromkeys(range(1, table_count + 1), 0)
    for pid, table in assignment.items():
        _check_table(table, table_count, f"participant {pid}")
        sizes[table] += 1
    return emptiest_table(sizes)


def emptiest_table(headcounts: Mapping[int, int]) -> int:
    """The table with the fewest people; ties go to the lowest number (the nearest sign)."""
    return min(headcounts, key=lambda table: (headcounts[table], table))


@dataclass(frozen=True)
class _Problem:
    """Everything that is the same for all restarts, with people as dense indices.

    Dense indices and per-person lists keep the inner loops of the local search cheap
    enough for 240 people in pure Python.
    """

    people: list[int]  # index -> participant id
    table_count: int
    fixed_table: list[int]  # index -> table for fixed people, 0 for movers
    movers: list[int]  # indices of people we may place freely
    adjacency: list[list[int]]  # index -> indices met in any earlier round
    met: list[set[int]]  # same as adjacency, for O(1) membership tests
    previous: list[int]  # index -> table in the round just finished, 0 if none
    visited: list[int]  # index -> bitmask of tables sat at in earlier rounds
    base: list[int]  # table -> seats it gets in any case
    level: int  # size of the emptiest tables (the water level)
    extras: int  # leftover people, one each on some tables at the water level
    stay_weight: int  # cost of a mover staying at the table they just left
    repeat_weight: int  # cost of one repeat encounter


def _capacities(fixed_sizes: list[int], total: int) -> tuple[list[int], int, int]:
    """Water-fill seats so that table sizes are as balanced as the fixed people allow.

    Return (base seats per table, water level L, extra seats). L is the largest size
    that every table can reach; tables with more fixed people than L keep exactly their
    fixed people, the others get L seats, and the ``extras`` leftover people go one
    each to tables at level L. If no table holds more than L + 1 fixed people this gives
    sizes that differ by at most one. Otherwise perfect balance is impossible (we never
    move fixed people), and the result is the next best thing: the emptiest tables are
    as full as possible and every table that receives movers has at most one person
    more than the emptiest table.
    """
    level = 0
    while sum(max(f, level + 1) for f in fixed_sizes[1:]) <= total:
        level += 1
    base = [0] + [max(f, level) for f in fixed_sizes[1:]]
    return base, level, total - sum(base)


def _problem(
    *,
    table_count: int,
    participants: Sequence[int],
    hosts: Mapping[int, int],
    stay_seated: Iterable[int],
    current: Mapping[int, int],
    history: Sequence[Mapping[int, int]],
) -> _Problem:
    """Validate the input and precompute the search data shared by all restarts."""
    _check_table_count(table_count)
    people = sorted(participants)  # the caller's order must not change the outcome
    if len(set(people)) != len(people):
        raise ValueError("participants contains duplicate ids")
    index = {pid: i for i, pid in enumerate(people)}

    fixed: dict[int, int] = {}
    for table, host in sorted(hosts.items()):
        _check_table(table, table_count, f"host {host}")
        if host not in index:
            raise ValueError(f"host {host} of table {table} is not a participant")
        if host in fixed:
            raise ValueError(f"participant {host} cannot host tables {fixed[host]} and {table}")
        fixed[host] = table
    for pid, table in current.items():
        _check_table(table, table_count, f"participant {pid}")
    for pid in sorted(stay_seated):
        if pid not in index:
            raise ValueError(f"stay-seated participant {pid} is not a participant")
        # Someone without a current seat has nowhere to "stay" and is placed like a mover.
        if pid not in fixed and pid in current:
            fixed[pid] = current[pid]

    n = len(people)
    fixed_table = [fixed.get(pid, 0) for pid in people]
    fixed_sizes = [0] * (table_count + 1)
    for table in fixed.values():
        fixed_sizes[table] += 1
    base, level, extras = _capacities(fixed_sizes, n)

    met_ids = _met([*history, current])
    met = [{index[q] for q in met_ids.get(pid, ()) if q in index} for pid in people]
    visited = [0] * n
    for assignment in [*history, current]:
        for pid, table in assignment.items():
            if pid in index and isinstance(table, int) and table > 0:
                visited[index[pid]] |= 1 << table
    movers = [i for i in range(n) if not fixed_table[i]]
    # Each weight exceeds the largest possible total of everything below it, which turns
    # the priority order of the goals into a plain integer comparison.
    repeat_weight = len(movers) + 1
    stay_weight = repeat_weight * (n * n + 1)
    return _Problem(
        people=people,
        table_count=table_count,
        fixed_table=fixed_table,
        movers=movers,
        adjacency=[sorted(s) for s in met],
        met=met,
        previous=[current.get(pid, 0) for pid in people],
        visited=visited,
        base=base,
        level=level,
        extras=extras,
        stay_weight=stay_weight,
        repeat_weight=repeat_weight,
    )


class _Search:
    """One greedy construction plus local search, with incremental bookkeeping.

    ``known[i][t]`` is how many people at table t person i has met before. Keeping it up
    to date on every move makes the cost of a candidate move O(1) instead of O(table).
    """

    def __init__(self, problem: _Problem) -> None:
        self.p = problem
        n = len(problem.people)
        self.table = [0] * n
        self.size = [0] * (problem.table_count + 1)
        self.known = [[0] * (problem.table_count + 1) for _ in range(n)]
        self.seated: list[set[int]] = [set() for _ in range(problem.table_count + 1)]
        for i, table in enumerate(problem.fixed_table):
            if table:
                self._put(i, table)

    # -- bookkeeping -----------------------------------------------------------------

    def _put(self, i: int, table: int) -> None:
        self.table[i] = table
        self.size[table] += 1
        if not self.p.fixed_table[i]:
            self.seated[table].add(i)
        known = self.known
        for q in self.p.adjacency[i]:
            known[q][table] += 1

    def _take(self, i: int) -> None:
        table = self.table[i]
        self.size[table] -= 1
        self.seated[table].discard(i)
        known = self.known
        for q in self.p.adjacency[i]:
            known[q][table] -= 1

    def _move(self, i: int, table: int) -> None:
        self._take(i)
        self._put(i, table)

    def cost(self, i: int, table: int) -> int:
        """Weighted cost of mover i sitting at ``table`` given everybody else's seats."""
        p = self.p
        return (
            p.stay_weight * (p.previous[i] == table)
            + p.repeat_weight * self.known[i][table]
            + ((p.visited[i] >> table) & 1)
        )

    def objective(self) -> int:
        """Total weighted cost; lower is better, comparable across restarts."""
        p = self.p
        stays = sum(p.previous[i] == self.table[i] for i in p.movers)
        revisits = sum((p.visited[i] >> self.table[i]) & 1 for i in p.movers)
        repeats = sum(self.known[i][self.table[i]] for i in range(len(p.people))) // 2
        return p.stay_weight * stays + p.repeat_weight * repeats + revisits

    def _has_extra(self, table: int) -> bool:
        """Whether ``table`` holds one of the movable "+1" seats."""
        p = self.p
        return p.base[table] == p.level and self.size[table] == p.level + 1

    def _can_take_extra(self, table: int) -> bool:
        p = self.p
        return p.base[table] == p.level and self.size[table] == p.level

    # -- construction ----------------------------------------------------------------

    def greedy(self, rng: random.Random) -> None:
        """Seat the movers one by one, each at the cheapest table that still has room.

        People with the most earlier table-mates are the hardest to place without a
        repeat, so they choose first; random tie-breaking varies the restarts.
        """
        p = self.p
        order = sorted(p.movers, key=lambda i: (-len(p.adjacency[i]), rng.random()))
        extras_left = p.extras
        tables = range(1, p.table_count + 1)
        for i in order:
            best_cost = -1
            choices: list[int] = []
            for t in tables:
                if self.size[t] >= p.base[t] and not (extras_left and self._can_take_extra(t)):
                    continue
                c = self.cost(i, t)
                if not choices or c < best_cost:
                    best_cost, choices = c, [t]
                elif c == best_cost:
                    choices.append(t)
            table = choices[0] if len(choices) == 1 else rng.choice(choices)
            if self.size[table] >= p.base[table]:
                extras_left -= 1
            self._put(i, table)

    # -- local search ----------------------------------------------------------------

    def _best_move(self, a: int, only_fix_stay: bool) -> tuple[int, int, int] | None:
        """Best improving swap or single move for mover ``a``, as (delta, kind, target).

        kind 0 means "swap with mover ``target``", kind 1 means "move to table
        ``target``". Only tables where ``a`` itself could get cheaper are scanned: any
        improving swap makes at least one side cheaper, and that side finds it when it
        is scanned itself, so nothing is lost but most candidates are skipped.
        """
        p = self.p
        t = self.table[a]
        tables = range(1, p.table_count + 1)
        a_cost = [self.cost(a, u) for u in range(p.table_count + 1)]
        here = a_cost[t]
        w = p.repeat_weight
        stay_w = p.stay_weight
        met_a = p.met[a]
        previous, visited, known = p.previous, p.visited, self.known
        best: tuple[int, int, int] | None = None
        best_delta = 0
        for u in tables:
            if u == t:
                continue
            gain_a = a_cost[u] - here
            if gain_a - w >= 0 and not only_fix_stay:
                continue  # even leaving behind a known table-mate would not help a
            for b in self.seated[u]:
                pb = previous[b]
                if only_fix_stay and pb == t:
                    continue  # b would just take over a's stay at t
                kb = known[b]
                vb = visited[b]
                delta = (
                    gain_a
                    + stay_w * ((pb == t) - (pb == u))
                    + w * (kb[t] - kb[u])
                    + ((vb >> t) & 1)
                    - ((vb >> u) & 1)
                )
                if b in met_a:
                    delta -= 2 * w  # they no longer sit together, counted on both sides
                if delta < best_delta:
                    best_delta, best = delta, (delta, 0, b)
        if self._has_extra(t):
            for u in tables:
                if u != t and self._can_take_extra(u) and a_cost[u] - here < best_delta:
                    best_delta, best = a_cost[u] - here, (a_cost[u] - here, 1, u)
        return best

    def _apply(self, a: int, kind: int, target: int) -> None:
        if kind == 1:
            self._move(a, target)
        else:
            t, u = self.table[a], self.table[target]
            self._move(a, u)
            self._move(target, t)

    def improve(self) -> None:
        """Bounded steepest-descent passes, then make sure no avoidable stay remains."""
        p = self.p
        for _ in range(_MAX_PASSES):
            improved = False
            for a in p.movers:
                if self.cost(a, self.table[a]) == 0:
                    continue
                move = self._best_move(a, only_fix_stay=False)
                if move is not None:
                    self._apply(a, move[1], move[2])
                    improved = True
            if not improved:
                break
        self._fix_stays()

    def _fix_stays(self) -> None:
        """Move every mover off the table they just left unless that is impossible.

        The bounded passes usually do this already; this loop guarantees it. Each step
        lowers the number of stays, so it terminates. At the end no swap or single move
        can lower the number of stays, which for this problem means the number of stays
        is the minimum possible (see the tests for the exact criterion).
        """
        p = self.p
        while True:
            fixed_one = False
            for a in p.movers:
                if p.previous[a] != self.table[a]:
                    continue
                move = self._best_move(a, only_fix_stay=True)
                if move is not None:
                    self._apply(a, move[1], move[2])
                    fixed_one = True
            if not fixed_one:
                return

    def assignment(self) -> Assignment:
        return {pid: self.table[i] for i, pid in enumerate(self.p.people)}


def next_seating(
    *,
    table_count: int,
    participants: Sequence[int],
    hosts: Mapping[int, int],
    stay_seated: Iterable[int],
    current: Mapping[int, int],
    history: Sequence[Mapping[int, int]],
    seed: int = DEFAULT_SEED,
) -> SeatingPlan:
    """Compute the next round of a "people move" rotation.

    ``hosts`` maps table -> host id (tables without a host are simply absent).
    ``current`` is the round that just finished (participant -> table); participants
    missing from it are newcomers and are placed like movers, as are stay-seated people
    without a current seat. ``history`` holds the rounds before that; ``current`` may
    or may not be repeated as its last element. Entries for people who are no longer in
    ``participants`` are ignored. The same input and seed always give the same plan.

    Raises ``ValueError`` for a table count outside 1..MAX_TABLES, duplicate
    participants, a host or seat at a non-existent table, one person hosting two tables,
    or hosts / stay-seated people who are not participants (``TypeError`` if
    ``table_count`` is not an ``int``).
    """
    problem = _problem(
        table_count=table_count,
        participants=participants,
        hosts=hosts,
        stay_seated=stay_seated,
        current=current,
        history=history,
    )
    rounds = [*history, current]
    if not problem.movers:
        best = _Search(problem).assignment()
    else:
        rng = random.Random(seed)
        best_score = -1
        for _ in range(_ATTEMPTS):
            search = _Search(problem)
            search.greedy(rng)
            search.improve()
            score = search.objective()
            if best_score < 0 or score < best_score:
                best_score, best = score, search.assignment()
            if score == 0:
                break  # cannot do better
    moved = frozenset(pid for pid, table in best.items() if current.get(pid, table) != table)
    return SeatingPlan(
        assignment=best,
        repeat_encounters=repeat_encounters(best, rounds),
        moved=moved,
    )


def next_seating_ahead(
    *,
    rounds_left: int,
    table_count: int,
    participants: Sequence[int],
    hosts: Mapping[int, int],
    stay_seated: Iterable[int],
    current: Mapping[int, int],
    history: Sequence[Mapping[int, int]],
) -> SeatingPlan:
    """The next round chosen by looking ahead: for a few seeds, plan it and simulate the
    ``rounds_left`` rounds after it; take the round whose whole schedule repeats least.

    A round that is best on its own can leave no good choice later. Falls back to one
    :func:`next_seating` when nothing follows or the café is too big for the budget.
    """
    plan = partial(
        next_seating,
        table_count=table_count,
        participants=participants,
        hosts=hosts,
        stay_seated=list(stay_seated),
    )
    cost = (rounds_left + 1) * max(1, len(participants))
    seeds = min(_LOOKAHEAD_SEEDS, _LOOKAHEAD_BUDGET // cost)
    if rounds_left < 1 or seeds < 2:
        return plan(current=current, history=history)
    best: tuple[int, SeatingPlan] | None = None
    for seed in range(seeds):
        first = plan(current=current, history=history, seed=seed)
        seated = [*history, current, first.assignment]
        total = first.repeat_encounters
        for _ in range(rounds_left):
            later = plan(current=seated[-1], history=seated[:-1])
            total += later.repeat_encounters
            seated.append(later.assignment)
        if best is None or total < best[0]:
            best = (total, first)
    assert best is not None
    return best[1]
