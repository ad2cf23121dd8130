"""Template filters that format money, dates and units for the reader's language."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask_babel import format_currency, format_date, get_locale

from local_offer.labels import unit_label


def money(pence: int) -> str:
    """Pounds for the locale: "£7.50", and "£12" rather than "£12.00"."""
    locale = get_locale()
    pattern = None
    if pence % 100 == 0 and locale is not None:
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return str(
        format_currency(Decimal(pence) / 100, "GBP", format=pattern, currency_digits=pattern is None)
    )


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(unit_label, "unit_label")
