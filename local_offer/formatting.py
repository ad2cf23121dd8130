"""Template filters that format money, dates and units for the reader's language."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from flask import Flask
from flask_babel import format_currency, format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _

from .labels import days_label, unit_label


def money(pence: int) -> str:
    """Pounds for the locale: "£7.50", and "£12" rather than "£12.00"."""
    locale = get_locale() or Locale.parse("en_GB")
    pattern = locale.currency_formats["standard"].pattern
    # Every language shows the pound sign: some locales would write "GBP".
    pattern = pattern.replace("¤", "'£'")
    if pence % 100 == 0:
        pattern = pattern.replace(".00", "")
    return str(format_currency(Decimal(pence) / 100, "GBP", format=pattern, currency_digits=False))


def miles(distance: float) -> str:
    return str(format_decimal(round(distance, 1), format="#,##0.0"))


def language_names(codes: str) -> str:
    """ "en,pl,ur" → "English, Polish, Urdu", in the reader's language."""
    reader = get_locale() or Locale("en")
    names = []
    for code in codes.split(","):
        try:
            names.append(Locale.parse(code.strip()).get_display_name(reader) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code.strip())
    return ", ".join(names)


def time_of_day(text: str) -> str:
    """ "10:00" → "10am", "13:30" → "1:30pm", "12:00" → "midday" in English (GOV.UK style);
    the locale's own short time format in other languages."""
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        moment = time(hours, minutes)
    except ValueError:
        return text
    locale = get_locale()
    if locale is not None and locale.language != "en":
        return str(format_time(moment, format="short"))
    if moment == time(12, 0):
        return str(_("midday"))
    if moment == time(0, 0):
        return str(_("midnight"))
    suffix = "am" if hours < 12 else "pm"
    hour = hours % 12 or 12
    return f"{hour}{suffix}" if minutes == 0 else f"{hour}:{minutes:02d}{suffix}"


def register_template_filters(app: Flask) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(miles, "miles")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(unit_label, "unit_label")
    app.add_template_filter(days_label, "days_label")
    app.add_template_filter(language_names, "language_names")
    app.add_template_filter(time_of_day, "time_of_day")
