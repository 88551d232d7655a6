"""The admins' accounts over the API (docs/protocol.md): the list, a reset link, the admin
flag. Anyone who is no admin gets 404, as for a path that does not exist."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from dialogcafe.services import account_links, admin
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body
from dialogcafe.web.links import public_base_url


@bp.get("/admin/accounts")
def list_accounts() -> dict[str, Any]:
    return admin.accounts_payload(current_facilitator_id())


@bp.post("/admin/accounts/<int:account_id>/reset-link")
def make_reset_link(account_id: int) -> tuple[dict[str, Any], int]:
    """A one-time link that sets a new password, for the admin to hand over."""
    secret = str(current_app.config["SECRET_KEY"])
    email, token = admin.reset_token(current_facilitator_id(), account_id, secret)
    link = public_base_url() + url_for("auth.reset_password", token=token)
    return {"email": email, "url": link, "valid_hours": account_links.RESET_HOURS}, 201


@bp.put("/admin/accounts/<int:account_id>/admin")
def set_admin(account_id: int) -> dict[str, Any]:
    """``{"is_admin": true | false}``; the last admin stays one (409 ``last_admin``)."""
    return admin.set_admin(current_facilitator_id(), account_id, json_body().get("is_admin"))
