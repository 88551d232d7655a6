"""Where participants sit: a participant's own choice to stay at their table."""

from __future__ import annotations

from dialogcafe.domain import moving
from dialogcafe.services.participants import load_participant
from dialogcafe.services.unit_of_work import UnitOfWork, run


def stay_seated(participant_id: int, *, value: object) -> bool:
    """True keeps the participant at their table in every later round; answers the setting.
    Nothing is emitted: the choice matters only when the next round seats people."""

    def work(uow: UnitOfWork) -> bool:
        return moving.set_stay_seated(load_participant(uow.db, participant_id), value)

    return run(work)
