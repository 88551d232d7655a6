"""Join codes and secret tokens.

A join code is read aloud and typed on small phones, so it uses an alphabet without
look-alikes (no 0/O, 1/I/L). Six characters from 31 give ~887 million codes: far more
than sessions will ever exist, so guessing a live one by chance is impractical.
Tokens are stored only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import re
import secrets

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
_NOT_CODE_CHARS = re.compile(r"[\s\-]")


def new_join_code() -> str:
    """Return a fresh random join code."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Accept what people type: lower case, spaces and dashes ("abc 234", "ABC-234")."""
    return _NOT_CODE_CHARS.sub("", raw).upper()


def looks_like_join_code(code: str) -> bool:
    """True when ``code`` (normalised) could be a join code at all."""
    return len(code) == JOIN_CODE_LENGTH and all(c in JOIN_CODE_ALPHABET for c in code)


def new_token() -> str:
    """Return a new secret token for a participant or an API client."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """Hash a token for storage and lookup."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_host_code() -> str:
    """A session's host code: typed by table hosts, so the same easy alphabet as join codes."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
