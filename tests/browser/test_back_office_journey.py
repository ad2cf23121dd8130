"""On a phone: an officer changes a service's unit cost and publishes it, and families see
the new price on the public page. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from local_offer.extensions import db
from local_offer.models import CostOption, Service
from tests.browser.conftest import assert_accessible
from tests.conftest import signed_in_staff
from tests.test_backoffice import create_service, make_organisation, post

pytestmark = pytest.mark.browser


def test_an_officer_changes_a_unit_cost_and_publishes_the_service(app, phone, live_server) -> None:
    officer = signed_in_staff(app, "officer")
    service_id = create_service(officer, make_organisation(app))
    post(
        officer,
        f"/back-office/services/{service_id}/costs/new",
        {"label": "Swim session", "unit": "session", "amount": "12", "duration_minutes": "60"},
    )
    with app.app_context():
        name = db.session.get(Service, service_id).name
        option_id = db.session.scalar(
            select(CostOption.id).where(CostOption.service_id == service_id)
        )
    # The browser carries the session the one staff sign-in helper started.
    cookie = officer.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    page = phone
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server}])

    page.goto(f"{live_server}/back-office/services/{service_id}")
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert_accessible(page)

    page.locator(f"a[href='/back-office/services/{service_id}/costs/{option_id}']").click()
    page.wait_for_url(re.compile(rf"/costs/{option_id}$"))
    assert_accessible(page)
    page.get_by_label("Amount").fill("fourteen")
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for()
    assert (
        "Enter the amount in pounds and pence" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)

    page.get_by_label("Amount").fill("14.50")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/back-office/services/{service_id}$"))
    main = page.locator("main").inner_text()
    assert "£14.50 per session" in main and "Price history" in main
    assert_accessible(page)

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(rf"/back-office/services/{service_id}$"))
    assert "Service published" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="See the public page").click()
    page.wait_for_url(re.compile(rf"/services/{service_id}$"))
    costs = page.locator("main").inner_text()
    assert "£14.50 per session" in costs
    assert "Price changed on" in costs and "it was £12" in costs
    assert_accessible(page)


def test_every_back_office_page_is_accessible_on_a_phone_with_and_without_errors(
    app, phone, live_server
) -> None:
    from local_offer.models import Feedback

    officer = signed_in_staff(app, "officer")
    organisation_id = make_organisation(app, email="kestrel@example.org")
    service_id = create_service(officer, organisation_id)
    with app.app_context():
        feedback = Feedback(message="Please add more Saturday clubs.")
        db.session.add(feedback)
        db.session.commit()
        feedback_id = feedback.id
    cookie = officer.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    page = phone
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server}])

    for path in [
        "/back-office/",
        "/back-office/services",
        "/back-office/services?overdue=yes&state=draft",
        "/back-office/organisations",
        f"/back-office/organisations/{organisation_id}",
        f"/back-office/organisations/{organisation_id}/invite",
        "/back-office/feedback",
        f"/back-office/feedback/{feedback_id}",
        "/back-office/proposals",
        f"/back-office/services/{service_id}/costs/new",
    ]:
        page.goto(live_server + path)
        assert_accessible(page)

    for path in [
        "/back-office/services/new",
        f"/back-office/services/{service_id}/edit",
        "/back-office/organisations/new",
        f"/back-office/feedback/{feedback_id}",
    ]:
        page.goto(live_server + path)
        assert_accessible(page)
        page.locator("main form input[type=text], main form textarea").first.fill("")
        page.locator("main form button[type=submit]").first.click()
        page.locator(".govuk-error-summary").wait_for()
        assert_accessible(page)


def test_a_provider_proposes_a_change_and_the_officer_compares_it_on_a_phone(
    app, phone, live_server
) -> None:
    from portal.accounts.models import OutboxMessage

    officer = signed_in_staff(app, "officer")
    organisation_id = make_organisation(app, email="otter-provider@example.org")
    service_id = create_service(officer, organisation_id)
    post(
        officer,
        f"/back-office/services/{service_id}/costs/new",
        {"label": "Session", "unit": "session", "amount": "10"},
    )
    post(
        officer,
        f"/back-office/organisations/{organisation_id}/invite",
        {"email": "otter-provider@example.org"},
    )
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body)
            .where(OutboxMessage.to == "otter-provider@example.org")
            .order_by(OutboxMessage.id.desc())
        ).first()
    link = re.search(r"https?://[^/\s]+(/provider/\S+)", body).group(1)

    page = phone
    page.goto(live_server + link)
    assert_accessible(page)
    page.locator(f"a[href$='/services/{service_id}']").click()
    assert_accessible(page)
    page.get_by_label("Service name").fill("")
    page.get_by_role("button", name="Send changes to the council").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.get_by_label("Service name").fill("Otter swimming for everyone")
    page.locator("input[id^='cost-']").fill("11")
    page.get_by_role("button", name="Send changes to the council").click()
    page.wait_for_url(re.compile(r"/provider/[^/]+$"))
    assert "The council will review your changes" in page.locator("main").inner_text()

    cookie = officer.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server}])
    page.goto(live_server + "/back-office/proposals")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("proposed")).first.click()
    main = page.locator("main").inner_text()
    assert "Otter swimming for everyone" in main and "£11" in main
    assert_accessible(page)
    page.get_by_role("button", name="Reject the changes").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
