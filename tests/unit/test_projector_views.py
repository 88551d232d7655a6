"""What the projector shows: the allowed views and what ``auto`` means in each phase."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors
from dialogcafe.domain.projector import ProjectorView, checked_view, shown_view
from dialogcafe.domain.status import SessionStatus


def test_every_view_is_accepted_as_itself() -> None:
    for view in ("auto", "join", "round", "wall", "syntheses", "results", "cloud"):
        assert checked_view(view) == view


@pytest.mark.parametrize("raw", ["", "disco", "AUTO", " wall", None, 3, ["wall"], {"v": 1}])
def test_anything_else_is_refused_naming_the_choices(raw: object) -> None:
    with pytest.raises(errors.InvalidField) as refused:
        checked_view(raw)
    assert "auto, join, round, wall, syntheses, results, cloud" in str(refused.value)


@pytest.mark.parametrize(
    ("status", "results_public", "shown"),
    [
        (SessionStatus.DRAFT, False, ProjectorView.JOIN),
        (SessionStatus.RUNNING, False, ProjectorView.ROUND),
        (SessionStatus.HARVEST, False, ProjectorView.SYNTHESES),
        (SessionStatus.HARVEST, True, ProjectorView.RESULTS),
        (SessionStatus.CLOSED, True, ProjectorView.RESULTS),
    ],
)
def test_auto_follows_the_phase(status: str, results_public: bool, shown: str) -> None:
    assert shown_view("auto", status, results_public=results_public) == shown


def test_a_chosen_view_stays_whatever_the_phase() -> None:
    for status in SessionStatus:
        assert shown_view("cloud", status, results_public=True) == ProjectorView.CLOUD
        assert shown_view("join", status, results_public=False) == ProjectorView.JOIN


def test_an_unknown_stored_value_falls_back_to_auto() -> None:
    assert shown_view("old", SessionStatus.RUNNING, results_public=False) == ProjectorView.ROUND
