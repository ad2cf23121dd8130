"""Browser tests: Playwright drives Debian's Chromium against the app served on loopback.

Playwright's own browser download cannot work here, so the tests launch the system
Chromium, which .ci/run installs when it is missing.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 812}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _context(browser, javascript: bool):  # type: ignore[no-untyped-def]
    # bypass_csp lets the test inject axe-core; the app's own pages never need it.
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser) -> Iterator[object]:
    context = _context(browser, javascript=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_without_javascript(browser) -> Iterator[object]:
    context = _context(browser, javascript=False)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Runs axe-core on the page as it is now and returns its violations, summarised."""
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    summary = []
    for violation in result["violations"]:
        nodes = [node for node in violation["nodes"] if not _known_govuk_issue(violation, node)]
        if nodes:
            summary.append(
                {
                    "id": violation["id"],
                    "help": violation["help"],
                    "targets": [node["target"] for node in nodes][:5],
                }
            )
    return summary


def _known_govuk_issue(violation: dict[str, object], node: dict[str, object]) -> bool:
    """GOV.UK Frontend's conditional reveal puts aria-expanded on a radio, which ARIA does
    not allow. The Design System keeps it on purpose, because screen readers announce it:
    https://github.com/alphagov/govuk-frontend/issues/979. Nothing else is let through."""
    if violation["id"] != "aria-allowed-attr":
        return False
    html = str(node["html"])
    if not (html.startswith('<input class="govuk-radios__input"') and "aria-controls=" in html):
        return False
    checks = [*node["any"], *node["all"], *node["none"]]  # type: ignore[misc]
    values = [value for check in checks for value in (check.get("data") or {}).get("values", [])]
    return bool(values) and all(value.startswith("aria-expanded=") for value in values)


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"axe-core found problems on {page.url}:\n" + json.dumps(
        violations, indent=2
    )


def enter_security_code(page, app: Flask, email: str) -> None:  # type: ignore[no-untyped-def]
    """The second step of signing in, for staff, brokers and families who turned it on:
    waits for the security code page and enters a code the account has not used yet."""
    import re

    from tests.conftest import second_factor_code

    page.wait_for_url(re.compile(r"/sign-in/security-code$"))
    page.locator("#code").fill(second_factor_code(app, email))
    page.locator("main form button[type='submit']").click()
