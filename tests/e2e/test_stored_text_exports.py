"""Issue 11, item 3: whatever text is stored, every export downloads and closing succeeds.

Input is cleaned where it arrives now, but rows stored before (or by another tool) may hold
NUL and other control characters or XML-invalid code points. They are written straight into
the real server's SQLite file here, as such a row would be, and then every format is
downloaded from the running server, the café is closed, and the files on disk are checked.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from dialogcafe.adapters.database import make_engine
from dialogcafe.domain.models import CafeSession, DotVote, Like, Participant, Post, Synthesis, Topic
from tests.e2e.support import ApiClient, ServerProcess, create_cafe

pytestmark = pytest.mark.e2e

CONTROLS = "".join(chr(c) for c in range(0x01, 0x20) if chr(c) not in "\t\n") + "\x7f"
NEVER_SHOWN = set(CONTROLS.replace("\r", "") + "\x00\ufffe\uffff")  # CR becomes a line break
BAD_TEXTS = (
    "a\x00b",
    f"before{CONTROLS}after",
    "x\ufffey\uffffz",
    "Lang" + "ø" * 20_000,
    '=HYPERLINK("http://example.com","klikk")',
    "\x00=1+1",
    "@SUM(A1)",
    "\u202eRTL-overstyring\u202c og \u200fmerke",
    "Emoji 👩\u200d👩\u200d👧 🇳🇴",
)
FORMAT_FILES = ("summary.md", "summary.csv", "summary.json", "summary.docx")


def _engine(server: ServerProcess) -> Engine:
    return make_engine(f"sqlite:///{server.data_dir / 'dialogcafe.sqlite3'}")


def _start_cafe(api: ApiClient) -> dict[str, Any]:
    """A session of two tables with a participant at each and round 1 running."""
    cafe = create_cafe(api, "Gamle rader", ["Trygg bolig", "Medvirkning"], rounds=2, start=False)
    for table, name in ((1, "Kari"), (2, "Ola")):
        body = {"table": table, "nickname": name}
        api.post_json(f"/api/join/{cafe['join_code']}", body, expect=201)
    api.post_json(f"/api/sessions/{cafe['id']}/rounds/next")
    return cafe


def _store_bad_rows(server: ServerProcess, session_id: int) -> None:
    """Write what an old row could hold into every text a report shows, past any edge check."""
    engine = _engine(server)
    now = datetime.now(UTC)
    try:
        with Session(engine) as db, db.begin():
            people = db.scalars(
                select(Participant)
                .where(Participant.session_id == session_id)
                .order_by(Participant.table_number)
            ).all()
            topics = db.scalars(
                select(Topic).where(Topic.session_id == session_id).order_by(Topic.position)
            ).all()
            db.execute(
                update(CafeSession)
                .where(CafeSession.id == session_id)
                .values(title="Gamle\x00 rader\x1b[31m", description="Beskrivelse\x0c\ufffe")
            )
            topics[0].text = "Trygg\x00 bolig\x07"
            people[0].nickname = "Kari\x00\x08"
            posts = [
                Post(
                    session_id=session_id,
                    participant_id=people[i % 2].id,
                    client_id=f"old-row-{i}",
                    table_number=people[i % 2].table_number,
                    round_number=1,
                    topic_id=topics[i % 2].id,
                    text=text,
                    on_behalf=i == 2,
                    on_behalf_name="Astrid\x00" if i == 2 else "",
                    created_at=now,
                )
                for i, text in enumerate(BAD_TEXTS)
            ]
            db.add_all(posts)
            db.flush()
            db.add_all(
                [
                    Like(post_id=posts[0].id, participant_id=people[1].id, created_at=now),
                    DotVote(post_id=posts[1].id, participant_id=people[0].id, created_at=now),
                    Synthesis(
                        session_id=session_id,
                        table_number=1,
                        round_number=1,
                        text="Syntese\x00 med\x0b kontroll\ufffe",
                        author_id=people[0].id,
                        updated_at=now,
                    ),
                ]
            )
        with Session(engine) as db:  # the database really holds the NUL: the test means it
            stored = db.scalars(select(Post.text).where(Post.session_id == session_id)).all()
            assert "a\x00b" in stored
    finally:
        engine.dispose()


def _assert_clean(text: str) -> None:
    leftovers = set(text) & NEVER_SHOWN
    assert not leftovers, sorted(leftovers)


def _check_download(fmt: str, content: bytes) -> None:
    """A valid file of its format, with the old rows in it, cleaned."""
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    elif fmt == "json":
        text = json.dumps(json.loads(content), ensure_ascii=False)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        text = "\n".join(cell for row in rows for cell in row)
        cells = {row[7] for row in rows[1:]}
        assert {"ab", "before\nafter", "'=1+1", "'@SUM(A1)", "'" + BAD_TEXTS[4]} <= cells
    else:
        text = content.decode("utf-8")
    _assert_clean(text)
    assert "ab" in text and "xyz" in text and "Lang" + "ø" * 20_000 in text
    assert "👩\u200d👩\u200d👧" in text and "\u202eRTL" in text


def _download_everything(api: ApiClient, session_id: int) -> None:
    for fmt in ("md", "csv", "json", "docx"):
        response = api.request("GET", f"/api/sessions/{session_id}/export.{fmt}")
        _check_download(fmt, response.content)
    for table in (1, 2):
        response = api.request("GET", f"/api/sessions/{session_id}/tables/{table}/export.md")
        _assert_clean(response.content.decode("utf-8"))


def _make_stale(folder: Path) -> None:
    """Date every file in ``folder`` back to 1970, so a rewritten one shows by its time."""
    for path in folder.iterdir():
        os.utime(path, ns=(0, 0))


def _files_are_fresh(folder: Path) -> None:
    """Every summary file is there, rewritten (see ``_make_stale``), for the closed session."""
    for name in (*FORMAT_FILES, "table-01.md", "table-02.md"):
        path = folder / name
        assert path.is_file(), f"{name} was not written"
        assert path.stat().st_mtime_ns > 0, f"{name} is stale"
    assert json.loads((folder / "summary.json").read_bytes())["session"]["status"] == "closed"
    _check_download("docx", (folder / "summary.docx").read_bytes())
    _check_download("csv", (folder / "summary.csv").read_bytes())


def test_old_rows_with_control_characters_never_break_an_export_or_closing(
    live_server: ServerProcess, api: ApiClient
) -> None:
    cafe = _start_cafe(api)
    _store_bad_rows(live_server, cafe["id"])

    _download_everything(api, cafe["id"])

    folder = live_server.data_dir / cafe["join_code"]
    assert {p.name for p in folder.iterdir()} >= set(FORMAT_FILES)  # the downloads wrote them
    _make_stale(folder)
    closed = api.post_json(f"/api/sessions/{cafe['id']}/close")
    assert closed["status"] == "closed"
    _files_are_fresh(folder)

    written = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    _download_everything(api, cafe["id"])
    # Nothing changed since closing: the downloads leave the current files alone...
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == written
    # ...and write again whatever is missing or was changed behind the server's back.
    (folder / "summary.docx").unlink()
    _make_stale(folder)
    api.request("GET", f"/api/sessions/{cafe['id']}/export.csv")
    _files_are_fresh(folder)
    assert "Traceback" not in live_server.log_path.read_text(encoding="utf-8", errors="replace")


def test_a_failing_file_write_costs_neither_closing_nor_a_download(
    live_server: ServerProcess, api: ApiClient
) -> None:
    """The summary folder cannot be written (a file stands in its place): closing commits
    and answers 200, downloads still work, and the first download after the fix writes
    every file again."""
    cafe = _start_cafe(api)
    _store_bad_rows(live_server, cafe["id"])
    folder = live_server.data_dir / cafe["join_code"]
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("not a folder")

    assert api.post_json(f"/api/sessions/{cafe['id']}/close")["status"] == "closed"
    assert api.request("GET", f"/api/sessions/{cafe['id']}").json()["status"] == "closed"
    _download_everything(api, cafe["id"])
    log = live_server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "could not write the summary files of session " + cafe["join_code"] in log
    assert "Traceback" not in log

    folder.unlink()
    response = api.request("GET", f"/api/sessions/{cafe['id']}/export.md")
    _check_download("md", response.content)
    _files_are_fresh(folder)
