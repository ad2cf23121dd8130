"""A parent sets up their family and keeps their children's records; nobody else can."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import Child
from portal.families.rules import age_on, read_date_of_birth
from tests.conftest import csrf_token, sign_in_with_second_factor

PASSWORD = "lantern biscuit harbour"
TODAY = date(2026, 11, 23)


def make_user(app, role: str = "parent") -> str:
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        db.session.add(User(email=email, password_hash=hash_password(PASSWORD), role=role))
        db.session.commit()
    return email


def signed_in(app, role: str = "parent"):
    client = app.test_client()
    with app.app_context():
        limiter.reset()
    email = make_user(app, role)
    sign_in_with_second_factor(client, email, PASSWORD)
    return client


def post(client, path: str, data: dict[str, str] | None = None):
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **(data or {})})


CHILD = {
    "first_name": "Amira",
    "last_name": "Khan",
    "dob_day": "27",
    "dob_month": "3",
    "dob_year": "2015",
    "ehc_plan": "yes",
    "needs": "Autism; uses a communication app",
    "current_package": "9,400",
}


def family_with_child(app):
    client = signed_in(app)
    post(client, "/family/")
    response = post(client, "/family/children/new", CHILD)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    html = client.get("/family/").get_data(as_text=True)
    child_id = int(re.search(r'href="/family/children/(\d+)"', html).group(1))
    return client, child_id


# Rules


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("27", "3", "2015"), (date(2015, 3, 27), None)),
        (("", "", ""), (None, "missing")),
        (("", "3", "2015"), (None, "missing_day")),
        (("27", "", "2015"), (None, "missing_month")),
        (("27", "3", ""), (None, "missing_year")),
        (("31", "2", "2015"), (None, "not_real")),
        (("27", "3", "15"), (None, "not_real")),
        (("x", "3", "2015"), (None, "not_real")),
        (("٢", "3", "2015"), (None, "not_real")),
        (("9" * 40, "3", "2015"), (None, "not_real")),
        (("27", "9" * 40, "2015"), (None, "not_real")),
        (("1", "1", "2030"), (None, "in_future")),
        (("1", "1", "1990"), (None, "too_old")),
        (("24", "11", "2000"), (date(2000, 11, 24), None)),
    ],
)
def test_reading_a_date_of_birth(parts, expected) -> None:
    assert read_date_of_birth(*parts, today=TODAY) == expected


def test_age_counts_whole_years_to_the_birthday() -> None:
    assert age_on(date(2015, 11, 23), TODAY) == 11
    assert age_on(date(2015, 11, 24), TODAY) == 10
    assert age_on(date(2016, 2, 29), date(2027, 2, 28)) == 10


# Journeys


def test_a_parent_sets_up_a_family_and_adds_a_child(app) -> None:
    client, child_id = family_with_child(app)
    text = re.sub(r"\s+", " ", client.get("/family/").get_data(as_text=True))
    assert "Amira Khan" in text
    assert "27 March 2015" in text
    assert "£9,400" in text
    with app.app_context():
        child = db.session.get(Child, child_id)
        assert (child.current_package_pence, child.ehc_plan) == (940_000, "yes")
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.record_type == "child", AuditEvent.record_id == child_id
            )
        ).all()
        assert actions == ["child_added"]


def test_changing_a_child_is_recorded_with_before_and_after(app) -> None:
    client, child_id = family_with_child(app)
    response = post(client, f"/family/children/{child_id}", {**CHILD, "first_name": "Amy"})
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "child_changed", AuditEvent.record_id == child_id
            )
        ).one()
        assert '"first_name": "Amira"' in change.before
        assert '"first_name": "Amy"' in change.after


def test_the_edit_form_shows_what_is_stored(app) -> None:
    client, child_id = family_with_child(app)
    html = client.get(f"/family/children/{child_id}").get_data(as_text=True)
    assert 'value="Amira"' in html
    assert 'value="27"' in html and 'value="2015"' in html
    assert 'value="9400.00"' in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_name": ""}, "Enter their first name"),
        ({"last_name": "x" * 101}, "Last name must be 100 characters or fewer"),
        ({"dob_day": "", "dob_month": "", "dob_year": ""}, "Enter their date of birth"),
        ({"dob_month": ""}, "Date of birth must include a month"),
        ({"dob_day": "31", "dob_month": "2"}, "Date of birth must be a real date"),
        ({"dob_year": "2099"}, "Date of birth must be today or in the past"),
        ({"dob_year": "1980"}, "up to the age of 25"),
        ({"ehc_plan": ""}, "Select whether they have an EHC plan"),
        ({"ehc_plan": "maybe"}, "Select whether they have an EHC plan"),
        ({"current_package": "lots"}, "Enter the yearly amount in pounds"),
        ({"needs": "x" * 2001}, "Needs must be 2,000 characters or fewer"),
    ],
)
def test_mistakes_get_specific_messages_and_keep_what_was_typed(app, change, message) -> None:
    client = signed_in(app)
    post(client, "/family/")
    response = post(client, "/family/children/new", {**CHILD, **change})
    text = re.sub(r"\s+", " ", response.get_data(as_text=True))
    assert response.status_code == 200
    assert "There is a problem" in text and message in text
    assert 'value="Khan"' in text or change.get("last_name")


def test_another_family_cannot_open_or_change_a_child(app) -> None:
    _owner, child_id = family_with_child(app)
    stranger = signed_in(app)
    post(stranger, "/family/")
    assert stranger.get(f"/family/children/{child_id}").status_code == 404
    response = post(stranger, f"/family/children/{child_id}", {**CHILD, "first_name": "Hacked"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Child, child_id).first_name == "Amira"


def test_a_parent_without_a_family_cannot_reach_a_child(app) -> None:
    _owner, child_id = family_with_child(app)
    assert signed_in(app).get(f"/family/children/{child_id}").status_code == 404


@pytest.mark.parametrize("role", ["officer", "admin", "young_person"])
def test_only_parents_keep_a_family_here(app, role) -> None:
    assert signed_in(app, role).get("/family/").status_code == 403


def test_a_broker_acting_for_nobody_is_sent_to_their_list_of_families(app) -> None:
    response = signed_in(app, "broker").get("/family/")
    assert response.headers["Location"] == "/family/broker"


def test_anonymous_people_are_sent_to_sign_in(client) -> None:
    response = client.get("/family/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_setting_up_a_family_twice_makes_one_family(app) -> None:
    client = signed_in(app)
    post(client, "/family/")
    post(client, "/family/")
    html = client.get("/family/").get_data(as_text=True)
    assert "You have not added any children yet" in html


@pytest.mark.parametrize("child_id", ["0", "99999999999", "-1"])
def test_unknown_child_ids_are_not_found(app, child_id) -> None:
    client = signed_in(app)
    post(client, "/family/")
    assert client.get(f"/family/children/{child_id}").status_code == 404
