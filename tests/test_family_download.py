"""A family's download holds everything the portal keeps about them: their RAS
assessments and support plans too, and a young person's views only when shared."""

from __future__ import annotations

import json

from flask import Flask

from local_offer.extensions import db
from portal.families.export import SECTIONS
from portal.families.models import YoungPersonViews
from tests.test_plans import add_outcome, start_plan
from tests.test_ras_views import submitted_assessment


def download(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/family/your-data.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_every_area_with_childrens_records_is_in_the_download(app: Flask) -> None:
    assert {"budget_assessments", "support_plans", "young_peoples_shared_views"} <= set(SECTIONS)


def test_the_download_holds_the_assessment_and_the_plan(app: Flask) -> None:
    parent, child_id, assessment_id = submitted_assessment(app)
    plan_id = start_plan(app, parent, child_id)
    add_outcome(parent, plan_id)

    data = download(parent)

    [assessment] = data["budget_assessments"]
    assert assessment["id"] == assessment_id and assessment["status"] == "submitted"
    assert assessment["answers"] and assessment["total_pence"] > 0
    [plan] = data["support_plans"]
    assert plan["id"] == plan_id
    [version] = plan["versions"]
    assert version["outcomes"][0][2] == "Amira swims with friends without me there"


def test_a_young_persons_views_are_in_the_download_only_once_shared(app: Flask) -> None:
    parent, child_id, _assessment_id = submitted_assessment(app)
    with app.app_context():
        views = YoungPersonViews(child_id=child_id, important_to_me="My drums")
        db.session.add(views)
        db.session.commit()
        views_id = views.id

    assert download(parent)["young_peoples_shared_views"] == []

    with app.app_context():
        db.session.get(YoungPersonViews, views_id).shared_with_family = True
        db.session.commit()
    [shared] = download(parent)["young_peoples_shared_views"]
    assert shared["what_is_important_to_me"] == "My drums"


def test_the_readable_page_shows_the_same_records_and_is_on_the_record(app: Flask) -> None:
    from portal.audit.models import AuditEvent

    parent, child_id, _assessment_id = submitted_assessment(app)
    plan_id = start_plan(app, parent, child_id)
    add_outcome(parent, plan_id)

    response = parent.get("/family/your-data")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Amira swims with friends without me there" in html
    assert "Amira Khan" in html and "sent " in html
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)
        ).all()
        assert actions == ["data_viewed"]


def test_only_a_parent_opens_the_readable_page(app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    from tests.test_families import signed_in

    assert client.get("/family/your-data").status_code == 302
    assert signed_in(app, "broker").get("/family/your-data").status_code == 403
