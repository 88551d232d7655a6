"""One participant's data as JSON: the answer to their access request (GDPR article 15).

Stable English keys, like the summary's JSON (``tables.py``), so the organiser can pass
the file on as it is. Nothing in it points at other people: the likes an input got are a
count, and the likes and dots the person gave are counts too.
"""

from __future__ import annotations

import json
from typing import Any

from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.participant_erasure import PersonRecord
from dialogcafe.domain.timestamps import iso


def person_document(cafe: CafeSession, record: PersonRecord) -> dict[str, Any]:
    """The record as a JSON-ready mapping: the café, the person, their inputs and the rest."""
    person = record.participant
    return {
        "cafe": {"title": cafe.title, "join_code": cafe.join_code},
        "participant": {
            "nickname": person.nickname,
            "joined_at": iso(person.created_at),
            "table": person.table_number,
            "stay_seated": person.stay_seated,
            "hosted_table": person.hosted_table,
        },
        "inputs": [
            {
                "id": post.id,
                "table": post.table_number,
                "round": post.round_number,
                "question": post.topic.text,
                "text": post.text,
                "status": post.status,
                "hidden_reason": post.hidden_reason,
                "on_behalf": post.on_behalf,
                "on_behalf_name": post.on_behalf_name,
                "late": post.late,
                "likes": record.likes_received.get(post.id, 0),
                "created_at": iso(post.created_at),
            }
            for post in record.posts
        ],
        "syntheses": [
            {
                "table": synthesis.table_number,
                "round": synthesis.round_number,
                "text": synthesis.text,
                "updated_at": iso(synthesis.updated_at),
            }
            for synthesis in record.syntheses
        ],
        "seats": [
            {"round": seat.round_number, "table": seat.table_number} for seat in record.seats
        ],
        "likes_given": record.likes_given,
        "dots_given": record.dots_given,
    }


def render_person_json(cafe: CafeSession, record: PersonRecord) -> str:
    """The record as indented UTF-8 JSON."""
    return json.dumps(person_document(cafe, record), ensure_ascii=False, indent=2) + "\n"
