"""Signed, expiring links for confirming an email address, resetting a password and
changing the email address of an account."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 - a token purpose, not a password
CHANGE_EMAIL = "change-email"
LIFETIMES = {CONFIRM_EMAIL: 7 * 24 * 60 * 60, RESET_PASSWORD: 60 * 60, CHANGE_EMAIL: 24 * 60 * 60}
# An admin invites a new member of staff or broker to set their own password.
STAFF_INVITATION = "staff-invitation"
LIFETIMES[STAFF_INVITATION] = 3 * 24 * 60 * 60


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


def email_fingerprint(email: str) -> str:
    """Stands for an address in a link without showing it: a signed token is readable by
    whoever has it, and the link to change an address goes to the new one."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = (CHANGE_EMAIL + ":" + email.strip().lower()).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def reset_fingerprint(password_hash: str, email: str) -> str:
    """Ties a password reset link to both the password and the address it was sent to:
    the link stops working once the password is set, and also once the account's
    address changes, so a link in an old mailbox cannot take the account back."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = (RESET_PASSWORD + ":" + password_hash + ":" + email.strip().lower()).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    new_email: str
    current_email_fingerprint: str

    def still_applies_to(self, current_email: str) -> bool:
        """False once the account's address has changed, so each link works once."""
        return hmac.compare_digest(self.current_email_fingerprint, email_fingerprint(current_email))


def make_change_email_token(user_id: int, new_email: str, current_email: str) -> str:
    return _serializer(CHANGE_EMAIL).dumps([user_id, new_email, email_fingerprint(current_email)])


def read_change_email_token(token: str) -> EmailChange | None:
    try:
        user_id, new_email, fingerprint = _serializer(CHANGE_EMAIL).loads(
            token, max_age=LIFETIMES[CHANGE_EMAIL]
        )
    except (BadSignature, ValueError, TypeError):
        return None
    if not (
        isinstance(user_id, int) and isinstance(new_email, str) and isinstance(fingerprint, str)
    ):
        return None
    return EmailChange(user_id, new_email, fingerprint)
