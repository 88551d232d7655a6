"""A facilitator's API tokens: issued after a log-in, listed, and revoked.

The rules (hashes only, lifetime, who may revoke which) are in ``accounts.py``; these
commands run each in one unit of work for the edges.
"""

from __future__ import annotations

from dialogcafe.clock import utcnow
from dialogcafe.domain.models import ApiToken
from dialogcafe.services import accounts
from dialogcafe.services.ownership import load_facilitator
from dialogcafe.services.unit_of_work import run


def issue_token(facilitator_id: int, *, policy: accounts.LoginPolicy) -> tuple[str, ApiToken]:
    """A new bearer token (shown to the caller once) and its row."""
    return run(
        lambda uow: accounts.issue_api_token(uow.db, facilitator_id, now=utcnow(), policy=policy)
    )


def active_tokens(facilitator_id: int) -> list[ApiToken]:
    """The account's tokens that still work, newest first."""
    return run(
        lambda uow: accounts.active_api_tokens(
            uow.db, load_facilitator(uow.db, facilitator_id), now=utcnow()
        )
    )


def revoke_token(facilitator_id: int, token_id: int) -> None:
    """One of the account's tokens stops working at once."""
    run(
        lambda uow: accounts.revoke_api_token(
            uow.db, load_facilitator(uow.db, facilitator_id), token_id, now=utcnow()
        )
    )
