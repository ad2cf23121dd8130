"""On a phone: a parent builds a small support plan and sends it; axe-core checks every
page on the way, including the error states."""

from __future__ import annotations

import re
from datetime import date

import pytest

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.extensions import db
from portal.families.models import Child, Family, FamilyMember
from portal.plans.budget import PROVIDER, IndicativeBudget
from portal.plans.models import SupportPlan
from tests.browser.conftest import ROOT, assert_accessible
from tests.browser.test_family_journeys import sign_in
from tests.test_families import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def budget(app):
    # Stands in for the RAS for these journeys, then gives the RAS back to later tests.
    the_ras = app.extensions.get(PROVIDER)
    app.extensions[PROVIDER] = lambda child: IndicativeBudget(
        {"social-care": 600_000, "education": 200_000}, "Test RAS 2026"
    )
    yield
    app.extensions[PROVIDER] = the_ras


def parent_with_child(app) -> tuple[str, int]:
    email = make_user(app)
    with app.app_context():
        limiter.reset()
        user = db.session.query(User).filter_by(email=email).one()
        family = Family()
        db.session.add_all([family, FamilyMember(family=family, user_id=user.id)])
        child = Child(
            family=family, first_name="Sam", last_name="Okafor", date_of_birth=date(2014, 5, 2)
        )
        db.session.add(child)
        db.session.commit()
        return email, child.id


def serve_scripts_from_source(page) -> None:
    """static/dist is built once for every worktree; this branch's scripts come from
    static/src, so the test exercises the scripts as they are here."""

    def from_source(name: str):  # type: ignore[no-untyped-def]
        source = str(ROOT / "static" / "src" / name)
        return lambda route: route.fulfill(path=source, content_type="text/javascript")

    for name in ("app.js", "plan-totals.js"):
        page.route(f"**/static/dist/{name}", from_source(name))


def test_a_parent_builds_a_small_plan_and_sends_it(app, phone, live_server, budget) -> None:
    serve_scripts_from_source(phone)
    build_and_send(app, phone, live_server, javascript=True)


def test_the_same_plan_is_built_and_sent_without_javascript(
    app, phone_without_javascript, live_server, budget
) -> None:
    build_and_send(app, phone_without_javascript, live_server, javascript=False)


def build_and_send(app, page, live_server: str, javascript: bool) -> None:
    # axe-core itself needs JavaScript; the pages are checked with it in the other run.
    check = assert_accessible if javascript else (lambda page: None)
    email, child_id = parent_with_child(app)
    sign_in(page, live_server, email)
    page.goto(live_server + "/plans/")
    check(page)
    page.get_by_role("button", name="Start a plan for Sam").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    check(page)
    plan_url = page.url

    page.get_by_role("link", name="About Sam").click()
    check(page)
    page.get_by_label("What is important to them").fill("Swimming, and his dog")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/outcomes$"))
    check(page)
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".govuk-error-summary").wait_for()
    check(page)
    page.get_by_label("Community and friendships").check()
    page.get_by_label("What should be different?").fill("Sam swims with friends")
    page.get_by_label("How will you know it has happened?").fill("He swims 25 metres alone")
    page.get_by_label("By when?").fill("Summer 2027")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/outcomes$"))

    page.get_by_role("link", name="Continue to support").click()
    check(page)
    page.get_by_role("link", name="Add your own support").click()
    page.get_by_label("What is the support?").fill("Personal assistant for swimming")
    page.get_by_label("Cost of one unit").fill("16.50")
    page.get_by_label("How many units each time?").fill("3")
    page.get_by_label("Every week", exact=True).check()
    page.get_by_label("Social care").check()
    if javascript:
        # As they type, the page shows what the line costs and what would be left.
        live = page.locator("[data-app-line-cost-text]")
        live.wait_for()
        assert "£2,574" in live.inner_text() and "£3,426" in live.inner_text()
        page.get_by_label("How many units each time?").fill("10")
        assert "£2,580" in live.inner_text() and "over budget" in live.inner_text()
        page.get_by_label("How many units each time?").fill("3")
    else:
        assert page.locator("[data-app-line-cost]").is_hidden()
    page.get_by_label("Community and friendships: Sam swims with friends").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/support$"))
    assert "£2,574" in page.locator("main").inner_text()
    check(page)

    page.get_by_role("link", name="Continue to how the money is managed").click()
    check(page)
    page.get_by_role("link", name="Choose how it is managed").first.click()
    check(page)
    page.get_by_label("Managed account held by the council").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/money$"))

    page.get_by_role("link", name="Continue to keeping safe").click()
    check(page)
    page.get_by_label("Plan B: what happens if support cannot happen?").fill("Dad takes him")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/check$"))
    check(page)
    page.get_by_role("button", name="Send the plan").click()
    page.wait_for_url(re.compile(r"/sent$"))
    check(page)

    page.goto(plan_url)
    assert "Sent to the council" in page.locator("main").inner_text()
    check(page)
    with app.app_context():
        plan = db.session.query(SupportPlan).filter_by(child_id=child_id).one()
        assert plan.current.status == "submitted"


def test_an_officer_returns_a_plan_with_reasons_on_a_phone(app, phone, live_server, budget) -> None:
    from tests.test_plans import make_officer, submitted_plan

    _parent, _plan_id, version_id = submitted_plan(app, None)
    page = phone
    # Officers enter a security code after their password.
    sign_in(page, live_server, make_officer(app), app)
    page.goto(live_server + "/plans/decisions")
    assert_accessible(page)
    page.locator(f"a[href='/plans/decisions/{version_id}']").click()
    assert_accessible(page)
    page.get_by_role("button", name="Return the plan").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.get_by_label("Reasons").fill("Say who covers the assistant's holidays")
    page.get_by_role("button", name="Return the plan").click()
    page.wait_for_url(re.compile(rf"/plans/decisions/{version_id}$"))
    assert "Returned to the family" in page.locator("main").inner_text()
    assert_accessible(page)
