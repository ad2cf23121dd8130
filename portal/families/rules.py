"""Rules for a child's record, as plain functions."""

from __future__ import annotations

from datetime import date

# The Local Offer covers children and young people up to their 26th birthday.
OLDEST_AGE = 25


def age_on(date_of_birth: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def read_date_of_birth(
    day: str, month: str, year: str, today: date
) -> tuple[date | None, str | None]:
    """The date from GOV.UK's three boxes, or a code for what is wrong with it.

    Codes: "missing", "missing_day", "missing_month", "missing_year", "not_real",
    "in_future", "too_old".
    """
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
        born = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return None, "not_real"
    if born > today:
        return None, "in_future"
    if age_on(born, today) > OLDEST_AGE:
        return None, "too_old"
    return born, None
