"""Closing a family's account, and removing personal data once the retention period
after closing has passed. Works on a database session only (no requests), so the views
and the daily command share it; the rules it follows are in rules.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from ..accounts.models import OutboxMessage, QueuedEmail, User, new_session_token
from ..audit import AuditEvent, record
from ..families.models import Child, Consent, Family, FamilyMember
from .kept import (
    ACCOUNT_DATA_ERASERS,
    FAMILY_DATA_ERASERS,
    KEPT_RECORD_TYPES,
    kept_until_for_child,
)
from .rules import (
    ANONYMOUS_FIRST_NAME,
    account_is_due,
    anonymous_email,
    child_is_due,
    family_is_due,
    new_anonymous_reference,
    redacted_json,
    year_of_birth_only,
)

# A young person from 16 holds their own account and decides who sees their record, so a
# parent closing the family's account closes the parents' and carers' accounts only.
CLOSED_WITH_THE_FAMILY = ("parent",)


def family_of(session: Session, user: User) -> Family | None:
    return session.scalar(select(Family).join(FamilyMember).where(FamilyMember.user_id == user.id))


def close_account(session: Session, user: User, now: datetime) -> list[User]:
    """Closes the person's account and, for a parent, the family's: every parent or
    carer in it is signed out everywhere and cannot sign in again, and every consent to a
    broker ends. Returns the accounts closed."""
    family = family_of(session, user)
    closing = [user]
    if family is not None and user.role in CLOSED_WITH_THE_FAMILY:
        member_ids = [member.user_id for member in family.members]
        closing += [
            other
            for other in session.scalars(select(User).where(User.id.in_(member_ids)))
            if other.id != user.id and other.role in CLOSED_WITH_THE_FAMILY
        ]
        live = session.scalars(
            select(Consent).where(Consent.family_id == family.id, Consent.revoked_at.is_(None))
        )
        for consent in live:
            before = consent.audit_view()
            consent.revoked_at = now
            consent.revoked_by_id = user.id
            record(
                "consent_revoked",
                actor_id=user.id,
                subject_id=user.id,
                record_type="consent",
                record_id=consent.id,
                before=before,
                after=consent.audit_view(),
            )
    closed = [person for person in closing if person.closed_at is None]
    for person in closed:
        person.closed_at = now
        person.session_token = new_session_token()
        record(
            "account_closed",
            actor_id=user.id,
            subject_id=person.id,
            record_type="family" if family else None,
            record_id=family.id if family else None,
            before={"closed": False},
            after={"closed": True},
        )
    return closed


@dataclass
class RetentionResult:
    accounts: list[str] = field(default_factory=list)
    children: int = 0
    families: int = 0
    kept_records: int = 0


def apply_retention(
    session: Session, today: date, retention_days: int, now: datetime
) -> RetentionResult:
    """Anonymises every closed account, child and family whose time has come. Safe to run
    again: what is done is marked, and nothing is due twice."""
    result = RetentionResult()
    closed = session.scalars(
        select(User).where(User.closed_at.is_not(None), User.anonymised_at.is_(None))
    ).all()
    for user in closed:
        if account_is_due(user.closed_at, user.anonymised_at, today, retention_days):
            result.accounts.append(_anonymise_account(session, user, now))

    families = session.scalars(
        select(Family).where(Family.anonymised_at.is_(None)).join(FamilyMember).distinct()
    ).all()
    for family in families:
        closures = [
            closed_at
            for closed_at in session.scalars(
                select(User.closed_at).join(FamilyMember).where(FamilyMember.family_id == family.id)
            )
        ]
        due = family_is_due(closures, family.anonymised_at, today, retention_days)
        if not due:
            continue
        waiting = 0
        for child in family.children:
            if child.anonymised_at is not None:
                continue
            if child_is_due(due, kept_until_for_child(session, child.id), today):
                _anonymise_child(session, child, now)
                result.children += 1
            else:
                waiting += 1
        if waiting == 0:
            for eraser in FAMILY_DATA_ERASERS:
                eraser(session, family.id)
            family.anonymised_at = now
            record("family_anonymised", record_type="family", record_id=family.id)
            result.families += 1

    for record_type in KEPT_RECORD_TYPES.values():
        result.kept_records += record_type.anonymise_expired(session, today)
    return result


def _anonymise_account(session: Session, user: User, now: datetime) -> str:
    reference = new_anonymous_reference()
    session.execute(delete(OutboxMessage).where(OutboxMessage.to == user.email))
    session.execute(delete(QueuedEmail).where(QueuedEmail.to == user.email))
    user.email = anonymous_email(reference)
    user.anonymous_reference = reference
    user.full_name = None
    # Not a hash of anything: no password can ever match it.
    user.password_hash = "!"  # noqa: S105
    user.session_token = new_session_token()
    user.preferred_language = None
    user.email_confirmed_at = None
    user.approval_limit_pence = None
    user.anonymised_at = now
    for eraser in ACCOUNT_DATA_ERASERS:
        eraser(session, user.id)
    _redact_events(
        session,
        or_(
            AuditEvent.actor_id == user.id,
            AuditEvent.subject_id == user.id,
            AuditEvent.on_behalf_of_id == user.id,
        ),
    )
    record("account_anonymised", subject_id=user.id, after={"reference": reference})
    return reference


def _anonymise_child(session: Session, child: Child, now: datetime) -> None:
    child.first_name = ANONYMOUS_FIRST_NAME
    child.last_name = ""
    child.date_of_birth = year_of_birth_only(child.date_of_birth)
    child.needs = ""
    child.current_package_pence = None
    child.archived = True
    child.anonymised_at = now
    _redact_events(
        session, (AuditEvent.record_type == "child") & (AuditEvent.record_id == child.id)
    )
    record("child_anonymised", record_type="child", record_id=child.id)


def _redact_events(session: Session, which: object) -> None:
    """The one change ever made to audit events, and only here: personal values in their
    before and after, and the address they came from, are removed. Who did what to which
    record, and when, stays. Written as an UPDATE because the app's append-only guard
    refuses every change made through the ORM."""
    session.flush()
    events = session.execute(
        select(AuditEvent.id, AuditEvent.before, AuditEvent.after).where(which)  # type: ignore[arg-type]
    ).all()
    for event_id, before, after in events:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == event_id)
            .values(before=redacted_json(before), after=redacted_json(after), remote_address=None)
            .execution_options(synchronize_session=False)
        )
