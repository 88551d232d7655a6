"""Join codes (typed on small phones) and secret tokens."""

from __future__ import annotations

import pytest

from dialogcafe.domain.codes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    looks_like_join_code,
    new_join_code,
    new_token,
    normalise_join_code,
    token_hash,
)


def test_alphabet_has_no_look_alikes() -> None:
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    assert len(set(JOIN_CODE_ALPHABET)) == len(JOIN_CODE_ALPHABET) == 31
    assert JOIN_CODE_ALPHABET.upper() == JOIN_CODE_ALPHABET


def test_new_codes_use_the_alphabet_and_length() -> None:
    for _ in range(500):
        code = new_join_code()
        assert len(code) == JOIN_CODE_LENGTH == 6
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert looks_like_join_code(code)


def test_new_codes_are_practically_unique() -> None:
    codes = [new_join_code() for _ in range(5000)]
    # 5000 draws from 31**6 (~887M) codes: a collision has probability ~1.4 %, two ~0.01 %.
    assert len(set(codes)) >= len(codes) - 1


def test_new_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(new_join_code() for _ in range(2000)))
    assert seen == set(JOIN_CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABC234", "ABC234"),
        ("abc234", "ABC234"),
        ("abc 234", "ABC234"),
        ("ABC-234", "ABC234"),
        ("  a-b c\t2-3 4\n", "ABC234"),
        ("aBc--234", "ABC234"),
    ],
)
def test_normalise_accepts_what_people_type(typed: str, expected: str) -> None:
    assert normalise_join_code(typed) == expected
    assert looks_like_join_code(normalise_join_code(typed))


@pytest.mark.parametrize(
    "code",
    ["", "ABC23", "ABC2345", "ABC230", "ABCO23", "ABC1IL", "abc234", "ABC 23", "ÆBC234"],
)
def test_looks_like_join_code_rejects_impossible_codes(code: str) -> None:
    assert not looks_like_join_code(code)


def test_tokens_are_random_and_stored_only_as_hashes() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    token = next(iter(tokens))
    assert len(token) >= 32
    digest = token_hash(token)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert token not in digest
    assert token_hash(token) == digest
    assert token_hash(token + "x") != digest
