"""The signed-in pages at 320px, in English and Urdu: axe-core finds nothing, nothing
scrolls sideways, and targets are big enough. A parent's pages, and a broker's while
acting for the family."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from portal.families.models import Child, Consent, Family, FamilyMember
from tests.browser.conftest import axe_violations, enter_security_code
from tests.browser.test_accessibility import OVERFLOW_JS, TARGET_SIZE_JS
from tests.conftest import enrol_second_factor

pytestmark = pytest.mark.browser

PASSWORD = "lantern biscuit harbour"
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def people(app) -> dict[str, object]:
    """A parent with a child, and a broker with edit consent from that family."""
    with app.app_context():
        parent = User(
            email=f"parent-{uuid.uuid4().hex[:8]}@example.com",
            password_hash=hash_password(PASSWORD),
        )
        broker = User(
            email=f"broker-{uuid.uuid4().hex[:8]}@example.com",
            password_hash=hash_password(PASSWORD),
            role="broker",
        )
        family = Family()
        child = Child(
            family=family,
            first_name="Amira",
            last_name="Khan",
            date_of_birth=date(2015, 3, 27),
            ehc_plan="yes",
        )
        db.session.add_all([parent, broker, family, child])
        db.session.flush()
        db.session.add(FamilyMember(family=family, user_id=parent.id))
        db.session.add(
            Consent(
                family=family,
                broker_id=broker.id,
                access="edit",
                expires_on=date.today() + timedelta(days=30),
                granted_by_id=parent.id,
            )
        )
        db.session.commit()
        enrol_second_factor(app, broker.email)
        return {
            "parent": parent.email,
            "broker": broker.email,
            "child": child.id,
            "family": family.id,
        }


def signed_in_page(browser, base: str, app, email: str, language: str):  # type: ignore[no-untyped-def]
    with app.app_context():
        limiter.reset()
    context = browser.new_context(viewport=NARROW, bypass_csp=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(base + "/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/(account|sign-in/security-code)$"))
    if page.url.endswith("/sign-in/security-code"):
        enter_security_code(page, app, email)
    page.wait_for_url("**/account")
    return context, page


def problems_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append("axe-core: " + json.dumps(violations, indent=2))
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow["scrollWidth"] > NARROW["width"]:
        problems.append(f"scrolls sideways: {overflow['scrollWidth']}px; {overflow['wide']}")
    problems.extend("target size: " + problem for problem in page.evaluate(TARGET_SIZE_JS))
    return problems


def check(page, base: str, paths: list[str], submit_empty: set[str]) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(base + path)
        problems = problems_on(page)
        if path in submit_empty:
            with page.expect_navigation():
                page.locator("main form[method='post'] button[type='submit']").last.click()
            assert page.locator(".govuk-error-summary").is_visible(), f"{path} shows its errors"
            problems += [f"(after sending it empty) {p}" for p in problems_on(page)]
        if problems:
            found[path] = problems
    return found


@pytest.fixture(params=["en_GB", "ur"])
def language(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    yield request.param


def test_a_parents_pages_are_accessible_at_320px(app, browser, live_server, people, language):
    context, page = signed_in_page(browser, live_server, app, people["parent"], language)
    paths = [
        "/account",
        "/account/email",
        "/family/",
        "/family/children/new",
        f"/family/children/{people['child']}",
        "/family/sharing",
        "/family/your-data",
        "/account/2-step-verification/set-up",
    ]
    found = check(
        page,
        live_server,
        paths,
        {
            "/account/email",
            "/family/children/new",
            "/family/sharing",
            "/account/2-step-verification/set-up",
        },
    )
    context.close()
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)


def test_a_brokers_pages_are_accessible_at_320px(app, browser, live_server, people, language):
    context, page = signed_in_page(browser, live_server, app, people["broker"], language)
    found = check(page, live_server, ["/family/broker"], set())
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_url("**/family/")
    found.update(
        check(page, live_server, ["/family/", f"/family/children/{people['child']}"], set())
    )
    context.close()
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
