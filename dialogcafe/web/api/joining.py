"""Joining a session over the API: a participant's token, with no account."""

from __future__ import annotations

from typing import Any

from flask import request

from dialogcafe.services import joining
from dialogcafe.web import limits
from dialogcafe.web.api import bp
from dialogcafe.web.edge import json_body


@bp.post("/join/<join_code>")
@limits.join_code_tries
@limits.joins
def join(join_code: str) -> tuple[dict[str, Any], int]:
    body = {} if not request.get_data() else json_body()
    joined = joining.join(
        join_code,
        nickname=body.get("nickname"),
        table=body.get("table"),
        stay_seated=body.get("stay_seated") is True,
        describe_session=True,
    )
    return {"participant": joined.participant, "session": joined.session}, 201
