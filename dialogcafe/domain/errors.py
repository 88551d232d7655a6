"""Domain errors: the one vocabulary both edges translate into user-facing failures.

Each error carries a stable ``code`` for programs, an English ``message`` template that
the edges translate (marked with :func:`N_` so Babel extracts it), and the HTTP status
the web edge answers with. The socket edge turns the same error into a failed ack.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here (no Flask in the domain)."""
    return message


# Every field name a domain module may put in "{field}: {problem}". The domain raises with
# the raw name (it is also the JSON key the client sent); listing them here lets Babel
# extract them, so a form user reads "Number of tables" rather than "tables".
FIELD_LABELS = (
    N_("title"),
    N_("description"),
    N_("tables"),
    N_("topics"),
    N_("rounds"),
    N_("round_minutes"),
    N_("rotation"),
    N_("nickname"),
    N_("client_id"),
    N_("text"),
    N_("minutes"),
    N_("reason"),
    N_("liked"),
    N_("add"),
    N_("status"),
    N_("q"),
    N_("stay_seated"),
    N_("approve_first"),
    N_("hide_other_tables"),
    N_("dots_per_participant"),
    N_("participant_id"),
    N_("post_id"),
    N_("value"),
    N_("code"),
    N_("before"),
    N_("scope"),
    N_("name"),
    N_("post_ids"),
    N_("theme_id"),
    N_("action"),
    N_("event_date"),
    N_("place"),
    N_("organiser"),
    N_("purpose"),
    N_("anonymous_report"),
    N_("role"),
    N_("days"),
    N_("target_group"),
    N_("session_id"),
    N_("project_id"),
    N_("is_admin"),
)


class DomainError(Exception):
    """Base of every rule violation the domain reports to a user."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    message: ClassVar[str] = N_("Something was wrong with the request.")

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(render(self.message, params))

    def describe(self, translate: Callable[[str], str] = str) -> str:
        """The message in the user's language: ``translate`` maps each template to its own."""
        return render(translate(self.message), params=self.params, translate=translate)

    def answer_fields(self) -> dict[str, Any]:
        """Values for programs that both edges add next to ``error`` and ``code`` (none here)."""
        return {}


TRANSLATED_PARAMS = frozenset({"field", "problem", "detail"})


def render(template: str, params: dict[str, Any], translate: Callable[[str], str] = str) -> str:
    """Fill ``template`` with ``params``.

    Only the parameters that are texts of ours (a field name, a problem, a detail) are
    translated and may hold placeholders themselves ("must be one of: {modes}"); every
    other value, often typed by a user, is inserted literally and never translated.
    """
    values = {k: v for k, v in params.items() if k not in TRANSLATED_PARAMS}
    texts = {k: _fill(translate(v), values) for k, v in params.items() if k in TRANSLATED_PARAMS}
    return template.format_map(_Keep({**values, **texts}))


def _fill(text: str, values: dict[str, Any]) -> str:
    """Fill a text parameter; one that is no valid template (a typed table "{") stays as is."""
    try:
        return text.format_map(_Keep(values))
    except (ValueError, LookupError, AttributeError, TypeError):
        return text


class _Keep(dict[str, Any]):
    """Leave unknown placeholders as they are instead of failing on them."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Unavailable(DomainError):
    """The database could not be reached or refused to commit just now: nothing was stored,
    and the same request may simply be sent again (an input keeps its client id)."""

    code = "unavailable"
    status = 503
    message = N_("Could not save this just now. It will be sent again in a moment.")


class InternalError(DomainError):
    """A fault of the server's own (a bug), answered instead of silence; it is logged."""

    code = "internal_error"
    status = 500
    message = N_("Something went wrong on the server. Please try again.")


# --- rate limits (web/limits.py per address, throttle.py per socket) ----------------------


class RateLimited(DomainError):
    """Too many requests of one kind from one address or one connection: nothing was done.

    ``retry_after`` (whole seconds) is when the same request will be accepted again; the
    edges send it as ``Retry-After`` and ``retry_after`` so that clients wait, not hammer.
    """

    code = "rate_limited"
    status = 429
    message = N_("Too many tries in a short time. Please wait {detail} and try again.")

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        minutes, hours = math.ceil(seconds / 60), math.ceil(seconds / 3600)
        super().__init__(
            retry_after=seconds,
            seconds=seconds,
            minutes=minutes,
            hours=hours,
            detail=_wait_text(seconds, minutes, hours),
        )

    @property
    def retry_after(self) -> int:
        seconds: int = self.params["retry_after"]
        return seconds

    def answer_fields(self) -> dict[str, Any]:
        return {"retry_after": self.retry_after}


class SendingTooFast(RateLimited):
    """A phone sent inputs, likes or dots faster than a person types: it keeps them and
    sends them again after ``retry_after`` (static/js/core/outbox.js), so none is lost."""

    message = N_("You are sending very fast. What you sent is kept and goes again in {detail}.")


def _wait_text(seconds: int, minutes: int, hours: int) -> str:
    """How long to wait, in words a person reads at a glance (no "1 seconds")."""
    if seconds == 1:
        return N_("a second")
    if seconds < 60:
        return N_("{seconds} seconds")
    if minutes == 1:
        return N_("a minute")
    if seconds < 3600:
        return N_("{minutes} minutes")
    if hours == 1:
        return N_("an hour")
    return N_("{hours} hours")


class RequestTimeout(DomainError):
    """The request's body did not arrive within ``BODY_TIMEOUT`` (web/request_body.py)."""

    code = "request_timeout"
    status = 408
    message = N_("The request took too long to arrive. Check the connection and try again.")


class BadRequest(DomainError):
    """Input that does not have the expected shape; ``detail`` says what is wrong."""

    code = "bad_request"
    message = N_("{detail}")


class InvalidField(DomainError):
    code = "invalid_field"
    message = N_("{field}: {problem}")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    message = N_("Please log in first.")


class BadCredentials(DomainError):
    code = "bad_credentials"
    status = 401
    message = N_("Wrong e-mail or password.")


class InvalidToken(DomainError):
    code = "invalid_token"
    status = 401
    message = N_("The access token is missing or wrong.")


class TokenExpired(InvalidToken):
    code = "token_expired"
    message = N_("This access token has expired. Log in again to get a new one.")


class TokenRevoked(InvalidToken):
    code = "token_revoked"
    message = N_("This access token has been revoked. Log in again to get a new one.")


class UnknownApiToken(DomainError):
    """No active token with that id among the asking facilitator's own."""

    code = "unknown_token"
    status = 404
    message = N_("You have no active access token with that id.")


class LoginDelayed(RateLimited):
    """Too many failed log-ins in a row for one e-mail address (accounts.py): the next try
    is not even checked until ``retry_after`` has passed. Same 429 answer as any limit."""

    code = "login_delayed"
    message = N_("Too many failed log-ins for this e-mail. Please wait {detail} and try again.")


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    message = N_("You do not have access to this session.")


class EmailTaken(DomainError):
    code = "email_taken"
    status = 409
    message = N_("An account with this e-mail already exists.")


class UnknownSession(DomainError):
    code = "unknown_session"
    status = 404
    message = N_("No café has that code. Check the code and try again.")


class SessionNotFound(UnknownSession):
    """Looked up by id: missing, or another facilitator's (the two look the same on purpose)."""

    message = N_("This session does not exist, or it belongs to another facilitator.")


class UnknownTable(DomainError):
    code = "unknown_table"
    status = 400
    message = N_("Table {table} does not exist. Choose a table from 1 to {table_count}.")


class SessionClosed(DomainError):
    code = "session_closed"
    status = 409
    message = N_("This café is closed. You cannot send new inputs.")


class ReportFinal(SessionClosed):
    message = N_("This session is closed. Its report details can no longer be changed.")


class RoundNotStarted(DomainError):
    code = "round_not_started"
    status = 409
    message = N_("The first round has not started yet. Wait for the facilitator.")


class NoMoreRounds(DomainError):
    code = "no_more_rounds"
    status = 409
    message = N_("That was the last round. There are no more rounds to start.")


class EmptyPost(DomainError):
    code = "empty_input"
    status = 400
    message = N_("Write something before you send.")


class PostTooLong(DomainError):
    code = "input_too_long"
    status = 400
    message = N_("The input is too long: at most {limit} characters.")


# --- likes and dot-voting (participants' reactions) -----------------------------------------


class UnknownPost(DomainError):
    """The input does not exist, is hidden or waiting, or belongs to another session."""

    code = "unknown_post"
    status = 404
    message = N_("That input is not available.")


class NotYourTable(DomainError):
    code = "not_your_table"
    status = 403
    message = N_("You can like inputs from other tables when the rounds are over.")


class OtherTablesHidden(NotYourTable):
    """Asking for the other tables' inputs (``older_posts``) while they are kept hidden."""

    message = N_("The other tables' inputs are hidden until the rounds are over.")


class VotingClosed(DomainError):
    code = "voting_closed"
    status = 409
    message = N_("You can vote with dots when the rounds are over.")


class NoDotsLeft(DomainError):
    code = "no_dots_left"
    status = 409
    message = N_("You have used all your {dots} dots. Remove one to move it.")


class NoDotToRemove(DomainError):
    code = "no_dot_to_remove"
    status = 409
    message = N_("You have no dot on that input to remove.")


class ModerationConflict(DomainError):
    """Moderating an input that is not in the state the action needs (e.g. approved twice)."""

    code = "moderation_conflict"
    status = 409
    message = N_("{detail}")


# --- table hosts (hosting.py) --------------------------------------------------------------


class NotHost(DomainError):
    code = "not_host"
    status = 403
    message = N_("Only the table host can do this.")


class WrongHostCode(DomainError):
    code = "wrong_host_code"
    status = 400
    message = N_("That host code is not right. Ask the facilitator for the host code.")


class HostTaken(DomainError):
    """Two people claimed the same table at the same moment; the database let one win."""

    code = "host_taken"
    status = 409
    message = N_("Someone else became host of this table just now. Try again.")


class UnknownParticipant(DomainError):
    code = "unknown_participant"
    status = 404
    message = N_("This person is not in the session.")


class NotAtTable(DomainError):
    code = "not_at_table"
    status = 409
    message = N_("This person is not at table {table} now.")


# --- facilitation: timer, lifecycle (timer.py, sessions.py, erasure.py) ---------------------


class TimerNotRunning(DomainError):
    code = "timer_not_running"
    status = 409
    message = N_("The timer is not running. Start a round first.")


class TimerAlreadyPaused(DomainError):
    code = "timer_paused"
    status = 409
    message = N_("The timer is already paused.")


class TimerNotPaused(DomainError):
    code = "timer_not_paused"
    status = 409
    message = N_("The timer is not paused.")


class HarvestStarted(DomainError):
    """The rounds are over: the harvest takes no new inputs and starts no new rounds."""

    code = "harvest_started"
    status = 409
    message = N_("The rounds are over. You cannot send new inputs now.")


class NotRunning(DomainError):
    code = "not_running"
    status = 409
    message = N_("The harvest can start only while the rounds are running.")


class WrongConfirmation(DomainError):
    code = "wrong_confirmation"
    status = 400
    message = N_("Type the session's join code to confirm that you want to delete it.")


# --- themes across tables in the harvest (themes.py) ----------------------------------------


class ThemesClosed(DomainError):
    """Themes are made in the harvest, when every table's inputs are in."""

    code = "themes_closed"
    status = 409
    message = N_("You can make themes when the rounds are over.")


class UnknownTheme(DomainError):
    """No such theme in this session, or (for a table host) one that is not theirs."""

    code = "unknown_theme"
    status = 404
    message = N_("That theme does not exist.")


class ThemeOtherTable(DomainError):
    """A table host's theme holds only their own table's inputs."""

    code = "theme_other_table"
    status = 403
    message = N_("A table host can group only the inputs of their own table.")


class OwnerOnly(DomainError):
    """Deleting a café and choosing who else runs it are its owner's alone (roles.py)."""

    code = "owner_only"
    status = 403
    message = N_("Only the person who made this café can do this.")


class ReadOnlyRole(DomainError):
    """A reader sees a café and downloads its reports, and changes nothing (roles.py)."""

    code = "read_only"
    status = 403
    message = N_("You can see this café and download its reports, but not change it.")


# --- projects: a series of cafés (projects.py) ------------------------------------------------


class UnknownProject(DomainError):
    """Missing, or a project the asker has no role in (the two look the same on purpose)."""

    code = "unknown_project"
    status = 404
    message = N_("This project does not exist, or you have no access to it.")


class ProjectOwnerOnly(OwnerOnly):
    message = N_("Only the person who made this project can do this.")


class ProjectReadOnly(ReadOnlyRole):
    message = N_("You can see this project and download its reports, but not change it.")


class CafeInOtherProject(DomainError):
    """A café is in at most one project."""

    code = "cafe_in_other_project"
    status = 409
    message = N_("This café is in another project already. Take it out of that one first.")


class CafeNotInProject(DomainError):
    code = "cafe_not_in_project"
    status = 404
    message = N_("That café is not in this project.")


class UnknownAccount(DomainError):
    code = "unknown_account"
    status = 404
    message = N_("There is no account with that e-mail address.")


class WrongPassword(DomainError):
    code = "wrong_password"
    status = 400
    message = N_("That is not your current password.")


class LinkUsed(DomainError):
    """A reset link whose password has changed since, or an invitation already used."""

    code = "link_used"
    status = 410
    message = N_("This link has been used already. Ask for a new one.")


class LinkInvalid(DomainError):
    """A link that is broken, forged or too old."""

    code = "link_invalid"
    status = 410
    message = N_("This link is too old or not whole. Ask for a new one.")


class SignupClosed(DomainError):
    code = "signup_closed"
    status = 403
    message = N_("New accounts are made by invitation only. Ask whoever runs this server.")


# --- invitation links to a café's or a project's team (invitations.py) ----------------------


class InvitationExpired(LinkInvalid):
    code = "invitation_expired"
    message = N_("This invitation has expired. Ask for a new one.")


class InvitationGone(LinkInvalid):
    """No such invitation: withdrawn, its café or project deleted, or never made."""

    code = "invitation_gone"
    message = N_(
        "This invitation was withdrawn, or what it was for has been deleted. Ask for a new one."
    )


class UnknownInvitation(DomainError):
    """The owner withdraws an invitation that is not (or no longer) open."""

    code = "unknown_invitation"
    status = 404
    message = N_("That invitation does not exist or is no longer open.")


class InvitationForOwner(DomainError):
    """An owner has every right already; their own link would only take rights away."""

    code = "invitation_for_owner"
    status = 409
    message = N_("You own this already. Give the link to the person you want to invite.")


class TooManyInvitations(DomainError):
    code = "too_many_invitations"
    status = 409
    message = N_("There are {limit} open invitations already. Withdraw some first.")


# --- a facilitator's own templates (saved_templates.py) --------------------------------------


class UnknownTemplate(DomainError):
    code = "unknown_template"
    status = 404
    message = N_("That template does not exist.")


class TooManyTemplates(DomainError):
    code = "too_many_templates"
    status = 409
    message = N_("You have {limit} templates already. Delete one you do not use first.")


class TemplateBroken(DomainError):
    """A template saved by an older version that today's rules no longer accept."""

    code = "template_broken"
    status = 422
    message = N_("This template cannot be used any more ({detail}). Delete it and save a new one.")


class UnknownReportFormat(DomainError):
    """A combined report asked for in a format it is not made in (its URL does not exist)."""

    code = "unknown_format"
    status = 404
    message = N_("There is no report in that format. Use docx, pdf, xlsx or json.")


# --- admins and deleting one's own account (admins.py, account_deletion.py) -----------------


class AdminOnly(DomainError):
    """The accounts page and its API are for admins; to anyone else they do not exist."""

    code = "not_found"
    status = 404
    message = N_("We cannot find this page.")


class UnknownAccountId(UnknownAccount):
    message = N_("There is no such account. It may have been deleted.")


class LastAdmin(DomainError):
    code = "last_admin"
    status = 409
    message = N_("There must be at least one admin. Make someone else an admin first.")


class LastAdminLeaving(LastAdmin):
    message = N_(
        "You are the only admin. Make someone else an admin before you delete your account."
    )


class WrongAccountConfirmation(WrongConfirmation):
    message = N_("Type your e-mail address to confirm that you want to delete your account.")


class ChoicesOutdated(DomainError):
    """The delete-account form no longer matches what the person owns (a café made or
    handed over since, a co-facilitator gone): nothing was deleted."""

    code = "choices_outdated"
    status = 409
    message = N_(
        "Your cafés or projects changed after you opened this page. Nothing was deleted. "
        "Look at the choices again."
    )
