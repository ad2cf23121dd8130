"""Keeps each service's denormalised search fields in step with its costs and taxonomy."""

from __future__ import annotations

from .models import Service
from .money import hourly_pence


def refresh_search_fields(service: Service) -> None:
    """Set is_free, hourly_cost_pence and search_text from the service's own records.

    Call it whenever a service, its cost options or its taxonomy terms change.
    """
    options = service.cost_options
    service.is_free = bool(options) and all(
        option.unit == "free" or option.amount_pence == 0 for option in options
    )
    hourly = [
        value
        for option in options
        if (value := hourly_pence(option.amount_pence, option.unit, option.duration_minutes))
        is not None
    ]
    service.hourly_cost_pence = min(hourly) if hourly else None
    parts = [
        service.summary or "",
        service.description or "",
        service.who_it_suits or "",
        service.organisation.name if service.organisation else "",
        " ".join(term.name for term in service.terms),
        " ".join(option.label for option in options),
    ]
    service.search_text = "\n".join(part for part in parts if part)
