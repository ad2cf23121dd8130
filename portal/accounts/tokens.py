"""Signed, expiring links for confirming an email address and resetting a password."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 - a token purpose, not a password
LIFETIMES = {CONFIRM_EMAIL: 7 * 24 * 60 * 60, RESET_PASSWORD: 60 * 60}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, user_id: int, fingerprint: str) -> str:
    """A link token. The fingerprint (part of the password hash, or the email) makes a
    reset link single-use: once the password changes, the old link no longer matches."""
    return _serializer(purpose).dumps([user_id, fingerprint])


def read_token(purpose: str, token: str) -> tuple[int, str] | None:
    try:
        user_id, fingerprint = _serializer(purpose).loads(token, max_age=LIFETIMES[purpose])
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(fingerprint, str):
        return None
    return user_id, fingerprint
