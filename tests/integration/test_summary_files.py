"""The summary files under the data dir: written after each change, served when current.

Closing must not fail on a file it cannot write, and downloading the Word report after
closing must not render it again and again (seconds of a held event loop in a big café).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialogcafe.services import summary_files

Bearer = Callable[[str], dict[str, str]]


def _refuse_to_render(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("rendered although the file on disk was current")


@pytest.fixture
def folder(app: Any, host: str, cafe: dict[str, Any], next_round: Callable[..., Any]) -> Path:
    """The café's summary folder, once its first round has begun."""
    next_round(host, cafe["id"])
    return Path(app.config["DATA_DIR"]) / cafe["join_code"]


def test_downloads_in_the_files_language_serve_the_files_written_at_closing(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    folder: Path,
    bearer: Bearer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    assert closed.status_code == 200

    with monkeypatch.context() as patch:
        patch.setattr(summary_files, "render", _refuse_to_render)
        for fmt in ("md", "csv", "json", "docx"):
            response = client.get(f"/api/sessions/{cafe['id']}/export.{fmt}", headers=bearer(host))
            assert response.status_code == 200, fmt
            assert response.data == (folder / f"summary.{fmt}").read_bytes()

    english = client.get(
        f"/api/sessions/{cafe['id']}/export.md", headers=bearer(host), query_string={"lang": "en"}
    )
    assert english.status_code == 200
    assert "## Questions" in english.get_data(as_text=True)  # rendered in the asker's language
    assert "## Spørsmål" in (folder / "summary.md").read_text(encoding="utf-8")


def test_closing_succeeds_and_downloads_work_when_the_files_cannot_be_written(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    folder: Path,
    bearer: Bearer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("a file where the folder should be")

    with caplog.at_level(logging.ERROR, logger="dialogcafe.services.summary_files"):
        closed = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
        assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
        for fmt in ("md", "csv", "json", "docx"):
            response = client.get(f"/api/sessions/{cafe['id']}/export.{fmt}", headers=bearer(host))
            assert response.status_code == 200, fmt
            assert response.data
    failures = [r for r in caplog.records if "could not write the summary files" in r.message]
    assert len(failures) == 5 and all(r.exc_info is None for r in failures)  # one line each

    folder.unlink()
    response = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host))
    assert response.status_code == 200
    assert response.data == (folder / "summary.json").read_bytes()
    assert (folder / "summary.docx").is_file()  # closed: the Word report is written too


def test_refreshing_a_deleted_session_writes_nothing(app: Any) -> None:
    with app.test_request_context():
        assert summary_files.refresh_summary_files(10**6) is False
