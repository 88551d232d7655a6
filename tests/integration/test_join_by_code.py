"""Joining by code: a wrong code or a refused join keeps what the person typed."""

from __future__ import annotations

import html
import re
from typing import Any

from dialogcafe.domain.codes import JOIN_CODE_LENGTH, LOOK_ALIKES


def code_box(page: str) -> str:
    match = re.search(r'<input id="code"[^>]*>', page, re.S)
    assert match is not None
    return match.group(0)


def test_a_wrong_code_stays_in_the_box_with_the_error_linked(client: Any) -> None:
    response = client.get("/join", query_string={"code": "acd 34x"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    box = code_box(page)
    assert 'value="acd 34x"' in box
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="form-error code-hint"' in box
    assert 'id="form-error"' in page and 'role="alert"' in page
    assert "Vi finner ingen dialogkafé med den koden." in page


def test_the_code_box_is_big_and_forgiving(client: Any) -> None:
    box = code_box(client.get("/").get_data(as_text=True))
    for attribute in ('autocomplete="off"', 'autocapitalize="characters"', 'inputmode="text"'):
        assert attribute in box
    assert 'spellcheck="false"' in box and "aria-invalid" not in box
    assert 'value=""' in box
    # No placeholder teaching a look-alike ("ABC234" had B and 2).
    assert "placeholder" not in box


def test_what_is_shown_back_is_escaped_and_bounded(client: Any) -> None:
    typed = '"><script>x</script>' + "y" * 100
    page = client.get("/join", query_string={"code": typed}).get_data(as_text=True)
    assert "<script>x</script>" not in page
    box = code_box(page)
    shown = html.unescape(re.search(r'value="([^"]*)"', box).group(1))  # type: ignore[union-attr]
    assert typed.startswith(shown) and len(shown) == 16


def test_a_code_typed_in_any_case_with_spaces_and_dashes_joins(
    client: Any, cafe: dict[str, Any]
) -> None:
    code = cafe["join_code"]
    assert len(code) == JOIN_CODE_LENGTH and not set(code) & set(LOOK_ALIKES)
    typed = f"{code[:3].lower()}-{code[3:]} "
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"] == f"/j/{code}"


def test_a_refused_join_keeps_the_name_and_the_choice(client: Any, cafe: dict[str, Any]) -> None:
    response = client.post(
        f"/j/{cafe['join_code']}",
        data={"nickname": "Kari Nordmann", "table": "99", "stay_seated": "on"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Kari Nordmann"' in page
    assert '<input type="checkbox" name="stay_seated" id="stay_seated" checked>' in page
    assert "Det finnes ikke noe bord 99." in page
    assert '<fieldset class="choice-group table-choice" aria-describedby="form-error">' in page


def test_a_refused_join_keeps_the_chosen_table(client: Any, cafe: dict[str, Any]) -> None:
    too_long = "<b>" + "x" * 60  # names are at most 40 characters
    response = client.post(f"/j/{cafe['join_code']}", data={"nickname": too_long, "table": "2"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'value="&lt;b&gt;{"x" * 60}"' in page
    assert 'aria-describedby="form-error nickname-hint" aria-invalid="true"' in page
    assert '<input type="radio" name="table" value="2" checked>' in page
    assert '<input type="radio" name="table" value="" >' not in page
