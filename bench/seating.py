"""Seating report: repeat encounters per scenario against the proven floor, and time.

    .venv/bin/python -m bench.seating            # prints a Markdown table
    .venv/bin/python -m bench.seating --out bench/results/seating.md

For each café (people / tables / rounds, with or without a host per table) it seats round
1 evenly, then seats the rest two ways: as the app does (the whole-café design from
``seating_designs`` for as many rounds as one exists, then the per-round search) and by
the per-round search alone (``seating.next_seating``), and compares both with the proven
floor ``repeat_lower_bound``. Times are the slowest round's planning (the app's first
move includes building the design; it is cached after that).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from dialogcafe.domain import seating_designs
from dialogcafe.domain.seating import next_seating_ahead, repeat_encounters

SCENARIOS: tuple[tuple[int, int, int, bool], ...] = (
    (23, 4, 3, False),
    (24, 6, 4, False),
    (32, 8, 4, False),
    (32, 8, 8, False),
    (32, 8, 10, False),
    (40, 5, 5, False),
    (40, 5, 5, True),
    (100, 12, 4, False),
    (200, 25, 4, False),
    (240, 30, 4, False),
    (240, 30, 6, True),
)


def _total(rounds: Sequence[dict[int, int]]) -> int:
    return sum(repeat_encounters(rounds[r], rounds[:r]) for r in range(1, len(rounds)))


def _seat_every_round(
    first: dict[int, int], tables: int, rounds: int, fixed: dict[int, int], *, designs: bool
) -> tuple[list[dict[int, int]], float]:
    """Seat rounds 2.. as the app does (designs, else the search) or by the search alone;
    returns the rounds and the slowest round's planning time."""
    seated = [first]
    slowest = 0.0
    for _ in range(rounds - 1):
        started = time.perf_counter()
        planned = (
            seating_designs.planned_round(
                table_count=tables,
                round_count=rounds,
                participants=sorted(first),
                fixed=fixed,
                rounds_so_far=seated,
            )
            if designs
            else None
        )
        if planned is None:
            planned = next_seating_ahead(
                rounds_left=rounds - len(seated) - 1,
                table_count=tables,
                participants=sorted(first),
                hosts={t: h for h, t in fixed.items()},
                stay_seated=[],
                current=seated[-1],
                history=seated[:-1],
            ).assignment
        slowest = max(slowest, time.perf_counter() - started)
        seated.append(planned)
    return seated, slowest


def report() -> str:
    """The Markdown table of every scenario."""
    lines = [
        "| people / tables / rounds | hosts | floor | app (designs, then search) "
        "| search only, looking ahead | slowest round, app | slowest round, search only |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for people, tables, rounds, with_hosts in SCENARIOS:
        first = {p: p % tables + 1 for p in range(people)}
        fixed = {p: first[p] for p in range(tables)} if with_hosts else {}
        sizes = Counter(first.values())
        floor = seating_designs.repeat_lower_bound(
            table_sizes=[sizes[t] for t in range(1, tables + 1)],
            fixed_tables=[with_hosts] * tables,
            round_count=rounds,
        )
        seating_designs.difference_matrix.cache_clear()  # time the first café's search
        app, app_time = _seat_every_round(first, tables, rounds, fixed, designs=True)
        searched, search_time = _seat_every_round(first, tables, rounds, fixed, designs=False)
        lines.append(
            f"| {people} / {tables} / {rounds} | {'yes' if with_hosts else 'no'} | {floor} "
            f"| {_total(app)} | {_total(searched)} "
            f"| {app_time * 1000:.0f} ms | {search_time * 1000:.0f} ms |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    table = report()
    print(table)
    if args.out:
        args.out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
