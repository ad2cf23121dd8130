"""At a drop-in a broker starts a family's record with the parent beside them, records the
parent's consent, and hands over a claim code or an emailed invitation; the parent claims
the family later and the broker's consent stays live."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from local_offer.models import utcnow
from portal.accounts.models import OutboxMessage, User
from portal.audit import AuditEvent
from portal.extensions import db
from portal.families.models import Child, Consent, Family, FamilyMember, Invitation
from tests.conftest import csrf_token
from tests.test_families import CHILD, make_user, post, signed_in
from tests.test_invitations import (
    NEW_PASSWORD,
    accept_with_new_account,
    link_sent_to,
    new_email,
    sign_in_with,
)


def drop_in_answers(**change: object) -> dict[str, object]:
    end = date.today() + timedelta(days=90)
    today = date.today()
    answers: dict[str, object] = {
        "parent_name": "Nadia Khan",
        "parent_email": "",
        **CHILD,
        "access": "edit",
        "end_day": str(end.day),
        "end_month": str(end.month),
        "end_year": str(end.year),
        "agreed": "y",
        "agreed_on_day": str(today.day),
        "agreed_on_month": str(today.month),
        "agreed_on_year": str(today.year),
        "handover": ["code"],
    }
    answers.update(change)
    return answers


def start_family(broker, **change: object):
    token = csrf_token(broker.get("/family/broker/new").get_data(as_text=True))
    return broker.post(
        "/family/broker/new", data={"csrf_token": token, **drop_in_answers(**change)}
    )


def code_on(page: str) -> str:
    return re.search(r"data-claim-code>([A-Z0-9-]+)<", page).group(1)


def broker_with_new_family(app, **change: object):
    broker = signed_in(app, "broker")
    response = start_family(broker, **change)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    handover_path = response.headers["Location"]
    page = broker.get(handover_path).get_data(as_text=True)
    code = code_on(page) if "data-claim-code" in page else None
    invitation_id = int(handover_path.rsplit("/", 1)[1])
    with app.app_context():
        family_id = db.session.get(Invitation, invitation_id).family_id
    return broker, code, invitation_id, family_id


def claim(client, code: str, email: str | None = None, password: str = NEW_PASSWORD):
    token = csrf_token(client.get("/claim").get_data(as_text=True))
    data = {"csrf_token": token, "claim_code": code}
    if email is not None:
        data.update({"email": email, "password": password})
    return client.post("/claim", data=data)


# Starting a family's record


def test_a_broker_starts_a_family_and_sees_the_claim_code_once(app) -> None:
    broker, code, invitation_id, family_id = broker_with_new_family(app)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    again = broker.get(f"/family/broker/handover/{invitation_id}").get_data(as_text=True)
    assert code not in again and "shown only once" in again
    overview = broker.get("/family/").get_data(as_text=True)
    assert "Amira Khan" in overview and "has not claimed its account yet" in overview
    listing = broker.get("/family/broker").get_data(as_text=True)
    assert f"Family {family_id}" in listing and "not claimed yet" in listing
    with app.app_context():
        invitation = db.session.get(Invitation, invitation_id)
        assert (
            invitation.claim_code_hash and code.replace("-", "") not in invitation.claim_code_hash
        )
        consent = db.session.scalar(select(Consent).where(Consent.family_id == family_id))
        assert consent.granted_by_id is None
        assert consent.agreed_in_person_by == "Nadia Khan"
        assert consent.agreed_in_person_on == date.today()
        family = db.session.get(Family, family_id)
        assert family.waiting_to_be_claimed and not family.members
        broker_id = family.started_by_id
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.actor_id == broker_id)
        ).all()
        actions = {event.action for event in events}
        assert {
            "family_started_at_drop_in",
            "child_added",
            "consent_recorded_in_person",
            "invitation_made",
        } <= actions
        recorded = next(e for e in events if e.action == "consent_recorded_in_person")
        assert "Nadia Khan" in recorded.after


def test_a_family_not_claimed_yet_is_seen_by_that_broker_alone(app) -> None:
    _broker, _code, invitation_id, family_id = broker_with_new_family(app)
    with app.app_context():
        child_id = db.session.scalar(select(Child.id).where(Child.family_id == family_id))
    other = signed_in(app, "broker")
    assert f"Family {family_id}" not in other.get("/family/broker").get_data(as_text=True)
    assert post(other, f"/family/broker/act-for/{family_id}").status_code == 404
    assert other.get(f"/family/children/{child_id}").status_code == 404
    assert other.get(f"/family/broker/handover/{invitation_id}").status_code == 404
    assert post(other, f"/family/broker/handover/{invitation_id}/new-code").status_code == 404
    parent = signed_in(app)
    post(parent, "/family/")
    assert parent.get(f"/family/children/{child_id}").status_code == 404
    assert signed_in(app, "young_person").get(f"/family/children/{child_id}").status_code == 403


def test_even_a_consent_to_another_broker_does_not_open_a_family_not_claimed_yet(app) -> None:
    _broker, _code, _invitation_id, family_id = broker_with_new_family(app)
    other_email = make_user(app, "broker")
    with app.app_context():
        other_id = db.session.scalar(select(User.id).where(User.email == other_email))
        db.session.add(
            Consent(
                family_id=family_id,
                broker_id=other_id,
                access="edit",
                expires_on=date.today() + timedelta(days=30),
            )
        )
        db.session.commit()
    from tests.test_consent import sign_in_as

    other = sign_in_as(app, other_email)
    assert post(other, f"/family/broker/act-for/{family_id}").status_code == 404


@pytest.mark.parametrize("role", ["parent", "young_person", "officer", "admin"])
def test_only_brokers_start_families_at_a_drop_in(app, role) -> None:
    client = signed_in(app, role)
    assert client.get("/family/broker/new").status_code == 403
    assert client.get("/family/broker/handover/1").status_code == 403
    assert post(client, "/family/broker/handover/1/new-code").status_code == 403


def test_a_broker_whose_consent_ended_loses_the_handover_page(app) -> None:
    broker, _code, invitation_id, family_id = broker_with_new_family(app)
    with app.app_context():
        consent = db.session.scalar(select(Consent).where(Consent.family_id == family_id))
        consent.expires_on = date.today() - timedelta(days=1)
        db.session.commit()
    assert broker.get(f"/family/broker/handover/{invitation_id}").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parent_name": ""}, "Enter the parent or carer’s full name"),
        ({"parent_email": "nonsense"}, "Enter an email address in the correct format"),
        ({"handover": ["email"]}, "Enter their email address to email them an invitation"),
        ({"handover": []}, "Select how they will claim their family’s account"),
        ({"handover": ["post"]}, "Select how they will claim their family’s account"),
        ({"agreed": ""}, "Confirm that the parent or carer agreed in person"),
        ({"agreed_on_year": "2099"}, "The date they agreed must be today or in the past"),
        ({"agreed_on_year": "2020"}, "The date they agreed must be within the last 4 weeks"),
        (
            {"agreed_on_day": "", "agreed_on_month": "", "agreed_on_year": ""},
            "Enter the date the parent agreed",
        ),
        ({"access": "everything"}, "Select what the parent agreed you can do"),
        ({"end_year": "2020"}, "The date must be today or in the future"),
        ({"first_name": ""}, "Enter their first name"),
        ({"dob_day": "31", "dob_month": "2"}, "Date of birth must be a real date"),
    ],
)
def test_drop_in_mistakes_get_specific_messages_and_keep_what_was_typed(
    app, change, message
) -> None:
    broker = signed_in(app, "broker")
    response = start_family(broker, **change)
    text = re.sub(r"\s+", " ", response.get_data(as_text=True))
    assert response.status_code == 200
    assert "There is a problem" in text and message in text
    assert 'value="Khan"' in text
    if "parent_name" not in change:
        assert 'value="Nadia Khan"' in text


# Claiming


def test_a_parent_claims_the_family_with_the_code_and_the_broker_keeps_helping(app) -> None:
    broker, code, invitation_id, family_id = broker_with_new_family(app)
    email = new_email("claimant")
    response = claim(app.test_client(), code.lower().replace("-", " "), email)
    assert response.headers["Location"] == "/register/check-your-email"
    parent = sign_in_with(app, email)
    page = parent.get("/family/").get_data(as_text=True)
    assert "Amira Khan" in page
    assert "Sharing" in parent.get("/family/sharing").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        family = db.session.get(Family, family_id)
        assert family.claimed_at is not None and not family.waiting_to_be_claimed
        assert [member.user_id for member in family.members] == [user.id]
        consent = db.session.scalar(select(Consent).where(Consent.family_id == family_id))
        assert consent.granted_by_id == user.id and consent.revoked_at is None
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email))
        actions = set(
            db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user.id))
        )
        assert {"family_claimed", "consent_confirmed_by_claim", "invitation_accepted"} <= actions
    # The broker still acts for the family, now on the parent's behalf.
    assert "Amira Khan" in broker.get("/family/").get_data(as_text=True)
    assert broker.get(f"/family/broker/handover/{invitation_id}").status_code == 404
    with app.app_context():
        viewed = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "family_viewed", AuditEvent.record_id == family_id)
            .order_by(AuditEvent.id.desc())
        ).first()
        assert viewed.on_behalf_of_id == user.id


def test_a_claim_code_works_only_once(app) -> None:
    _broker, code, _invitation_id, _family_id = broker_with_new_family(app)
    claim(app.test_client(), code, new_email("first"))
    second = new_email("second")
    response = claim(app.test_client(), code, second)
    assert response.status_code == 200
    assert "That claim code is not right, or it has expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == second)) is None


def test_an_expired_claim_code_is_refused_and_a_new_one_replaces_it(app) -> None:
    broker, code, invitation_id, _family_id = broker_with_new_family(app)
    with app.app_context():
        db.session.get(Invitation, invitation_id).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    refused = claim(app.test_client(), code, new_email())
    assert "That claim code is not right" in refused.get_data(as_text=True)
    assert "has expired" in broker.get(f"/family/broker/handover/{invitation_id}").get_data(
        as_text=True
    )

    assert post(broker, f"/family/broker/handover/{invitation_id}/new-code").status_code == 302
    new_code = code_on(
        broker.get(f"/family/broker/handover/{invitation_id}").get_data(as_text=True)
    )
    assert new_code != code
    assert "That claim code is not right" in claim(app.test_client(), code, new_email()).get_data(
        as_text=True
    )
    assert claim(app.test_client(), new_code, new_email()).status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "claim_code_made", AuditEvent.record_id == invitation_id
            )
        )
        assert event.before and event.after


def test_a_wrong_code_is_refused_and_recorded(app) -> None:
    client = app.test_client()
    response = claim(client, "ACDE-3467", new_email())
    assert "That claim code is not right" in response.get_data(as_text=True)
    assert 'value="ACDE-3467"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "claim_code_refused")
        )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter your claim code"),
        ("ABC", "Enter the claim code exactly as it is on your letter"),
        ("x" * 41, "Enter the claim code exactly as it is on your letter"),
    ],
)
def test_claim_code_mistakes_get_specific_messages(client, code, message) -> None:
    response = claim(client, code, new_email())
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_entering_claim_codes_is_throttled(app) -> None:
    client = app.test_client()
    statuses = [claim(client, "ACDE-3467", new_email()).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_a_signed_in_parent_without_a_family_claims_with_the_code(app) -> None:
    _broker, code, _invitation_id, family_id = broker_with_new_family(app)
    parent = signed_in(app)
    response = claim(parent, code)
    assert response.headers["Location"] == "/family/"
    assert "Amira Khan" in parent.get("/family/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Family, family_id).claimed_at is not None


def test_someone_already_in_a_family_or_not_a_parent_cannot_claim(app) -> None:
    _broker, code, invitation_id, _family_id = broker_with_new_family(app)
    in_a_family = signed_in(app)
    post(in_a_family, "/family/")
    assert "already part of a family" in in_a_family.get("/claim").get_data(as_text=True)
    claim(in_a_family, code)
    broker = signed_in(app, "broker")
    assert "cannot claim a family" in broker.get("/claim").get_data(as_text=True)
    claim(broker, code)
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).accepted_at is None


def test_claiming_with_an_address_that_has_an_account_reveals_nothing(app) -> None:
    _broker, code, invitation_id, _family_id = broker_with_new_family(app)
    existing = make_user(app)
    response = claim(app.test_client(), code, existing)
    assert response.headers["Location"] == "/register/check-your-email"
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).accepted_at is None
        told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == existing)).one()
        assert "/claim" in told.body


def test_the_parent_can_claim_by_the_emailed_invitation_instead(app) -> None:
    email = new_email("emailed")
    _broker, code, _invitation_id, family_id = broker_with_new_family(
        app, parent_email=email, handover=["email"]
    )
    assert code is None
    path = link_sent_to(app, email)
    page = app.test_client().get(path).get_data(as_text=True)
    assert "Claim your family’s account" in page
    accept_with_new_account(app, path)
    with app.app_context():
        family = db.session.get(Family, family_id)
        assert family.claimed_at is not None
        member = db.session.scalar(select(FamilyMember).where(FamilyMember.family_id == family_id))
        assert db.session.get(User, member.user_id).email == email


def test_registration_links_to_the_claim_code_page(client) -> None:
    assert 'href="/claim"' in client.get("/register").get_data(as_text=True)


def test_a_claim_without_its_csrf_token_is_refused(client) -> None:
    response = client.post("/claim", data={"claim_code": "ACDE-3467"})
    assert response.status_code == 400


@pytest.mark.parametrize("invitation_id", ["0", "99999999999"])
def test_unknown_invitation_ids_are_not_found(app, invitation_id) -> None:
    broker = signed_in(app, "broker")
    assert broker.get(f"/family/broker/handover/{invitation_id}").status_code == 404
    assert post(broker, f"/family/broker/handover/{invitation_id}/new-code").status_code == 404
    parent = signed_in(app)
    post(parent, "/family/")
    assert post(parent, f"/family/people/invitations/{invitation_id}/cancel").status_code == 404
