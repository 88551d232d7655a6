"""Printed material for the room: the facilitator's table cards and door poster (PDF)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dialogcafe.domain.roles import Action
from dialogcafe.domain.rotation import topic_index
from dialogcafe.exports.files import ExportFile
from dialogcafe.exports.labels import Translate
from dialogcafe.services.ownership import owned_session
from dialogcafe.services.unit_of_work import UnitOfWork, run


def table_cards(
    facilitator_id: int,
    session_id: int,
    link_for: Callable[[str], str],
    translate: Translate,
    language: str,
) -> ExportFile:
    """The table cards of one of the facilitator's cafés, with each table's question in
    round 1 (the question it keeps in "people move" mode), and the door poster.

    ``link_for`` makes the join link from the join code (the edge knows the public
    address); the PDF is drawn after the transaction, from plain values.
    """
    # Imported here: reportlab and qrcode (Pillow) load only when cards are printed, not
    # in every serving process (tests/integration/test_server_footprint.py).
    from dialogcafe.exports.table_cards import CardTable, RoomPrint, render_table_cards

    def work(uow: UnitOfWork) -> RoomPrint:
        cafe = owned_session(uow.db, facilitator_id, session_id, Action.DOWNLOAD)
        questions = [topic.text for topic in cafe.topics]
        tables = tuple(
            CardTable(number, questions[topic_index(number, 1, len(questions), cafe.rotation)])
            for number in range(1, cafe.table_count + 1)
        )
        return RoomPrint(
            title=cafe.title,
            join_url="",  # made below: the transaction may run where no request is
            join_code=cafe.join_code,
            questions_move=cafe.rotation == "topics",
            tables=tables,
        )

    stored = run(work)
    room = replace(stored, join_url=link_for(stored.join_code))
    return ExportFile(
        name=f"dialogkafe-{room.join_code}-table-cards.pdf",
        content=render_table_cards(room, translate, language=language),
        media_type="application/pdf",
    )
