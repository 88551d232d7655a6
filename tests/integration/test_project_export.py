"""``GET /api/projects/<id>/export.<fmt>``: the combined report of a project over HTTP.

The project and its three cafés are made directly in the database (tests/project_cafes.py):
the project pages and their API are another module's. Only the owner's own project is
checked here; the roles of a project's members come with the projects service.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from dialogcafe.domain.models import Facilitator
from dialogcafe.exports.files import MEDIA_TYPES
from dialogcafe.extensions import get_database
from tests.project_cafes import HIDDEN_TEXT, SECRET_NAME, make_three_cafes

Bearer = Callable[[str], dict[str, str]]
NAME = "Bolig for velferd – Grünerløkka 2027"


@pytest.fixture
def owner(make_facilitator: Callable[..., tuple[int, str]]) -> tuple[int, str]:
    return make_facilitator("organiser@example.no")


@pytest.fixture
def project_id(app: Any, owner: tuple[int, str], now: datetime) -> int:
    with app.app_context(), get_database().transaction() as db:
        account = db.get(Facilitator, owner[0])
        assert account is not None
        three = make_three_cafes(db, account, now, project_name=NAME)
        assert three.project is not None
        return three.project.id


def test_the_owner_downloads_the_combined_report_in_every_format(
    client: Any, owner: tuple[int, str], project_id: int, bearer: Bearer
) -> None:
    for fmt in ("docx", "pdf", "xlsx", "json"):
        url = f"/api/projects/{project_id}/export.{fmt}?lang=en"
        response = client.get(url, headers=bearer(owner[1]))
        assert response.status_code == 200, response.data[:200]
        assert response.headers["Content-Type"] == MEDIA_TYPES[fmt]
        disposition = response.headers["Content-Disposition"]
        assert f'filename="dialogkafe-project-{project_id}.{fmt}"' in disposition
    document = json.loads(
        client.get(f"/api/projects/{project_id}/export.json", headers=bearer(owner[1])).data
    )
    assert [cafe["title"] for cafe in document["cafes"]] == ["Grünerløkka", "Sofienberg", "Tøyen"]
    assert document["overview"]["input_count"] == 10
    raw = json.dumps(document, ensure_ascii=False)
    assert HIDDEN_TEXT not in raw and SECRET_NAME not in raw


def test_the_report_is_in_the_requests_language(
    client: Any, owner: tuple[int, str], project_id: int, bearer: Bearer
) -> None:
    url = f"/api/projects/{project_id}/export.docx"
    english = Document(io.BytesIO(client.get(f"{url}?lang=en", headers=bearer(owner[1])).data))
    headings = [p.text for p in english.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Contents", "Overview", "Participation"]
    assert english.core_properties.language == "en-GB"
    pdf = client.get(f"/api/projects/{project_id}/export.pdf?lang=nb", headers=bearer(owner[1]))
    reader = PdfReader(io.BytesIO(pdf.data))
    assert reader.metadata.title == NAME
    assert "Deltakelse" in reader.pages[2].extract_text()  # "Participation" in bokmål


def test_an_unknown_format_is_a_404_with_a_json_error(
    client: Any, owner: tuple[int, str], project_id: int, bearer: Bearer
) -> None:
    response = client.get(f"/api/projects/{project_id}/export.md", headers=bearer(owner[1]))
    assert response.status_code == 404
    assert response.json["code"] == "unknown_format"


def test_someone_elses_or_a_missing_project_looks_the_same(
    client: Any,
    make_facilitator: Callable[..., tuple[int, str]],
    project_id: int,
    bearer: Bearer,
) -> None:
    _other_id, other = make_facilitator("someone@example.no")
    for wanted in (project_id, project_id + 100):
        response = client.get(f"/api/projects/{wanted}/export.pdf", headers=bearer(other))
        assert response.status_code == 404
        assert response.json["code"] == "unknown_project"


def test_without_an_account_the_download_is_refused(client: Any, project_id: int) -> None:
    response = client.get(f"/api/projects/{project_id}/export.json")
    assert response.status_code == 401


def test_an_id_beyond_the_database_is_a_404(
    client: Any, owner: tuple[int, str], bearer: Bearer
) -> None:
    response = client.get(f"/api/projects/{2**70}/export.json", headers=bearer(owner[1]))
    assert response.status_code == 404
