"""Downloading the Excel workbook over HTTP, and where the facilitator finds it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from dialogcafe.exports.files import XLSX_MEDIA_TYPE

Bearer = Callable[[str], dict[str, str]]


def _post(socket_client: Callable[..., Any], person: dict[str, Any], text: str) -> None:
    socket = socket_client(auth={"token": person["token"]})
    ack = socket.emit(
        "post", {"client_id": f"client-{person['id']}-0001", "text": text}, callback=True
    )
    assert ack["ok"] is True, ack


def test_the_workbook_downloads_with_every_input(
    client: Any,
    app: Any,
    host: str,
    cafe: dict[str, Any],
    make_participant: Callable[..., dict[str, Any]],
    next_round: Callable[..., Any],
    socket_client: Callable[..., Any],
    bearer: Bearer,
    english: None,
) -> None:
    kari = make_participant(cafe["join_code"], table=1, nickname="Kari")
    next_round(host, cafe["id"])
    _post(socket_client, kari, "=1+1")
    response = client.get(f"/api/sessions/{cafe['id']}/export.xlsx", headers=bearer(host))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX_MEDIA_TYPE
    disposition = response.headers["Content-Disposition"]
    assert f'filename="dialogkafe-{cafe["join_code"]}.xlsx"' in disposition
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["All inputs"]  # asked in English
    assert [cell.value for cell in sheet[2]][:4] == [cafe["topics"][0], 1, 1, "=1+1"]
    assert sheet["D2"].data_type == "s"
    assert len(workbook.sheetnames) == 1 + len(cafe["topics"])
    # The file under the data dir is in the organisation's language (nb).
    saved = Path(app.config["DATA_DIR"]) / cafe["join_code"] / "summary.xlsx"
    assert load_workbook(saved).sheetnames[0] == "Alle innspill"


def test_the_session_page_links_the_workbook(
    client: Any, auth: Any, host: str, cafe: dict[str, Any], english: None
) -> None:
    assert auth.login("host@example.no").status_code == 302
    page = client.get(f"/sessions/{cafe['id']}").get_data(as_text=True)
    assert f'href="/api/sessions/{cafe["id"]}/export.xlsx" download>' in page
