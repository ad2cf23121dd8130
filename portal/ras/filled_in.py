"""Which council officers filled in an assessment with the family, and when: read from the
audit trail, where every answer an officer saves is recorded as theirs on the family's
behalf, so the family's page and the record can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit import AuditEvent

FILLING_IN = ("assessment_started", "assessment_answers_saved", "assessment_submitted")


@dataclass(frozen=True)
class FilledInWith:
    officer: User
    # The last time they started, saved or sent answers with the family.
    last_at: datetime


def officers_who_filled_in(session: Session, assessment_id: int) -> list[FilledInWith]:
    """Each officer who started, answered or sent this assessment, first helper first."""
    rows = session.execute(
        select(User, func.max(AuditEvent.occurred_at))
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(
            AuditEvent.record_type == "assessment",
            AuditEvent.record_id == assessment_id,
            AuditEvent.action.in_(FILLING_IN),
            User.role == "officer",
        )
        .group_by(User.id)
        .order_by(func.min(AuditEvent.id))
    ).all()
    return [FilledInWith(officer, last_at) for officer, last_at in rows]
