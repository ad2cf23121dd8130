"""Rules for a child's record, as plain functions."""

from __future__ import annotations

from datetime import date

# The Local Offer covers children and young people up to their 26th birthday.
OLDEST_AGE = 25


def age_on(date_of_birth: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def read_date(day: str, month: str, year: str) -> tuple[date | None, str | None]:
    """A date from GOV.UK's three boxes, or a code for what is wrong with it:
    "missing", "missing_day", "missing_month", "missing_year" or "not_real"."""
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    empty = [name for name, value in parts.items() if not value]
    if len(empty) == 3:
        return None, "missing"
    if empty:
        return None, f"missing_{empty[0]}"
    if not all(value.isascii() and value.isdecimal() for value in parts.values()):
        return None, "not_real"
    if len(parts["year"]) != 4:
        return None, "not_real"
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), None
    except (ValueError, OverflowError):
        # A day or month of 40 digits does not fit a C long: not a real date either.
        return None, "not_real"


def read_date_of_birth(
    day: str, month: str, year: str, today: date
) -> tuple[date | None, str | None]:
    """As read_date, and also "in_future" or "too_old" (past the Local Offer's ages)."""
    born, problem = read_date(day, month, year)
    if born is None:
        return None, problem
    if born > today:
        return None, "in_future"
    if age_on(born, today) > OLDEST_AGE:
        return None, "too_old"
    return born, None


# A family gives a broker access for a limited time; a year is the longest at once.
LONGEST_CONSENT_DAYS = 366


def consent_is_live(revoked: bool, expires_on: date, today: date) -> bool:
    """Consent counts until the end of its last day, and never after it is revoked."""
    return not revoked and today <= expires_on


def read_consent_end(
    day: str, month: str, year: str, today: date
) -> tuple[date | None, str | None]:
    """As read_date, and also "in_past" or "too_far" (more than a year ahead)."""
    end, problem = read_date(day, month, year)
    if end is None:
        return None, problem
    if end < today:
        return None, "in_past"
    if (end - today).days > LONGEST_CONSENT_DAYS:
        return None, "too_far"
    return end, None


# Young people (the design says roughly 11 to 25) can have their own account; younger
# children's records are kept by their parents alone.
YOUNGEST_WITH_OWN_ACCOUNT = 11
# From 16 a young person holds their own record: they, not their parents, decide who
# sees their views (in line with the Mental Capacity Act's presumption from 16).
AGE_OF_OWN_RECORD = 16


def can_have_own_account(date_of_birth: date, today: date) -> bool:
    return age_on(date_of_birth, today) >= YOUNGEST_WITH_OWN_ACCOUNT


def holds_own_record(date_of_birth: date, today: date) -> bool:
    return age_on(date_of_birth, today) >= AGE_OF_OWN_RECORD


def views_visible_to(
    viewer: str,
    date_of_birth: date,
    today: date,
    shared_with_family: bool,
    shared_with_broker: bool,
) -> bool:
    """Whether a parent ("family") or a broker acting for the family ("broker") may read a
    young person's views. Nobody sees them until the young person shares them. Under 16 a
    broker sees what the family sees; from 16 the young person decides about each."""
    if viewer == "family":
        return shared_with_family
    if viewer == "broker":
        if holds_own_record(date_of_birth, today):
            return shared_with_broker
        return shared_with_family
    return False


# A broker records a parent's consent given in person when it is given, not long after.
LONGEST_AGO_AGREED_DAYS = 28


def read_agreement_date(
    day: str, month: str, year: str, today: date
) -> tuple[date | None, str | None]:
    """The day a parent agreed in person: as read_date, and also "in_future" or
    "too_long_ago" (more than 4 weeks before today)."""
    agreed, problem = read_date(day, month, year)
    if agreed is None:
        return None, problem
    if agreed > today:
        return None, "in_future"
    if (today - agreed).days > LONGEST_AGO_AGREED_DAYS:
        return None, "too_long_ago"
    return agreed, None
