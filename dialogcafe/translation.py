"""Domain messages in the asker's language, for both edges (pages, API answers, socket acks)."""

from __future__ import annotations

from flask_babel import gettext

from dialogcafe.domain import errors


def translate(message: str) -> str:
    """Translate a domain message template into the current request's language."""
    return gettext(message) if message else message


def describe(error: errors.DomainError) -> str:
    """The error's message for a person, in their language."""
    return error.describe(translate)
