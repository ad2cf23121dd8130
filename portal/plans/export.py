"""The plans' part of a family's data download: every version of every support plan."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..families.export import add_section
from ..families.models import Family
from . import service
from .models import SupportPlan


def support_plans(session: Session, family: Family) -> list[dict[str, Any]]:
    child_ids = [child.id for child in family.children]
    plans = session.scalars(
        select(SupportPlan).where(SupportPlan.child_id.in_(child_ids)).order_by(SupportPlan.id)
    ).all()
    return [
        {
            "id": plan.id,
            "child_id": plan.child_id,
            "versions": [
                {
                    "number": version.number,
                    "budget": version.budget_json,
                    "submitted_at": version.submitted_at.isoformat()
                    if version.submitted_at
                    else None,
                    "decided_at": version.decided_at.isoformat() if version.decided_at else None,
                    "decision_reasons": version.decision_reasons,
                    "review_due_on": version.review_due_on.isoformat()
                    if version.review_due_on
                    else None,
                    **service.audit_view(version),
                }
                for version in plan.versions
            ],
        }
        for plan in plans
    ]


add_section("support_plans", support_plans)
