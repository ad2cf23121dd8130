"""How long a signed-in session lasts: 30 minutes idle, 12 hours at most (ASVS 3.3)."""

from __future__ import annotations

from datetime import datetime, timedelta

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)


def session_has_expired(signed_in_at: datetime, last_seen: datetime, now: datetime) -> bool:
    return now - last_seen > IDLE_LIMIT or now - signed_in_at > ABSOLUTE_LIMIT
