"""On a phone: a parent reads who has looked at their records, and an admin searches the
audit trail. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE, _context, assert_accessible
from tests.browser.test_accessibility import OVERFLOW_JS
from tests.browser.test_family_journeys import sign_in
from tests.staff import sign_in_staff
from tests.test_families import CHILD, post
from tests.test_retention import parent_email
from tests.test_who_has_looked import family_shared_with_broker

pytestmark = pytest.mark.browser


def assert_fits_the_phone(page) -> None:
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= PHONE["width"], f"scrolls sideways: {overflow['wide']}"


def signed_in_page(browser, live_server: str, client):
    """A phone whose browser carries the test client's session, so staff sign in through
    the one helper (tests/staff.py) here too."""
    context = _context(browser, javascript=True)
    cookie = client.get_cookie("session")
    context.add_cookies([{"name": "session", "value": cookie.value, "url": live_server}])
    return context, context.new_page()


def test_a_parent_sees_who_has_looked_at_their_records(app, phone, live_server) -> None:
    parent, broker, _user, child_id, _family_id = family_shared_with_broker(app)
    broker.get(f"/family/children/{child_id}")
    post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Needs a quiet room"})
    email = parent_email(app, parent)

    page = phone
    sign_in(page, live_server, email)
    page.goto(live_server + "/family/")
    page.get_by_role("link", name="Who has looked at your records").click()
    page.wait_for_url(re.compile(r"/family/who-has-looked$"))
    main = page.locator("main").inner_text()
    assert "Priya Broker (Broker)" in main
    assert "Changed a child’s record" in main
    assert "Amira Khan’s record" in main
    assert_accessible(page)
    assert_fits_the_phone(page)


def test_an_admin_searches_the_audit_trail(app, browser, live_server) -> None:
    _parent, broker, broker_user, child_id, _family_id = family_shared_with_broker(app)
    post(broker, f"/family/children/{child_id}", {**CHILD, "needs": "Needs a quiet room"})
    admin, _admin_user = sign_in_staff(app, "admin")

    context, page = signed_in_page(browser, live_server, admin)
    page.goto(live_server + "/account")
    page.get_by_role("link", name="Administration").click()
    assert_accessible(page)
    page.get_by_role("link", name="Search the audit trail").click()
    assert_accessible(page)

    page.get_by_label("Record number").fill("not a number")
    page.get_by_role("button", name="Search").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)

    page.get_by_label("Person’s email address").fill(broker_user.email)
    page.get_by_label("What happened").select_option("child_changed")
    page.get_by_label("Record number").fill(str(child_id))
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/admin/audit\?"))
    main = page.locator("main").inner_text()
    assert "1 event" in main
    assert "Needs a quiet room" in main
    assert_accessible(page)
    assert_fits_the_phone(page)
    context.close()
