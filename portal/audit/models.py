"""Audit events, and the one function that writes them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from local_offer.models import utcnow

from ..extensions import db


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # Who did it (None when nobody was signed in, such as a failed sign-in), and for
    # whom (a broker acting for a family); the subject is whose account or record it was.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    record_type: Mapped[str | None] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    remote_address: Mapped[str | None] = mapped_column(String(45))


def record(
    action: str,
    *,
    actor_id: int | None = None,
    subject_id: int | None = None,
    on_behalf_of_id: int | None = None,
    record_type: str | None = None,
    record_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the current transaction, so it is kept exactly when the change is."""
    audit_event = AuditEvent(
        action=action,
        actor_id=actor_id,
        subject_id=subject_id,
        on_behalf_of_id=on_behalf_of_id,
        record_type=record_type,
        record_id=record_id,
        before=json.dumps(before, sort_keys=True, default=str) if before is not None else None,
        after=json.dumps(after, sort_keys=True, default=str) if after is not None else None,
        remote_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(audit_event)
    return audit_event


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_audit_trail(session: Session, *_args: object) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent):
            raise PermissionError("The audit trail is append-only.")
