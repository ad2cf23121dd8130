"""A parent invites a second parent or carer, and a young person to their own account; the
invitee joins by the emailed link, once, before it expires, unless the family cancels it."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from local_offer.models import utcnow
from portal.accounts.models import OutboxMessage, User
from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import Child, FamilyMember, Invitation
from tests.conftest import csrf_token
from tests.test_consent import sign_in_as
from tests.test_families import CHILD, make_user, post, signed_in

NEW_PASSWORD = "marble orchard tugboat"


def born_years_ago(years: int) -> date:
    today = date.today()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = date(today.year - years, 3, 1)
    return birthday - timedelta(days=10)


def add_child(app, client, first_name: str, born: date) -> int:
    response = post(
        client,
        "/family/children/new",
        {
            **CHILD,
            "first_name": first_name,
            "dob_day": str(born.day),
            "dob_month": str(born.month),
            "dob_year": str(born.year),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    with app.app_context():
        return db.session.scalar(
            select(Child.id).where(Child.first_name == first_name).order_by(Child.id.desc())
        )


def parent_with_children(app) -> tuple[object, int, int]:
    """A signed-in parent with a 13-year-old (Amira) and a 9-year-old (Bilal)."""
    parent = signed_in(app)
    post(parent, "/family/")
    teenager = add_child(app, parent, "Amira", born_years_ago(13))
    younger = add_child(app, parent, "Bilal", born_years_ago(9))
    return parent, teenager, younger


def new_email(kind: str = "invitee") -> str:
    return f"{kind}-{uuid.uuid4().hex[:10]}@example.com"


def link_sent_to(app, email: str) -> str:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == email).order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, f"an email went to {email}"
        return re.search(r"https?://[^/\s]+(/invitations/\S+)", message.body).group(1)


def invite_parent(client, email: str, name: str = "Sam Khan"):
    return post(client, "/family/people/invite", {"name": name, "email": email})


def invite_young_person(client, child_id: int, email: str):
    return post(
        client, "/family/people/invite-young-person", {"child": str(child_id), "email": email}
    )


def accept_with_new_account(app, path: str, password: str = NEW_PASSWORD):
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)[:1000]
    token = csrf_token(page.get_data(as_text=True))
    return client, client.post(path, data={"csrf_token": token, "password": password})


def sign_in_with(app, email: str, password: str = NEW_PASSWORD):
    client = app.test_client()
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )
    assert response.status_code == 302
    return client


def latest_invitation(app) -> Invitation:
    with app.app_context():
        invitation = db.session.scalars(select(Invitation).order_by(Invitation.id.desc())).first()
        db.session.expunge(invitation)
        return invitation


def young_person_signed_in(app):
    """A parent with Amira (13) and Bilal (9); Amira has accepted her own account."""
    parent, teenager, younger = parent_with_children(app)
    email = new_email("young")
    assert invite_young_person(parent, teenager, email).status_code == 302
    _client, response = accept_with_new_account(app, link_sent_to(app, email))
    assert response.status_code == 302
    return parent, sign_in_with(app, email), teenager, younger


# A second parent or carer


def test_a_parent_invites_a_second_parent_who_registers_and_joins(app) -> None:
    parent, teenager, _younger = parent_with_children(app)
    email = new_email()
    assert invite_parent(parent, email).status_code == 302
    people = re.sub(r"\s+", " ", parent.get("/family/people").get_data(as_text=True))
    assert "Sam Khan" in people and email in people and "Cancel invitation" in people

    path = link_sent_to(app, email)
    token = path.rsplit("/", 1)[1]
    _client, response = accept_with_new_account(app, path)
    assert response.headers["Location"] == "/invitations/joined"

    second = sign_in_with(app, email)
    page = second.get("/family/").get_data(as_text=True)
    assert "Amira Khan" in page and "Bilal Khan" in page
    assert second.get(f"/family/children/{teenager}").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role == "parent" and user.email_confirmed_at is not None
        invitation = db.session.scalar(select(Invitation).where(Invitation.email == email))
        assert invitation.accepted_by_id == user.id
        assert token not in (invitation.link_token_hash or "")
        assert len(invitation.link_token_hash) == 64
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor_id == user.id)
        ).all()
        assert {"registered", "invitation_accepted", "family_joined"} <= set(actions)
        sent = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "invitation_sent", AuditEvent.record_id == invitation.id
            )
        )
        assert email in sent.after


def test_an_invitation_link_works_only_once(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    email = new_email()
    invite_parent(parent, email)
    path = link_sent_to(app, email)
    accept_with_new_account(app, path)
    again = app.test_client().get(path)
    assert again.status_code == 404
    assert "expired or has already been used" in again.get_data(as_text=True)


def test_an_expired_invitation_cannot_be_used(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    email = new_email()
    invite_parent(parent, email)
    path = link_sent_to(app, email)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation).where(Invitation.email == email))
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    client = app.test_client()
    assert client.get(path).status_code == 404
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    assert (
        client.post(path, data={"csrf_token": token, "password": NEW_PASSWORD}).status_code == 404
    )
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)) is None


def test_a_parent_cancels_a_pending_invitation_and_its_link_stops_working(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    email = new_email()
    invite_parent(parent, email)
    path = link_sent_to(app, email)
    invitation = latest_invitation(app)
    response = post(parent, f"/family/people/invitations/{invitation.id}/cancel")
    assert response.status_code == 302
    assert email not in parent.get("/family/people").get_data(as_text=True)
    assert app.test_client().get(path).status_code == 404
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "invitation_cancelled", AuditEvent.record_id == invitation.id
            )
        )
        assert '"cancelled": false' in event.before and '"cancelled": true' in event.after


def test_another_family_cannot_cancel_an_invitation(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    invite_parent(parent, new_email())
    invitation = latest_invitation(app)
    stranger = signed_in(app)
    post(stranger, "/family/")
    assert post(stranger, f"/family/people/invitations/{invitation.id}/cancel").status_code == 404
    assert (
        post(signed_in(app), f"/family/people/invitations/{invitation.id}/cancel").status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(Invitation, invitation.id).cancelled_at is None


@pytest.mark.parametrize("role", ["young_person", "broker", "officer", "admin"])
def test_only_parents_invite_people_into_a_family(app, role) -> None:
    client = signed_in(app, role)
    for path in ("/family/people", "/family/people/invite", "/family/people/invite-young-person"):
        assert client.get(path).status_code == 403, path
    assert (
        post(client, "/family/people/invite", {"name": "X", "email": new_email()}).status_code
        == 403
    )
    assert post(client, "/family/people/invitations/1/cancel").status_code == 403


def test_a_parent_without_a_family_is_sent_to_set_one_up(app) -> None:
    client = signed_in(app)
    for path in ("/family/people", "/family/people/invite", "/family/people/invite-young-person"):
        assert client.get(path).headers["Location"] == "/family/"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter their name"),
        ({"name": "x" * 201}, "Name must be 200 characters or fewer"),
        ({"email": ""}, "Enter their email address"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"email": "a@" + "b" * 260 + ".com"}, "Email address must be 254 characters or fewer"),
    ],
)
def test_invitation_mistakes_get_specific_messages_and_keep_what_was_typed(
    app, change, message
) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    data = {"name": "Sam Khan", "email": "sam@example.com", **change}
    response = post(parent, "/family/people/invite", data)
    text = re.sub(r"\s+", " ", response.get_data(as_text=True))
    assert response.status_code == 200
    assert "There is a problem" in text and message in text
    if "email" not in change:
        assert 'value="sam@example.com"' in text


@pytest.mark.parametrize("token", ["nonsense", "x" * 500, "%00", "1"])
def test_unknown_invitation_links_are_not_found(client, token) -> None:
    assert client.get(f"/invitations/{token}").status_code == 404


def test_someone_with_an_account_and_no_family_signs_in_and_joins(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    email = make_user(app)
    invite_parent(parent, email)
    path = link_sent_to(app, email)
    anonymous = app.test_client().get(path).get_data(as_text=True)
    assert "There is already an account" in anonymous and 'name="password"' not in anonymous

    invitee = sign_in_as(app, email)
    page = invitee.get(path).get_data(as_text=True)
    assert "Join this family" in page
    assert post(invitee, path).headers["Location"] == "/family/"
    assert "Amira Khan" in invitee.get("/family/").get_data(as_text=True)


def test_someone_already_in_a_family_cannot_join_another(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    other_parent, _t, _y = parent_with_children(app)
    with app.app_context():
        other_email = db.session.scalars(
            select(User.email).where(User.role == "parent").order_by(User.id.desc())
        ).first()
    invite_parent(parent, other_email)
    path = link_sent_to(app, other_email)
    page = other_parent.get(path).get_data(as_text=True)
    assert "already part of a family" in page
    post(other_parent, path)
    with app.app_context():
        assert latest_invitation(app).accepted_at is None


# A young person


def test_only_young_people_of_eleven_or_over_without_an_account_can_be_invited(app) -> None:
    parent, teenager, younger = parent_with_children(app)
    page = parent.get("/family/people/invite-young-person").get_data(as_text=True)
    assert f'value="{teenager}"' in page and f'value="{younger}"' not in page
    response = invite_young_person(parent, younger, new_email())
    assert "Select the young person you are inviting" in response.get_data(as_text=True)
    assert invite_young_person(parent, 99999999999, new_email()).status_code == 200


def test_a_parent_cannot_invite_another_familys_child(app) -> None:
    _owner, teenager, _younger = parent_with_children(app)
    stranger, _t, _y = parent_with_children(app)
    response = invite_young_person(stranger, teenager, new_email())
    assert response.status_code == 200
    assert "Select the young person you are inviting" in response.get_data(as_text=True)


def test_a_young_person_accepts_and_gets_their_own_account_linked_to_their_record(app) -> None:
    parent, teenager, _younger = parent_with_children(app)
    email = new_email("young")
    invite_young_person(parent, teenager, email)
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == email)).one()
        assert "Hello Amira" in message.body
    path = link_sent_to(app, email)
    page = app.test_client().get(path).get_data(as_text=True)
    assert "Your own space" in page and "Make a password" in page
    _client, response = accept_with_new_account(app, path)
    assert response.status_code == 302
    young = sign_in_with(app, email)
    assert young.get("/my-space/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        member = db.session.scalar(select(FamilyMember).where(FamilyMember.user_id == user.id))
        assert user.role == "young_person"
        assert member.child_id == teenager
    people = parent.get("/family/people").get_data(as_text=True)
    assert "young person, with their own account (Amira)" in people
    after = parent.get("/family/people/invite-young-person").get_data(as_text=True)
    assert f'value="{teenager}"' not in after


def test_a_parent_account_cannot_accept_a_young_persons_invitation(app) -> None:
    parent, teenager, _younger = parent_with_children(app)
    email = make_user(app)
    invite_young_person(parent, teenager, email)
    path = link_sent_to(app, email)
    somebody = sign_in_as(app, email)
    assert "cannot join this way" in somebody.get(path).get_data(as_text=True)
    post(somebody, path)
    with app.app_context():
        assert latest_invitation(app).accepted_at is None


def test_a_weak_password_is_refused_when_joining(app) -> None:
    parent, _teenager, _younger = parent_with_children(app)
    email = new_email()
    invite_parent(parent, email)
    _client, response = accept_with_new_account(app, link_sent_to(app, email), password="short")
    assert response.status_code == 200
    assert "Password must be 8 characters or more" in response.get_data(as_text=True)
