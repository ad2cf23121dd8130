"""The RAS's answer to the plans' question "what is this child's indicative budget?".

A plan takes the budget of the child's latest confirmed assessment, or, while an officer
has not confirmed one yet, of the latest one the family sent. A scheme names its funding
streams with underscores ("social_care"), as its ids allow; plans and the Local Offer use
the funding-stream codes ("social-care"), so the names are translated here, once.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..families.models import Child
from ..plans.budget import IndicativeBudget
from .models import Assessment


def funding_stream_code(stream_id: str) -> str:
    return stream_id.replace("_", "-")


def budget_for_plan(child: Child) -> IndicativeBudget | None:
    latest = {
        status: db.session.scalar(
            select(Assessment)
            .where(Assessment.child_id == child.id, Assessment.status == status)
            .order_by(Assessment.id.desc())
            .limit(1)
        )
        for status in ("confirmed", "submitted")
    }
    assessment = latest["confirmed"] or latest["submitted"]
    if assessment is None or assessment.budget is None:
        return None
    result = assessment.budget
    state = "confirmed" if assessment.status == "confirmed" else "not confirmed yet"
    return IndicativeBudget(
        streams={funding_stream_code(s.stream_id): s.amount_pence for s in result.streams},
        source=f"RAS {result.scheme_id} {result.scheme_version}, assessment {assessment.id} "
        f"({state})",
    )
