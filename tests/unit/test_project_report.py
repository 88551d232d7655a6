"""The combined report of a project: totals, target groups, shared questions and every café,
built from real summaries of three cafés (tests/project_cafes.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain.models import Facilitator
from dialogcafe.domain.project_report import (
    ProjectReport,
    build_project_report,
    question_key,
)
from dialogcafe.domain.summaries import build_session_summary
from tests.project_cafes import (
    HIDDEN_TEXT,
    SECRET_NAME,
    SHARED,
    SYNTHESIS,
    ThreeCafes,
    make_three_cafes,
)


@pytest.fixture
def three(db: Session, owner: Facilitator, now: datetime) -> ThreeCafes:
    return make_three_cafes(db, owner, now)


@pytest.fixture
def report(db: Session, three: ThreeCafes, now: datetime) -> ProjectReport:
    summaries = [build_session_summary(db, cafe, now=now) for cafe in three.cafes]
    return build_project_report("Bolig for velferd", "Tre kaféer", summaries)


def test_questions_are_the_same_whatever_their_spaces_and_case() -> None:
    assert question_key(" hva er  et godt HJEM?") == question_key("Hva er et godt hjem?")
    assert question_key("Hva er et godt hjem") != question_key("Hva er et godt hjem?")


def test_every_cafe_question_and_visible_input_is_in_the_cafe_part_exactly_once(
    report: ProjectReport, three: ThreeCafes
) -> None:
    assert [cafe.title for cafe in report.cafes] == ["Grünerløkka", "Sofienberg", "Tøyen"]
    for number, summary in enumerate(report.cafes, 1):
        texts = [post.text for table in summary.tables for s in table.rounds for post in s.posts]
        assert sorted(texts) == sorted(three.visible[number])
        assert len(texts) == len(set(texts))
        asked = [topic.text for topic in three.cafes[number - 1].topics]
        assert [q.topic for q in summary.questions] == asked


def test_no_hidden_input_and_no_name_from_the_anonymised_cafe_anywhere(
    report: ProjectReport,
) -> None:
    everything = repr(report)
    assert HIDDEN_TEXT not in everything
    assert SECRET_NAME not in everything
    assert "Kari" in repr(report.cafes[0])  # the named café keeps its names
    assert report.overview.hidden_count == 1
    assert report.cafes[0].hidden_count == 1


def test_the_overview_adds_the_cafes_up(report: ProjectReport, three: ThreeCafes) -> None:
    overview = report.overview
    assert overview.cafe_count == 3
    assert (overview.first_date, overview.last_date) == (date(2027, 3, 2), date(2027, 3, 9))
    assert overview.places == ("Grünerløkka bydelshus", "Sofienberg kirke")
    assert overview.participant_count == 6
    assert overview.input_count == sum(len(texts) for texts in three.visible.values()) == 10
    assert (overview.dots, overview.likes) == (2, 2)  # the like of the hidden input not counted
    assert overview.table_count == 6
    assert overview.question_count == 4  # the shared one counted once
    assert overview.synthesis_count == 2
    assert [(c.number, c.inputs, c.participants) for c in report.figures] == [
        (1, 4, 2),
        (2, 4, 2),
        (3, 2, 2),
    ]


def test_cafes_with_the_same_target_group_are_counted_together(report: ProjectReport) -> None:
    groups = [(g.target_group, g.cafes, g.participants, g.inputs) for g in report.groups]
    assert groups == [("Unge voksne", (1, 2), 4, 8), ("", (3,), 2, 2)]


def test_a_shared_question_has_each_cafes_answer_side_by_side(report: ProjectReport) -> None:
    (question,) = report.shared_questions
    assert (question.number, question.text) == (1, SHARED)
    assert [answer.cafe for answer in question.answers] == [1, 2]
    first, second = question.answers
    assert [a.question.post_count for a in question.answers] == [2, 2]
    assert question.input_count == 4
    assert [post.text for post in first.top] == ["Innspill 1.1 fra bord 1"]
    assert [(t.name, t.inputs) for t in first.themes] == [("Trygghet", 1)]
    assert second.themes == ()
    assert [item.section.synthesis for item in first.question.syntheses] == [SYNTHESIS]
    assert all(post.nickname == "" for post in second.top)


def test_a_project_without_cafes_has_a_report_too(now: datetime) -> None:
    empty = build_project_report("Tom", "", [], now=now)
    assert (empty.overview.cafe_count, empty.overview.first_date, empty.groups) == (0, None, ())
    with pytest.raises(ValueError):
        build_project_report("Tom", "", [])
