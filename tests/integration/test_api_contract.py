"""The JSON API through Flask's test client: status codes, bodies and error shapes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from dialogcafe.domain.codes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

Bearer = Callable[[str], dict[str, str]]
TOPICS = [
    "What makes a home feel safe?",
    "What help do you need to keep your home?",
    "How should we involve residents?",
]


def assert_json_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


# --- tokens --------------------------------------------------------------------------------


def test_token_is_issued_for_the_right_password(client: Any, runner: Any) -> None:
    runner.invoke(args=["facilitator", "create", "kari@example.no", "--password", "secret-pw-1"])
    response = client.post(
        "/api/auth/token", json={"email": "Kari@Example.no", "password": "secret-pw-1"}
    )
    assert response.status_code == 200
    token = response.get_json()["token"]
    assert isinstance(token, str) and len(token) >= 32


def test_each_token_works_on_its_own(
    client: Any, make_facilitator: Callable[..., tuple[int, str]], bearer: Bearer
) -> None:
    _id, first = make_facilitator("kari@example.no", "secret-pw-1")
    second = client.post(
        "/api/auth/token", json={"email": "kari@example.no", "password": "secret-pw-1"}
    ).get_json()["token"]
    assert first != second
    for token in (first, second):
        response = client.post(
            "/api/sessions",
            json={"title": "T", "tables": 1, "topics": ["q"], "rounds": 1, "round_minutes": 5},
            headers=bearer(token),
        )
        assert response.status_code == 201


@pytest.mark.parametrize(
    ("email", "password"),
    [("host@example.no", "wrong password"), ("nobody@example.no", "correct horse battery")],
)
def test_wrong_credentials_get_401(client: Any, host: str, email: str, password: str) -> None:
    response = client.post("/api/auth/token", json={"email": email, "password": password})
    body = assert_json_error(response, 401, "bad_credentials")
    assert "token" not in body


@pytest.mark.parametrize("body", [{}, {"email": "host@example.no"}, {"email": 1, "password": 2}])
def test_token_request_without_text_credentials_is_400(client: Any, body: dict[str, Any]) -> None:
    assert_json_error(client.post("/api/auth/token", json=body), 400, "bad_request")


# --- sessions ------------------------------------------------------------------------------


def test_create_session_returns_201_with_id_code_and_links(
    client: Any, host: str, bearer: Bearer
) -> None:
    body = {
        "title": "  Bo trygt  ",
        "description": "Om boliger",
        "tables": 3,
        "topics": [*TOPICS, "   "],
        "rounds": 2,
        "round_minutes": 25,
    }
    response = client.post("/api/sessions", json=body, headers=bearer(host))
    assert response.status_code == 201
    cafe = response.get_json()
    assert isinstance(cafe["id"], int)
    code = cafe["join_code"]
    assert len(code) == JOIN_CODE_LENGTH and set(code) <= set(JOIN_CODE_ALPHABET)
    assert cafe["join_url"] == f"http://localhost/j/{code}"
    assert cafe["qr_url"] == f"http://localhost/j/{code}/qr.svg"
    assert cafe["title"] == "Bo trygt"
    assert (cafe["tables"], cafe["rounds"], cafe["round_minutes"]) == (3, 2, 25)
    assert cafe["topics"] == TOPICS
    assert (cafe["status"], cafe["round"], cafe["round_ends_at"]) == ("draft", 0, None)
    assert cafe["table_topics"] == [{"table": i + 1, "topic": t} for i, t in enumerate(TOPICS)]


def test_the_join_url_uses_the_public_url_when_set(
    app: Any, client: Any, host: str, make_session: Callable[..., dict[str, Any]]
) -> None:
    app.config["PUBLIC_URL"] = "http://192.168.1.20:5000"
    cafe = make_session(host)
    assert cafe["join_url"] == f"http://192.168.1.20:5000/j/{cafe['join_code']}"


ENGLISH_FIELD_NAMES = {
    "tables": "Number of tables",
    "rounds": "Number of rounds",
    "round_minutes": "Minutes per round",
    "title": "Title",
    "topics": "Questions",
    "rotation": "Between rounds",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tables": 0}, "tables"),
        ({"tables": "3"}, "tables"),
        ({"tables": True}, "tables"),
        ({"rounds": 13}, "rounds"),
        ({"round_minutes": None}, "round_minutes"),
        ({"title": ""}, "title"),
        ({"topics": ["", " "]}, "topics"),
        ({"topics": "not a list"}, "topics"),
        ({"rotation": "tables"}, "rotation"),
    ],
)
def test_bad_session_fields_get_400_naming_the_field(
    client: Any, host: str, bearer: Bearer, english: None, change: dict[str, Any], field: str
) -> None:
    body = {"title": "T", "tables": 3, "topics": TOPICS, "rounds": 3, "round_minutes": 20}
    response = client.post("/api/sessions", json={**body, **change}, headers=bearer(host))
    error = assert_json_error(response, 400, "invalid_field")
    assert error["field"] == field
    assert error["error"].startswith(f"{ENGLISH_FIELD_NAMES[field]}: ")
    assert "{" not in error["error"]  # every placeholder filled


def test_show_session_returns_the_session(client: Any, host: str, cafe: dict[str, Any]) -> None:
    response = client.get(
        f"/api/sessions/{cafe['id']}", headers={"Authorization": f"Bearer {host}"}
    )
    assert response.status_code == 200
    assert response.get_json() == cafe


# --- rounds --------------------------------------------------------------------------------


def test_next_round_starts_and_rotates(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    url = f"/api/sessions/{cafe['id']}/rounds/next"
    first = client.post(url, headers=bearer(host))
    assert first.status_code == 200
    body = first.get_json()
    assert (body["round"], body["rounds"], body["status"]) == (1, 3, "running")
    assert body["tables"] == [{"table": i + 1, "topic": t} for i, t in enumerate(TOPICS)]
    assert body["round_started_at"].endswith("Z") and body["round_ends_at"].endswith("Z")

    second = client.post(url, headers=bearer(host)).get_json()
    assert second["round"] == 2
    assert [t["topic"] for t in second["tables"]] == [TOPICS[1], TOPICS[2], TOPICS[0]]
    third = client.post(url, headers=bearer(host)).get_json()
    assert [t["topic"] for t in third["tables"]] == [TOPICS[2], TOPICS[0], TOPICS[1]]

    over = client.post(url, headers=bearer(host))
    body = assert_json_error(over, 409, "no_more_rounds")
    assert "siste runden" in body["error"]  # the default language is Norwegian


def test_rounds_write_the_summary_files(
    app: Any, host: str, cafe: dict[str, Any], next_round: Callable[..., Any]
) -> None:
    next_round(host, cafe["id"])
    folder = app.config["DATA_DIR"] / cafe["join_code"]
    assert {p.name for p in folder.iterdir()} >= {
        "summary.md",
        "summary.csv",
        "summary.json",
        "table-01.md",
        "table-03.md",
    }


def test_close_session(client: Any, host: str, cafe: dict[str, Any], bearer: Bearer) -> None:
    response = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    assert response.status_code == 200
    assert response.get_json()["status"] == "closed"
    again = client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    assert_json_error(again, 409, "session_closed")
    nxt = client.post(f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer(host))
    assert_json_error(nxt, 409, "session_closed")


# --- joining -------------------------------------------------------------------------------


def test_join_returns_201_with_participant_and_session(client: Any, cafe: dict[str, Any]) -> None:
    response = client.post(f"/api/join/{cafe['join_code']}", json={"nickname": " Kari "})
    assert response.status_code == 201
    body = response.get_json()
    person = body["participant"]
    assert isinstance(person["id"], int)
    assert isinstance(person["token"], str) and len(person["token"]) >= 32
    assert person["table"] == 1
    assert person["nickname"] == "Kari"
    assert body["session"]["id"] == cafe["id"]
    assert body["session"]["topics"] == TOPICS


def test_join_without_a_body_seats_at_the_least_full_table(
    client: Any, cafe: dict[str, Any]
) -> None:
    tables = [
        client.post(f"/api/join/{cafe['join_code']}").get_json()["participant"]["table"]
        for _ in range(4)
    ]
    assert tables == [1, 2, 3, 1]


def test_join_at_a_chosen_table_and_with_a_typed_code(
    client: Any, cafe: dict[str, Any], make_participant: Callable[..., dict[str, Any]]
) -> None:
    code = cafe["join_code"]
    assert make_participant(code, table=3)["table"] == 3
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    assert make_participant(typed, nickname="Ola")["nickname"] == "Ola"


@pytest.mark.parametrize("table", [0, 4, "2", "{", "{0}"])
def test_join_at_an_unknown_table_is_400(
    client: Any, cafe: dict[str, Any], english: None, table: Any
) -> None:
    response = client.post(f"/api/join/{cafe['join_code']}", json={"table": table})
    body = assert_json_error(response, 400, "unknown_table")
    assert "1 to 3" in body["error"]


def test_join_with_an_unknown_code_is_404(client: Any, cafe: dict[str, Any]) -> None:
    code = "ZZZZZZ" if cafe["join_code"] != "ZZZZZZ" else "YYYYYY"
    assert_json_error(client.post(f"/api/join/{code}", json={}), 404, "unknown_session")
    assert_json_error(client.post("/api/join/not-a-code", json={}), 404, "unknown_session")


def test_join_a_closed_session_is_409(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    client.post(f"/api/sessions/{cafe['id']}/close", headers=bearer(host))
    response = client.post(f"/api/join/{cafe['join_code']}", json={})
    assert_json_error(response, 409, "session_closed")


def test_join_with_a_bad_nickname_is_400(client: Any, cafe: dict[str, Any], english: None) -> None:
    response = client.post(f"/api/join/{cafe['join_code']}", json={"nickname": "x" * 41})
    body = assert_json_error(response, 400, "invalid_field")
    assert body["field"] == "nickname"
    assert body["error"].startswith("Name: ")


# --- authorisation and malformed requests --------------------------------------------------


def facilitator_calls(session_id: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        (
            "post",
            "/api/sessions",
            {"title": "T", "tables": 1, "topics": ["q"], "rounds": 1, "round_minutes": 5},
        ),
        ("get", f"/api/sessions/{session_id}", None),
        ("post", f"/api/sessions/{session_id}/rounds/next", None),
        ("post", f"/api/sessions/{session_id}/close", None),
        ("get", f"/api/sessions/{session_id}/export.json", None),
    ]


def test_facilitator_endpoints_without_a_bearer_are_401(client: Any, cafe: dict[str, Any]) -> None:
    for method, url, body in facilitator_calls(cafe["id"]):
        response = getattr(client, method)(url, json=body)
        assert_json_error(response, 401, "not_authenticated")


@pytest.mark.parametrize(
    "header", ["Bearer wrong-token", "Bearer ", "Basic aG9zdDpwdw==", "wrong-token"]
)
def test_facilitator_endpoints_with_a_wrong_bearer_are_401(
    client: Any, cafe: dict[str, Any], header: str
) -> None:
    for method, url, body in facilitator_calls(cafe["id"]):
        response = getattr(client, method)(url, json=body, headers={"Authorization": header})
        assert response.status_code == 401, url
        assert response.get_json()["code"] in {"invalid_token", "not_authenticated"}


def test_a_participant_token_is_no_facilitator_token(
    client: Any, cafe: dict[str, Any], make_participant: Callable[..., Any], bearer: Bearer
) -> None:
    person = make_participant(cafe["join_code"])
    response = client.post(
        f"/api/sessions/{cafe['id']}/rounds/next", headers=bearer(person["token"])
    )
    assert_json_error(response, 401, "invalid_token")


def test_another_facilitators_session_is_404(
    client: Any,
    cafe: dict[str, Any],
    make_facilitator: Callable[..., tuple[int, str]],
    bearer: Bearer,
) -> None:
    _id, intruder = make_facilitator("intruder@example.no")
    for method, url, body in facilitator_calls(cafe["id"])[1:]:
        response = getattr(client, method)(url, json=body, headers=bearer(intruder))
        assert_json_error(response, 404, "unknown_session")
    missing = client.get(f"/api/sessions/{cafe['id'] + 99}", headers=bearer(intruder))
    assert_json_error(missing, 404, "unknown_session")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/api/auth/token", "{not json"),
        ("/api/auth/token", "[1, 2]"),
        ("/api/sessions", "{'title': 'single quotes'}"),
        ("/api/sessions", '"just a string"'),
        ("/api/join/{code}", "{broken"),
    ],
)
def test_malformed_json_is_400_with_a_message(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer, english: None, url: str, data: str
) -> None:
    response = client.post(
        url.format(code=cafe["join_code"]),
        data=data,
        content_type="application/json",
        headers=bearer(host),
    )
    body = assert_json_error(response, 400, "bad_request")
    assert body["error"] == "The request body must be a JSON object."


def test_unknown_api_routes_answer_json(client: Any) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["code"] == "not_found"


def test_too_large_bodies_are_refused(client: Any, cafe: dict[str, Any]) -> None:
    response = client.post(
        f"/api/join/{cafe['join_code']}",
        data=json.dumps({"nickname": "x" * 300_000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.is_json


def test_the_api_sends_security_headers(client: Any) -> None:
    response = client.post("/api/auth/token", json={})
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- exports -------------------------------------------------------------------------------


@pytest.fixture
def harvested(
    host: str,
    cafe: dict[str, Any],
    make_participant: Callable[..., dict[str, Any]],
    next_round: Callable[..., Any],
    socket_client: Callable[..., Any],
) -> list[dict[str, Any]]:
    """Two rounds of posts from three tables, sent over Socket.IO; returns the stored posts."""
    people = [
        make_participant(cafe["join_code"], table=t, nickname=n)
        for t, n in [(1, "Kari"), (2, ""), (3, "Ola")]
    ]
    sockets = [socket_client(auth={"token": p["token"]}) for p in people]
    stored = []
    for rnd in (1, 2):
        next_round(host, cafe["id"])
        for socket, person in zip(sockets, people, strict=True):
            for n in range(2 if person["table"] != 3 or rnd == 1 else 0):
                text = f"Innspill {n} fra bord {person['table']} i runde {rnd}, =SUM(A1)"
                ack = socket.emit(
                    "post",
                    {"client_id": f"client-{person['id']}-{rnd}-{n}", "text": text},
                    callback=True,
                )
                assert ack["ok"] is True, ack
                stored.append(ack["post"])
    assert len(stored) == 10
    return stored


def test_json_export_has_every_post(
    client: Any, host: str, cafe: dict[str, Any], harvested: list[dict[str, Any]], bearer: Bearer
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/export.json", headers=bearer(host))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert f"dialogkafe-{cafe['join_code']}.json" in response.headers["Content-Disposition"]
    document = response.get_json()
    exported = {
        item["id"]: item
        for table in document["tables"]
        for section in table["rounds"]
        for item in section["inputs"]
    }
    assert len(exported) == document["input_count"] == len(harvested)
    for post in harvested:
        item = exported[post["id"]]
        for key in ("table", "round", "topic", "text", "nickname", "created_at"):
            assert item[key] == post[key], key
    # Table 3 wrote nothing in round 2, which is still listed with its question.
    table3 = document["tables"][2]
    # (Rounds carry more keys since the harvest features: synthesis, participants, ...)
    assert {k: table3["rounds"][1][k] for k in ("round", "topic", "inputs")} == {
        "round": 2,
        "topic": TOPICS[0],
        "inputs": [],
    }


def test_csv_export_has_every_post(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    harvested: list[dict[str, Any]],
    bearer: Bearer,
    english: None,
) -> None:
    """The CSV's headings are in the export's language (here English)."""
    response = client.get(f"/api/sessions/{cafe['id']}/export.csv", headers=bearer(host))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows = {int(r["Input id"]): r for r in reader}
    assert len(rows) == len(harvested)
    for post in harvested:
        row = rows[post["id"]]
        assert (row["Table"], row["Round"]) == (str(post["table"]), str(post["round"]))
        assert row["Question"] == post["topic"]
        assert row["Text"] == post["text"]  # "=SUM" is inside the text, not at its start


def test_markdown_export_has_every_post(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    harvested: list[dict[str, Any]],
    bearer: Bearer,
    english: None,
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/export.md", headers=bearer(host))
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    for post in harvested:
        assert post["text"] in text
    for table in (1, 2, 3):
        assert f"## Table {table}" in text
    assert f"### Round 2: {TOPICS[2]}" in text


def test_one_tables_markdown_export(
    client: Any,
    host: str,
    cafe: dict[str, Any],
    harvested: list[dict[str, Any]],
    bearer: Bearer,
    english: None,
) -> None:
    url = f"/api/sessions/{cafe['id']}/tables/2/export.md"
    response = client.get(url, headers=bearer(host))
    assert response.status_code == 200
    assert f"dialogkafe-{cafe['join_code']}-table-02.md" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "## Table 2" in text and "## Table 1" not in text
    for post in harvested:
        assert (post["text"] in text) == (post["table"] == 2)
    missing = client.get(f"/api/sessions/{cafe['id']}/tables/4/export.md", headers=bearer(host))
    assert_json_error(missing, 400, "unknown_table")


def test_export_of_an_unknown_format_is_400(
    client: Any, host: str, cafe: dict[str, Any], bearer: Bearer
) -> None:
    response = client.get(f"/api/sessions/{cafe['id']}/export.xml", headers=bearer(host))
    assert_json_error(response, 400, "bad_request")
