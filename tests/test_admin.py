"""Admins search the append-only audit trail (and their searching is on it too), and
manage staff and broker accounts: invitations by email, approval limits, switching off."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import OutboxMessage, User
from portal.audit import AuditEvent, record
from portal.extensions import db
from tests.conftest import csrf_token
from tests.staff import sign_in_staff
from tests.test_consent import sign_in_as
from tests.test_families import CHILD, PASSWORD, post, signed_in
from tests.test_who_has_looked import family_shared_with_broker, text_of


@pytest.fixture
def admin(app):
    client, user = sign_in_staff(app, "admin", full_name="Alex Admin")
    return client


def events_by(app, actor_id: int, action: str) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor_id == actor_id, AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()
        db.session.expunge_all()
        return list(events)


# Who may open the admin pages


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/audit", "/admin/audit.csv", "/admin/users", "/admin/users/new"]
)
def test_only_admins_may_open_the_admin_pages(app, client, path) -> None:
    assert client.get(path).headers["Location"].startswith("/sign-in")
    assert signed_in(app, "parent").get(path).status_code == 403
    assert signed_in(app, "young_person").get(path).status_code == 403
    for role in ("officer", "broker"):
        staff, _user = sign_in_staff(app, role)
        assert staff.get(path).status_code == 403, role
    admin, _user = sign_in_staff(app, "admin")
    assert admin.get(path).status_code == 200


def test_an_officer_cannot_change_accounts(app) -> None:
    officer, officer_user = sign_in_staff(app, "officer")
    target, target_user = sign_in_staff(app, "broker")
    for action in ("deactivate", "reactivate", "invite", "approval-limit"):
        response = post(officer, f"/admin/users/{target_user.id}/{action}", {"approval_limit": "1"})
        assert response.status_code == 403, action
    assert post(officer, "/admin/users/new", {"email": "x@example.com"}).status_code == 403
    assert target.get("/account").status_code == 200


def test_the_audit_trail_has_no_way_to_change_or_delete_it(app) -> None:
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods - {"GET", "HEAD", "OPTIONS"} == set(), rule.rule


# Searching the audit trail


def test_searching_by_person_finds_what_they_did_and_what_was_done_to_them(app, admin) -> None:
    _parent, broker, broker_user, child_id, _family_id = family_shared_with_broker(app)
    broker.get(f"/family/children/{child_id}")
    page = admin.get(f"/admin/audit?email={broker_user.email.upper()}")
    text = text_of(page)
    assert page.status_code == 200
    assert "Looked at a child’s record (child_viewed)" in text
    assert "Priya Broker (Broker)" in text
    assert f"child {child_id}" in text


def test_a_change_shows_its_before_and_after(app, admin) -> None:
    _parent, broker, _user, child_id, _family_id = family_shared_with_broker(app)
    post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Needs a quiet room"})
    text = text_of(
        admin.get(f"/admin/audit?action=child_changed&record_type=child&record_id={child_id}")
    )
    assert "1 event" in text
    assert "What changed in event" in text
    assert "Needs Autism; uses a communication app Needs a quiet room" in text


def test_filters_by_action_record_and_dates(app, admin) -> None:
    _parent, broker, _user, child_id, _family_id = family_shared_with_broker(app)
    broker.get(f"/family/children/{child_id}")
    today = date.today()
    base = f"/admin/audit?record_type=child&record_id={child_id}"
    assert "1 event" in text_of(admin.get(base + "&action=child_viewed"))
    assert "0 events" in text_of(admin.get(base + "&action=child_added&email=nobody@example.com"))
    in_range = (
        f"&from_day={today.day}&from_month={today.month}&from_year={today.year}"
        f"&to_day={today.day}&to_month={today.month}&to_year={today.year}"
    )
    assert "1 event" in text_of(admin.get(base + "&action=child_viewed" + in_range))
    later = today + timedelta(days=2)
    after = f"&from_day={later.day}&from_month={later.month}&from_year={later.year}"
    assert "0 events" in text_of(admin.get(base + after))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("record_id=99999999999999999999", "Record number must be a whole number"),
        ("record_id=-4", "Record number must be a whole number"),
        ("record_id=%C2%B2", "Record number must be a whole number"),
        ("action=drop_table", "Choose what happened from the list"),
        ("record_type=plans", "Choose a type of record from the list"),
        ("from_day=31&from_month=2&from_year=2026", "The date must be a real date"),
        ("from_day=3&from_month=2", "The date must include a year"),
        (
            "from_day=3&from_month=2&from_year=2026&to_day=1&to_month=2&to_year=2026",
            "The end date must be the same as or after the start date",
        ),
        ("email=" + "a" * 300, "Email address must be 254 characters or fewer"),
    ],
)
def test_bad_search_input_gets_a_specific_message_and_never_crashes(admin, query, message) -> None:
    page = admin.get(f"/admin/audit?{query}")
    text = text_of(page)
    assert page.status_code == 200
    assert "There is a problem" in text and message in text
    assert admin.get(f"/admin/audit.csv?{query}").status_code == 200


def test_the_search_is_paginated(app, admin) -> None:
    _client, user = sign_in_staff(app, "broker")
    with app.app_context():
        for _number in range(30):
            # No record named, so these made-up events cannot be mistaken for a real child's.
            record("signed_in", actor_id=user.id, subject_id=user.id)
        db.session.commit()
    first = text_of(admin.get(f"/admin/audit?email={user.email}"))
    assert "Next page" in first
    second = text_of(admin.get(f"/admin/audit?email={user.email}&page=2"))
    assert "Previous page" in second and "Next page" not in second
    assert admin.get("/admin/audit?page=99999999999999").status_code == 200


def test_searching_and_downloading_the_trail_are_themselves_recorded(app) -> None:
    admin, admin_user = sign_in_staff(app, "admin")
    admin.get("/admin/audit?action=signed_in&record_id=5")
    admin.get("/admin/audit.csv?action=signed_in")
    searched = events_by(app, admin_user.id, "audit_trail_searched")
    assert json.loads(searched[-1].after) == {"action": "signed_in", "record_id": 5, "page": 1}
    downloaded = events_by(app, admin_user.id, "audit_trail_downloaded")
    assert json.loads(downloaded[-1].after) == {"action": "signed_in"}


def test_the_csv_holds_the_filtered_events_and_cannot_run_formulas(app, admin) -> None:
    _staff, user = sign_in_staff(app, "broker", full_name="=HYPERLINK(evil)")
    with app.app_context():
        record("data_downloaded", actor_id=user.id)
        db.session.commit()
    response = admin.get(f"/admin/audit.csv?email={user.email}&action=data_downloaded")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["id", "when", "action", "by"]
    assert len(rows) == 2
    assert rows[1][2] == "data_downloaded"
    assert rows[1][3] == "'=HYPERLINK(evil)"


# Staff accounts


def new_account(admin, **fields: str):
    data = {
        "full_name": "Morgan Officer",
        "email": f"officer-{uuid.uuid4().hex[:8]}@brackenshire.example",
        "role": "officer",
        "approval_limit": "25,000",
        **fields,
    }
    return post(admin, "/admin/users/new", data), data["email"]


def invitation_link(app, email: str) -> str:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == email).order_by(OutboxMessage.id.desc())
        ).first()
        return re.search(r"https?://[^/\s]+(/set-password/\S+)", message.body).group(1)


def account(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_an_admin_creates_an_officer_who_sets_their_own_password(app, admin, client) -> None:
    assert 'type="password"' not in admin.get("/admin/users/new").get_data(as_text=True)
    response, email = new_account(admin)
    assert response.status_code == 302
    officer = account(app, email)
    assert (officer.role, officer.full_name, officer.approval_limit_pence) == (
        "officer",
        "Morgan Officer",
        2_500_000,
    )
    assert "Account created" in text_of(admin.get(response.headers["Location"]))
    created = [
        e
        for e in events_by(app, _admin_id(app, admin), "account_created")
        if e.subject_id == officer.id
    ]
    assert json.loads(created[0].after)["approval_limit_pence"] == 2_500_000

    link = invitation_link(app, email)
    token = csrf_token(client.get(link).get_data(as_text=True))
    done = client.post(link, data={"csrf_token": token, "password": "quartz meadow lantern"})
    assert done.headers["Location"] == "/set-password/done"
    assert client.get(link).status_code == 404, "an invitation works once"
    officer_client = sign_in_as(app, email)
    assert officer_client.get("/account").status_code == 302
    signed = client.post(
        "/sign-in",
        data={
            "csrf_token": csrf_token(client.get("/sign-in").get_data(as_text=True)),
            "email": email,
            "password": "quartz meadow lantern",
        },
    )
    # Their password works; as staff, they must set up 2-step verification before anything else.
    assert signed.headers["Location"] == "/sign-in/set-up-2-step-verification"


def _admin_id(app, admin_client) -> int:
    html = admin_client.get("/account").get_data(as_text=True)
    email = re.search(r"You are signed in as (\S+@\S+)\.</p>", html).group(1)
    return account(app, email).id


def test_a_broker_or_admin_account_can_be_created_without_a_limit(app, admin) -> None:
    for role in ("broker", "admin"):
        response, email = new_account(admin, role=role, approval_limit="")
        assert response.status_code == 302
        assert account(app, email).role == role


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": ""}, "Enter their full name"),
        ({"full_name": "x" * 201}, "Full name must be 200 characters or fewer"),
        ({"email": ""}, "Enter their email address"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"role": ""}, "Select the kind of account"),
        ({"role": "parent"}, "Select the kind of account"),
        (
            {"role": "broker", "approval_limit": "100"},
            "Only council officers have an approval limit",
        ),
        ({"approval_limit": "lots"}, "Approval limit must be an amount in pounds"),
        ({"approval_limit": "99999999999999"}, "Approval limit must be an amount in pounds"),
    ],
)
def test_account_mistakes_get_specific_messages_and_keep_what_was_typed(
    admin, fields, message
) -> None:
    response, email = new_account(admin, **fields)
    text = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in text and message in text
    html = response.get_data(as_text=True)
    if "full_name" not in fields:
        assert 'value="Morgan Officer"' in html, "what was typed is kept"
    if "email" not in fields:
        assert f'value="{email}"' in html


def test_an_address_with_an_account_already_is_refused(app, admin) -> None:
    _staff, user = sign_in_staff(app, "broker")
    response, _email = new_account(admin, email=user.email.upper())
    assert "There is already an account with that email address" in text_of(response)


def test_changing_an_officers_approval_limit_is_recorded_before_and_after(app) -> None:
    admin, admin_user = sign_in_staff(app, "admin")
    _officer, officer = sign_in_staff(app, "officer", approval_limit_pence=1_000_000)
    page = text_of(admin.get(f"/admin/users/{officer.id}"))
    assert "£10,000" in page
    response = post(
        admin, f"/admin/users/{officer.id}/approval-limit", {"approval_limit": "£12,500.50"}
    )
    assert response.status_code == 302
    assert account(app, officer.email).approval_limit_pence == 1_250_050
    assert 'value="12500.50"' in admin.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    change = events_by(app, admin_user.id, "approval_limit_changed")[-1]
    assert json.loads(change.before)["approval_limit_pence"] == 1_000_000
    assert json.loads(change.after)["approval_limit_pence"] == 1_250_050
    bad = post(admin, f"/admin/users/{officer.id}/approval-limit", {"approval_limit": "twelve"})
    assert bad.status_code == 200 and "Approval limit must be an amount in pounds" in text_of(bad)
    assert 'value="twelve"' in bad.get_data(as_text=True)
    empty = post(admin, f"/admin/users/{officer.id}/approval-limit", {"approval_limit": ""})
    assert "Enter the approval limit in pounds" in text_of(empty)
    _broker, broker = sign_in_staff(app, "broker")
    assert (
        post(admin, f"/admin/users/{broker.id}/approval-limit", {"approval_limit": "5"}).status_code
        == 404
    )


def test_switching_an_account_off_ends_its_sessions_and_sign_in_until_switched_on(app) -> None:
    admin, admin_user = sign_in_staff(app, "admin")
    officer, officer_user = sign_in_staff(app, "officer")
    assert officer.get("/account").status_code == 200
    assert post(admin, f"/admin/users/{officer_user.id}/deactivate").status_code == 302
    assert officer.get("/account").headers["Location"].startswith("/sign-in")
    assert sign_in_as(app, officer_user.email).get("/account").status_code == 302
    off = events_by(app, admin_user.id, "account_deactivated")[-1]
    assert (json.loads(off.before)["deactivated"], json.loads(off.after)["deactivated"]) == (
        False,
        True,
    )
    assert "Switch the account back on" in text_of(admin.get(f"/admin/users/{officer_user.id}"))
    assert post(admin, f"/admin/users/{officer_user.id}/reactivate").status_code == 302
    assert sign_in_as(app, officer_user.email).get("/account").status_code == 200
    assert events_by(app, admin_user.id, "account_reactivated")


def test_an_admin_cannot_switch_their_own_account_off(app) -> None:
    admin, admin_user = sign_in_staff(app, "admin")
    assert post(admin, f"/admin/users/{admin_user.id}/deactivate").status_code == 403
    assert admin.get("/admin/").status_code == 200


def test_a_closed_family_account_cannot_be_switched_back_on(app, admin) -> None:
    parent = signed_in(app)
    html = parent.get("/account").get_data(as_text=True)
    email = re.search(r"You are signed in as (\S+@\S+)\.</p>", html).group(1)
    post(parent, "/account/close", {"password": PASSWORD})
    user = account(app, email)
    assert post(admin, f"/admin/users/{user.id}/reactivate").status_code == 403
    assert account(app, email).closed_at is not None


def test_an_invitation_for_a_switched_off_account_does_not_work(app, admin, client) -> None:
    _response, email = new_account(admin, role="broker", approval_limit="")
    link = invitation_link(app, email)
    post(admin, f"/admin/users/{account(app, email).id}/deactivate")
    assert client.get(link).status_code == 404
    assert client.get("/set-password/nonsense").status_code == 404


def test_a_new_invitation_replaces_nothing_until_used(app, admin, client) -> None:
    _response, email = new_account(admin, role="broker", approval_limit="")
    first = invitation_link(app, email)
    post(admin, f"/admin/users/{account(app, email).id}/invite")
    second = invitation_link(app, email)
    token = csrf_token(client.get(second).get_data(as_text=True))
    client.post(second, data={"csrf_token": token, "password": "quartz meadow lantern"})
    assert client.get(first).status_code == 404, "setting a password ends every earlier link"


def test_the_list_shows_staff_by_role_and_family_accounts_only_when_asked(app) -> None:
    admin, admin_user = sign_in_staff(app, "admin")
    _officer, officer = sign_in_staff(app, "officer", full_name="Olu Officer")
    parent = signed_in(app)
    parent_email = re.search(
        r"You are signed in as (\S+@\S+)\.</p>", parent.get("/account").get_data(as_text=True)
    ).group(1)
    everyone = admin.get("/admin/users").get_data(as_text=True)
    assert parent_email not in everyone
    officers = admin.get("/admin/users?role=officer").get_data(as_text=True)
    assert "Olu Officer" in officers and officer.email in officers
    assert "Olu Officer" not in admin.get("/admin/users?role=broker").get_data(as_text=True)
    assert admin.get("/admin/users?role=nonsense").status_code == 200
    assert not events_by(app, admin_user.id, "user_list_viewed")
    admin.get("/admin/users?role=parent")
    assert events_by(app, admin_user.id, "user_list_viewed")


@pytest.mark.parametrize("user_id", ["0", "999999999", "99999999999999999999"])
def test_an_account_that_does_not_exist_is_not_found(admin, user_id) -> None:
    assert admin.get(f"/admin/users/{user_id}").status_code == 404
    assert post(admin, f"/admin/users/{user_id}/deactivate").status_code == 404


def test_registration_only_ever_makes_parents(app, client) -> None:
    email = f"sneaky-{uuid.uuid4().hex[:8]}@example.com"
    token = csrf_token(client.get("/register").get_data(as_text=True))
    client.post(
        "/register",
        data={"csrf_token": token, "email": email, "password": PASSWORD, "role": "admin"},
    )
    assert account(app, email).role == "parent"


def test_several_messages_share_one_banner(app, admin) -> None:
    _staff, broker = sign_in_staff(app, "broker")
    post(admin, f"/admin/users/{broker.id}/deactivate")
    post(admin, f"/admin/users/{broker.id}/reactivate")
    text = text_of(admin.get(f"/admin/users/{broker.id}"))
    assert "Account switched off" in text and "Account switched back on" in text
