"""Domain errors: stable codes, HTTP statuses, and messages in the user's language."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors
from dialogcafe.domain.errors import DomainError, render

NORWEGIAN = {
    "{field}: {problem}": "{field}: {problem}",
    "tables": "bord",
    "must be between {low} and {high}": "må være mellom {low} og {high}",
    "must be one of: {modes}": "må være en av: {modes}",
    "The input is too long: at most {limit} characters.": (
        "Innspillet er for langt: høyst {limit} tegn."
    ),
    "Table {table} does not exist. Choose a table from 1 to {table_count}.": (
        "Bord {table} finnes ikke. Velg et bord fra 1 til {table_count}."
    ),
    "This café is closed. You cannot send new inputs.": "Økten er avsluttet.",
}


def norwegian(message: str) -> str:
    return NORWEGIAN.get(message, message)


def domain_errors() -> list[type[DomainError]]:
    return [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, DomainError) and cls is not DomainError
    ]


def test_every_error_has_a_unique_code_and_a_fitting_status() -> None:
    classes = domain_errors()
    assert len(classes) >= 14
    # A subclass that only refines the message (SessionNotFound) keeps its parent's code.
    codes = [cls.code for cls in classes if "code" in vars(cls)]
    assert len(set(codes)) == len(codes)
    assert errors.SessionNotFound.code == errors.UnknownSession.code
    # Rule violations are the client's (4xx); only "the database is down, send it again"
    # (503) and a bug's answer to a socket event (500, never an HTTP status) are the server's.
    servers = {errors.Unavailable, errors.InternalError}
    assert all(400 <= cls.status < 500 for cls in classes if cls not in servers)
    assert errors.Unavailable.status == 503
    assert errors.InternalError.status == 500
    assert errors.UnknownSession.status == 404
    assert errors.SessionClosed.status == 409
    assert errors.InvalidToken.status == errors.NotAuthenticated.status == 401


def test_str_is_the_english_message_with_parameters() -> None:
    error = errors.InvalidField(
        field="tables", problem="must be between {low} and {high}", low=1, high=30
    )
    assert str(error) == "tables: must be between 1 and 30"
    assert error.describe() == "tables: must be between 1 and 30"


def test_describe_translates_the_template_and_every_text_parameter() -> None:
    error = errors.InvalidField(
        field="tables", problem="must be between {low} and {high}", low=1, high=30
    )
    assert error.describe(norwegian) == "bord: må være mellom 1 og 30"


def test_a_text_parameter_may_refer_to_another_text_parameter() -> None:
    error = errors.InvalidField(field="rotation", problem="must be one of: {modes}", modes="topics")
    assert str(error) == "rotation: must be one of: topics"
    assert error.describe(norwegian) == "rotation: må være en av: topics"


def test_numbers_are_filled_into_translated_messages() -> None:
    assert errors.PostTooLong(limit=1000).describe(norwegian) == (
        "Innspillet er for langt: høyst 1000 tegn."
    )
    assert errors.UnknownTable(table=9, table_count=4).describe(norwegian) == (
        "Bord 9 finnes ikke. Velg et bord fra 1 til 4."
    )


def test_messages_without_parameters_are_translated() -> None:
    assert errors.SessionClosed().describe(norwegian) == "Økten er avsluttet."
    assert errors.SessionClosed().describe() == str(errors.SessionClosed())


@pytest.mark.parametrize("typed", ["{", "}", "{0}", "{table_count.real.x}", "{x!z}", "{:>"])
def test_user_text_that_looks_like_a_template_is_shown_as_typed(typed: str) -> None:
    """A table typed as "{" must give the friendly error, not crash the formatter."""
    error = errors.UnknownTable(table=typed, table_count=3)
    assert str(error) == f"Table {typed} does not exist. Choose a table from 1 to 3."
    assert error.describe(norwegian).startswith(f"Bord {typed} finnes ikke.")


def test_unknown_placeholders_are_kept() -> None:
    assert render("{known} and {unknown}", {"known": 1}) == "1 and {unknown}"
    assert errors.UnknownTable(table=4).describe() == (
        "Table 4 does not exist. Choose a table from 1 to {table_count}."
    )


def test_bad_request_shows_its_detail() -> None:
    error = errors.BadRequest(detail="The request body must be a JSON object.")
    assert str(error) == "The request body must be a JSON object."
    assert error.code == "bad_request" and error.status == 400
