"""Downloading the harvest: the Word report and the enriched data over HTTP.

Inputs are sent over Socket.IO as phones send them; likes, dots, a synthesis and a hidden
input are stored directly, since their own events are tested elsewhere.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import update

from dialogcafe.domain.models import DotVote, Like, Post, Synthesis
from dialogcafe.exports.files import DOCX_MEDIA_TYPE
from dialogcafe.extensions import get_database

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def harvest(
    app: Any,
    host: str,
    cafe: dict[str, Any],
    make_participant: Callable[..., dict[str, Any]],
    next_round: Callable[..., Any],
    socket_client: Callable[..., Any],
) -> dict[str, Any]:
    """One round: Kari and Ola at table 1, Per at table 2; Ola's input is hidden."""
    people = [
        make_participant(cafe["join_code"], table=t, nickname=n)
        for t, n in [(1, "Kari"), (1, "Ola"), (2, "Per")]
    ]
    next_round(host, cafe["id"])
    posts = {}
    for person, text in zip(
        people, ["Mer tid til hver beboer", "Skjult tekst", "Trygge trapper"], strict=True
    ):
        socket = socket_client(auth={"token": person["token"]})
        ack = socket.emit(
            "post", {"client_id": f"client-{person['id']}-0001", "text": text}, callback=True
        )
        assert ack["ok"] is True, ack
        posts[text] = ack["post"]["id"]
    kari, ola, per = (p["id"] for p in people)
    with app.app_context(), get_database().transaction() as db:
        db.execute(update(Post).where(Post.id == posts["Skjult tekst"]).values(status="hidden"))
        now = db.get(Post, posts["Mer tid til hver beboer"]).created_at
        db.add_all(
            [
                Like(post_id=posts["Mer tid til hver beboer"], participant_id=per, created_at=now),
                Like(post_id=posts["Skjult tekst"], participant_id=kari, created_at=now),
                DotVote(post_id=posts["Trygge trapper"], participant_id=ola, created_at=now),
                DotVote(post_id=posts["Trygge trapper"], participant_id=kari, created_at=now),
                Synthesis(
                    session_id=cafe["id"],
                    table_number=1,
                    round_number=1,
                    text="Tid er trygghet.",
                    author_id=kari,
                    updated_at=now,
                ),
            ]
        )
    return posts


def test_the_word_report_downloads_with_every_visible_input(
    client: Any,
    app: Any,
    host: str,
    cafe: dict[str, Any],
    harvest: dict[str, Any],
    bearer: Bearer,
    english: None,
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/export.docx", headers=bearer(host))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == DOCX_MEDIA_TYPE
    disposition = response.headers["Content-Disposition"]
    assert f'filename="dialogkafe-{cafe["join_code"]}.docx"' in disposition
    document = Document(io.BytesIO(response.data))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    text = "\n".join([p.text for p in document.paragraphs] + ["|".join(r) for r in rows])
    assert "Mer tid til hver beboer|Kari|" in text and "|1|0" in text
    assert "Trygge trapper|Per|" in text
    assert "Tid er trygghet." in text
    assert "Skjult tekst" not in text
    assert "Inputs hidden by moderation: 1. They are not in this report." in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[1].startswith("Question 1: ")
    assert headings[-3:] == ["Participation", "Moderation", "Method"]
    assert len(document.inline_shapes) == 1  # the participation chart
    assert document.core_properties.language == "en-GB"
    # The same report is kept under the data dir, in the organisation's language (nb).
    saved = Path(app.config["DATA_DIR"]) / cafe["join_code"] / "summary.docx"
    assert Document(str(saved)).core_properties.language == "nb-NO"


def test_the_json_export_has_votes_syntheses_and_participation(
    client: Any, host: str, cafe: dict[str, Any], harvest: dict[str, Any], bearer: Bearer
) -> None:
    document = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host)).json
    table1 = document["tables"][0]["rounds"][0]
    assert table1["synthesis"] == "Tid er trygghet."
    assert [(i["text"], i["likes"]) for i in table1["inputs"]] == [("Mer tid til hver beboer", 1)]
    assert (table1["writers"], table1["input_count"]) == (1, 1)
    assert table1["participants"] >= 1
    assert [(r["rank"], r["text"], r["dots"]) for r in document["ranking"]] == [
        (1, "Trygge trapper", 2),
        (2, "Mer tid til hver beboer", 0),
    ]
    assert document["participant_count"] == 3
    assert len(document["participation"]) == 3  # three tables, one round held


def test_the_csv_export_marks_inputs_and_syntheses(
    client: Any, host: str, cafe: dict[str, Any], harvest: dict[str, Any], bearer: Bearer
) -> None:
    """The CSV is for people: its headings and kinds in the export's language (Norwegian
    by default); the JSON keeps its English codes in every language."""
    url = f"/api/sessions/{cafe['id']}/export.csv"
    text = client.get(url, headers=bearer(host)).text
    header = text.removeprefix("\ufeff").split("\r\n", 1)[0]
    assert header.startswith("Kode,Bord,Runde,Spørsmål,Innspill-ID,Skrevet,Navn,Tekst,Type")
    assert "Skjult tekst" not in text
    assert ",Tid er trygghet.,Bordets hovedpunkter," in text
    assert ",Innspill," in text
    english = client.get(f"{url}?lang=en", headers=bearer(host)).text
    header = english.removeprefix("\ufeff").split("\r\n", 1)[0]
    assert header.startswith("Session code,Table,Round,Question,Input id,Written at,Name,Text")
    assert ",Tid er trygghet.,The table's main points," in english
    document = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host)).json
    assert "synthesis" in document["tables"][0]["rounds"][0]


def test_the_session_page_links_the_word_report(
    client: Any, auth: Any, host: str, cafe: dict[str, Any], english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    link = f'href="/api/sessions/{cafe["id"]}/export.docx" download>Report (Word)</a>'
    assert link in page


def test_the_word_report_is_written_when_the_session_closes(
    client: Any,
    app: Any,
    host: str,
    cafe: dict[str, Any],
    next_round: Callable[..., Any],
    bearer: Bearer,
) -> None:
    """A round change keeps the quick files current; summary.docx comes with the close."""
    folder = Path(app.config["DATA_DIR"]) / cafe["join_code"]
    next_round(host, cafe["id"])
    assert {"summary.md", "summary.csv", "summary.json", "table-01.md"} <= {
        p.name for p in folder.iterdir()
    }
    assert not (folder / "summary.docx").exists()
    response = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    assert response.status_code == 200, response.get_json()
    assert Document(str(folder / "summary.docx")).core_properties.language == "nb-NO"
