"""Looking up a row a client named by id, inside one café.

Every id a client sends (an input, a participant, a theme) is checked the same way: a
value that is not a whole number, a row that does not exist and a row of another café
all raise the same error, so a client learns nothing about what it may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields
from dialogcafe.domain.models import CafeSession

Row = TypeVar("Row")


def row_of(
    db: Session,
    cafe: CafeSession,
    model: type[Row],
    raw_id: object,
    missing: Callable[[], errors.DomainError],
    *,
    also: Callable[[Row], bool] | None = None,
) -> Row:
    """The ``model`` row with id ``raw_id`` in ``cafe`` (and passing ``also``), else
    ``missing()`` raised."""
    if not fields.is_whole_number(raw_id):
        raise missing()
    row: Any = db.get(model, raw_id)
    if row is None or row.session_id != cafe.id or (also is not None and not also(row)):
        raise missing()
    found: Row = row
    return found
