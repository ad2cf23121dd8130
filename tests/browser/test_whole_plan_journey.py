"""The whole plan journey on a phone, through the pages only, with JavaScript on and off:
a parent writes about their child and an outcome, adds a Local Offer service and a line of
their own, chooses a direct payment for one and a notional budget for the other, and
sends the plan; an officer returns it with a reason; the parent fixes it and sends it
again; the officer approves it; the parent downloads the PDF. axe-core checks every page
on the way, the error states included; the family is emailed about each decision."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.accounts.models import OutboxMessage
from portal.extensions import db
from portal.plans.budget import PROVIDER, IndicativeBudget
from tests.browser.conftest import _context, assert_accessible
from tests.browser.test_family_journeys import sign_in
from tests.browser.test_plan_journey import parent_with_child, serve_scripts_from_source
from tests.test_plan_pdf import pdf_text
from tests.test_plans import make_officer

pytestmark = pytest.mark.browser

# A short break the council arranges itself (a block of overnight stays it commissions),
# so its money may be a notional budget; from the demo Local Offer.
SHORT_BREAK = "The Lantern Centre Short Breaks"
REASON = "The Lantern Centre can offer 3 nights a year, not 4. Change the number of nights."


@pytest.fixture
def budget(app):
    # Stands in for the RAS for this journey, then gives the RAS back to later tests.
    the_ras = app.extensions.get(PROVIDER)
    app.extensions[PROVIDER] = lambda child: IndicativeBudget(
        {"social-care": 600_000, "education": 200_000}, "Test RAS 2026"
    )
    yield
    app.extensions[PROVIDER] = the_ras


class Checker:
    """axe-core on every page. With JavaScript on it runs in the page itself. axe-core
    needs timers, which do not run with JavaScript off, so then the page as the browser
    has it is copied into a second page that has JavaScript for axe-core alone: the app's
    own scripts are taken out, so it is checked as a browser without JavaScript shows it."""

    def __init__(self, browser, javascript: bool) -> None:  # type: ignore[no-untyped-def]
        self.javascript = javascript
        self.pages = 0
        self.context = None if javascript else _context(browser, javascript=True)
        self.copy = None if self.context is None else self.context.new_page()
        if self.copy is not None:
            self.copy.route("**/*.js", lambda route: route.abort())

    def __call__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.pages += 1
        # A click that opens a page returns once the page starts loading; check it loaded.
        page.wait_for_load_state()
        if self.copy is None:
            assert_accessible(page)
            return
        address = page.url.split("#")[0]
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S | re.I)

        def as_served(route) -> None:  # type: ignore[no-untyped-def]
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        def same_address(url: str) -> bool:
            return url.split("#")[0] == address

        self.copy.route(same_address, as_served)
        self.copy.goto(address)
        self.copy.unroute(same_address, as_served)
        assert "govuk-frontend-supported" not in self.copy.evaluate("document.body.className")
        assert self.copy.evaluate("document.styleSheets.length") > 0
        assert_accessible(self.copy)

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_whole_plan_journey_from_a_first_draft_to_the_approved_pdf(
    app, browser, live_server, budget, javascript: bool
) -> None:
    started = time.monotonic()
    email, _child_id = parent_with_child(app)
    officer_email = make_officer(app, limit_pence=2_000_000)
    family = _context(browser, javascript)
    council = _context(browser, javascript)
    check = Checker(browser, javascript)
    try:
        parent = family.new_page()
        officer = council.new_page()
        if javascript:
            serve_scripts_from_source(parent)
            serve_scripts_from_source(officer)
        plan_url = build_and_send(parent, live_server, email, check, javascript)
        plan_id = int(plan_url.rsplit("/", 1)[1])

        open_from_the_queue(officer, live_server, plan_id, check, app, officer_email)
        officer.get_by_role("button", name="Return the plan").click()
        officer.locator(".govuk-error-summary").wait_for()
        assert (
            "Enter the reasons for the family"
            in officer.locator(".govuk-error-summary").inner_text()
        )
        check(officer)
        officer.get_by_label("Reasons").fill(REASON)
        officer.get_by_role("button", name="Return the plan").click()
        officer.wait_for_url(re.compile(r"/plans/decisions/\d+$"))
        assert "Returned to the family" in officer.locator("h1").inner_text()
        check(officer)
        [(subject, body)] = emails_to(app, email)
        assert subject == "Sam’s support plan needs changes"
        assert REASON in body and "reconsidered" in body

        fix_and_send_again(parent, body, plan_url, check)

        open_from_the_queue(officer, live_server, plan_id, check)
        assert "£3,484.50" in officer.locator("main").inner_text()
        with officer.expect_navigation(url=re.compile(r"/plans/decisions/\d+$")):
            officer.get_by_role("button", name="Approve the plan").click()
        assert "Approved" in officer.locator("h1").inner_text()
        check(officer)
        officer.goto(live_server + "/plans/decisions")
        assert f"plan {plan_id}," not in officer.locator("main").inner_text()
        check(officer)
        assert [subject for subject, _body in emails_to(app, email)] == [
            "Sam’s support plan needs changes",
            "Sam’s support plan is approved",
        ]

        parent.goto(plan_url)
        main = parent.locator("main").inner_text()
        assert "Status: Approved" in main and "Returned to you" not in main
        check(parent)
        with parent.expect_download() as download_info:
            parent.get_by_role("link", name="Download as PDF").click()
        download = download_info.value
        assert download.suggested_filename == f"support-plan-{plan_id}-version-1.pdf"
        document = Path(download.path()).read_bytes()
        assert document.startswith(b"%PDF")
        words = pdf_text(document)
        assert "£3,484.50" in words, words
        assert "Personal assistant for swimming" in words and SHORT_BREAK in words
    finally:
        check.close()
        family.close()
        council.close()
    print(
        f"\nwhole plan journey, JavaScript {'on' if javascript else 'off'}: "
        f"{time.monotonic() - started:.1f} s, {check.pages} pages checked with axe-core"
    )


def emails_to(app, email: str) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (message.subject, message.body)
            for message in db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.to == email).order_by(OutboxMessage.id)
            )
        ]


def open_from_the_queue(page, base: str, plan_id: int, check, app=None, email=None) -> None:  # type: ignore[no-untyped-def]
    if email is not None:
        # Officers enter a security code after their password.
        sign_in(page, base, email, app)
    page.goto(base + "/plans/decisions")
    check(page)
    page.get_by_role("link", name=re.compile(rf"^Sam Okafor, plan {plan_id}, version 1$")).click()
    page.wait_for_url(re.compile(r"/plans/decisions/\d+$"))
    assert "Waiting for a decision" in page.locator("h1").inner_text()
    check(page)


def build_and_send(page, base: str, email: str, check, javascript: bool) -> str:  # type: ignore[no-untyped-def]
    sign_in(page, base, email)
    page.goto(base + "/plans/")
    check(page)
    page.get_by_role("button", name="Start a plan for Sam").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    check(page)
    plan_url = page.url

    # About me
    page.get_by_role("link", name="About Sam").click()
    page.wait_for_url(re.compile(r"/about-me$"))
    check(page)
    page.get_by_label("What is important to them").fill("Swimming, and his dog")
    page.get_by_role("button", name="Save and continue").click()

    # An outcome, after sending the form empty once
    page.wait_for_url(re.compile(r"/outcomes$"))
    check(page)
    page.get_by_role("link", name="Add an outcome").click()
    page.wait_for_url(re.compile(r"/outcomes/new$"))
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter what should be different" in summary.inner_text()
    check(page)
    page.get_by_label("Community and friendships").check()
    page.get_by_label("What should be different?").fill("Sam swims with friends")
    page.get_by_label("How will you know it has happened?").fill("He swims 25 metres alone")
    page.get_by_label("By when?").fill("Summer 2027")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/outcomes$"))
    check(page)
    page.get_by_role("link", name="Continue to support").click()
    page.wait_for_url(re.compile(r"/support$"))
    check(page)

    # A line of their own: a personal assistant
    page.get_by_role("link", name="Add your own support").click()
    page.wait_for_url(re.compile(r"/support/new$"))
    check(page)
    page.get_by_label("What is the support?").fill("Personal assistant for swimming")
    page.get_by_label("Cost of one unit").fill("16.50")
    page.get_by_label("How many units each time?").fill("3")
    page.get_by_label("Every week", exact=True).check()
    page.get_by_label("Social care").check()
    page.get_by_label("Community and friendships: Sam swims with friends").check()
    page.get_by_label("It pays a personal assistant").check()
    if javascript:
        live = page.locator("[data-app-line-cost-text]")
        live.wait_for()
        assert "£2,574" in live.inner_text()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/support$"))
    assert "£2,574" in page.locator("main").inner_text()
    check(page)

    # A Local Offer service, from its page in the directory
    page.goto(base + "/")
    check(page)
    page.get_by_label("Search for a service").fill("Lantern Centre")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/services\?"))
    check(page)
    page.get_by_role("link", name=SHORT_BREAK, exact=True).click()
    page.wait_for_url(re.compile(r"/services/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == SHORT_BREAK
    assert "Arranged by the council (notional budget): yes" in page.locator("main").inner_text()
    check(page)
    page.get_by_role("link", name=re.compile(r"^Add to my plan")).click()
    page.wait_for_url(re.compile(r"/plans/add/\d+$"))
    check(page)
    page.get_by_role("link", name=re.compile(r"^Add Overnight stay, £303\.50")).click()
    page.wait_for_url(re.compile(r"/support/new\?option=\d+$"))
    assert page.get_by_label("What is the support?").input_value().startswith(SHORT_BREAK)
    check(page)
    page.get_by_label("Cost of one unit").fill("250")
    page.get_by_label("How many units each time?").fill("4")
    page.get_by_label("Every year", exact=True).check()
    page.get_by_label("Community and friendships: Sam swims with friends").check()
    page.get_by_role("button", name="Save and continue").click()
    # A price other than the Local Offer's needs a reason; what was typed is kept.
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter why the price is different" in summary.inner_text()
    assert page.get_by_label("Cost of one unit").input_value() == "250"
    assert page.get_by_label("How many units each time?").input_value() == "4"
    assert page.get_by_label("Every year", exact=True).is_checked()
    assert page.get_by_label("Community and friendships: Sam swims with friends").is_checked()
    check(page)
    page.get_by_label("Cost of one unit").fill("303.50")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/support$"))
    main = page.locator("main").inner_text()
    assert "£1,214" in main and "£3,788" in main
    check(page)

    # How the money is managed: a direct payment for the assistant, which the page says
    # needs the safety checks, consent and the agreement; the council arranges the break.
    page.get_by_role("link", name="Continue to how the money is managed").click()
    page.wait_for_url(re.compile(r"/money$"))
    check(page)
    page.get_by_role(
        "link", name=re.compile(r"^Choose how it is managed\s*Personal assistant")
    ).click()
    page.wait_for_url(re.compile(r"/money/\d+$"))
    check(page)
    page.get_by_label("Direct payment", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/money$"))
    main = page.locator("main").inner_text()
    assert "Confirm you have checked the personal assistant is safe" in main
    assert "Confirm that the person receiving the direct payment agrees" in main
    assert "Accept the direct payment agreement" in main
    check(page)
    page.get_by_role(
        "link", name=re.compile(r"^Choose how it is managed\s*Personal assistant")
    ).click()
    page.wait_for_url(re.compile(r"/money/\d+$"))
    assert page.get_by_label("Direct payment", exact=True).is_checked()
    check(page)
    page.get_by_label("We have checked the personal assistant is safe").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/money$"))
    page.get_by_label("The person who will receive the direct payment agrees").check()
    page.get_by_label("We have read and accept the council’s direct payment agreement").check()
    with page.expect_navigation(url=re.compile(r"/money$")):
        page.locator("#terms ~ form").get_by_role("button", name="Save").click()
    assert page.get_by_label("The person who will receive the direct payment agrees").is_checked()
    page.get_by_role("link", name=re.compile(rf"^Choose how it is managed\s*{SHORT_BREAK}")).click()
    page.wait_for_url(re.compile(r"/money/\d+$"))
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Select how the money will be managed" in summary.inner_text()
    check(page)
    page.get_by_label("The council arranges it (notional budget)").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/money$"))
    main = page.locator("main").inner_text()
    assert "Needs attention" not in main
    assert main.count("Direct payment") >= 2 and "The council arranges it" in main
    check(page)

    # Keeping safe, then check and send
    page.get_by_role("link", name="Continue to keeping safe").click()
    page.wait_for_url(re.compile(r"/keeping-safe$"))
    check(page)
    page.get_by_label("Plan B: what happens if support cannot happen?").fill("Dad takes him")
    page.get_by_label("Who to call if something goes wrong").fill("Dad, 07700 900123")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/check$"))
    assert page.locator(".govuk-error-message").count() == 0
    check(page)
    page.get_by_role("button", name="Send the plan").click()
    page.wait_for_url(re.compile(r"/sent$"))
    check(page)
    page.goto(plan_url)
    assert "Sent to the council" in page.locator("main").inner_text()
    check(page)
    return plan_url


def fix_and_send_again(page, email_body: str, plan_url: str, check) -> None:  # type: ignore[no-untyped-def]
    # The parent follows the link in the council's email.
    link = re.search(r"https?://\S+", email_body.split("You can change the plan")[1]).group(0)
    assert link == plan_url
    page.goto(link)
    banner = page.get_by_role("region", name="Returned to you")
    assert REASON in banner.inner_text()
    check(page)
    page.get_by_role("link", name="Support", exact=True).click()
    page.wait_for_url(re.compile(r"/support$"))
    check(page)
    page.get_by_role("link", name=re.compile(rf"^Change\s*{SHORT_BREAK}")).click()
    page.wait_for_url(re.compile(r"/support/\d+$"))
    check(page)
    nights = page.get_by_label("How many units each time?")
    assert nights.input_value() == "4"
    nights.fill("3")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/support$"))
    main = page.locator("main").inner_text()
    assert "£910.50" in main and "£3,484.50" in main
    # Changing the nights keeps how the money is managed.
    assert "The council arranges it (notional budget)" in main
    check(page)
    page.goto(plan_url)
    page.get_by_role("link", name="Check and send").click()
    page.wait_for_url(re.compile(r"/check$"))
    assert page.locator(".govuk-error-message").count() == 0
    check(page)
    page.get_by_role("button", name="Send the plan").click()
    page.wait_for_url(re.compile(r"/sent$"))
    check(page)
