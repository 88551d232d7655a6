"""The vote's results, told live: every change to dots or likes in the harvest re-sends them.

Other commands (a dot, a like, a hidden input, the harvest, the results switch) call
:func:`queue_results` inside their own unit of work, so the results are read after their
change and sent only once it has committed.
"""

from __future__ import annotations

from dialogcafe.adapters import notifier
from dialogcafe.domain import voting
from dialogcafe.domain.models import CafeSession
from dialogcafe.services.unit_of_work import UnitOfWork
from dialogcafe.views.results import results_payload


def queue_results(uow: UnitOfWork, cafe: CafeSession) -> None:
    """After the commit the facilitators (and, when shown, every table) get ``results``;
    nothing before the harvest, when there is nothing to rank yet."""
    if not voting.results_open(cafe):
        return
    payload = results_payload(uow.db, cafe)
    tables = cafe.table_count if voting.results_public(cafe) else 0
    uow.after_commit(notifier.results_changed, cafe.id, payload, tables=tables)
