"""Pages about accounts beyond one's own log-in: the admins' accounts page, and deleting
one's own account.

The accounts page is for admins; to anyone else it is a page that does not exist (404). A
reset link or an invitation is shown once on a page of its own for the admin to copy and
hand over (nothing is mailed). Deleting an account asks what happens to each café and
project it owns, its password, and its e-mail typed to confirm.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from dialogcafe.domain import account_deletion as deletion_rules
from dialogcafe.domain import errors
from dialogcafe.services import account_deletion, admin
from dialogcafe.translation import describe
from dialogcafe.web import limits
from dialogcafe.web.auth import login_required
from dialogcafe.web.edge import current_facilitator_id, forget_login, run_form
from dialogcafe.web.links import public_base_url

bp = Blueprint("accounts", __name__)


@bp.app_context_processor
def _account_menu() -> dict[str, object]:
    """``account_is_admin()`` for the account menu: asked only where the menu is shown."""

    def account_is_admin() -> bool:
        facilitator_id = g.get("facilitator_id")
        return facilitator_id is not None and admin.is_admin(facilitator_id)

    return {"account_is_admin": account_is_admin}


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _back_to_accounts() -> Response:
    return redirect(url_for("accounts.admin_accounts"))


@bp.get("/admin/accounts")
@login_required
def admin_accounts() -> str:
    me = current_facilitator_id()
    return render_template(
        "admin/accounts.html",
        rows=admin.list_accounts(me),
        me=me,
        invite=current_app.config["SIGNUP"] == "invite",
    )


def _link_page(kind: str, email: str, path: str) -> str:
    return render_template("admin/link.html", kind=kind, email=email, link=public_base_url() + path)


@bp.post("/admin/accounts/<int:account_id>/reset-link")
@login_required
def make_reset_link(account_id: int) -> str:
    """A one-time link that sets a new password (24 hours), shown for the admin to copy."""
    email, token = admin.reset_token(current_facilitator_id(), account_id, _secret())
    return _link_page("reset", email, url_for("auth.reset_password", token=token))


@bp.post("/admin/accounts/<int:account_id>/admin")
@login_required
def change_admin(account_id: int) -> Response:
    on = request.form.get("is_admin") == "1"
    done = run_form(
        lambda: admin.set_admin(current_facilitator_id(), account_id, on),
        flashed=(errors.LastAdmin, errors.UnknownAccount),
    )
    if done is not None:
        message = (
            gettext("%(email)s is now an admin.", email=done["email"])
            if on
            else gettext("%(email)s is no longer an admin.", email=done["email"])
        )
        flash(message)
    return _back_to_accounts()


@bp.post("/admin/invitations")
@login_required
def make_invitation() -> str | Response:
    """A sign-up link for one address (14 days), when sign-up is by invitation."""
    made = run_form(
        lambda: admin.invite_token(
            current_facilitator_id(), _secret(), request.form.get("email", "")[:300]
        ),
        flashed=(errors.InvalidField,),
    )
    if made is None:
        return _back_to_accounts()
    email, token = made
    return _link_page("invite", email, url_for("auth.signup", invite=token))


def _delete_page(error: str | None = None) -> str:
    email, owned = account_deletion.belongings(current_facilitator_id())
    return render_template(
        "auth/delete_account.html",
        email=email,
        cafes=owned.cafes,
        projects=owned.projects,
        error=error,
        delete_value=deletion_rules.DELETE,
        hand_to=deletion_rules.HAND_TO,
        chosen=request.form if request.method == "POST" else {},
    )


@bp.get("/account/delete")
@login_required
def delete_account_page() -> str:
    return _delete_page()


@bp.post("/account/delete")
@login_required
@limits.logins
def delete_account() -> str | Response | tuple[str, int]:
    """Carry out the choices and delete the account; its logins end everywhere."""
    try:
        cafes = deletion_rules.choices_from_form(request.form, "cafe-")
        projects = deletion_rules.choices_from_form(request.form, "project-")
        result: dict[str, Any] = account_deletion.delete_account(
            current_facilitator_id(),
            password=request.form.get("password", ""),
            typed_email=request.form.get("confirm_email", ""),
            cafes=cafes,
            projects=projects,
        )
    except errors.DomainError as exc:
        if isinstance(exc, errors.NotAuthenticated | errors.RateLimited):
            raise
        return _delete_page(describe(exc)), exc.status
    forget_login()
    flash(_goodbye(result))
    return redirect(url_for("facilitator.home"))


def _goodbye(result: dict[str, Any]) -> str:
    handed = result["handed_over_cafes"] + result["handed_over_projects"]
    deleted = result["deleted_cafes"] + result["deleted_projects"]
    if handed and deleted:
        return gettext(
            "Your account is deleted. Some of your cafés and projects were handed over, "
            "the rest were deleted with everything in them."
        )
    if handed:
        return gettext("Your account is deleted. Your cafés and projects were handed over.")
    if deleted:
        return gettext("Your account is deleted, with your cafés and everything in them.")
    return gettext("Your account is deleted.")
