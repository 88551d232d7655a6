"""Joining a session over the API: a participant's token, with no account."""

from __future__ import annotations

from typing import Any

from flask import request

from dialogcafe.adapters import notifier
from dialogcafe.clock import utcnow
from dialogcafe.domain import participants, sessions
from dialogcafe.views.facilitator import people_overview
from dialogcafe.views.payloads import participant_payload, session_payload
from dialogcafe.web import limits
from dialogcafe.web.api import bp
from dialogcafe.web.edge import json_body, transaction


@bp.post("/join/<join_code>")
@limits.join_code_tries
@limits.joins
def join(join_code: str) -> tuple[dict[str, Any], int]:
    body = {} if not request.get_data() else json_body()
    with transaction() as db:
        cafe = sessions.session_by_join_code(db, join_code)
        joined = participants.join(
            db,
            cafe,
            nickname=body.get("nickname"),
            table=body.get("table"),
            now=utcnow(),
            stay_seated=body.get("stay_seated") is True,
        )
        result = {
            "participant": participant_payload(joined.participant, joined.token),
            "session": session_payload(cafe),
        }
        people = people_overview(db, cafe)
    notifier.people_changed(cafe.id, people)
    return result, 201
