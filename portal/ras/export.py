"""The RAS's part of a family's data download: every assessment of their children."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..families.export import add_section
from ..families.models import Family
from .models import Assessment


def assessments(session: Session, family: Family) -> list[dict[str, Any]]:
    child_ids = [child.id for child in family.children]
    found = session.scalars(
        select(Assessment).where(Assessment.child_id.in_(child_ids)).order_by(Assessment.id)
    ).all()
    return [
        {
            "id": assessment.id,
            "child_id": assessment.child_id,
            "scheme": f"{assessment.scheme.scheme_key} {assessment.scheme.version}",
            "submitted_at": assessment.submitted_at.isoformat()
            if assessment.submitted_at
            else None,
            "confirmed_at": assessment.confirmed_at.isoformat()
            if assessment.confirmed_at
            else None,
            **assessment.audit_view(),
            "review_requests": [request.reasons for request in assessment.review_requests],
        }
        for assessment in found
    ]


add_section("budget_assessments", assessments)
