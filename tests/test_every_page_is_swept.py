"""No page can be missed by the accessibility sweep (issue 6): every GET address the app
answers is either swept in the browser (tests/browser/test_accessibility.py PAGES for the
public pages, tests/browser/test_every_page.py ROLE_PAGES for everyone signed in and the
pages reached by a link or a code) or listed here with the reason it is not a page.

This reads the sweep's lists as data, without a browser, so it runs with the fast tests."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import Rule

from tests.browser.test_accessibility import PAGES
from tests.browser.test_every_page import ROLE_PAGES, SIGN_IN_PAGES

# Endpoints answered with something other than an HTML page, or with a redirect only.
NOT_PAGES: dict[str, str] = {
    "static": "CSS, JavaScript, fonts and images",
    "pages.live": "health check for the load balancer: plain JSON",
    "pages.ready": "health check for the load balancer: plain JSON",
    "languages.choose": "sets the language cookie and redirects; an unknown code is the "
    "not-found page, which PAGES sweeps",
    "open_data.local_offer_csv": "CSV download of the Local Offer",
    "admin.audit_csv": "CSV download of the audit log",
    "backoffice.commissioning_report_csv": "CSV download of the commissioning report",
    "families.download": "JSON download of the family's data",
    "plans.pdf": "PDF of a plan version",
    "oruk.api_details": "Open Referral UK API: JSON",
    "oruk.organizations": "Open Referral UK API: JSON",
    "oruk.organization": "Open Referral UK API: JSON",
    "oruk.service_at_locations": "Open Referral UK API: JSON",
    "oruk.service_at_location": "Open Referral UK API: JSON",
    "oruk.services": "Open Referral UK API: JSON",
    "oruk.service": "Open Referral UK API: JSON",
    "oruk.taxonomies": "Open Referral UK API: JSON",
    "oruk.taxonomy": "Open Referral UK API: JSON",
    "oruk.taxonomy_terms": "Open Referral UK API: JSON",
    "oruk.taxonomy_term": "Open Referral UK API: JSON",
}

# The public pages whose opener does more than open an address: the address it ends on.
PUBLIC_PATHS = {
    "services-errors": "/services",
    "services-no-results": "/services",
    "services-page-5": "/services",
    "compare-two": "/compare",
    "feedback-errors": "/feedback",
    "register-errors": "/register",
}


def _endpoint(app: Flask, path: str) -> str:
    path = re.sub(r"\{[^}]*\}", "1", path.split("?")[0])
    endpoint, _args = app.url_map.bind("localhost").match(path, method="GET")
    return str(endpoint)


def _public_endpoints(app: Flask) -> dict[str, str]:
    found = {}
    for name, opener in PAGES.items():
        path = PUBLIC_PATHS.get(name) or getattr(opener, "path", None)
        assert path, f"PAGES[{name!r}] needs its address in PUBLIC_PATHS"
        if name == "not-found":
            continue
        found[name] = _endpoint(app, path)
    return found


def _get_endpoints(app: Flask) -> set[str]:
    rules: list[Rule] = list(app.url_map.iter_rules())
    return {rule.endpoint for rule in rules if "GET" in (rule.methods or set())}


def test_each_page_in_the_sweep_is_listed_under_the_endpoint_that_answers_it(app) -> None:
    wrong = [
        f"{role}: {visit.path} is {_endpoint(app, visit.path)}, listed as {visit.endpoint}"
        for role, visits in ROLE_PAGES.items()
        for visit in visits
        if _endpoint(app, visit.path) != visit.endpoint
    ]
    assert not wrong, "\n".join(wrong)


def _missed(app: Flask, role_pages: dict[str, list]) -> list[str]:  # type: ignore[type-arg]
    swept = set(_public_endpoints(app).values())
    swept |= {visit.endpoint for visits in role_pages.values() for visit in visits}
    swept |= set(SIGN_IN_PAGES)
    return sorted(_get_endpoints(app) - swept - set(NOT_PAGES))


def test_every_get_endpoint_is_swept_or_said_not_to_be_a_page(app) -> None:
    missed = _missed(app, ROLE_PAGES)
    assert not missed, (
        "These pages are in no accessibility sweep. Add them to ROLE_PAGES in "
        "tests/browser/test_every_page.py (or PAGES in test_accessibility.py), or, if they "
        "are not HTML pages, to NOT_PAGES here with the reason:\n" + "\n".join(missed)
    )


def test_the_list_of_things_that_are_not_pages_is_kept_up_to_date(app) -> None:
    endpoints = _get_endpoints(app)
    swept = {visit.endpoint for visits in ROLE_PAGES.values() for visit in visits}
    assert not set(NOT_PAGES) - endpoints, "NOT_PAGES names endpoints that are gone"
    assert not set(NOT_PAGES) & swept, "an endpoint cannot be both swept and not a page"
    assert all(reason.strip() for reason in NOT_PAGES.values())


def test_the_check_would_notice_a_page_left_out(app) -> None:
    without_admin_users = {
        role: [visit for visit in visits if visit.endpoint != "admin.users"]
        for role, visits in ROLE_PAGES.items()
    }
    assert _missed(app, without_admin_users) == ["admin.users"]
