"""Whole-café seating from known designs: no repeat encounter where mathematics allows.

The per-round search in ``seating.py`` plans one move at a time, so late in a long café it
has used up the good choices. When a "people move" café knows its number of rounds and
its tables hold at most twice as many people as there are tables, a design plans every
round at once:

* People are points ``(column, row)``; the row is their table in round 1 (tables are
  group elements 0..k-1). In round ``r`` the person at ``(x, y)`` sits at table
  ``y + d[r][x]``. If, for every two columns, the differences ``d[r][x] - d[r][x']`` are
  distinct over the rounds, two people meet at most once: a *difference matrix*.
* With k tables and k a prime power, ``d[r][x] = m_r * x`` over the field GF(k) (the
  affine plane) gives k columns for up to k rounds. For other k a small seeded search
  over Z_k finds one when it exists for the sizes asked.
* Column 0 is all zeros: its people never move, so hosts and people who stay seated go
  there (one per table at most). Everyone else sits at a new table every round.
* A table of more than k (at most 2k) people puts two people on one point: such a pair
  sits together every round, which is what counting forces (``repeat_lower_bound``).

Rows fill their points in one fixed order, so tables that differ by one person in round
1 differ by at most one in every round. The plan is a pure function of round 1, so every
later move recomputes it and checks the café followed it; when attendance changed, the
caller falls back to the per-round search.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

Assignment = dict[int, int]
_SEARCH_SEED = 0
# A fixed budget (not a time limit) keeps plans independent of machine speed; a failed
# search costs about 0.2 s once per process (results are cached), a found one far less.
_SEARCH_RESTARTS = 4
_SEARCH_MAX_ROUNDS = 6  # beyond this the search rarely succeeds for k up to 30
_SEARCH_CANDIDATES = 2_500


@dataclass(frozen=True)
class Group:
    """A finite abelian group of table offsets: its addition table."""

    order: int
    add: tuple[tuple[int, ...], ...]


def _prime_power(k: int) -> tuple[int, int] | None:
    """``(p, e)`` with ``p**e == k`` for a prime p, else None."""
    for p in range(2, k + 1):
        if k % p == 0:
            e, rest = 0, k
            while rest % p == 0:
                rest //= p
                e += 1
            return (p, e) if rest == 1 else None
    return None


def _digits(value: int, p: int, e: int) -> list[int]:
    return [(value // p**i) % p for i in range(e)]


def _number(digits: Sequence[int], p: int) -> int:
    return sum(d * p**i for i, d in enumerate(digits))


def _poly_mul_mod(a: list[int], b: list[int], modulus: list[int], p: int) -> list[int]:
    """Multiply two polynomials over GF(p) modulo a monic ``modulus`` (low degree first)."""
    product = [0] * (len(a) + len(b))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            product[i + j] = (product[i + j] + x * y) % p
    return _poly_remainder(product, modulus, p)


def _irreducible(p: int, e: int) -> list[int]:
    """The first monic polynomial of degree e over GF(p) that no monic polynomial of
    degree 1..e/2 divides (brute force: e is at most 4 for 30 tables)."""
    for tail in range(p**e):
        modulus = [*_digits(tail, p, e), 1]
        if all(
            _poly_remainder(modulus, [*_digits(low, p, d), 1], p) != [0] * d
            for d in range(1, e // 2 + 1)
            for low in range(p**d)
        ):
            return modulus
    raise AssertionError(f"no irreducible polynomial of degree {e} over GF({p})")


def _poly_remainder(a: list[int], b: list[int], p: int) -> list[int]:
    """``a mod b`` over GF(p) for a monic ``b`` (coefficients low degree first)."""
    rest = list(a)
    d = len(b) - 1
    for degree in range(len(rest) - 1, d - 1, -1):
        factor = rest[degree]
        if factor:
            for i, c in enumerate(b):
                rest[degree - d + i] = (rest[degree - d + i] - factor * c) % p
    return rest[:d]


@cache
def field(k: int) -> tuple[Group, tuple[tuple[int, ...], ...]] | None:
    """GF(k)'s addition group and multiplication table, or None if k is no prime power."""
    found = _prime_power(k)
    if found is None:
        return None
    p, e = found
    elements = [_digits(v, p, e) for v in range(k)]
    add = tuple(
        tuple(_number([(x + y) % p for x, y in zip(a, b, strict=True)], p) for b in elements)
        for a in elements
    )
    modulus = _irreducible(p, e)
    mul = tuple(
        tuple(_number(_poly_mul_mod(a, b, modulus, p), p) for b in elements) for a in elements
    )
    return Group(k, add), mul


def cyclic(k: int) -> Group:
    """Z_k: table offsets that wrap round."""
    return Group(k, tuple(tuple((a + b) % k for b in range(k)) for a in range(k)))


def _search_matrix(k: int, rounds: int, columns: int) -> list[tuple[int, ...]] | None:
    """A difference matrix over Z_k by seeded greedy restarts, or None within budget.

    Column 0 is all zeros (the people who stay). Every other column starts at 0 (round 1
    is where people sat) and then takes distinct non-zero offsets, so its people visit a
    new table every round and are apart from column 0 by construction; only the other
    columns need checking against each other.
    """
    rng = random.Random(_SEARCH_SEED)
    offsets = range(1, k)
    for _ in range(_SEARCH_RESTARTS):
        chosen: list[tuple[int, ...]] = []
        for _ in range(_SEARCH_CANDIDATES):
            column = (0, *rng.sample(offsets, rounds - 1))
            if all(
                len({(a - b) % k for a, b in zip(column, other, strict=True)}) == rounds
                for other in chosen
            ):
                chosen.append(column)
                if len(chosen) == columns - 1:
                    return [(0,) * rounds, *chosen]
    return None


@cache
def difference_matrix(
    k: int, rounds: int, columns: int
) -> tuple[Group, tuple[tuple[int, ...], ...]] | None:
    """Offsets ``d[x][r]`` (a tuple per column) for ``columns`` columns over ``rounds``
    rounds at k tables with column 0 all zeros, or None if none is known or found."""
    if not 1 <= rounds <= k or not 1 <= columns <= k:
        return None
    gf = field(k)
    if gf is not None:
        group, mul = gf
        return group, tuple(tuple(mul[r][x] for r in range(rounds)) for x in range(columns))
    if rounds > _SEARCH_MAX_ROUNDS:
        return None
    found = _search_matrix(k, rounds, columns)
    return (cyclic(k), tuple(found)) if found is not None else None


def design_rounds(table_count: int) -> int:
    """How many rounds a design can plan at ``table_count`` tables."""
    return table_count if field(table_count) is not None else min(table_count, _SEARCH_MAX_ROUNDS)


@dataclass(frozen=True)
class Design:
    """Every round's seating for the people of round 1, planned at once."""

    rounds: tuple[Assignment, ...]  # index 0 is round 1


def _fill_order(table_count: int, most_movers: int, has_fixed: bool) -> list[int]:
    """The order a table's movers take points: one per column, then a second person per
    column (a pair who meet every round). Column 0 never moves, so movers get it only
    when no one is fixed and every other point holds two: moving outranks meeting new
    people (seating.py)."""
    k = table_count
    if most_movers <= k - 1:
        return list(range(1, most_movers + 1))
    columns = list(range(1, k))
    return columns + columns if has_fixed else [*columns, *columns, 0, 0]


def plan_design(
    *,
    table_count: int,
    round_count: int,
    first_round: Mapping[int, int],
    fixed: Mapping[int, int],
) -> Design | None:
    """The whole café's seating from round 1, or None where no design fits.

    ``first_round`` is where everybody sat in round 1 (person -> table 1..k); ``fixed``
    maps hosts and people who stay seated to their table. None when: a table holds
    more than 2k people or two fixed people, a fixed person did not sit at their table
    in round 1, round 1's tables differ by more than one person, or no difference matrix
    is known for the sizes.
    """
    k = table_count
    if k < 2 or round_count < 2 or not first_round:
        return None
    by_table: dict[int, list[int]] = {t: [] for t in range(1, k + 1)}
    for person in sorted(first_round):
        table = first_round[person]
        if table not in by_table:
            return None
        by_table[table].append(person)
    sizes = [len(people) for people in by_table.values()]
    if max(sizes) - min(sizes) > 1:
        return None
    if any(first_round.get(person) != table for person, table in fixed.items()):
        return None
    fixed_per_table = [sum(1 for p in fixed if first_round[p] == t) for t in by_table]
    if max(fixed_per_table) > 1:
        return None
    has_fixed = bool(fixed)
    most_movers = max(sum(1 for p in people if p not in fixed) for people in by_table.values())
    order = _fill_order(k, most_movers, has_fixed)
    if most_movers > len(order):
        return None
    matrix = difference_matrix(k, round_count, max([0, *order]) + 1)
    if matrix is None:
        return None
    group, offsets = matrix
    point: dict[int, int] = {}  # person -> column; their row is their round-1 table
    for people in by_table.values():
        movers = [p for p in people if p not in fixed]
        point.update({p: 0 for p in people if p in fixed})
        point.update(zip(movers, order, strict=False))
    rounds = tuple(
        {
            person: group.add[first_round[person] - 1][offsets[point[person]][r]] + 1
            for person in sorted(first_round)
        }
        for r in range(round_count)
    )
    if not all(_balanced(assignment, k) for assignment in rounds):
        return None
    return Design(rounds)


def _balanced(assignment: Mapping[int, int], table_count: int) -> bool:
    sizes = [0] * table_count
    for table in assignment.values():
        sizes[table - 1] += 1
    return max(sizes) - min(sizes) <= 1


def planned_round(
    *,
    table_count: int,
    round_count: int,
    participants: Sequence[int],
    fixed: Mapping[int, int],
    rounds_so_far: Sequence[Mapping[int, int]],
) -> Assignment | None:
    """The design's seating for the next round, if the café still follows it.

    ``rounds_so_far`` is every seated round from round 1 on. A café longer than any
    design follows one for as many rounds as it has, then the per-round search takes
    over. None (use the per-round search) past those rounds, when someone joined since
    round 1, a fixed person changed, a round differed from the plan, or the design
    leaves today's tables unbalanced after people left.
    """
    next_index = len(rounds_so_far)
    horizon = min(round_count, design_rounds(table_count))
    if not rounds_so_far or next_index >= horizon:
        return None
    design = plan_design(
        table_count=table_count,
        round_count=horizon,
        first_round=rounds_so_far[0],
        fixed={p: t for p, t in fixed.items() if p in rounds_so_far[0]},
    )
    if design is None or any(p not in rounds_so_far[0] for p in participants):
        return None
    if any(p not in rounds_so_far[0] or rounds_so_far[0][p] != t for p, t in fixed.items()):
        return None
    for planned, seated in zip(design.rounds[1:], rounds_so_far[1:], strict=False):
        if any(planned[p] != table for p, table in seated.items() if p in planned):
            return None
    chosen = {p: design.rounds[next_index][p] for p in participants}
    return chosen if _balanced(chosen, table_count) else None


def repeat_lower_bound(
    *, table_sizes: Sequence[int], fixed_tables: Sequence[bool], round_count: int
) -> int:
    """A proven floor for repeat encounters over the café, given round 1's tables.

    In every later round the s people of a round-1 table are spread over the k tables,
    and at best evenly, which still seats some of them together again. In round 2 its
    movers must also leave it: the s (or, beside a fixed person, s-1) movers spread over
    the k-1 other tables. Counting only those pairs gives a floor no plan can beat.
    """
    k = len(table_sizes)
    if round_count < 2:
        return 0
    second = sum(
        _fewest_pairs(size - fixed, k - 1)
        for size, fixed in zip(table_sizes, fixed_tables, strict=True)
    )
    later = sum(_fewest_pairs(size, k) for size in table_sizes)
    return second + later * (round_count - 2)


def _fewest_pairs(people: int, places: int) -> int:
    """The fewest pairs sharing a place when ``people`` spread over ``places``."""
    q, r = divmod(people, places)
    return r * (q + 1) * q // 2 + (places - r) * q * (q - 1) // 2


def meetings_at_most_once(rounds: Sequence[Mapping[int, int]]) -> list[tuple[int, int]]:
    """Pairs who share a table in more than one round (for tests and the report)."""
    seen: dict[tuple[int, int], int] = {}
    for assignment in rounds:
        groups: dict[int, list[int]] = {}
        for person in sorted(assignment):
            groups.setdefault(assignment[person], []).append(person)
        for members in groups.values():
            for pair in combinations(members, 2):
                seen[pair] = seen.get(pair, 0) + 1
    return sorted(pair for pair, count in seen.items() if count > 1)
