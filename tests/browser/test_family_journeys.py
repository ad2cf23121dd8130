"""On a phone: register, confirm, sign in, set up a family and add a child; then a
broker with consent acts for the family. axe-core checks every page on the way."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from local_offer.extensions import limiter
from portal.accounts.models import OutboxMessage, User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from tests.browser.conftest import assert_accessible, enter_security_code
from tests.conftest import enrol_second_factor

pytestmark = pytest.mark.browser

PASSWORD = "lantern biscuit harbour"


def confirmation_link(app, email: str) -> str:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == email).order_by(OutboxMessage.id.desc())
        ).first()
        return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def sign_in(page, base: str, email: str, app=None) -> None:  # type: ignore[no-untyped-def]
    """Pass the app for staff and brokers: they enter a security code too (an app is set
    up for them first when they have none; the set-up pages have tests of their own)."""
    if app is not None:
        from tests.conftest import enrol_second_factor

        enrol_second_factor(app, email)
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form button[type='submit']").click()
    if app is not None:
        enter_security_code(page, app, email)
    page.wait_for_url(re.compile(r"/account$"))


def test_register_then_add_a_child(app, phone, live_server) -> None:
    with app.app_context():
        limiter.reset()
    email = f"parent-{uuid.uuid4().hex[:8]}@example.com"
    page = phone
    page.goto(live_server + "/register")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/register/check-your-email"))
    assert_accessible(page)

    page.goto(live_server + confirmation_link(app, email))
    assert page.get_by_role("heading", level=1).inner_text() == "Your email address is confirmed"
    sign_in(page, live_server, email)
    assert_accessible(page)

    page.goto(live_server + "/family/")
    assert_accessible(page)
    page.get_by_role("button", name="Set up your family").click()
    page.get_by_role("link", name="Add a child or young person").click()
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)

    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Khan")
    page.get_by_label("Day", exact=True).fill("27")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2015")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/family/$"))
    assert "Amira Khan" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Share your records with a broker").click()
    assert_accessible(page)


def test_a_broker_acts_for_a_family_that_shared_with_them(app, browser, live_server) -> None:
    with app.app_context():
        limiter.reset()
        broker_email = f"broker-{uuid.uuid4().hex[:8]}@example.com"
        parent_email = f"parent-{uuid.uuid4().hex[:8]}@example.com"
        for email, role in ((broker_email, "broker"), (parent_email, "parent")):
            db.session.add(User(email=email, password_hash=hash_password(PASSWORD), role=role))
        db.session.commit()

    from tests.browser.conftest import _context

    parent_context = _context(browser, javascript=True)
    parent = parent_context.new_page()
    sign_in(parent, live_server, parent_email)
    parent.goto(live_server + "/family/")
    parent.get_by_role("button", name="Set up your family").click()
    parent.goto(live_server + "/family/sharing")
    end = date.today() + timedelta(days=30)
    parent.get_by_label("Your broker’s email address").fill(broker_email)
    parent.get_by_label("See and change your family’s records").check()
    parent.get_by_label("Day", exact=True).fill(str(end.day))
    parent.get_by_label("Month", exact=True).fill(str(end.month))
    parent.get_by_label("Year", exact=True).fill(str(end.year))
    parent.get_by_role("button", name="Share", exact=True).click()
    assert "Sharing" in parent.locator("main").inner_text()
    assert_accessible(parent)
    parent_context.close()

    broker_context = _context(browser, javascript=True)
    broker = broker_context.new_page()
    enrol_second_factor(app, broker_email)
    sign_in(broker, live_server, broker_email, app)
    broker.goto(live_server + "/family/broker")
    assert_accessible(broker)
    broker.locator("main form button[type='submit']").first.click()
    broker.wait_for_url(re.compile(r"/family/$"))
    assert broker.get_by_role("region", name="Acting for a family").is_visible()
    assert_accessible(broker)
    broker_context.close()
