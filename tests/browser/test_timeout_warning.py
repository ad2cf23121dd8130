"""The session timeout warning in a real browser (WCAG 2.2.1 Timing Adjustable).

Playwright's clock stands in for the page's time, so 28 minutes pass in an instant and
every run sees the same countdown; the server keeps its own, real, time.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest

from local_offer.extensions import limiter
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

GOOD_PASSWORD = "lantern biscuit harbour"
DIALOG = "#timeout-warning"

FOCUS_IN_DIALOG_JS = "(dialog) => document.querySelector(dialog).contains(document.activeElement)"


def sign_in(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    limiter.reset()  # the server runs in this process; its throttles must not get in the way
    email = f"timeout-{uuid.uuid4().hex[:10]}@example.com"
    page.goto(live_server + "/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/register/check-your-email$"))
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/account$"))
    limiter.reset()


def open_account_page_with_a_fake_clock(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server)
    # Paused: time in the page moves only when the test says, however slow the machine.
    page.clock.install()
    page.clock.pause_at(datetime.now() + timedelta(seconds=5))
    page.goto(live_server + "/account")
    assert not page.locator(DIALOG).is_visible()


def is_open(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("(selector) => document.querySelector(selector).open", DIALOG))


def test_the_warning_opens_two_minutes_before_the_end_and_staying_closes_it(
    phone, live_server
) -> None:
    open_account_page_with_a_fake_clock(phone, live_server)
    phone.clock.run_for("27:55")
    assert not is_open(phone), "no warning before 28 minutes"
    phone.clock.run_for("00:06")

    dialog = phone.locator(DIALOG)
    assert is_open(phone)
    assert phone.evaluate(FOCUS_IN_DIALOG_JS, DIALOG), "focus moves into the dialog"
    assert phone.evaluate("() => document.activeElement.textContent.trim()") == "Stay signed in"
    assert dialog.get_by_role("heading").inner_text() == "You are about to be signed out"
    message = dialog.locator("#timeout-warning-message")
    assert message.inner_text() == "For your security, we will sign you out in 2 minutes."
    announcement = dialog.locator("[aria-live=polite]")
    assert announcement.inner_text() == "", "the dialog's description says it on opening"

    # The countdown moves on screen, and is announced at the minute, not every second.
    phone.clock.run_for("00:59")
    assert message.inner_text() == "For your security, we will sign you out in 1 minute."
    assert announcement.inner_text() == message.inner_text()
    phone.clock.run_for("00:05")
    assert message.inner_text() == "For your security, we will sign you out in 55 seconds."
    assert announcement.inner_text().endswith("1 minute.")

    # axe-core needs running timers; 55 seconds is ample for it.
    phone.clock.resume()
    assert_accessible(phone)
    assert is_open(phone)

    with phone.expect_response(re.compile(r"/account/stay-signed-in$")) as stayed:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert stayed.value.status == 204
    phone.wait_for_function("(selector) => !document.querySelector(selector).open", arg=DIALOG)
    assert not phone.evaluate(FOCUS_IN_DIALOG_JS, DIALOG), "focus goes back to the page"

    # A full 28 minutes more before the next warning.
    phone.clock.run_for("27:50")
    assert not is_open(phone)
    phone.clock.run_for("00:15")
    assert is_open(phone)


def test_escape_keeps_the_person_signed_in(phone, live_server) -> None:
    open_account_page_with_a_fake_clock(phone, live_server)
    phone.clock.fast_forward("28:01")
    assert is_open(phone)
    with phone.expect_response(re.compile(r"/account/stay-signed-in$")) as stayed:
        phone.keyboard.press("Escape")
    assert stayed.value.status == 204
    phone.wait_for_function("(selector) => !document.querySelector(selector).open", arg=DIALOG)


def test_sign_out_in_the_warning_signs_out(phone, live_server) -> None:
    open_account_page_with_a_fake_clock(phone, live_server)
    phone.clock.fast_forward("28:01")
    phone.locator(DIALOG).get_by_role("button", name="Sign out").click()
    phone.wait_for_url(re.compile(r"/signed-out$"))
    phone.goto(live_server + "/account")
    assert "/sign-in" in phone.url


def test_when_time_runs_out_the_page_goes_to_the_server_to_be_signed_out(
    phone, live_server
) -> None:
    open_account_page_with_a_fake_clock(phone, live_server)
    phone.clock.fast_forward("28:01")
    assert is_open(phone)
    # The server, on real time, still has the session; it is the page that must leave.
    with phone.expect_navigation(url=re.compile(r"/account$")):
        phone.clock.fast_forward("02:00")


def test_the_warning_opens_on_real_time_with_a_short_setting(app, phone, live_server) -> None:
    sign_in(phone, live_server)
    app.config["SESSION_WARNING_SECONDS"] = 1
    try:
        phone.goto(live_server + "/account")
    finally:
        del app.config["SESSION_WARNING_SECONDS"]
    phone.wait_for_selector(f"{DIALOG}[open]", timeout=10_000)
    assert phone.evaluate(FOCUS_IN_DIALOG_JS, DIALOG)
    assert "30 minutes" in phone.locator("#timeout-warning-message").inner_text()
    assert_accessible(phone)


def test_without_javascript_there_is_no_warning_and_the_page_works(
    phone_without_javascript, live_server
) -> None:
    sign_in(phone_without_javascript, live_server)
    assert phone_without_javascript.get_by_text("You are signed in as").is_visible()
    assert not phone_without_javascript.locator(DIALOG).is_visible()
