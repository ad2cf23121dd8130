"""On a phone: an officer finds a family, fills in the RAS questionnaire with them and
sends it; axe-core checks every page on the way, and nothing is wider than the screen."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.families.models import Child, FamilyMember
from tests.browser.test_family_journeys import sign_in
from tests.browser.test_ras_journey import Checker, person
from tests.test_ras_with_an_officer import letters

pytestmark = pytest.mark.browser


def test_an_officer_finds_a_family_and_fills_in_the_questionnaire_with_them(
    app, live_server, phone
) -> None:
    parent_email = person(app, "parent")
    first, last = letters(), letters()
    with app.app_context():
        parent = db.session.scalar(select(User).where(User.email == parent_email))
        member = db.session.scalar(select(FamilyMember).where(FamilyMember.user_id == parent.id))
        child = db.session.scalar(select(Child).where(Child.family_id == member.family_id))
        child.first_name, child.last_name = first, last
        db.session.commit()
    page = phone
    checked_and_fits = Checker(live_server)
    sign_in(page, live_server, person(app, "officer"), app)

    page.goto(live_server + "/family/officer/find")
    checked_and_fits(page)
    # An impossible date is explained, not searched for.
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2015")
    page.get_by_role("button", name="Find").click()
    page.locator(".govuk-error-summary").wait_for()
    checked_and_fits(page)
    for box in ("Day", "Month", "Year"):
        page.get_by_label(box).fill("")
    page.get_by_label("Child’s name").fill(f"{first} {last}")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("heading", name="1 child found").wait_for()
    checked_and_fits(page)
    page.get_by_role("link", name=f"{first} {last}").click()
    checked_and_fits(page)
    page.get_by_role("button", name="Fill in the questionnaire with the family").click()
    assert "Filling in with the family" in page.locator("main").inner_text()
    checked_and_fits(page)
    page.get_by_role("button", name="Start now").click()

    for part in range(8):
        main = page.locator("main").inner_text()
        assert f"part {part + 1} of 8" in main and "Filling in with the family" in main
        if part == 0:
            checked_and_fits(page)
        for fieldset in page.locator("main fieldset").all():
            fieldset.locator("input[type=radio]").nth(2).check()
        page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/check$"))
    checked_and_fits(page)
    page.get_by_role("button", name="Send answers and see the budget").click()
    page.wait_for_url(re.compile(r"/budget/assessments/\d+$"))
    assert "filled in answers with the family" in page.locator("main").inner_text()
    checked_and_fits(page)
