"""Absolute links that leave the screen: the join link and what the QR code encodes."""

from __future__ import annotations

from flask import current_app, request


def public_base_url() -> str:
    """``DIALOGCAFE_PUBLIC_URL`` when set (phones may not reach the host the facilitator
    typed, e.g. 127.0.0.1), else the address this request came in on."""
    configured: str | None = current_app.config["PUBLIC_URL"]
    return configured or request.host_url.rstrip("/")


def join_path(join_code: str) -> str:
    return f"/j/{join_code}"


def join_url(join_code: str) -> str:
    return public_base_url() + join_path(join_code)
