"""On a phone: a parent invites their teenager, who makes their own account, writes their
views and shares them with their family; and a broker starts a family at a drop-in that
the parent then claims. axe-core checks every page on the way."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.families.models import Child, Family, FamilyMember
from tests.browser.conftest import _context, assert_accessible
from tests.browser.test_family_journeys import PASSWORD, sign_in
from tests.test_invitations import NEW_PASSWORD, born_years_ago, link_sent_to

pytestmark = pytest.mark.browser


def send_the_plan(app, parent_email: str, child_id: int) -> None:
    """Sends the family's draft as the parent would; building a whole plan has journeys of
    its own (test_whole_plan_journey.py)."""
    from portal.plans.service import plan_for, submit

    with app.app_context():
        parent = db.session.scalars(select(User).where(User.email == parent_email)).one()
        plan = plan_for(db.session.get(Child, child_id))
        assert submit(plan.current, parent, datetime.now(UTC))
        db.session.commit()


def parent_with_a_teenager(app) -> tuple[str, int]:
    with app.app_context():
        limiter.reset()
        parent = User(
            email=f"parent-{uuid.uuid4().hex[:8]}@example.com",
            password_hash=hash_password(PASSWORD),
        )
        family = Family()
        child = Child(
            family=family,
            first_name="Amira",
            last_name="Khan",
            date_of_birth=born_years_ago(13),
            ehc_plan="yes",
        )
        db.session.add_all([parent, family, child])
        db.session.flush()
        db.session.add(FamilyMember(family=family, user_id=parent.id))
        db.session.commit()
        return parent.email, child.id


def test_a_young_person_is_invited_joins_writes_their_views_and_shares_them(
    app, browser, live_server
) -> None:
    parent_email, child_id = parent_with_a_teenager(app)
    young_email = f"young-{uuid.uuid4().hex[:8]}@example.com"

    parent_context = _context(browser, javascript=True)
    parent = parent_context.new_page()
    sign_in(parent, live_server, parent_email)
    parent.goto(live_server + "/family/")
    parent.get_by_role("link", name="People in your family, and inviting others").click()
    assert_accessible(parent)
    parent.get_by_role("link", name="Invite a young person to their own account").click()
    assert_accessible(parent)
    parent.get_by_role("button", name="Send invitation").click()
    parent.locator(".govuk-error-summary").wait_for()
    assert_accessible(parent)
    parent.get_by_label("Amira Khan").check()
    parent.get_by_label("Their email address").fill(young_email)
    parent.get_by_role("button", name="Send invitation").click()
    parent.wait_for_url(re.compile(r"/family/people$"))
    assert young_email in parent.locator("main").inner_text()
    assert_accessible(parent)

    young_context = _context(browser, javascript=True)
    young = young_context.new_page()
    young.goto(live_server + link_sent_to(app, young_email))
    assert young.get_by_role("heading", level=1).inner_text().endswith("Your own space")
    assert_accessible(young)
    young.get_by_label("Make a password").fill(NEW_PASSWORD)
    young.get_by_role("button", name="Make my account").click()
    young.wait_for_url(re.compile(r"/invitations/joined$"))
    assert_accessible(young)
    young.get_by_role("link", name="Sign in").last.click()
    young.get_by_label("Email address").fill(young_email)
    young.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    young.locator("main form button[type='submit']").click()
    young.wait_for_url(re.compile(r"/account$"))
    young.get_by_role("link", name="Go to my space").click()
    assert "Hello, Amira." in young.locator("main").inner_text()
    assert young.get_by_role("img", name="A picture of a pencil").first.is_visible()
    assert_accessible(young)

    young.get_by_role("link", name="Write my views").click()
    assert_accessible(young)
    young.get_by_label("What is important to me").fill("My dog Biscuit.")
    young.get_by_label("What I want to do in the future").fill("Work with animals.")
    young.get_by_role("button", name="Save my views").click()
    young.wait_for_url(re.compile(r"/my-space/\?saved=views$"))
    assert "Your views are saved." in young.locator("main").inner_text()
    assert_accessible(young)

    parent.goto(live_server + f"/family/children/{child_id}/views")
    assert "Amira has not shared their views yet." in parent.locator("main").inner_text()
    assert_accessible(parent)

    young.get_by_role("link", name="Choose who can see my views").click()
    assert_accessible(young)
    young.get_by_label("Yes", exact=True).check()
    young.get_by_role("button", name="Save my choice").click()
    young.wait_for_url(re.compile(r"saved=sharing$"))
    assert "Your family can see your views." in young.locator("main").inner_text()
    assert_accessible(young)

    young.get_by_role("link", name="See my plan").click()
    assert "There is no plan for you yet." in young.locator("main").inner_text()
    assert_accessible(young)
    young.get_by_role("link", name="Choose if my views go in my plan").click()
    assert_accessible(young)
    young.get_by_label("Yes", exact=True).check()
    young.get_by_role("button", name="Save my choice").click()
    young.wait_for_url(re.compile(r"/my-space/plan\?saved=choice$"))
    assert "Your views are in your plan." in young.locator("main").inner_text()
    assert_accessible(young)

    parent.reload()
    assert "My dog Biscuit." in parent.locator("main").inner_text()
    assert_accessible(parent)

    # The parent starts Amira's plan: her words stand beside theirs, labelled.
    parent.goto(live_server + "/plans/")
    parent.get_by_role("button", name="Start a plan for Amira").click()
    parent.wait_for_url(re.compile(r"/plans/\d+$"))
    parent.get_by_role("link", name="About Amira").first.click()
    aside = parent.locator("[data-voice='young-person']").inner_text()
    assert "What Amira wrote, in their own words" in aside and "My dog Biscuit." in aside
    assert_accessible(parent)
    parent_context.close()

    # A draft is the family's to finish: Amira reads the plan once it is sent.
    young.goto(live_server + "/my-space/plan")
    assert "Your family is still writing your plan." in young.locator("main").inner_text()
    assert_accessible(young)
    send_the_plan(app, parent_email, child_id)

    young.goto(live_server + "/my-space/plan")
    assert "This is the plan about you." in young.locator("main").inner_text()
    assert_accessible(young)
    young.get_by_label("My comment").fill("I want to swim on Saturdays.")
    young.get_by_role("button", name="Send my comment").click()
    young.wait_for_url(re.compile(r"saved=comment"))
    assert "Amira (the young person)" in young.locator("main").inner_text()
    assert_accessible(young)
    young_context.close()


def test_a_broker_starts_a_family_at_a_drop_in_and_the_parent_claims_it(
    app, browser, live_server
) -> None:
    with app.app_context():
        limiter.reset()
        broker_email = f"broker-{uuid.uuid4().hex[:8]}@example.com"
        db.session.add(
            User(email=broker_email, password_hash=hash_password(PASSWORD), role="broker")
        )
        db.session.commit()
    broker_context = _context(browser, javascript=True)
    broker = broker_context.new_page()
    sign_in(broker, live_server, broker_email, app)
    broker.goto(live_server + "/family/broker")
    broker.get_by_role(
        "link", name="Start a new family’s record with the parent beside you"
    ).click()
    assert_accessible(broker)
    broker.get_by_role("button", name="Start the record").click()
    broker.locator(".govuk-error-summary").wait_for()
    assert_accessible(broker)

    end = date.today() + timedelta(days=60)
    broker.get_by_label("Parent or carer’s full name").fill("Nadia Khan")
    broker.get_by_label("First name").fill("Amira")
    broker.get_by_label("Last name").fill("Khan")
    dob = broker.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill("27")
    dob.get_by_label("Month").fill("3")
    dob.get_by_label("Year").fill("2015")
    broker.get_by_label("Yes", exact=True).check()
    broker.get_by_label("See and change the family’s records").check()
    until = broker.get_by_role("group", name="Until when?")
    until.get_by_label("Day").fill(str(end.day))
    until.get_by_label("Month").fill(str(end.month))
    until.get_by_label("Year").fill(str(end.year))
    broker.get_by_label(re.compile("agreed to this in person")).check()
    broker.get_by_label("Print a claim code to give them now").check()
    broker.get_by_role("button", name="Start the record").click()
    broker.wait_for_url(re.compile(r"/family/broker/handover/\d+$"))
    code = broker.locator("[data-claim-code]").inner_text()
    assert broker.get_by_role("region", name="Acting for a family").is_visible()
    assert_accessible(broker)
    broker_context.close()

    parent_context = _context(browser, javascript=True)
    parent = parent_context.new_page()
    parent.goto(live_server + "/register")
    parent.get_by_role("link", name="I have a claim code from a broker").click()
    assert_accessible(parent)
    parent.get_by_label("Claim code").fill(code.lower())
    parent.get_by_label("Email address").fill(f"claimant-{uuid.uuid4().hex[:8]}@example.com")
    parent.get_by_label("Create a password").fill(NEW_PASSWORD)
    parent.get_by_role("button", name="Create account and claim").click()
    parent.wait_for_url(re.compile(r"/register/check-your-email$"))
    parent_context.close()


@pytest.mark.parametrize("language", ["en_GB", "ur"])
def test_the_new_pages_are_accessible_at_320px(app, browser, live_server, language) -> None:
    from tests.browser.test_signed_in_accessibility import check, signed_in_page

    parent_email, child_id = parent_with_a_teenager(app)
    with app.app_context():
        young = User(
            email=f"young-{uuid.uuid4().hex[:8]}@example.com",
            password_hash=hash_password(PASSWORD),
            role="young_person",
        )
        db.session.add(young)
        db.session.flush()
        family_id = db.session.get(Child, child_id).family_id
        db.session.add(FamilyMember(family_id=family_id, user_id=young.id, child_id=child_id))
        db.session.commit()
        young_email = young.email

    context, page = signed_in_page(browser, live_server, app, parent_email, language)
    found = check(
        page,
        live_server,
        [
            "/family/people",
            "/family/people/invite",
            "/family/people/invite-young-person",
            f"/family/children/{child_id}/views",
        ],
        # Amira has her account already, so the young person's form is not offered here;
        # its error state is checked on the journey above.
        {"/family/people/invite"},
    )
    context.close()
    context, page = signed_in_page(browser, live_server, app, young_email, language)
    paths = ["/my-space/", "/my-space/about-me", "/my-space/my-views", "/my-space/who-can-see"]
    found.update(check(page, live_server, paths, set()))
    context.close()
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
