"""Join codes, host codes and secret tokens.

A join code is read aloud and typed on small phones, so new codes use an alphabet with
neither side of any look-alike pair: no 0/O, 1/I/L, 5/S, 2/Z, 8/B. That leaves 25
characters (20 letters, 5 digits). Seven of them give 25**7 ≈ 6.1 billion codes, more
than the 31**6 ≈ 887 million of the older six-character codes, so a shorter alphabet
does not make guessing a live café easier (and wrong guesses are rate limited).

Codes issued before keep working: a six-character code from the older alphabet is
still a valid code. Since no look-alike is ever issued, a typed look-alike is simply
a wrong character; nothing is mapped to its twin. Tokens are stored only as SHA-256
hashes.
"""

from __future__ import annotations

import hashlib
import re
import secrets

LOOK_ALIKES = "0O1IL5S2Z8B"
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 7
# The six-character codes issued until issue 14 (no 0/O, 1/I/L only); still accepted.
LEGACY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LEGACY_CODE_LENGTH = 6
_NOT_CODE_CHARS = re.compile(r"[\s\-‐‑‒–—.]")


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_join_code() -> str:
    """Return a fresh random join code."""
    return _new_code()


def new_host_code() -> str:
    """A session's host code: typed by table hosts, so the same easy alphabet as join codes."""
    return _new_code()


def normalise_join_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, dashes and dots ("acd 346", "ACD-346")."""
    return _NOT_CODE_CHARS.sub("", raw).upper()


def looks_like_join_code(code: str) -> bool:
    """True when ``code`` (normalised) could be a join code at all, new or from before."""
    if len(code) == JOIN_CODE_LENGTH:
        return all(c in JOIN_CODE_ALPHABET for c in code)
    return len(code) == LEGACY_CODE_LENGTH and all(c in LEGACY_CODE_ALPHABET for c in code)


def new_token() -> str:
    """Return a new secret token for a participant or an API client."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """Hash a token for storage and lookup."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
