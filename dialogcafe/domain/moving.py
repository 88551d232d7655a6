"""Who sits where in each round: Seat rows, and the "people move" round change.

``seating.py`` holds the pure algorithm; this module feeds it from the database and
writes its answer back (one Seat row per participant per round, and the participant's
current ``table_number``). Seat rows are written in both rotation modes, so the history
of who sat where is always there (for the next seating and for participation figures).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogcafe.domain import fields, seating_designs
from dialogcafe.domain.models import CafeSession, Participant, Seat
from dialogcafe.domain.seating import next_seating_ahead, repeat_encounters


@dataclass(frozen=True)
class Move:
    """One participant who has to get up: where to go, for the phone's "Go to table" screen."""

    participant_id: int
    from_table: int
    to_table: int


@dataclass(frozen=True)
class RoundSeating:
    """A round's seating as the facilitator sees it: who moved, and how well it mixed."""

    round: int
    moves: tuple[Move, ...]
    repeat_encounters: int

    @property
    def moved(self) -> int:
        return len(self.moves)


def _participants(db: Session, cafe: CafeSession) -> list[Participant]:
    return list(
        db.scalars(
            select(Participant).where(Participant.session_id == cafe.id).order_by(Participant.id)
        )
    )


def seats_by_round(db: Session, cafe: CafeSession) -> dict[int, dict[int, int]]:
    """Every stored round: round -> {participant id -> table}."""
    rounds: dict[int, dict[int, int]] = defaultdict(dict)
    for seat in db.scalars(select(Seat).where(Seat.session_id == cafe.id)):
        rounds[seat.round_number][seat.participant_id] = seat.table_number
    return dict(rounds)


def record_seat(db: Session, participant: Participant, round_number: int) -> None:
    """Store (or correct) where ``participant`` sits in ``round_number``."""
    seat = db.scalar(
        select(Seat).where(Seat.participant_id == participant.id, Seat.round_number == round_number)
    )
    if seat is None:
        add_seat(db, participant, round_number)
    else:
        seat.table_number = participant.table_number


def add_seat(db: Session, participant: Participant, round_number: int) -> None:
    """Store where ``participant``, who has no seat in ``round_number`` yet, sits in it."""
    db.add(
        Seat(
            session_id=participant.session_id,
            participant_id=participant.id,
            round_number=round_number,
            table_number=participant.table_number,
        )
    )


def seat_round(db: Session, cafe: CafeSession) -> RoundSeating:
    """Seat everybody for the round ``cafe`` has just started, and say who moved.

    Called by :func:`sessions.advance_round` after the round number went up. In
    ``people`` mode every round after the first is a new seating from
    :func:`seating.next_seating`: hosts (``hosted_table``) and people who stay seated
    keep their table, the rest move so that they meet as many new people as possible.
    While the café follows a whole-café design from round 1 (``seating_designs``), the
    design's round is taken instead: it sees every round at once.
    In ``topics`` mode (and in round 1) everybody keeps the table they are at.
    """
    round_number = cafe.current_round
    people = _participants(db, cafe)
    history = seats_by_round(db, cafe)
    current = {p.id: p.table_number for p in people}
    earlier = [history[r] for r in sorted(history) if r < round_number]
    moves: list[Move] = []
    if cafe.rotation == "people" and round_number > 1 and people:
        hosts = {
            p.hosted_table: p.id
            for p in people
            if p.hosted_table is not None and 1 <= p.hosted_table <= cafe.table_count
        }
        stay_seated = [p.id for p in people if p.stay_seated]
        fixed = {**{p: current[p] for p in stay_seated}, **{h: t for t, h in hosts.items()}}
        assignment = seating_designs.planned_round(
            table_count=cafe.table_count,
            round_count=cafe.round_count,
            participants=[p.id for p in people],
            fixed=fixed,
            rounds_so_far=earlier,
        )
        if assignment is None:
            assignment = next_seating_ahead(
                rounds_left=max(0, cafe.round_count - round_number),
                table_count=cafe.table_count,
                participants=[p.id for p in people],
                hosts=hosts,
                stay_seated=stay_seated,
                current=current,
                history=earlier,
            ).assignment
        for participant in people:
            new_table = assignment[participant.id]
            if new_table != participant.table_number:
                moves.append(Move(participant.id, participant.table_number, new_table))
                participant.table_number = new_table
    # Rewrite the round's seats from scratch: a late joiner may already have one.
    db.execute(delete(Seat).where(Seat.session_id == cafe.id, Seat.round_number == round_number))
    for participant in people:
        add_seat(db, participant, round_number)
    db.flush()
    now_seated = {p.id: p.table_number for p in people}
    return RoundSeating(
        round=round_number,
        moves=tuple(moves),
        repeat_encounters=repeat_encounters(now_seated, earlier),
    )


def round_seating(db: Session, cafe: CafeSession) -> RoundSeating:
    """The current round's seating report, rebuilt from the stored Seat rows.

    Lets a facilitator view that (re)connects later show the same figures as the
    round-change event did, without keeping anything in memory.
    """
    round_number = cafe.current_round
    history = seats_by_round(db, cafe)
    now_seated = history.get(round_number, {})
    before = history.get(round_number - 1, {})
    moves = tuple(
        Move(pid, before[pid], table)
        for pid, table in sorted(now_seated.items())
        if pid in before and before[pid] != table
    )
    earlier = [history[r] for r in sorted(history) if r < round_number]
    return RoundSeating(
        round=round_number,
        moves=moves,
        repeat_encounters=repeat_encounters(now_seated, earlier) if round_number > 1 else 0,
    )


def set_stay_seated(participant: Participant, value: object) -> bool:
    """Mark or unmark "I stay at my table"; only a real true/false is accepted."""
    participant.stay_seated = fields.flag(value, field="stay_seated")
    return participant.stay_seated
