"""The one cleaning pass for what clients send (inbound.py)."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors, inbound


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("a\u0000b", "ab"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nline\rmac", "windows\nline\nmac"),
        ("bell\x07 esc\x1b del\x7f c1\x85", "bell esc del c1"),
        ("lone \ud800 surrogate \udfff", "lone \ufffd surrogate \ufffd"),
        ("non\ufffecharacter\uffff", "noncharacter"),
        ("Hei på deg 👋 مرحبا", "Hei på deg 👋 مرحبا"),
    ],
)
def test_clean_text_keeps_what_people_write_and_drops_the_rest(sent: str, kept: str) -> None:
    assert inbound.clean_text(sent) == kept
    kept.encode("utf-8")  # always encodable


def test_clean_value_cleans_keys_and_nested_texts() -> None:
    assert inbound.clean_value({"te\u0000xt": ["a\ud800", {"b": "c\x01"}], "n": 3}) == {
        "text": ["a\ufffd", {"b": "c"}],
        "n": 3,
    }


@pytest.mark.parametrize(
    "sent",
    [
        2**53,
        -(2**63),
        10**40,
        float("nan"),
        float("inf"),
        b"bytes",
        {"deep": [[[[[[[[["too deep"]]]]]]]]]},
        list(range(inbound.MAX_ITEMS + 1)),
    ],
)
def test_clean_value_refuses_what_no_client_of_ours_sends(sent: object) -> None:
    with pytest.raises(errors.BadRequest):
        inbound.clean_value(sent)


def test_clean_value_passes_ordinary_bodies_through() -> None:
    body = {"client_id": "c-1", "text": "Mer lys i oppgangen", "on_behalf": True, "x": 1.5}
    assert inbound.clean_value(body) == body
    assert inbound.clean_value(None) is None


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("999999999", 999_999_999),
        ("9" * 10, "9" * 10),
        ("", ""),
        ("x", "x"),
        ("-3", "-3"),
    ],
)
def test_form_number_reads_short_digit_runs_only(raw: str, parsed: object) -> None:
    assert inbound.form_number(raw) == parsed
