"""Join codes and host codes (typed on small phones) and secret tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogcafe.domain.codes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    LEGACY_CODE_ALPHABET,
    LOOK_ALIKES,
    looks_like_join_code,
    new_host_code,
    new_join_code,
    new_token,
    normalise_join_code,
    token_hash,
)

new_codes = st.text(JOIN_CODE_ALPHABET, min_size=JOIN_CODE_LENGTH, max_size=JOIN_CODE_LENGTH)
separators = st.text(" -\t", max_size=2)


def test_alphabet_has_neither_side_of_any_look_alike_pair() -> None:
    assert not set("0O1IL5S2Z8B") & set(JOIN_CODE_ALPHABET)
    assert set(LOOK_ALIKES) == set("0O1IL5S2Z8B")
    assert len(set(JOIN_CODE_ALPHABET)) == len(JOIN_CODE_ALPHABET) == 25
    assert JOIN_CODE_ALPHABET.upper() == JOIN_CODE_ALPHABET
    assert set(JOIN_CODE_ALPHABET) <= set(LEGACY_CODE_ALPHABET)


def test_more_codes_than_before_despite_the_smaller_alphabet() -> None:
    assert len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH > len(LEGACY_CODE_ALPHABET) ** 6


@pytest.mark.parametrize("make", [new_join_code, new_host_code])
def test_new_codes_use_the_alphabet_and_length(make: object) -> None:
    assert callable(make)
    for _ in range(500):
        code = make()
        assert len(code) == JOIN_CODE_LENGTH == 7
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set(LOOK_ALIKES)
        assert looks_like_join_code(code)


def test_new_codes_are_practically_unique() -> None:
    codes = [new_join_code() for _ in range(5000)]
    # 5000 draws from 25**7 (~6.1 billion) codes: a collision has probability ~0.2 %.
    assert len(set(codes)) >= len(codes) - 1


def test_new_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(new_join_code() for _ in range(2000)))
    assert seen == set(JOIN_CODE_ALPHABET)


@given(code=new_codes, lower=st.lists(st.booleans(), min_size=7, max_size=7), gaps=st.data())
def test_typed_codes_are_forgiving(code: str, lower: list[bool], gaps: st.DataObject) -> None:
    """Lower case, spaces and dashes anywhere: the same code."""
    typed = gaps.draw(separators)
    for char, small in zip(code, lower, strict=True):
        typed += (char.lower() if small else char) + gaps.draw(separators)
    assert normalise_join_code(typed) == code
    assert looks_like_join_code(normalise_join_code(typed))


@given(code=new_codes, where=st.integers(0, 6), look_alike=st.sampled_from(LOOK_ALIKES))
def test_a_typed_look_alike_is_never_mapped_to_a_valid_new_code(
    code: str, where: int, look_alike: str
) -> None:
    """No look-alike is ever issued in a 7-character code, so typing one makes a wrong code."""
    typed = code[:where] + look_alike + code[where + 1 :]
    assert normalise_join_code(typed) != code
    assert not looks_like_join_code(normalise_join_code(typed))


@given(code=new_codes, where=st.integers(0, 6))
def test_a_code_with_a_character_left_out_is_wrong(code: str, where: int) -> None:
    shorter = code[:where] + code[where + 1 :]
    assert normalise_join_code(shorter) != code


@given(st.text(LEGACY_CODE_ALPHABET, min_size=6, max_size=6))
def test_codes_issued_before_still_look_like_codes(code: str) -> None:
    """Existing sessions keep their six-character codes (from the older alphabet)."""
    assert looks_like_join_code(code)
    assert looks_like_join_code(normalise_join_code(code.lower()))


@pytest.mark.parametrize(
    "code",
    [
        *("", "ACD34", "ACD3467X9", "ACD3460", "ACDO346", "ACD1IL3", "acd3467", "ACD 346"),
        *("ÆCD3467", "ACD346S", "ACD346B", "ACD3462", "ACD3465", "ACD346Z", "ACD3468", "ABC230"),
    ],
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
