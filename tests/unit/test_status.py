"""The status words are the stored strings: enums on one side, plain text on the other."""

from __future__ import annotations

import json

from dialogcafe.domain.status import ROUNDS_OVER, PostStatus, SessionStatus


def test_statuses_are_the_strings_on_the_wire_and_in_the_database() -> None:
    assert [str(status) for status in SessionStatus] == ["draft", "running", "harvest", "closed"]
    assert [str(status) for status in PostStatus] == ["visible", "pending", "hidden"]
    assert json.dumps({"status": SessionStatus.HARVEST}) == '{"status": "harvest"}'
    assert f"{PostStatus.PENDING}" == "pending"


def test_a_plain_string_read_back_compares_and_looks_up_equal() -> None:
    assert SessionStatus.CLOSED == "closed"
    assert "harvest" in ROUNDS_OVER
    assert {PostStatus.VISIBLE: 1}["visible"] == 1
