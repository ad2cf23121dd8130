"""Finding audit events: the admin's search, and what a family sees of who has looked at
their records. Queries and plain values only; the views put them into words."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from .models import AuditEvent

PAGE_SIZE = 25
# Ids are database integers; anything larger cannot match and must not reach the query.
LARGEST_ID = 2**31 - 1
LAST_PAGE = 100_000


def page_number(text: str | None) -> int:
    """The page asked for in a query string; anything odd is the first page."""
    if text is None or not text.isascii() or not text.isdecimal() or len(text) > 6:
        return 1
    return min(max(int(text), 1), LAST_PAGE)


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    return max((total + page_size - 1) // page_size, 1)


@dataclass(frozen=True)
class AuditFilters:
    email: str | None = None
    action: str | None = None
    record_type: str | None = None
    record_id: int | None = None
    from_date: date | None = None
    to_date: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def matching_events(session: Session, filters: AuditFilters) -> Select[AuditEvent]:
    query = select(AuditEvent)
    if filters.email:
        person_ids = select(User.id).where(func.lower(User.email) == filters.email.lower())
        query = query.where(
            or_(
                AuditEvent.actor_id.in_(person_ids),
                AuditEvent.subject_id.in_(person_ids),
                AuditEvent.on_behalf_of_id.in_(person_ids),
            )
        )
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.record_type:
        query = query.where(AuditEvent.record_type == filters.record_type)
    if filters.record_id is not None:
        query = query.where(AuditEvent.record_id == filters.record_id)
    if filters.from_date:
        query = query.where(AuditEvent.occurred_at >= _start_of(filters.from_date))
    if filters.to_date:
        query = query.where(AuditEvent.occurred_at < _start_of(filters.to_date + timedelta(days=1)))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def about_a_family(
    member_ids: Sequence[int], child_ids: Sequence[int], family_id: int, consent_ids: Sequence[int]
) -> ColumnElement[bool]:
    """Events about a family's people, children, sharing or the family itself."""
    conditions: list[ColumnElement[bool]] = [
        and_(AuditEvent.record_type == "family", AuditEvent.record_id == family_id)
    ]
    if member_ids:
        conditions += [
            AuditEvent.subject_id.in_(member_ids),
            AuditEvent.on_behalf_of_id.in_(member_ids),
        ]
    if child_ids:
        conditions.append(
            and_(AuditEvent.record_type == "child", AuditEvent.record_id.in_(child_ids))
        )
    if consent_ids:
        conditions.append(
            and_(AuditEvent.record_type == "consent", AuditEvent.record_id.in_(consent_ids))
        )
    return or_(*conditions)


def looked_at_by_others(
    member_ids: Sequence[int], child_ids: Sequence[int], family_id: int, consent_ids: Sequence[int]
) -> Select[AuditEvent]:
    """Every look at or change to a family's records by someone outside the family
    (brokers, officers, admins), newest first. Events nobody was signed in for, such as a
    failed sign-in, are security events rather than looks."""
    outsider: ColumnElement[bool] = AuditEvent.actor_id.is_not(None)
    if member_ids:
        outsider = and_(outsider, AuditEvent.actor_id.not_in(member_ids))
    return (
        select(AuditEvent)
        .where(about_a_family(member_ids, child_ids, family_id, consent_ids), outsider)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def one_page(
    session: Session, query: Select[AuditEvent], page: int, page_size: int = PAGE_SIZE
) -> tuple[list[AuditEvent], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    events = session.scalars(query.limit(page_size).offset((page - 1) * page_size)).all()
    return list(events), total


def people_in(session: Session, events: Sequence[AuditEvent]) -> dict[int, User]:
    ids = {
        person_id
        for event in events
        for person_id in (event.actor_id, event.subject_id, event.on_behalf_of_id)
        if person_id is not None
    }
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


def person_label(user: User | None) -> str:
    """How a person is named in the trail: their name, or the anonymous reference that
    stands for them once their account's personal details have gone."""
    if user is None:
        return ""
    if user.anonymous_reference:
        return user.anonymous_reference
    return user.full_name or user.email


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


def changes(before: str | None, after: str | None) -> list[Change]:
    """The fields of a change, each with its value before and after."""
    old = _as_dict(before)
    new = _as_dict(after)
    names = sorted(set(old) | set(new))
    return [Change(name, old.get(name), new.get(name)) for name in names]


def _as_dict(text: str | None) -> dict[str, object]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"value": text}
    return value if isinstance(value, dict) else {"value": value}


CSV_COLUMNS = (
    "id",
    "when",
    "action",
    "by",
    "by_role",
    "on_behalf_of",
    "subject",
    "record_type",
    "record_id",
    "before",
    "after",
    "address",
)


def csv_row(event: AuditEvent, people: dict[int, User]) -> list[str]:
    def label(person_id: int | None) -> str:
        return person_label(people.get(person_id)) if person_id is not None else ""

    actor = people.get(event.actor_id) if event.actor_id is not None else None
    return [
        _spreadsheet_safe(value)
        for value in (
            str(event.id),
            event.occurred_at.isoformat(),
            event.action,
            label(event.actor_id),
            actor.role if actor else "",
            label(event.on_behalf_of_id),
            label(event.subject_id),
            event.record_type or "",
            str(event.record_id) if event.record_id is not None else "",
            event.before or "",
            event.after or "",
            event.remote_address or "",
        )
    ]


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
