"""The printed table cards from a real server process: the request's transaction runs on the
SQLite worker there (the in-process tests' does not), and the QR code on the paper must be
the link phones open."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from tests.e2e.support import ServerProcess, open_cafe

pytestmark = pytest.mark.e2e


def test_the_cards_of_a_real_server_carry_its_join_link(live_server: ServerProcess) -> None:
    api, cafe = open_cafe(live_server, "Kort til bordene", ("Hva er trygt?", "Hva mangler?"))
    response = api.request("GET", f"/api/sessions/{cafe['id']}/cards.pdf")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    assert len(document) == cafe["tables"] + 1
    image = document[0].render(scale=100 / 72).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [
        f"{live_server.url}/j/{cafe['join_code']}"
    ] * 2  # both halves of the folded card
    api.close()
