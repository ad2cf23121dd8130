"""Money rules for the directory. Amounts are integer pence; rounding happens here, once."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

PENCE_PER_POUND = 100
# The largest amount the database's integer pence columns hold.
MAX_PENCE = 2**31 - 1
# Digits with optional thousands commas, and at most two decimal places.
_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{0,2})?|\.\d{1,2}", re.ASCII)
# Pounds and pence with a decimal comma, as Polish and many European readers write them.
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}", re.ASCII)


def hourly_pence(amount_pence: int, unit: str, duration_minutes: int | None) -> int | None:
    """The cost of one hour of a priced option, or None where an hour means nothing.

    A session, day or night can be compared by the hour only when its length is known.
    Rounded half up to the penny, the one place a directory cost is rounded.
    """
    if unit == "free":
        return 0
    if unit == "hour":
        return amount_pence
    if unit in {"session", "day", "night"} and duration_minutes:
        exact = Decimal(amount_pence) * 60 / Decimal(duration_minutes)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def pounds_to_pence(text: str) -> int | None:
    """Parse what a person types for an amount of money ("12", "£7.50", "7,50", "1,200") into pence.

    Returns None for anything that is not a non-negative amount with at most two decimals.
    """
    cleaned = text.strip().removeprefix("£").strip()
    if _DECIMAL_COMMA.fullmatch(cleaned):
        cleaned = cleaned.replace(",", ".")
    # Checked by shape before Decimal sees it, so "1e3", "5_000" or "1,2,3" are refused
    # rather than read as surprising amounts.
    elif not _AMOUNT.fullmatch(cleaned):
        return None
    pence = int(Decimal(cleaned.replace(",", "")) * PENCE_PER_POUND)
    return pence if pence <= MAX_PENCE else None
