"""An accessibility sweep of every public page, on a small phone and on a desktop.

On each page, at 320 px wide and at 1280 x 900:

- axe-core finds nothing against WCAG 2.2 A and AA (the tags assert_accessible uses);
- nothing scrolls sideways (WCAG 1.4.10 Reflow);
- every link, button and form control in the main content is at least 24 x 24 CSS px,
  or meets one of WCAG 2.5.8's exceptions that can be measured: it is a link in a
  sentence, or it is small but has room around it.

Then a keyboard-only run through the directory: skip link, search, a filter, a result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from local_offer.extensions import db, limiter
from local_offer.models import Organisation, Service
from tests.browser.conftest import axe_violations
from tests.browser.keyboard import TARGET_SIZE_JS, Keyboard
from tests.directory_fixtures import QuokkaServices

pytestmark = pytest.mark.browser

WIDTHS = {
    "320px": {"width": 320, "height": 640},
    "desktop": {"width": 1280, "height": 900},
}


@dataclass(frozen=True)
class Ids:
    """Services the pages are opened for: the test's own, and one from the demo data."""

    quokka: QuokkaServices
    demo: int


@pytest.fixture(scope="module")
def ids(app: Flask, quokka: QuokkaServices) -> Ids:
    with app.app_context():
        # A demo service with most of what a service page can show: contacts, times, prices.
        demo = db.session.scalars(
            select(Service)
            .join(Service.organisation)
            .where(Service.status == "active", Organisation.name != "Quokka Trust")
            .order_by(Service.id)
        ).all()
        richest = max(
            demo,
            key=lambda s: (bool(s.contacts), bool(s.schedules), len(s.cost_options), -s.id),
        )
        return Ids(quokka=quokka, demo=richest.id)


# --- Opening each page ---------------------------------------------------------------
# Each opener leaves the page showing what is to be checked and returns the HTTP status
# of the page it shows. The browser's cookies are cleared first, so no page depends on
# what the one before put in the session.

Opener = Callable[[object, str, Ids], int]


def _goto(path: str, status: int = 200) -> Opener:
    def opener(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
        response = page.goto(base + path.format(ids=ids))
        assert response is not None
        return int(response.status)

    opener.expected = status  # type: ignore[attr-defined]
    opener.path = path  # type: ignore[attr-defined]  # read by tests/test_every_page_is_swept.py
    return opener


def _compare_two(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    for service_id in (ids.quokka.club, ids.demo):
        page.goto(f"{base}/services/{service_id}")
        page.locator("form[action='/compare/add'] button").click()
        page.wait_for_load_state()
    response = page.goto(base + "/compare")
    assert "2" in page.locator("caption").inner_text()
    return int(response.status)


def _feedback_with_errors(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    limiter.reset()  # the server runs in this process; its rate limit must not get in the way
    page.goto(base + "/feedback")
    with page.expect_navigation() as navigation:
        page.locator("main form[method='post'] button[type='submit']").click()
    assert page.locator(".govuk-error-summary").is_visible()
    limiter.reset()
    return int(navigation.value.status)


def _search_with_errors(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    status = _goto("/services?age=abc&postcode=ZZ9+9ZZ&sort=distance")(page, base, ids)
    assert page.locator(".govuk-error-summary").is_visible()
    return status


def _search_without_results(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    status = _goto("/services?q=zzzzqqqxyzzy")(page, base, ids)
    # "0 services found", "Znaleziono 0 usług": the count is a word of its own in every language.
    assert "0" in page.locator("#result-count").inner_text().split()
    return status


def _deep_results_page(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    status = _goto("/services?page=5")(page, base, ids)
    # Far enough in that the pagination shows previous, next and both ellipses.
    assert page.locator(".govuk-pagination__item--ellipsis").count() == 2
    return status


def _register_with_errors(page, base: str, ids: Ids) -> int:  # type: ignore[no-untyped-def]
    limiter.reset()
    page.goto(base + "/register")
    with page.expect_navigation() as navigation:
        page.locator("main form[method='post'] button[type='submit']").click()
    assert page.locator(".govuk-error-summary").is_visible()
    limiter.reset()
    return int(navigation.value.status)


PAGES: dict[str, Opener] = {
    "home": _goto("/"),
    "services": _goto("/services"),
    "services-keyword": _goto("/services?q=swimming"),
    "services-filters": _goto(
        "/services?q=quokka&category=qk-clubs&need=qk-autism&access=qk-wheelchair"
        "&cost=max&max_hourly=20&age=10&direct_payment=y&postcode=QK1+1AA&radius=10&sort=distance"
    ),
    "services-errors": _search_with_errors,
    "services-no-results": _search_without_results,
    "services-page-5": _deep_results_page,
    "service-quokka": _goto("/services/{ids.quokka.club}"),
    "service-demo": _goto("/services/{ids.demo}"),
    "compare-empty": _goto("/compare"),
    "compare-two": _compare_two,
    "personal-budgets": _goto("/local-offer/personal-budgets"),
    "short-breaks-eligibility": _goto("/local-offer/short-breaks-eligibility"),
    "about-the-local-offer": _goto("/local-offer/about-the-local-offer"),
    "short-breaks-statement": _goto("/short-breaks-statement"),
    "you-said-we-did": _goto("/you-said-we-did"),
    "feedback": _goto("/feedback"),
    "feedback-errors": _feedback_with_errors,
    "feedback-about-a-service": _goto("/feedback?service={ids.quokka.club}"),
    "feedback-sent": _goto("/feedback/sent"),
    "open-data": _goto("/open-data"),
    "help": _goto("/help"),
    "accessibility": _goto("/accessibility"),
    "privacy": _goto("/privacy"),
    "cookies": _goto("/cookies"),
    "not-found": _goto("/no-such-page", status=404),
    "register": _goto("/register"),
    "register-errors": _register_with_errors,
    "check-your-email": _goto("/register/check-your-email"),
    "sign-in": _goto("/sign-in"),
    "reset-password": _goto("/reset-password"),
    "reset-password-sent": _goto("/reset-password/sent"),
    "reset-link-expired": _goto("/reset-password/not-a-token", status=404),
    "signed-out": _goto("/signed-out"),
    "signed-out-inactive": _goto("/signed-out/inactive"),
}


# --- Browser contexts, one for each width, shared by every page -----------------------


@pytest.fixture(scope="module")
def pages_by_width(browser) -> Iterator[dict[str, object]]:  # type: ignore[no-untyped-def]
    contexts = {}
    pages = {}
    for name, viewport in WIDTHS.items():
        # bypass_csp lets the test inject axe-core; the app's own pages never need it.
        context = browser.new_context(
            viewport=viewport, java_script_enabled=True, bypass_csp=True, locale="en-GB"
        )
        context.set_default_timeout(15_000)
        contexts[name] = context
        pages[name] = context.new_page()
    yield pages
    for context in contexts.values():
        context.close()


# --- Measurements taken in the page --------------------------------------------------

OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getBoundingClientRect();
    if (rect.width && rect.right > width + 1) {
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
        + `${el.classList.length ? '.' + [...el.classList].join('.') : ''}`
        + ` right=${Math.round(rect.right)}`);
    }
  }
  // Text can spill out of a box that fits, when a word is too long to wrap.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width && rect.right > width + 1) {
      wide.push(`text "${node.textContent.trim().slice(0, 40)}" right=${Math.round(rect.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}
"""


# English and Urdu (read right to left, so the whole layout mirrors) at every width; Polish,
# whose words run longest, at the narrowest width, where long words are likeliest to overflow.
SWEEP = [(language, width) for language in ("en_GB", "ur") for width in WIDTHS] + [("pl", "320px")]


@pytest.mark.parametrize("page_name", list(PAGES))
@pytest.mark.parametrize(("language", "width"), SWEEP)
def test_page_is_accessible(
    pages_by_width: dict[str, object],
    live_server: str,
    ids: Ids,
    width: str,
    page_name: str,
    language: str,
) -> None:
    page = pages_by_width[width]
    page.context.clear_cookies()  # type: ignore[attr-defined]
    page.context.add_cookies(  # type: ignore[attr-defined]
        [{"name": "language", "value": language, "url": live_server}]
    )
    opener = PAGES[page_name]
    status = opener(page, live_server, ids)
    assert status == getattr(opener, "expected", 200), f"{page_name} answered {status}"

    problems: list[str] = []
    violations = axe_violations(page)
    if violations:
        problems.append("axe-core: " + json.dumps(violations, indent=2))

    viewport = WIDTHS[width]["width"]
    overflow = page.evaluate(OVERFLOW_JS)  # type: ignore[attr-defined]
    if overflow["scrollWidth"] > viewport:
        problems.append(
            f"scrolls sideways: scrollWidth {overflow['scrollWidth']} > {viewport}; "
            f"too wide: {overflow['wide']}"
        )

    problems.extend(
        "target size: " + problem
        for problem in page.evaluate(TARGET_SIZE_JS)  # type: ignore[attr-defined]
    )
    assert not problems, f"{page_name} at {width} in {language} ({page.url}):\n" + "\n".join(
        problems
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_directory_journey_by_keyboard_alone(browser, live_server: str, quokka, width: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=WIDTHS[width], java_script_enabled=True, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    keyboard = Keyboard(page)
    try:
        page.goto(live_server + "/")

        # The first Tab stop is the skip link, and it shows itself.
        skip = keyboard.tab()
        assert skip["text"] == "Skip to main content"
        assert skip["width"] > 24 and skip["height"] > 24, f"skip link not shown: {skip}"
        assert skip["clip"] in ("auto", "") and skip["clipPath"] == "none", skip

        keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main-content"
        keyboard.last = None  # main is not a Tab stop; it is focused only to move the start

        # From main, the next stop is the search box.
        search_box = keyboard.tab()
        assert search_box["id"] == "home-q", search_box
        page.keyboard.type("quokka")
        keyboard.press("Enter", navigates=True)
        assert "/services?q=quokka" in page.url
        assert page.locator("#result-count").inner_text().strip() == "4 services found"

        # The filters are in a Details component, open on wide screens; open it if it is
        # closed, then tick a checkbox.
        keyboard.tab_to(lambda f: f["tag"] == "summary", "Filter results")
        details_open = "() => document.activeElement.closest('details').open"
        if not page.evaluate(details_open):
            keyboard.press("Enter")
            assert page.evaluate(details_open), "Enter opens the filters"
        checkbox = keyboard.tab_to(
            lambda f: f["type"] == "checkbox" and f["label"] == "Quokka clubs",
            "the Quokka clubs checkbox",
        )
        assert not checkbox["checked"]
        keyboard.press("Space")
        assert keyboard.focused()["checked"], "Space ticks the checkbox"

        keyboard.tab_to(lambda f: f["text"] == "Apply filters", "Apply filters")
        keyboard.press("Enter", navigates=True)
        assert "category=qk-clubs" in page.url
        assert page.locator("#result-count").inner_text().strip() == "1 service found"

        result = keyboard.tab_to(
            lambda f: f["tag"] == "a" and bool(f["inResults"]), "the first result"
        )
        assert result["text"] == "Quokka Swimming Club"
        keyboard.press("Enter", navigates=True)
        assert page.get_by_role("heading", level=1).inner_text() == "Quokka Swimming Club"
    finally:
        context.close()
