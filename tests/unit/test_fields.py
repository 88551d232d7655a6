"""What clients send: the one cleaning pass and the field checks (domain/fields.py)."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors, fields


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
    assert fields.clean_text(sent) == kept
    kept.encode("utf-8")  # always encodable


def test_clean_value_cleans_keys_and_nested_texts() -> None:
    assert fields.clean_value({"te\u0000xt": ["a\ud800", {"b": "c\x01"}], "n": 3}) == {
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
        list(range(fields.MAX_ITEMS + 1)),
    ],
)
def test_clean_value_refuses_what_no_client_of_ours_sends(sent: object) -> None:
    with pytest.raises(errors.BadRequest):
        fields.clean_value(sent)


def test_clean_value_passes_ordinary_bodies_through() -> None:
    body = {"client_id": "c-1", "text": "Mer lys i oppgangen", "on_behalf": True, "x": 1.5}
    assert fields.clean_value(body) == body
    assert fields.clean_value(None) is None


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
    assert fields.form_number(raw) == parsed


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (True, "tables: must be a whole number"),
        ("3", "tables: must be a whole number"),
        (2.0, "tables: must be a whole number"),
        (None, "tables: must be a whole number"),
        (0, "tables: must be between 1 and 30"),
        (31, "tables: must be between 1 and 30"),
    ],
)
def test_whole_number_says_which_is_wrong(sent: object, message: str) -> None:
    with pytest.raises(errors.InvalidField, match=f"^{message}$") as caught:
        fields.whole_number(sent, field="tables", minimum=1, maximum=30)
    assert caught.value.params["field"] == "tables"


@pytest.mark.parametrize("sent", [False, "2", 21, -1])
def test_whole_number_with_its_own_problem_says_it_for_both(sent: object) -> None:
    problem = "must be a whole number from {low} to {high}"
    with pytest.raises(errors.InvalidField, match=r"^dots: must be a whole number from 0 to 20$"):
        fields.whole_number(sent, field="dots", minimum=0, maximum=20, problem=problem)


def test_whole_number_keeps_the_bounds() -> None:
    assert fields.whole_number(1, field="tables", minimum=1, maximum=30) == 1
    assert fields.whole_number(30, field="tables", minimum=1, maximum=30) == 30
    assert fields.is_whole_number(0)
    assert not fields.is_whole_number(True)


@pytest.mark.parametrize("sent", [1, 0, "true", None])
def test_a_flag_is_only_true_or_false(sent: object) -> None:
    with pytest.raises(errors.InvalidField, match=r"^liked: must be true or false$"):
        fields.flag(sent, field="liked")
    assert fields.flag(False, field="liked") is False


@pytest.mark.parametrize(
    ("sent", "options", "kept"),
    [
        (None, {}, ""),
        ("  a text \n", {}, "a text"),
        ("two\n\nlines", {}, "two\n\nlines"),
        ("  Kari \n  Nordmann ", {"one_line": True}, "Kari Nordmann"),
        ("x" * 20, {}, "x" * 20),
    ],
)
def test_text_is_trimmed(sent: object, options: dict[str, bool], kept: str) -> None:
    assert fields.text(sent, field="title", max_length=20, **options) == kept


@pytest.mark.parametrize(
    ("sent", "required", "message"),
    [
        (3, False, "title: must be text"),
        (["a"], False, "title: must be text"),
        ("   ", True, "title: is required"),
        (None, True, "title: is required"),
        ("x" * 6, False, "title: at most 5 characters"),
    ],
)
def test_text_refusals(sent: object, required: bool, message: str) -> None:
    with pytest.raises(errors.InvalidField, match=f"^{message}$"):
        fields.text(sent, field="title", max_length=5, required=required)
