"""Template filters that format money, dates and units for the reader's language."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from flask import Flask
from flask_babel import format_currency, format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from .labels import days_label, unit_label
from .models import CostOption


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


def cost_summary(options: list[CostOption]) -> str:
    """One line for a results list: "Free", "From £9 per session", or, when a service
    has a free option and priced ones, "Free, or from £60 per week"."""
    priced = [option for option in options if option.unit != "free" and option.amount_pence > 0]
    has_free = len(priced) < len(options)
    if not priced:
        return _("Free") if has_free else ""
    cheapest = min(priced, key=lambda option: option.amount_pence)
    amount, unit = money(cheapest.amount_pence), unit_label(cheapest.unit)
    if has_free:
        return _("Free, or from %(amount)s %(unit)s", amount=amount, unit=unit)
    return _("From %(amount)s %(unit)s", amount=amount, unit=unit)


def english_text() -> Markup:
    """Attributes for text that is shown in English whatever the page's language (a
    provider's own words, the council's pages), so screen readers switch voice and, in a
    right-to-left page, the English reads left to right."""
    from .languages import current

    language = current()
    if language.code.startswith("en"):
        return Markup("")
    direction = ' dir="ltr"' if language.direction == "rtl" else ""
    return Markup(' lang="en"' + direction)  # noqa: S704 - fixed text, nothing from a user


def register_template_filters(app: Flask) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(miles, "miles")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(unit_label, "unit_label")
    app.add_template_filter(days_label, "days_label")
    app.add_template_filter(language_names, "language_names")
    app.add_template_filter(time_of_day, "time_of_day")
    app.add_template_global(english_text, "english_text")
    app.add_template_filter(cost_summary, "cost_summary")
