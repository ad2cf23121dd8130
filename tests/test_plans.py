"""Support plans through the pages: a family builds and sends a plan, officers decide, and
nobody reaches a plan that is not theirs."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from local_offer.extensions import limiter
from local_offer.models import CostOption
from portal.accounts.models import OutboxMessage, User
from portal.accounts.passwords import hash_password
from portal.audit import AuditEvent
from portal.extensions import db
from portal.plans.budget import PROVIDER, IndicativeBudget
from portal.plans.models import PlanVersion, SupportPlan
from tests.conftest import csrf_token, sign_in_with_second_factor
from tests.test_families import PASSWORD, family_with_child, make_user, post

BUDGET = {"social-care": 600_000, "education": 200_000, "health": 100_000}


@pytest.fixture
def budget(app):
    """A fixed indicative budget for every child, standing in for the RAS."""
    amounts = dict(BUDGET)
    the_ras = app.extensions.get(PROVIDER)
    app.extensions[PROVIDER] = lambda child: IndicativeBudget(amounts, "Test RAS 2026")
    yield amounts
    app.extensions[PROVIDER] = the_ras


def sign_in_staff(app, email: str):
    """Signs in an officer, admin or broker. The one place staff sign in, so a second
    factor can be added here."""
    client = app.test_client()
    with app.app_context():
        limiter.reset()
    response = sign_in_with_second_factor(client, email, PASSWORD)
    assert response.status_code == 302
    return client


def make_officer(app, limit_pence: int | None = 2_000_000, role: str = "officer") -> str:
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        db.session.add(
            User(
                email=email,
                password_hash=hash_password(PASSWORD),
                role=role,
                approval_limit_pence=limit_pence,
            )
        )
        db.session.commit()
    return email


def broker_for(app, parent, child_id: int, access: str):
    broker_email = make_user(app, "broker")
    end = date.today() + timedelta(days=30)
    response = post(
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
    assert response.status_code == 302
    broker = sign_in_staff(app, broker_email)
    with app.app_context():
        from portal.families.models import Child

        family_id = db.session.get(Child, child_id).family_id
    assert post(broker, f"/family/broker/act-for/{family_id}").status_code == 302
    return broker


def start_plan(app, client, child_id: int) -> int:
    response = post(client, f"/plans/child/{child_id}/start")
    assert response.status_code == 302
    return int(re.search(r"/plans/(\d+)$", response.headers["Location"]).group(1))


def lock(app, plan_id: int) -> str:
    with app.app_context():
        return str(db.session.get(SupportPlan, plan_id).current.lock_version)


def outcome_ids(app, plan_id: int) -> list[int]:
    with app.app_context():
        return [o.id for o in db.session.get(SupportPlan, plan_id).current.outcomes]


def line_ids(app, plan_id: int) -> list[int]:
    with app.app_context():
        return [ln.id for ln in db.session.get(SupportPlan, plan_id).current.lines]


OUTCOME = {
    "area": "community",
    "what_different": "Amira swims with friends without me there",
    "how_we_know": "She swims 25 metres on her own",
    "by_when": "Summer 2027",
}


def custom_line(outcome_id: int, **changes: str) -> dict[str, object]:
    return {
        "description": "Personal assistant for swimming",
        "provider": "Jo Bloggs",
        "unit_cost": "16.50",
        "unit": "hour",
        "quantity": "3",
        "frequency": "week",
        "funding_stream": "social-care",
        "outcomes": [str(outcome_id)],
        **changes,
    }


def add_outcome(client, plan_id: int) -> None:
    assert post(client, f"/plans/{plan_id}/outcomes/new", OUTCOME).status_code == 302


def ready_plan(app, client, child_id: int, quantity: str = "3") -> int:
    """A plan with everything it needs to be sent: £2,574 a year of social care."""
    plan_id = start_plan(app, client, child_id)
    add_outcome(client, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    response = post(
        client, f"/plans/{plan_id}/support/new", custom_line(outcome_id, quantity=quantity)
    )
    assert response.status_code == 302
    [line_id] = line_ids(app, plan_id)
    response = post(
        client,
        f"/plans/{plan_id}/money/{line_id}",
        {"management": "managed_by_council", "lock_version": lock(app, plan_id)},
    )
    assert response.status_code == 302
    response = post(
        client,
        f"/plans/{plan_id}/keeping-safe",
        {"contingency": "Gran takes her swimming", "lock_version": lock(app, plan_id)},
    )
    assert response.status_code == 302
    return plan_id


def send(app, client, plan_id: int, **extra: str):
    return post(
        client,
        f"/plans/{plan_id}/check",
        {"then": "send", "lock_version": lock(app, plan_id), **extra},
    )


def submitted_plan(app, budget, quantity: str = "3"):
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id, quantity)
    justification = {"over_budget_justification": "She needs two helpers"}
    assert send(app, parent, plan_id, **justification).status_code == 302
    with app.app_context():
        version_id = db.session.get(SupportPlan, plan_id).current.id
    return parent, plan_id, version_id


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# Building a plan


def test_without_an_assessment_the_plan_says_the_budget_is_not_worked_out(app) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    page = text_of(parent.get(f"/plans/{plan_id}"))
    assert "The indicative budget has not been worked out yet" in page
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.budget_json is None


def test_starting_a_plan_twice_makes_one_plan_with_the_budget_copied_onto_it(app, budget) -> None:
    parent, child_id = family_with_child(app)
    first = start_plan(app, parent, child_id)
    assert start_plan(app, parent, child_id) == first
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(SupportPlan)
                .where(SupportPlan.child_id == child_id)
            )
            == 1
        )
        assert db.session.get(SupportPlan, first).current.budget == BUDGET
    assert "£6,000" in text_of(parent.get(f"/plans/{first}"))


def test_each_line_shows_its_annual_cost_and_the_totals_show_what_is_left(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    page = text_of(parent.get(f"/plans/{plan_id}/support"))
    # £16.50 × 3 hours × 52 weeks = £2,574; £6,000 − £2,574 = £3,426 left.
    assert "£2,574" in page
    assert "£3,426" in page


def test_a_local_offer_service_is_added_at_its_price_and_a_different_price_needs_a_reason(
    app, budget, quokka
) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    add_outcome(parent, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    with app.app_context():
        option = db.session.scalar(
            select(CostOption).where(CostOption.service_id == quokka.assistants)
        )
        option_id = option.id
    found = text_of(parent.get(f"/plans/{plan_id}/support?q=Quokka+assistants"))
    assert f"option={option_id}" in found
    form = parent.get(f"/plans/{plan_id}/support/new?option={option_id}").get_data(as_text=True)
    assert 'value="18.00"' in form and "Quokka Personal Assistants" in form
    line = custom_line(outcome_id, unit_cost="20", description="Quokka PA")
    del line["unit"]
    refused = post(parent, f"/plans/{plan_id}/support/new?option={option_id}", line)
    assert refused.status_code == 200
    assert "Enter why the price is different" in text_of(refused)
    assert 'value="Quokka PA"' in refused.get_data(as_text=True)
    line["price_reason"] = "Evening rate"
    assert post(parent, f"/plans/{plan_id}/support/new?option={option_id}", line).status_code == 302
    with app.app_context():
        [saved] = db.session.get(SupportPlan, plan_id).current.lines
        assert (saved.service_id, saved.unit, saved.unit_cost_pence) == (
            quokka.assistants,
            "hour",
            2000,
        )
        assert saved.local_offer_unit_cost_pence == 1800


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": ""}, "Enter what the support is"),
        ({"unit_cost": "lots"}, "Enter the cost in pounds, like 16.50"),
        ({"quantity": "0"}, "How many units must be a number more than 0 and up to 168"),
        ({"quantity": "1e3"}, "How many units must be a number more than 0 and up to 168"),
        ({"frequency": "fortnight"}, "Select how often"),
        ({"funding_stream": "lottery"}, "Select which part of the budget pays for it"),
        ({"outcomes": []}, "Select at least one outcome this support helps with"),
        ({"outcomes": ["99999999999"]}, "Select outcomes from the list"),
        ({"description": "x" * 5000}, "200 characters or fewer"),
        ({"unit": "parsec"}, "Select the unit from the list"),
    ],
)
def test_line_mistakes_get_specific_messages_and_keep_what_was_typed(
    app, budget, change, message
) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    add_outcome(parent, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    response = post(parent, f"/plans/{plan_id}/support/new", custom_line(outcome_id, **change))
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page and message in page
    assert 'value="Jo Bloggs"' in page
    assert line_ids(app, plan_id) == []


def test_outcome_mistakes_are_explained_and_an_outcome_can_be_changed_and_removed(
    app, budget
) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    refused = post(parent, f"/plans/{plan_id}/outcomes/new", {**OUTCOME, "how_we_know": ""})
    assert "Enter how you will know it has happened" in text_of(refused)
    add_outcome(parent, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    changed = {**OUTCOME, "by_when": "Easter 2027", "lock_version": lock(app, plan_id)}
    assert post(parent, f"/plans/{plan_id}/outcomes/{outcome_id}", changed).status_code == 302
    assert "Easter 2027" in text_of(parent.get(f"/plans/{plan_id}/outcomes"))
    removed = post(
        parent,
        f"/plans/{plan_id}/outcomes/{outcome_id}/remove",
        {"lock_version": lock(app, plan_id)},
    )
    assert removed.status_code == 302
    assert outcome_ids(app, plan_id) == []


def test_rule_problems_are_shown_next_to_the_line_in_plain_words(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    [line_id] = line_ids(app, plan_id)
    post(
        parent,
        f"/plans/{plan_id}/money/{line_id}",
        {"management": "direct_payment", "lock_version": lock(app, plan_id)},
    )
    page = text_of(parent.get(f"/plans/{plan_id}/money"))
    assert "Accept the direct payment agreement before choosing a direct payment" in page
    check = text_of(parent.get(f"/plans/{plan_id}/check"))
    assert "There is a problem" in check
    assert f"/plans/{plan_id}/money#terms" in check


def test_a_plan_with_problems_is_not_sent_and_the_summary_links_to_each_fix(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    response = send(app, parent, plan_id)
    assert response.status_code == 302
    page = text_of(parent.get(f"/plans/{plan_id}/check"))
    assert "Add at least one outcome" in page
    assert f'href="/plans/{plan_id}/keeping-safe"' in page
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.status == "draft"


def test_an_over_budget_plan_saves_but_needs_a_justification_to_be_sent(app, budget) -> None:
    parent, child_id = family_with_child(app)
    # 16.50 × 10 × 52 = £8,580 of social care against £6,000.
    plan_id = ready_plan(app, parent, child_id, quantity="10")
    assert "£2,580 over" in text_of(parent.get(f"/plans/{plan_id}"))
    send(app, parent, plan_id)
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.status == "draft"
    assert "explain why the extra is needed" in text_of(parent.get(f"/plans/{plan_id}/check"))
    response = send(app, parent, plan_id, over_budget_justification="Two helpers are needed")
    assert response.headers["Location"] == f"/plans/{plan_id}/sent"


def test_sending_twice_creates_one_submission(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    seen = lock(app, plan_id)
    token = csrf_token(parent.get(f"/plans/{plan_id}/check").get_data(as_text=True))
    data = {"csrf_token": token, "then": "send", "lock_version": seen}
    first = parent.post(f"/plans/{plan_id}/check", data=data)
    second = parent.post(f"/plans/{plan_id}/check", data=data)
    assert first.headers["Location"] == second.headers["Location"] == f"/plans/{plan_id}/sent"
    with app.app_context():
        version = db.session.get(SupportPlan, plan_id).current
        sends = [c for c in version.history if c.to_status == "submitted"]
        assert (version.status, len(sends)) == ("submitted", 1)


def test_a_sent_plan_cannot_be_changed_by_the_family(app, budget) -> None:
    parent, plan_id, _version_id = submitted_plan(app, budget)
    response = post(
        parent, f"/plans/{plan_id}/about-me", {"about_liked": "New", "lock_version": "9"}
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "Your change was not saved" in page and "cannot be changed while they decide" in page
    opened = parent.get(f"/plans/{plan_id}/about-me")
    assert opened.headers["Location"] == f"/plans/{plan_id}"
    assert "cannot be changed while they decide" in text_of(parent.get(f"/plans/{plan_id}"))
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.about_liked == ""


# Two people at once


def test_a_stale_save_is_refused_with_both_answers_shown_and_nothing_lost(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    broker = broker_for(app, parent, child_id, "edit")
    parent_page = parent.get(f"/plans/{plan_id}/about-me").get_data(as_text=True)
    broker_page = broker.get(f"/plans/{plan_id}/about-me").get_data(as_text=True)
    seen = re.search(r'name="lock_version" type="hidden" value="(\d+)"', parent_page).group(1)
    assert seen in broker_page

    first = parent.post(
        f"/plans/{plan_id}/about-me",
        data={
            "csrf_token": csrf_token(parent_page),
            "lock_version": seen,
            "about_liked": "Her laugh",
        },
    )
    assert first.status_code == 302
    second = broker.post(
        f"/plans/{plan_id}/about-me",
        data={
            "csrf_token": csrf_token(broker_page),
            "lock_version": seen,
            "about_liked": "Her jokes",
        },
    )
    assert second.status_code == 409
    page = text_of(second)
    assert "Someone else changed the plan" in page
    assert "Her jokes" in page and "Her laugh" in page
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.about_liked == "Her laugh"

    # Keeping their own answers is a deliberate second save, from the page shown.
    html = second.get_data(as_text=True)
    again = broker.post(
        f"/plans/{plan_id}/about-me",
        data={
            "csrf_token": csrf_token(html),
            "lock_version": re.search(r'name="lock_version" value="(\d+)"', html).group(1),
            "about_liked": "Her jokes",
        },
    )
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.about_liked == "Her jokes"


def test_changes_by_a_broker_are_recorded_on_the_familys_behalf(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    broker = broker_for(app, parent, child_id, "edit")
    response = post(
        broker,
        f"/plans/{plan_id}/keeping-safe",
        {"risks": "Water", "lock_version": lock(app, plan_id)},
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "plan_safety_changed")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.on_behalf_of_id is not None and event.actor_id != event.on_behalf_of_id
        assert '"Water"' in event.after


# Who may do what


def test_anonymous_people_are_sent_to_sign_in(client) -> None:
    for path in ("/plans/", "/plans/1", "/plans/1/support", "/plans/decisions"):
        assert client.get(path).headers["Location"].startswith("/sign-in")


def test_another_family_cannot_open_or_change_a_plan(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    [line_id] = line_ids(app, plan_id)
    other, _other_child = family_with_child(app)
    for path in (
        f"/plans/{plan_id}",
        f"/plans/{plan_id}/about-me",
        f"/plans/{plan_id}/support",
        f"/plans/{plan_id}/support/{line_id}",
        f"/plans/{plan_id}/money/{line_id}",
        f"/plans/{plan_id}/versions/1",
        f"/plans/{plan_id}/check",
    ):
        assert other.get(path).status_code == 404, path
    for path in (f"/plans/{plan_id}/about-me", f"/plans/{plan_id}/support/{line_id}/remove"):
        assert post(other, path, {"lock_version": lock(app, plan_id)}).status_code == 404, path
    assert post(other, f"/plans/child/{child_id}/start").status_code == 404


def test_a_broker_without_consent_cannot_reach_the_plan(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    stranger = sign_in_staff(app, make_user(app, "broker"))
    assert stranger.get(f"/plans/{plan_id}").status_code == 404
    assert post(stranger, f"/plans/{plan_id}/about-me", {}).status_code == 404


def test_a_broker_with_view_consent_reads_the_plan_but_cannot_change_it(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    viewer = broker_for(app, parent, child_id, "view")
    assert viewer.get(f"/plans/{plan_id}").status_code == 200
    assert viewer.get(f"/plans/{plan_id}/support").status_code == 200
    response = post(
        viewer,
        f"/plans/{plan_id}/about-me",
        {"about_liked": "x", "lock_version": lock(app, plan_id)},
    )
    assert response.status_code == 403
    assert post(viewer, f"/plans/{plan_id}/check", {"then": "send"}).status_code == 403
    with app.app_context():
        viewed = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "plan_viewed", AuditEvent.record_id == plan_id)
        )
        assert viewed >= 2


@pytest.mark.parametrize("plan_id", [0, 2**31, 10**20])
def test_unknown_plan_ids_are_not_found(app, plan_id) -> None:
    parent, _child_id = family_with_child(app)
    assert parent.get(f"/plans/{plan_id}").status_code == 404


def test_parents_cannot_use_the_officer_pages(app, budget) -> None:
    parent, _plan_id, version_id = submitted_plan(app, budget)
    assert parent.get("/plans/decisions").status_code == 403
    assert parent.get(f"/plans/decisions/{version_id}").status_code == 403
    assert post(parent, f"/plans/decisions/{version_id}/approve").status_code == 403


def test_officers_cannot_use_the_family_pages(app, budget) -> None:
    _parent, plan_id, _version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    assert officer.get(f"/plans/{plan_id}").status_code == 403


# Deciding


def test_an_officer_approves_within_their_limit_and_the_family_is_told(app, budget) -> None:
    parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app, limit_pence=1_000_000))
    assert f"/plans/decisions/{version_id}" in officer.get("/plans/decisions").get_data(
        as_text=True
    )
    page = text_of(officer.get(f"/plans/decisions/{version_id}"))
    assert "Approve the plan" in page
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 302
    with app.app_context():
        version = db.session.get(PlanVersion, version_id)
        assert version.status == "approved"
        opened = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "plan_opened_by_staff", AuditEvent.record_id == version_id)
        )
        assert opened == 1
        emails = family_emails_sent(version_id)
    assert any("approved" in subject for subject in emails)
    # Approved plans are read-only.
    assert "Start a review" in text_of(parent.get(f"/plans/{plan_id}"))
    assert parent.get(f"/plans/{plan_id}/about-me").headers["Location"] == f"/plans/{plan_id}"


def family_emails_sent(version_id: int) -> list[str]:
    version = db.session.get(PlanVersion, version_id)
    from portal.plans.service import family_emails

    return list(
        db.session.scalars(
            select(OutboxMessage.subject).where(OutboxMessage.to.in_(family_emails(version)))
        )
    )


def test_an_officer_cannot_approve_above_their_delegated_limit(app, budget) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app, limit_pence=100_000))
    assert "Send to panel" in text_of(officer.get(f"/plans/decisions/{version_id}"))
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 403
    with app.app_context():
        assert db.session.get(PlanVersion, version_id).status == "submitted"


def test_an_over_budget_plan_goes_to_panel_which_records_its_decision(app, budget) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, budget, quantity="10")
    officer = sign_in_staff(app, make_officer(app, limit_pence=10_000_000))
    assert post(officer, f"/plans/decisions/{version_id}/approve").status_code == 403
    assert post(officer, f"/plans/decisions/{version_id}/panel").status_code == 302
    refused = post(
        officer, f"/plans/decisions/{version_id}/panel-decision", {"panel-decision": "return"}
    )
    assert refused.status_code == 400
    assert "Enter the panel’s reasons for the family" in text_of(refused)
    decided = post(
        officer, f"/plans/decisions/{version_id}/panel-decision", {"panel-decision": "approve"}
    )
    assert decided.status_code == 302
    with app.app_context():
        version = db.session.get(PlanVersion, version_id)
        assert (version.status, version.decision_route) == ("approved", "panel")


def test_returning_a_plan_needs_reasons_which_the_family_reads(app, budget) -> None:
    parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    refused = post(officer, f"/plans/decisions/{version_id}/return", {"reasons": " "})
    assert refused.status_code == 400
    assert "Enter the reasons for the family" in text_of(refused)
    reasons = "Say who will cover the assistant's holidays"
    assert (
        post(officer, f"/plans/decisions/{version_id}/return", {"reasons": reasons}).status_code
        == 302
    )
    page = text_of(parent.get(f"/plans/{plan_id}"))
    assert "Returned to you" in page and "cover the assistant" in page
    assert "ask the council to reconsider" in page
    with app.app_context():
        outbox = db.session.scalars(select(OutboxMessage.body)).all()
        assert any("cover the assistant" in body and "reconsidered" in body for body in outbox)
    # The family fixes it and sends it again.
    assert send(app, parent, plan_id).headers["Location"] == f"/plans/{plan_id}/sent"


def test_an_admin_may_decide_and_a_broker_may_not(app, budget) -> None:
    _parent, _plan_id, version_id = submitted_plan(app, budget)
    admin = sign_in_staff(app, make_officer(app, role="admin"))
    assert admin.get(f"/plans/decisions/{version_id}").status_code == 200
    broker = sign_in_staff(app, make_user(app, "broker"))
    assert broker.get(f"/plans/decisions/{version_id}").status_code == 403


def test_officers_cannot_open_drafts_or_unknown_versions(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    with app.app_context():
        draft_id = db.session.get(SupportPlan, plan_id).current.id
    officer = sign_in_staff(app, make_officer(app))
    assert officer.get(f"/plans/decisions/{draft_id}").status_code == 404
    assert officer.get(f"/plans/decisions/{2**40}").status_code == 404


# Review


def test_a_review_copies_the_approved_plan_and_shows_what_changed_in_money(app, budget) -> None:
    parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    post(officer, f"/plans/decisions/{version_id}/approve")
    # A recalculated budget does not change the approved version.
    budget["social-care"] = 1
    assert post(parent, f"/plans/{plan_id}/review").status_code == 302
    assert post(parent, f"/plans/{plan_id}/review").status_code == 302
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        assert [v.number for v in plan.versions] == [1, 2]
        assert plan.versions[0].budget == BUDGET
        old_line, new_line = plan.versions[0].lines[0], plan.versions[1].lines[0]
        assert old_line.key == new_line.key and new_line.outcomes[0].key == old_line.outcomes[0].key
        line_id, outcome_id = new_line.id, new_line.outcomes[0].id
    changed = custom_line(outcome_id, quantity="4", lock_version=lock(app, plan_id))
    assert post(parent, f"/plans/{plan_id}/support/{line_id}", changed).status_code == 302
    page = text_of(parent.get(f"/plans/{plan_id}/versions/2"))
    # 3 → 4 hours a week: £2,574 → £3,432, +£858.
    assert "£2,574" in page and "£3,432" in page and "+£858" in page
    assert parent.get(f"/plans/{plan_id}/versions/1").status_code == 200
    assert parent.get(f"/plans/{plan_id}/versions/3").status_code == 404


# The Local Offer's service page


def test_the_service_page_offers_add_to_my_plan_only_to_families(app, client, quokka) -> None:
    assert "Add to my plan" not in client.get(f"/services/{quokka.club}").get_data(as_text=True)
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    page = parent.get(f"/services/{quokka.club}").get_data(as_text=True)
    assert f'href="/plans/add/{quokka.club}"' in page
    choose = text_of(parent.get(f"/plans/add/{quokka.club}"))
    assert f"/plans/{plan_id}/support/new?option=" in choose
    assert parent.get(f"/plans/add/{quokka.closed}").status_code == 404


# Nothing typed crashes a page


def test_the_lock_column_refuses_a_write_from_a_session_that_read_an_older_version(
    app, budget
) -> None:
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    with app.app_context():
        version_id = db.session.get(SupportPlan, plan_id).current.id
        with Session(db.engine) as first, Session(db.engine) as second:
            mine = first.get(PlanVersion, version_id)
            theirs = second.get(PlanVersion, version_id)
            mine.risks = "first"
            first.commit()
            theirs.risks = "second"
            with pytest.raises(StaleDataError):
                second.commit()
        db.session.expire_all()
        assert db.session.get(PlanVersion, version_id).risks == "first"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("about-me", {"about_liked": "x" * 5001}),
        ("keeping-safe", {"contingency": "x" * 5001}),
        ("outcomes/new", {**OUTCOME, "by_when": "x" * 101}),
        ("outcomes/new", {**OUTCOME, "area": "moon"}),
    ],
)
def test_oversized_or_unknown_answers_are_refused_with_a_message(app, budget, path, data) -> None:
    parent, child_id = family_with_child(app)
    plan_id = start_plan(app, parent, child_id)
    response = post(
        parent, f"/plans/{plan_id}/{path}", {**data, "lock_version": lock(app, plan_id)}
    )
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)


def test_hostile_ids_and_lock_versions_never_crash_a_page(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    assert parent.get(f"/plans/{plan_id}/support/new?option=abc").status_code == 404
    assert parent.get(f"/plans/{plan_id}/support/new?option={10**30}").status_code == 404
    assert parent.get(f"/plans/{plan_id}/support/{2**31}").status_code == 404
    assert parent.get(f"/plans/{plan_id}/outcomes/{10**20}").status_code == 404
    stale = post(
        parent, f"/plans/{plan_id}/keeping-safe", {"risks": "x", "lock_version": "'; drop"}
    )
    assert stale.status_code == 409
    assert parent.get(f"/plans/{plan_id}/versions/{10**20}").status_code == 404


def test_a_notional_budget_for_a_service_the_council_does_not_arrange_is_explained(
    app, budget
) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    [line_id] = line_ids(app, plan_id)
    post(
        parent,
        f"/plans/{plan_id}/money/{line_id}",
        {"management": "notional", "lock_version": lock(app, plan_id)},
    )
    assert "The council does not arrange this service" in text_of(
        parent.get(f"/plans/{plan_id}/support")
    )


def test_the_family_page_links_to_support_plans(app) -> None:
    parent, _child_id = family_with_child(app)
    assert 'href="/plans/"' in parent.get("/family/").get_data(as_text=True)


# After approval


def test_approval_sets_the_review_date_a_year_on_without_a_direct_payment(app, budget) -> None:
    from portal.plans.rules import add_months

    _parent, _plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    assert "Plans waiting for a decision" in officer.get("/account").get_data(as_text=True)
    post(officer, f"/plans/decisions/{version_id}/approve")
    with app.app_context():
        version = db.session.get(PlanVersion, version_id)
        assert version.review_due_on == add_months(version.decided_at.date(), 12)


def test_an_officer_marks_the_support_started_and_the_review_comes_due(app, budget) -> None:
    from portal.plans.service import mark_reviews_due

    parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    assert post(officer, f"/plans/decisions/{version_id}/active").status_code == 409
    post(officer, f"/plans/decisions/{version_id}/approve")
    assert post(officer, f"/plans/decisions/{version_id}/active").status_code == 302
    assert post(parent, f"/plans/decisions/{version_id}/active").status_code == 403
    with app.app_context():
        version = db.session.get(PlanVersion, version_id)
        assert version.status == "active"
        due_day = version.review_due_on
        assert version_id not in [v.id for v in mark_reviews_due(due_day - timedelta(days=1))]
        assert version_id in [v.id for v in mark_reviews_due(due_day)]
        db.session.commit()
    assert "Review due" in text_of(parent.get(f"/plans/{plan_id}"))


def test_the_review_command_marks_due_plans(app) -> None:
    result = app.test_cli_runner().invoke(args=["plans", "mark-reviews-due"])
    assert result.exit_code == 0 and "marked as due for review" in result.output


def test_every_problem_the_rules_can_give_has_words_for_families(app) -> None:
    from pathlib import Path

    from portal.plans.labels import PROBLEM_MESSAGES

    source = (Path(__file__).parents[1] / "portal" / "plans" / "rules.py").read_text()
    codes = set(re.findall(r'problems\.append\("(\w+)"\)', source))
    codes |= set(re.findall(r'Problem\("(\w+)"', source))
    assert len(codes) > 15
    assert codes <= set(PROBLEM_MESSAGES)


def test_a_stale_change_to_a_line_shows_both_versions_of_the_line(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    [line_id] = line_ids(app, plan_id)
    [outcome_id] = outcome_ids(app, plan_id)
    seen = lock(app, plan_id)
    first = custom_line(outcome_id, quantity="4", lock_version=seen)
    assert post(parent, f"/plans/{plan_id}/support/{line_id}", first).status_code == 302
    second = custom_line(outcome_id, quantity="5", frequency="month", lock_version=seen)
    response = post(parent, f"/plans/{plan_id}/support/{line_id}", second)
    assert response.status_code == 409
    page = text_of(response)
    assert "Every month" in page and "Every week" in page
    assert 'name="quantity" value="5"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).current.lines[0].quantity == "4"


def test_one_choice_sets_how_every_line_in_a_part_of_the_budget_is_managed(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    [outcome_id] = outcome_ids(app, plan_id)
    post(parent, f"/plans/{plan_id}/support/new", custom_line(outcome_id, description="Club"))
    post(
        parent,
        f"/plans/{plan_id}/support/new",
        custom_line(outcome_id, description="Tutor", funding_stream="education"),
    )
    assert "All social care lines" in text_of(parent.get(f"/plans/{plan_id}/money"))
    data = {"stream": "social-care", "management": "notional", "lock_version": lock(app, plan_id)}
    assert post(parent, f"/plans/{plan_id}/money/stream", data).status_code == 302
    with app.app_context():
        lines = db.session.get(SupportPlan, plan_id).current.lines
        assert {ln.description: ln.management for ln in lines} == {
            "Personal assistant for swimming": "notional",
            "Club": "notional",
            "Tutor": None,
        }
    bad = {"stream": "lottery", "management": "notional", "lock_version": lock(app, plan_id)}
    assert post(parent, f"/plans/{plan_id}/money/stream", bad).status_code == 302
