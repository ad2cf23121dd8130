"""Money rules for the directory. Amounts are integer pence; rounding happens here, once."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENCE_PER_POUND = 100


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
    """Parse what a person types for an amount of money ("12", "£7.50", "1,200") into pence.

    Returns None for anything that is not a non-negative amount with at most two decimals.
    """
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return int(amount * PENCE_PER_POUND)
