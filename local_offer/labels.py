"""Words shown for the directory's stored codes, translatable and resolved per request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

UNIT_LABELS = {
    "hour": _l("per hour"),
    "session": _l("per session"),
    "day": _l("per day"),
    "night": _l("per night"),
    "week": _l("per week"),
    "item": _l("per item"),
    "mile": _l("per mile"),
    "free": _l("free"),
}

SORT_LABELS = {
    "relevance": _l("Best match"),
    "distance": _l("Nearest first"),
    "cost": _l("Lowest cost first"),
    "name": _l("Name (A to Z)"),
}

DAY_LABELS = {
    "MO": _l("Monday"),
    "TU": _l("Tuesday"),
    "WE": _l("Wednesday"),
    "TH": _l("Thursday"),
    "FR": _l("Friday"),
    "SA": _l("Saturday"),
    "SU": _l("Sunday"),
}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def days_label(byday: str) -> str:
    return ", ".join(str(DAY_LABELS.get(code, code)) for code in byday.split(",") if code)
