"""A parent on a phone: search, filter, read a service, compare; axe-core on every page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def run_directory_journey(page, base_url: str, quokka, check_page=assert_accessible) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    check_page(page)

    page.get_by_label("Search for a service").fill("quokka")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/services\?q=quokka"))
    assert page.locator("#result-count").inner_text().strip() == "4 services found"
    check_page(page)

    page.get_by_text("Filter results").click()
    page.get_by_label("Free only").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"cost=free"))
    assert page.locator("#result-count").inner_text().strip() == "1 service found"
    check_page(page)

    page.get_by_role("link", name="Remove filter: Free only").click()
    page.wait_for_url(re.compile(r"^(?!.*cost=free)"))
    assert page.locator("#result-count").inner_text().strip() == "4 services found"

    page.get_by_role("link", name="Quokka Swimming Club").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Quokka Swimming Club"
    check_page(page)
    page.get_by_role("button", name="Add to compare Quokka Swimming Club").click()

    page.goto(f"{base_url}/services/{quokka.assistants}")
    page.get_by_role("button", name="Add to compare Quokka Personal Assistants").click()
    page.goto(base_url + "/compare")
    assert "2 services side by side" in page.locator("caption").inner_text()
    check_page(page)


def test_directory_journey_on_a_phone(phone, live_server, quokka) -> None:
    run_directory_journey(phone, live_server, quokka)


def test_directory_journey_works_without_javascript(
    phone_without_javascript, live_server, quokka
) -> None:
    # axe-core needs timers, which do not run with JavaScript off; the journey above
    # checks the same pages with it.
    run_directory_journey(
        phone_without_javascript, live_server, quokka, check_page=lambda page: None
    )


def test_search_errors_are_accessible(phone, live_server, quokka) -> None:
    phone.goto(live_server + "/services?q=quokka&age=abc&postcode=ZZ9+9ZZ&sort=distance")
    assert phone.locator(".govuk-error-summary").is_visible()
    assert_accessible(phone)
