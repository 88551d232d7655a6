"""Dialogkafé: live dialogue cafés with phones, tables and rotating questions.

Importing this package must stay cheap and import no I/O library: ``app.py`` imports it
only after eventlet or gevent has monkey-patched the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application (see :func:`dialogcafe.factory.build_app`)."""
    from dialogcafe.factory import build_app

    return build_app(config)
