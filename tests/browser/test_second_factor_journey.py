"""On a phone: an officer sets up 2-step verification at their first sign-in, saves their
recovery codes, and signs in again with a code. axe-core checks every page on the way."""

from __future__ import annotations

import re
import uuid

import pyotp
import pytest

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from tests.browser.conftest import assert_accessible
from tests.conftest import second_factor_code

pytestmark = pytest.mark.browser

PASSWORD = "lantern biscuit harbour"


def password_step(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form button[type='submit']").click()


def test_an_officer_sets_up_an_app_then_signs_in_with_a_code(app, phone, live_server) -> None:
    with app.app_context():
        limiter.reset()
        email = f"officer-{uuid.uuid4().hex[:8]}@brackenshire.example"
        db.session.add(User(email=email, password_hash=hash_password(PASSWORD), role="officer"))
        db.session.commit()
    page = phone

    password_step(page, live_server, email)
    page.wait_for_url(re.compile(r"/sign-in/set-up-2-step-verification$"))
    qr_code = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr_code.is_visible()
    assert qr_code.bounding_box()["width"] <= 375
    assert_accessible(page)

    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the security code" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    secret = page.locator("#set-up-key").inner_text().replace(" ", "")
    page.get_by_label("Security code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    assert page.locator(".app-recovery-codes li").count() == 10
    assert_accessible(page)

    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url(re.compile(r"/account$"))
    assert "You have 10 recovery codes left." in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("main").get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signed-out$"))

    password_step(page, live_server, email)
    page.wait_for_url(re.compile(r"/sign-in/security-code$"))
    assert_accessible(page)
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Security code must be 6 digits" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="I cannot use my authenticator app").click()
    page.wait_for_url(re.compile(r"/sign-in/recovery-code$"))
    assert_accessible(page)
    page.get_by_role("link", name="Back", exact=True).click()

    page.get_by_label("Security code").fill(second_factor_code(app, email))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/account$"))
    assert "You are signed in as" in page.locator("main").inner_text()
