"""When a closed account's personal data is due to go, and what is left of a record once
it has gone. Plain rules, with no database and no Flask (see docs/retention.md)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

DEFAULT_RETENTION_DAYS = 90

# What identifies a person in a record's audit view, an account event or a young
# person's views; what is left (whether there was an EHC plan, say) identifies nobody.
PERSONAL_FIELDS = frozenset(
    {"first_name", "last_name", "full_name", "email", "date_of_birth", "needs", "views"}
)
REMOVED = "removed"
ANONYMOUS_FIRST_NAME = "Removed"
CLOSED_EMAIL_DOMAIN = "closed.invalid"


def anonymise_on(closed_at: datetime, retention_days: int) -> date:
    """The first day a closed account's personal data may be removed."""
    return closed_at.date() + timedelta(days=retention_days)


def account_is_due(
    closed_at: datetime | None, anonymised_at: datetime | None, today: date, retention_days: int
) -> bool:
    if closed_at is None or anonymised_at is not None:
        return False
    return today >= anonymise_on(closed_at, retention_days)


def family_closed_at(member_closures: Sequence[datetime | None]) -> datetime | None:
    """When a family's account closed: when the last of its members closed theirs. None
    while anyone in the family (such as a young person with their own account) is open."""
    if not member_closures or any(closed is None for closed in member_closures):
        return None
    return max(closed for closed in member_closures if closed is not None)


def family_is_due(
    member_closures: Sequence[datetime | None],
    anonymised_at: datetime | None,
    today: date,
    retention_days: int,
) -> bool:
    return account_is_due(family_closed_at(member_closures), anonymised_at, today, retention_days)


def child_is_due(family_due: bool, kept_until: Sequence[date], today: date) -> bool:
    """A child's record goes with the family's, unless the council must keep a record
    about them (an approved support plan, say) for longer: then it waits for the last."""
    return family_due and all(today >= until for until in kept_until)


def new_anonymous_reference() -> str:
    """Stands for a person in the audit trail once their name and email have gone."""
    return "anon-" + secrets.token_hex(5)


def anonymous_email(reference: str) -> str:
    # .invalid can never be delivered to (RFC 2606), and keeps the column unique.
    return f"{reference}@{CLOSED_EMAIL_DOMAIN}"


def year_of_birth_only(date_of_birth: date) -> date:
    """Keeps the age band a kept record or a statistic needs, and nothing more."""
    return date(date_of_birth.year, 1, 1)


def redacted(view: Mapping[str, object]) -> dict[str, object]:
    """A record's audit view with the values that identify someone removed; the field
    names stay, so the trail still shows what was changed."""
    return {
        key: REMOVED if key in PERSONAL_FIELDS and value not in (None, "") else value
        for key, value in view.items()
    }


def redacted_json(text: str | None) -> str | None:
    """The same for an audit event's stored before or after."""
    if text is None:
        return None
    try:
        view = json.loads(text)
    except ValueError:
        return json.dumps(REMOVED)
    if not isinstance(view, dict):
        return json.dumps(REMOVED)
    return json.dumps(redacted(view), sort_keys=True)
