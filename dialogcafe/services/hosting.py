"""Table hosts: who hosts a table, and the synthesis a host writes of each round.

A participant becomes host with the host code (a ``become_host`` event), or the facilitator
names one; every change of host reaches the table and the facilitators after the commit.
"""

from __future__ import annotations

from typing import Any

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import hosting
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.participants import load_participant
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.views.payloads import host_payload, synthesis_payload


def become_host(participant_id: int, *, code: object) -> dict[str, Any]:
    """The participant, knowing the host code, becomes host of their table; answers who
    hosts it now (``{table, host}``)."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        participant = load_participant(uow.db, participant_id)
        change = hosting.become_host(uow.db, participant, code=code)
        payload = host_payload(change.table, change.host)
        uow.after_commit(notifier.host_changed, participant.session_id, payload)
        return payload

    return run(work)


def save_synthesis(participant_id: int, *, text: object) -> dict[str, Any]:
    """The host stores (or replaces) the table's synthesis of the current round; its table
    (every table in the harvest) and the facilitators get it."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        participant = load_participant(uow.db, participant_id)
        synthesis = hosting.save_synthesis(uow.db, participant, text=text, now=utcnow())
        cafe = participant.session
        payload = synthesis_payload(synthesis, cafe)
        tables = hosting.synthesis_tables(cafe, synthesis.table_number)
        uow.after_commit(notifier.synthesis_saved, cafe.id, payload, tables=tables)
        return payload

    return run(work)


def make_host(
    facilitator_id: int, session_id: int, table: int, participant_id: object
) -> dict[str, Any]:
    """The facilitator makes someone at ``table`` its host (replacing any other); answers
    who hosts it now (``{table, host}``)."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        cafe = owned_session(uow.db, facilitator_id, session_id)
        change = hosting.assign_host(uow.db, cafe, table=table, participant_id=participant_id)
        payload = host_payload(change.table, change.host)
        uow.after_commit(notifier.host_changed, session_id, payload)
        return payload

    return run(work)
