"""A provider, invited by an emailed link, proposes changes to their own services; nothing
changes until an officer compares and approves them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from local_offer.extensions import db
from local_offer.models import CostChange, CostOption, Service, utcnow
from portal.accounts.models import OutboxMessage
from portal.audit import AuditEvent
from portal.backoffice.models import ProviderInvitation, ServiceProposal
from tests.conftest import csrf_token, signed_in_staff
from tests.test_backoffice import create_service, make_organisation, post, text_of, unique


@pytest.fixture
def officer(app):
    return signed_in_staff(app, "officer")


@pytest.fixture
def provider_service(app, officer):
    """An organisation with one priced service, and the path of a link sent to its contact."""
    email = f"{unique('provider')}@example.org"
    organisation_id = make_organisation(app, email=email)
    service_id = create_service(officer, organisation_id)
    post(
        officer,
        f"/back-office/services/{service_id}/costs/new",
        {"label": "Session", "unit": "session", "amount": "10"},
    )
    response = post(
        officer,
        f"/back-office/organisations/{organisation_id}/invite",
        {"email": email},
        f"/back-office/organisations/{organisation_id}/invite",
    )
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == email).order_by(OutboxMessage.id.desc())
        ).first()
        link = re.search(r"https?://[^/\s]+(/provider/\S+)", message.body).group(1)
        option_id = db.session.scalar(
            select(CostOption.id).where(CostOption.service_id == service_id)
        )
    return {
        "organisation_id": organisation_id,
        "service_id": service_id,
        "option_id": option_id,
        "link": link,
        "email": email,
    }


def propose(client, link: str, service_id: int, **changes: str):
    page = client.get(f"{link}/services/{service_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    fields.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', html))
    fields.update(changes)
    fields["csrf_token"] = csrf_token(html)
    return client.post(f"{link}/services/{service_id}", data=fields)


def test_the_link_is_kept_only_as_a_hash_and_opens_without_an_account(
    app, client, provider_service
) -> None:
    token = provider_service["link"].rsplit("/", 1)[1]
    with app.app_context():
        invitation = db.session.scalar(
            select(ProviderInvitation).where(
                ProviderInvitation.organisation_id == provider_service["organisation_id"]
            )
        )
        assert token not in invitation.token_hash
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "provider_invited")
        ).all()
        assert all(token not in (event.after or "") for event in events)
    response = client.get(provider_service["link"])
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"/services/{provider_service['service_id']}" in text_of(response)


@pytest.mark.parametrize("tamper", ["x", "%00", "a" * 500])
def test_a_wrong_link_is_not_found(client, provider_service, tamper) -> None:
    assert client.get(provider_service["link"] + tamper).status_code == 404
    assert client.get("/provider/" + tamper + "/services/1").status_code == 404


def test_an_expired_link_no_longer_opens(app, client, provider_service) -> None:
    with app.app_context():
        invitation = db.session.scalar(
            select(ProviderInvitation).where(
                ProviderInvitation.organisation_id == provider_service["organisation_id"]
            )
        )
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(provider_service["link"]).status_code == 404


def test_a_provider_cannot_reach_another_organisations_service(
    app, client, officer, provider_service
) -> None:
    other = create_service(officer, make_organisation(app))
    assert client.get(f"{provider_service['link']}/services/{other}").status_code == 404
    assert client.get(f"{provider_service['link']}/services/99999999999").status_code == 404


def test_a_proposal_waits_for_an_officer_who_approves_it_with_cost_history(
    app, client, officer, provider_service
) -> None:
    service_id, option_id = provider_service["service_id"], provider_service["option_id"]
    with app.app_context():
        old_name = db.session.get(Service, service_id).name
    new_name = unique("Proposedotter")
    response = propose(
        client,
        provider_service["link"],
        service_id,
        name=new_name,
        **{f"cost-{option_id}": "12.50"},
    )
    assert response.status_code == 302, text_of(response)[:3000]
    with app.app_context():
        service = db.session.get(Service, service_id)
        assert service.name == old_name, "nothing changes before an officer approves"
        proposal = db.session.scalar(
            select(ServiceProposal).where(ServiceProposal.service_id == service_id)
        )
        proposal_id = proposal.id
        assert proposal.status == "pending"

    page = text_of(officer.get(f"/back-office/proposals/{proposal_id}"))
    assert old_name in page and new_name in page
    assert "£10" in page and "£12.50" in page
    assert "Summary" not in page.split("What would change")[1].split("Approve")[0]
    assert f"/back-office/proposals/{proposal_id}" in text_of(officer.get("/back-office/proposals"))

    response = post(officer, f"/back-office/proposals/{proposal_id}/approve")
    assert response.status_code == 302
    with app.app_context():
        service = db.session.get(Service, service_id)
        assert service.name == new_name
        assert db.session.get(CostOption, option_id).amount_pence == 1250
        change = db.session.scalars(
            select(CostChange)
            .where(CostChange.service_id == service_id)
            .order_by(CostChange.id.desc())
        ).first()
        assert (change.previous_pence, change.new_pence) == (1000, 1250)
        assert db.session.get(ServiceProposal, proposal_id).status == "approved"
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "service_proposal_approved")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert json.loads(event.before)["name"] == old_name
        assert json.loads(event.after)["name"] == new_name
    # A decided proposal cannot be decided again.
    assert post(officer, f"/back-office/proposals/{proposal_id}/approve").status_code == 409


def test_an_officer_rejects_a_proposal_with_a_reason_the_provider_is_sent(
    app, client, officer, provider_service
) -> None:
    service_id = provider_service["service_id"]
    propose(client, provider_service["link"], service_id, summary="Now with a café.")
    with app.app_context():
        proposal_id = db.session.scalar(
            select(ServiceProposal.id).where(ServiceProposal.service_id == service_id)
        )
    response = post(officer, f"/back-office/proposals/{proposal_id}/reject", {"reason": ""})
    assert response.status_code == 200
    assert "Enter why you are rejecting the changes" in text_of(response)
    response = post(
        officer,
        f"/back-office/proposals/{proposal_id}/reject",
        {"reason": "The café closed in June."},
    )
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.get(ServiceProposal, proposal_id)
        assert (proposal.status, proposal.reason) == ("rejected", "The café closed in June.")
        assert db.session.get(Service, service_id).summary != "Now with a café."
        message = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to == provider_service["email"])
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert "The café closed in June." in message.body


def test_a_proposal_with_errors_keeps_what_the_provider_typed(
    app, client, provider_service
) -> None:
    service_id, option_id = provider_service["service_id"], provider_service["option_id"]
    response = propose(
        client,
        provider_service["link"],
        service_id,
        name="",
        email="not-an-email",
        **{f"cost-{option_id}": "ten pounds"},
    )
    text = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the service’s name" in text
    assert "Enter an email address in the correct format" in text
    assert "Enter the amount in pounds and pence, like 12.50" in text
    assert 'value="ten pounds"' in text and 'value="not-an-email"' in text
    assert f'href="#cost-{option_id}"' in text
    unchanged = propose(client, provider_service["link"], service_id)
    assert "You have not changed anything" in text_of(unchanged)
    with app.app_context():
        assert (
            db.session.scalar(
                select(ServiceProposal.id).where(ServiceProposal.service_id == service_id)
            )
            is None
        )


@pytest.mark.parametrize("role", ["parent", "young_person", "broker"])
def test_only_staff_invite_providers_and_review_proposals(app, provider_service, role) -> None:
    client = signed_in_staff(app, role)
    organisation_id = provider_service["organisation_id"]
    assert client.get(f"/back-office/organisations/{organisation_id}/invite").status_code == 403
    assert client.get("/back-office/proposals").status_code == 403


def test_an_officer_withdraws_a_link_and_it_no_longer_opens(
    app, client, officer, provider_service
) -> None:
    organisation_id = provider_service["organisation_id"]
    page = text_of(officer.get(f"/back-office/organisations/{organisation_id}"))
    invitation_id = int(re.search(r"/links/(\d+)/withdraw", page).group(1))
    other = make_organisation(app)
    wrong = post(officer, f"/back-office/organisations/{other}/links/{invitation_id}/withdraw")
    assert wrong.status_code == 404
    assert client.get(provider_service["link"]).status_code == 200
    response = post(
        officer, f"/back-office/organisations/{organisation_id}/links/{invitation_id}/withdraw"
    )
    assert response.status_code == 302
    assert client.get(provider_service["link"]).status_code == 404
    assert "/withdraw" not in text_of(officer.get(f"/back-office/organisations/{organisation_id}"))
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "provider_link_withdrawn")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.record_id == invitation_id
