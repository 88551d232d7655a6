"""API tokens: get one with e-mail and password, list and revoke them."""

from __future__ import annotations

from typing import Any

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import ApiToken
from dialogcafe.domain.timestamps import iso
from dialogcafe.extensions import get_database
from dialogcafe.services import accounts, api_tokens
from dialogcafe.web import limits
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body, login_policy


def _token_payload(api_token: ApiToken) -> dict[str, Any]:
    """What a token list shows: never the secret (only its hash is kept anyway)."""
    return {
        "id": api_token.id,
        "created_at": iso(api_token.created_at),
        "expires_at": iso(api_token.expires_at),
    }


@bp.post("/auth/token")
@limits.logins
def issue_token() -> tuple[dict[str, Any], int]:
    """The password is checked off the loop and outside any transaction (accounts.py)."""
    body = json_body()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise errors.BadRequest(detail=N_("Give an e-mail and a password as text."))
    policy = login_policy()
    login = accounts.authenticate(get_database(), email, password, now=utcnow(), policy=policy)
    token, issued = api_tokens.issue_token(login.facilitator_id, policy=policy)
    return {"token": token, **_token_payload(issued)}, 200


@bp.get("/auth/tokens")
def list_tokens() -> dict[str, Any]:
    """The asker's tokens that still work (bearer, or the cookie: reading only)."""
    tokens = api_tokens.active_tokens(current_facilitator_id())
    return {"tokens": [_token_payload(api_token) for api_token in tokens]}


@bp.delete("/auth/tokens/<int:token_id>")
def revoke_token(token_id: int) -> dict[str, Any]:
    """Revoke one of the asker's tokens (also the one the call carries)."""
    api_tokens.revoke_token(current_facilitator_id(), token_id)
    return {"revoked": token_id}
