"""Domain errors: the one vocabulary both edges translate into user-facing failures.

Each error carries a stable ``code`` for programs, an English ``message`` template that
the edges translate (marked with :func:`N_` so Babel extracts it), and the HTTP status
the web edge answers with. The socket edge turns the same error into a failed ack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here (no Flask in the domain)."""
    return message


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
    message = N_("No session has that code. Check the code and try again.")


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
    message = N_("This session is closed. It no longer accepts new inputs.")


class RoundNotStarted(DomainError):
    code = "round_not_started"
    status = 409
    message = N_("The first round has not started yet. Wait for the facilitator.")


class NoMoreRounds(DomainError):
    code = "no_more_rounds"
    status = 409
    message = N_("That was the last round. There are no more rounds to start.")


class EmptyInput(DomainError):
    code = "empty_input"
    status = 400
    message = N_("Write something before you send.")


class InputTooLong(DomainError):
    code = "input_too_long"
    status = 400
    message = N_("The input is too long: at most {limit} characters.")
