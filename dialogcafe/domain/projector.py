"""What the projector shows: the facilitator's choice, and what ``auto`` means in each phase.

The big screen has no controls of its own; the facilitator picks one view at a time and the
choice is stored on the session, so a reload or a server restart keeps it.
"""

from __future__ import annotations

from enum import StrEnum

from dialogcafe.domain import errors
from dialogcafe.domain.errors import N_
from dialogcafe.domain.status import SessionStatus


class ProjectorView(StrEnum):
    """One screenful: the string the database column and the wire carry."""

    AUTO = "auto"  # follows the phase (shown_view)
    JOIN = "join"  # big QR code, join code and link
    ROUND = "round"  # the round, the countdown and the question(s)
    WALL = "wall"  # the inputs, a page at a time
    SYNTHESES = "syntheses"  # the table hosts' main points, per question
    RESULTS = "results"  # the vote's results, and the themes across tables
    CLOUD = "cloud"  # the words used most


PROJECTOR_VIEW_LENGTH = 16  # the column's bound; every view name fits


def checked_view(raw: object) -> ProjectorView:
    """``raw`` as a view, or :class:`~errors.InvalidField` naming the allowed ones."""
    if isinstance(raw, str) and raw in ProjectorView.__members__.values():
        return ProjectorView(raw)
    choices = ", ".join(ProjectorView)
    raise errors.InvalidField(
        field="view", problem=N_("must be one of: {choices}"), choices=choices
    )


def shown_view(chosen: str, status: str, *, results_public: bool) -> ProjectorView:
    """The view on screen: the chosen one, or for ``auto`` the one that fits the phase.

    ``auto``: the join code before round 1, the round while rounds run, and after them the
    vote's results while the facilitator shows them, else the tables' main points.
    """
    if chosen != ProjectorView.AUTO and chosen in ProjectorView.__members__.values():
        return ProjectorView(chosen)
    if status == SessionStatus.DRAFT:
        return ProjectorView.JOIN
    if status == SessionStatus.RUNNING:
        return ProjectorView.ROUND
    return ProjectorView.RESULTS if results_public else ProjectorView.SYNTHESES
