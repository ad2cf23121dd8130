"""A plan's indicative budget comes from the child's RAS assessment: the confirmed one, or
while none is confirmed, the latest the family sent."""

from __future__ import annotations

import json

from flask import Flask

from local_offer.extensions import db
from portal.plans.models import SupportPlan
from portal.ras.models import Assessment
from portal.ras.plan_budget import funding_stream_code
from tests.test_plans import start_plan
from tests.test_ras_views import submitted_assessment


def test_a_scheme_stream_is_named_by_its_local_offer_funding_stream_code() -> None:
    assert funding_stream_code("social_care") == "social-care"
    assert funding_stream_code("health") == "health"


def test_a_plan_takes_the_budget_of_the_assessment_the_family_sent(app: Flask) -> None:
    parent, child_id, assessment_id = submitted_assessment(app, level=2)
    with app.app_context():
        result = db.session.get(Assessment, assessment_id).budget
        expected = {funding_stream_code(s.stream_id): s.amount_pence for s in result.streams}
        assert sum(expected.values()) == result.total_pence > 0

    plan_id = start_plan(app, parent, child_id)

    with app.app_context():
        version = db.session.get(SupportPlan, plan_id).current
        assert version.budget == expected
        assert (
            f"assessment {assessment_id} (not confirmed yet)"
            in json.loads(version.budget_json)["source"]
        )
