"""On a phone, with and without JavaScript: a parent answers the RAS questionnaire and
reads the indicative budget; an officer confirms it with a changed answer. axe-core checks
every page on the way, and nothing is wider than the screen."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from local_offer.extensions import limiter
from local_offer.models import utcnow
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.families.models import Child, Family, FamilyMember
from tests.browser.conftest import assert_accessible
from tests.browser.test_family_journeys import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def person(app, role: str) -> str:
    """A confirmed account; a parent comes with a family and Amira, 11, whose current
    package is £9,400 a year."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        user = User(
            email=email,
            password_hash=hash_password(PASSWORD),
            role=role,
            email_confirmed_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        if role == "parent":
            family = Family()
            db.session.add(family)
            db.session.add(FamilyMember(family=family, user_id=user.id))
            today = date.today()
            db.session.add(
                Child(
                    family=family,
                    first_name="Amira",
                    last_name="Khan",
                    date_of_birth=date(today.year - 11, 1, 1),
                    current_package_pence=940_000,
                )
            )
        db.session.commit()
        limiter.reset()
    return email


class Checker:
    """Runs axe-core and a reflow check on each page. A page opened without JavaScript
    cannot run axe itself, so its HTML, scripts removed, is served again to a page that
    can: axe then sees exactly what a reader without JavaScript gets."""

    def __init__(self, base: str, inspector=None) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.inspector = inspector

    def __call__(self, page) -> None:  # type: ignore[no-untyped-def]
        target = page
        if self.inspector is not None:
            html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
            snapshot = self.base + "/__snapshot__"
            self.inspector.route(
                snapshot, lambda route: route.fulfill(body=html, content_type="text/html")
            )
            self.inspector.goto(snapshot)
            self.inspector.unroute(snapshot)
            target = self.inspector
        assert_accessible(target)
        width = target.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"{page.url} is {width}px wide on a 375px screen"


@pytest.mark.parametrize("device", ["phone", "phone_without_javascript"])
def test_a_parent_answers_the_questionnaire_and_reads_the_budget(
    app, live_server, request, device
) -> None:
    page = request.getfixturevalue(device)
    inspector = request.getfixturevalue("phone") if device == "phone_without_javascript" else None
    checked_and_fits = Checker(live_server, inspector)
    sign_in(page, live_server, person(app, "parent"))
    page.goto(live_server + "/family/")
    page.get_by_role("link", name="Indicative budget").click()
    checked_and_fits(page)
    page.get_by_role("button", name="Start now").click()

    # A page sent without answers explains what is missing.
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".govuk-error-summary").wait_for()
    checked_and_fits(page)

    for part in range(8):
        assert f"part {part + 1} of 8" in page.locator("main").inner_text()
        if part == 0:
            checked_and_fits(page)
        # The third answer of each question: "A lot of extra help" or its like, 5 points.
        for fieldset in page.locator("main fieldset").all():
            fieldset.locator("input[type=radio]").nth(2).check()
        page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/check$"))
    checked_and_fits(page)
    page.get_by_role("button", name="Send answers and see the budget").click()
    page.wait_for_url(re.compile(r"/budget/assessments/\d+$"))
    main = page.locator("main").inner_text()
    assert main.index("£8,460 a year") < main.index("How we worked it out")
    assert "this year’s fall is limited to 10%" in main
    checked_and_fits(page)

    page.get_by_role("link", name="Printable summary").click()
    checked_and_fits(page)
    page.go_back()
    page.get_by_role("link", name="Ask for a review").click()
    page.get_by_role("button", name="Send request").click()
    page.locator(".govuk-error-summary").wait_for()
    checked_and_fits(page)
    page.get_by_label("Why do you think").fill("The sleep answer does not show the whole picture.")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Review requested").wait_for()


def test_an_officer_confirms_with_a_changed_answer_and_the_family_sees_why(
    app, live_server, phone
) -> None:
    from tests.test_ras_views import submitted_assessment

    family_client, _child_id, assessment_id = submitted_assessment(app)
    page = phone
    checked_and_fits = Checker(live_server)
    sign_in(page, live_server, person(app, "officer"), app)
    page.goto(live_server + "/budget/officer/")
    checked_and_fits(page)
    page.goto(live_server + f"/budget/officer/assessments/{assessment_id}")
    checked_and_fits(page)
    sleep = page.get_by_role("group", name="How are your child's nights?")
    sleep.get_by_label("Some disturbed nights").check()
    page.get_by_role("button", name="Confirm the assessment").click()
    page.locator(".govuk-error-summary").wait_for()
    checked_and_fits(page)
    page.locator("#r_sleep").fill("The sleep diary shows one waking a week.")
    page.get_by_role("button", name="Confirm the assessment").click()
    page.wait_for_url(re.compile(r"/budget/officer/$"))
    budget = family_client.get(f"/budget/assessments/{assessment_id}").get_data(as_text=True)
    assert "The sleep diary shows one waking a week." in budget
