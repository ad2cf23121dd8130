"""A family shares its records with a named broker until a date, and can stop at any time;
a broker sees a family only while consent is live, and everything they do is recorded."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import Child, Consent
from portal.families.rules import consent_is_live, read_consent_end
from tests.test_families import CHILD, family_with_child, make_user, post, signed_in

TODAY = date(2026, 11, 23)


def sign_in_as(app, email: str):
    from local_offer.extensions import limiter
    from tests.conftest import sign_in_with_second_factor
    from tests.test_families import PASSWORD

    client = app.test_client()
    with app.app_context():
        limiter.reset()
    sign_in_with_second_factor(client, email, PASSWORD)
    return client


def share(parent, broker_email: str, access: str = "edit", days: int = 30):
    end = date.today() + timedelta(days=days)
    return post(
        parent,
        "/family/sharing",
        {
            "broker_email": broker_email,
            "access": access,
            "end_day": str(end.day),
            "end_month": str(end.month),
            "end_year": str(end.year),
        },
    )


def family_id_of(app, child_id: int) -> int:
    with app.app_context():
        return db.session.get(Child, child_id).family_id


def broker_acting_for(app, access: str = "edit"):
    parent, child_id = family_with_child(app)
    broker_email = make_user(app, "broker")
    assert share(parent, broker_email, access).status_code == 302
    broker = sign_in_as(app, broker_email)
    family_id = family_id_of(app, child_id)
    assert post(broker, f"/family/broker/act-for/{family_id}").status_code == 302
    return parent, broker, child_id, family_id


# Rules


def test_consent_is_live_until_the_end_of_its_last_day_and_never_once_revoked() -> None:
    assert consent_is_live(False, TODAY, TODAY)
    assert not consent_is_live(False, TODAY - timedelta(days=1), TODAY)
    assert not consent_is_live(True, TODAY + timedelta(days=30), TODAY)


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        (("23", "11", "2026"), None),
        (("22", "11", "2026"), "in_past"),
        (("25", "11", "2027"), "too_far"),
        (("", "", ""), "missing"),
        (("30", "2", "2027"), "not_real"),
    ],
)
def test_reading_the_last_day_of_consent(parts, problem) -> None:
    assert read_consent_end(*parts, today=TODAY)[1] == problem


# Journeys


def test_a_broker_with_live_consent_acts_for_the_family_on_the_record(app) -> None:
    _parent, broker, child_id, family_id = broker_acting_for(app)
    page = broker.get("/family/").get_data(as_text=True)
    assert f"You are acting for family {family_id}" in page
    assert "Amira Khan" in page
    assert broker.get(f"/family/children/{child_id}").status_code == 200
    response = post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Updated by broker"})
    assert response.status_code == 302
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.record_id.in_([child_id, family_id]))
        ).all()
        actions = [event.action for event in events if event.on_behalf_of_id is not None]
        assert {"acting_for_started", "family_viewed", "child_viewed", "child_changed"} <= set(
            actions
        )
        change = next(event for event in events if event.action == "child_changed")
        assert change.actor_id != change.on_behalf_of_id


def test_a_broker_with_view_consent_can_read_but_not_change(app) -> None:
    _parent, broker, child_id, _family_id = broker_acting_for(app, access="view")
    page = broker.get(f"/family/children/{child_id}")
    assert page.status_code == 200
    assert 'name="first_name"' not in page.get_data(as_text=True)
    assert post(broker, f"/family/children/{child_id}", CHILD).status_code == 403
    assert broker.get("/family/children/new").status_code == 403


def test_revoking_consent_shuts_the_broker_out_at_once(app) -> None:
    parent, broker, child_id, _family_id = broker_acting_for(app)
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).order_by(Consent.id.desc()))
    assert post(parent, f"/family/sharing/{consent_id}/revoke").status_code == 302
    assert broker.get(f"/family/children/{child_id}").status_code == 404
    assert broker.get("/family/").headers["Location"] == "/family/broker"
    assert "Stopped" in parent.get("/family/sharing").get_data(as_text=True)


def test_expired_consent_lets_nothing_through(app) -> None:
    _parent, broker, child_id, _family_id = broker_acting_for(app)
    with app.app_context():
        consent = db.session.scalars(select(Consent).order_by(Consent.id.desc())).first()
        consent.expires_on = date.today() - timedelta(days=1)
        db.session.commit()
    assert broker.get(f"/family/children/{child_id}").status_code == 404


def test_a_broker_cannot_act_for_a_family_that_has_not_shared_with_them(app) -> None:
    _parent, child_id = family_with_child(app)
    stranger = signed_in(app, "broker")
    family_id = family_id_of(app, child_id)
    assert post(stranger, f"/family/broker/act-for/{family_id}").status_code == 404
    assert stranger.get(f"/family/children/{child_id}").status_code == 404


def test_another_broker_sees_nothing_of_a_family_shared_with_someone_else(app) -> None:
    _parent, _broker, child_id, family_id = broker_acting_for(app)
    other = signed_in(app, "broker")
    listing = other.get("/family/broker").get_data(as_text=True)
    assert f"Family {family_id}" not in listing
    assert other.get(f"/family/children/{child_id}").status_code == 404


def test_a_parent_cannot_revoke_another_familys_consent(app) -> None:
    broker_acting_for(app)
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).order_by(Consent.id.desc()))
    stranger = signed_in(app)
    post(stranger, "/family/")
    assert post(stranger, f"/family/sharing/{consent_id}/revoke").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"broker_email": "nobody@example.com"}, "There is no broker with that email address"),
        ({"broker_email": ""}, "Enter your email address"),
        ({"access": ""}, "Select what the broker can do"),
        ({"access": "everything"}, "Select what the broker can do"),
        ({"end_year": "2020"}, "The date must be today or in the future"),
        ({"end_year": str(date.today().year + 3)}, "The date must be within a year"),
    ],
)
def test_sharing_mistakes_get_specific_messages(app, change, message) -> None:
    parent, _child_id = family_with_child(app)
    broker_email = make_user(app, "broker")
    end = date.today() + timedelta(days=10)
    data = {
        "broker_email": broker_email,
        "access": "view",
        "end_day": str(end.day),
        "end_month": str(end.month),
        "end_year": str(end.year),
        **change,
    }
    response = post(parent, "/family/sharing", data)
    text = re.sub(r"\s+", " ", response.get_data(as_text=True))
    assert response.status_code == 200
    assert "There is a problem" in text and message in text


def test_only_brokers_can_be_given_consent(app) -> None:
    parent, _child_id = family_with_child(app)
    officer_email = make_user(app, "officer")
    response = share(parent, officer_email)
    assert "There is no broker with that email address" in response.get_data(as_text=True)


def test_a_family_can_download_everything_held_about_it_including_who_looked(app) -> None:
    parent, broker, child_id, family_id = broker_acting_for(app)
    broker.get(f"/family/children/{child_id}")
    response = parent.get("/family/your-data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["family"]["id"] == family_id
    assert [child["first_name"] for child in data["children"]] == ["Amira"]
    assert data["consents"][0]["access"] == "edit"
    looked = [entry["what"] for entry in data["record_of_access"]]
    assert "child_viewed" in looked and "acting_for_started" in looked


def test_only_the_family_can_download_its_record(app) -> None:
    _parent, broker, _child_id, _family_id = broker_acting_for(app)
    assert broker.get("/family/your-data.json").status_code == 403
    assert signed_in(app).get("/family/your-data.json").status_code == 404
