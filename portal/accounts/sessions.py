"""How long a signed-in session lasts: 30 minutes idle, 12 hours at most (ASVS 3.3)."""

from __future__ import annotations

from datetime import datetime, timedelta

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)
# WCAG 2.2.1 Timing Adjustable: warn this long before the end, with a way to stay.
WARNING_BEFORE = timedelta(minutes=2)


def session_has_expired(signed_in_at: datetime, last_seen: datetime, now: datetime) -> bool:
    return now - last_seen > IDLE_LIMIT or now - signed_in_at > ABSOLUTE_LIMIT


def absolute_time_left(signed_in_at: datetime, now: datetime) -> timedelta:
    """How long until the 12-hour limit ends the session, however active it is."""
    return max(signed_in_at + ABSOLUTE_LIMIT - now, timedelta(0))
