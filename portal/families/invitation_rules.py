"""Rules for invitations and claim codes, as plain functions.

An invitation to join a family reaches the invitee as a link (a long random token) or,
from a broker at a drop-in, as a short claim code printed on paper. Only a keyed hash of
either is stored, so someone who reads the database cannot use an invitation.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

# Letters and digits that cannot be mistaken for one another when read aloud or written
# by hand: none of 0/O, 1/I/L, 2/Z, 5/S or 8/B, and no U (fewer rude words by accident).
CLAIM_CODE_ALPHABET = "ACDEFGHJKMNPQRTVWXY34679"
CLAIM_CODE_LENGTH = 8
# A family invites someone for two weeks; a parent handed a code at a drop-in may need
# longer to get online, so a code lasts a month.
INVITATION_LIFETIME = timedelta(days=14)
CLAIM_CODE_LIFETIME = timedelta(days=30)


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def new_claim_code() -> str:
    """Eight characters from the clear alphabet (24**8, about 37 bits): enough when
    entering a code is throttled and a code lasts a month."""
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def show_claim_code(code: str) -> str:
    """ "ABCD3467" → "ABCD-3467", easier to read out and copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_claim_code(typed: str) -> str | None:
    """The code as stored, from however it was typed (any case, spaces or dashes), or None
    when it cannot be a code at all."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in " -‐–—_.\t")
    if len(cleaned) != CLAIM_CODE_LENGTH:
        return None
    if any(ch not in CLAIM_CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def digest(secret_key: str | bytes, purpose: str, value: str) -> str:
    """A keyed hash of a token or code. Keyed with the app's secret, because a short code's
    plain hash could be reversed by trying every code."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def invitation_is_open(
    accepted_at: datetime | None,
    cancelled_at: datetime | None,
    expires_at: datetime,
    now: datetime,
) -> bool:
    """An invitation works once, until it expires or the family cancels it."""
    return accepted_at is None and cancelled_at is None and now < as_utc(expires_at)


def as_utc(moment: datetime) -> datetime:
    # SQLite hands back times without their zone; everything is stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
