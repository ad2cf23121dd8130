"""How the council keeps the directory current: editorial state, checking, cost history.

Plain functions over simple values (and, for cost history, the directory's own models),
so they can be tested without an app and used by any back office.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from .models import EDITORIAL_STATES, PUBLISHED, CostChange, CostOption, Service

DRAFT = "draft"
ARCHIVED = "archived"

# Draft → published → archived, and back to draft from either; a draft nobody will finish
# can be archived straight away. Publishing again after archiving goes through draft, so
# someone looks at an old service before families see it again.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (PUBLISHED, ARCHIVED),
    PUBLISHED: (DRAFT, ARCHIVED),
    ARCHIVED: (DRAFT,),
}

# Services are checked with their providers at least this often, unless the council says.
DEFAULT_CHECK_MONTHS = 12


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, ())


def next_states(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def is_editorial_state(value: str) -> bool:
    return value in EDITORIAL_STATES


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, or that month's last day if it is shorter."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_cutoff(today: date, months: int) -> date:
    """Services last checked before this day are overdue for checking."""
    return months_before(today, months)


def is_overdue(last_checked: date | None, today: date, months: int) -> bool:
    """Never checked counts as overdue: nobody has confirmed the details are right."""
    return last_checked is None or last_checked < check_cutoff(today, months)


# --- Unit cost history ----------------------------------------------------------------------


def amount_changed(previous_pence: int | None, new_pence: int | None) -> bool:
    """History is kept for amounts only: a new label or wording is no change of price."""
    return previous_pence != new_pence


def note_cost_change(
    service: Service,
    option: CostOption | None,
    *,
    label: str,
    unit: str,
    previous_pence: int | None,
    new_pence: int | None,
    changed_by: str,
    changed_at: datetime,
) -> CostChange | None:
    """Add a history entry to the service when the amount changed; None when it did not."""
    if not amount_changed(previous_pence, new_pence):
        return None
    change = CostChange(
        # Through the relationship, so an option not yet flushed (an import) is linked too.
        cost_option=option,
        label=label,
        unit=unit,
        previous_pence=previous_pence,
        new_pence=new_pence,
        changed_by=changed_by,
        changed_at=changed_at,
    )
    service.cost_changes.append(change)
    return change


@dataclass(frozen=True)
class PricedOption:
    option_id: int | None
    label: str
    unit: str
    amount_pence: int


def priced_options(service: Service) -> dict[str, PricedOption]:
    """The service's cost options by uuid, as they are now, to compare after an import."""
    return {
        option.uuid: PricedOption(option.id, option.label, option.unit, option.amount_pence)
        for option in service.cost_options
    }


def note_changes_since(
    service: Service,
    before: dict[str, PricedOption],
    *,
    changed_by: str,
    changed_at: datetime,
) -> list[CostChange]:
    """History for every amount an import changed, added or removed since ``before``."""
    noted = []
    current = {option.uuid: option for option in service.cost_options}
    for key, option in current.items():
        previous = before.get(key)
        change = note_cost_change(
            service,
            option,
            label=option.label,
            unit=option.unit,
            previous_pence=previous.amount_pence if previous is not None else None,
            new_pence=option.amount_pence,
            changed_by=changed_by,
            changed_at=changed_at,
        )
        if change is not None:
            noted.append(change)
    for key, gone in before.items():
        if key in current:
            continue
        unlink_history(service, gone.option_id)
        change = note_cost_change(
            service,
            None,
            label=gone.label,
            unit=gone.unit,
            previous_pence=gone.amount_pence,
            new_pence=None,
            changed_by=changed_by,
            changed_at=changed_at,
        )
        if change is not None:
            noted.append(change)
    return noted


def unlink_history(service: Service, option_id: int | None) -> None:
    """Keep a removed option's history, unlinked, so a later option that happens to get
    the same id (SQLite may reuse ids) never inherits it."""
    if option_id is None:
        return
    for change in service.cost_changes:
        if change.cost_option_id == option_id:
            change.cost_option = None


@dataclass(frozen=True)
class PriceChange:
    previous_pence: int
    changed_on: date


def latest_price_changes(changes: Iterable[CostChange]) -> dict[int, PriceChange]:
    """For each cost option still on offer, its latest reprice (not its first pricing)."""
    latest: dict[int, PriceChange] = {}
    ordered = sorted(changes, key=lambda change: (_as_naive_utc(change.changed_at), change.id or 0))
    for change in ordered:
        if change.cost_option_id is None or change.new_pence is None:
            continue
        if change.previous_pence is None:
            latest.pop(change.cost_option_id, None)
            continue
        latest[change.cost_option_id] = PriceChange(change.previous_pence, change.changed_at.date())
    return latest


def _as_naive_utc(moment: datetime) -> datetime:
    # SQLite hands stored moments back without their zone; they were stored as UTC.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
