"""On a 375 px phone, with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys; no
clicks): a parent registers and signs in, answers the RAS questionnaire and reads the
budget, and builds a support plan and sends it.

Every element Tab or an arrow key reaches must show its focus, be on the screen and not
covered by anything, and be a big enough target (see tests/browser/keyboard.py). The
sign-in that sets each journey up is not part of it.
"""

from __future__ import annotations

import re
import uuid

import pytest

from local_offer.extensions import limiter
from tests.browser.keyboard import Keyboard
from tests.browser.test_family_journeys import PASSWORD, confirmation_link, sign_in
from tests.browser.test_plan_journey import budget, parent_with_child  # noqa: F401
from tests.browser.test_ras_journey import person

pytestmark = pytest.mark.browser


def label_is(text: str):  # type: ignore[no-untyped-def]
    return lambda f: (f["label"] or "").strip() == text


def text_is(text: str):  # type: ignore[no-untyped-def]
    """The words on a link or button, before any visually hidden words for screen readers."""
    return lambda f: f["text"] == text or str(f["text"]).startswith(text + " ")


def choose(keyboard: Keyboard, name: str, label: str) -> None:
    """Tab into a radio group, then arrow keys to the answer, which arrows also select."""
    keyboard.tab_to(lambda f: f["type"] == "radio" and f["name"] == name, f"the {name} radios")
    for _ in range(12):
        if keyboard.focused()["label"] == label:
            break
        keyboard.tab("ArrowDown")
    focused = keyboard.focused()
    assert focused["label"] == label, f"arrows did not reach {label!r} in {name}"
    if not focused["checked"]:
        keyboard.press("Space")
    assert keyboard.focused()["checked"], f"{label!r} is not selected"


def type_into(keyboard: Keyboard, label: str, words: str) -> None:
    keyboard.tab_to(label_is(label), label)
    keyboard.page.keyboard.press("Control+a")
    keyboard.page.keyboard.type(words)


def go(keyboard: Keyboard, wanted, what: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to a link or button and press Enter to go where it leads."""
    keyboard.tab_to(wanted, what)
    keyboard.press("Enter", navigates=True)


def test_registering_and_signing_in_by_keyboard_alone(app, live_server: str, phone) -> None:
    with app.app_context():
        limiter.reset()
    email = f"keys-{uuid.uuid4().hex[:8]}@example.com"
    page = phone
    page.goto(live_server + "/sign-in")
    keyboard = Keyboard(page, strict=True)
    go(keyboard, text_is("Create an account"), "Create an account")

    # Sent empty first: the errors are reached and then the fields, by Tab alone.
    go(keyboard, text_is("Create account"), "Create account")
    assert page.locator(".govuk-error-summary").is_visible()
    type_into(keyboard, "Email address", email)
    type_into(keyboard, "Create a password", PASSWORD)
    go(keyboard, text_is("Create account"), "Create account")
    page.wait_for_url(re.compile(r"/register/check-your-email$"))

    # The emailed link is opened from the mail, as a person would.
    page.goto(live_server + confirmation_link(app, email))
    keyboard = Keyboard(page, strict=True)
    go(keyboard, text_is("Sign in"), "Sign in")
    page.wait_for_url(re.compile(r"/sign-in$"))
    # WCAG 3.3.7: the address this journey already knows is not typed again.
    assert page.get_by_label("Email address").input_value() == email
    # WCAG 3.3.8: the password can be pasted, as a password manager or a note would.
    keyboard.tab_to(label_is("Password"), "Password")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("(text) => navigator.clipboard.writeText(text)", PASSWORD)
    page.keyboard.press("Control+V")
    assert page.get_by_label("Password", exact=True).input_value() == PASSWORD
    keyboard.press("Enter", navigates=True)
    page.wait_for_url(re.compile(r"/account$"))
    assert email in page.locator("main").inner_text()


def test_the_questionnaire_by_keyboard_alone(app, live_server: str, phone) -> None:
    page = phone
    sign_in(page, live_server, person(app, "parent"))
    page.goto(live_server + "/family/")
    keyboard = Keyboard(page, strict=True)

    go(keyboard, text_is("Indicative budget"), "the Indicative budget link")
    go(keyboard, text_is("Start now"), "Start now")

    for part in range(8):
        assert f"part {part + 1} of 8" in page.locator("main").inner_text()
        names = page.locator("main fieldset input[type=radio]").evaluate_all(
            "(radios) => [...new Set(radios.map((r) => r.name))]"
        )
        for name in names:
            # Tab reaches the group's first answer; two presses of the down arrow move to
            # and select the third, "A lot of extra help" or its like, 5 points.
            first = keyboard.tab_to(lambda f, n=name: f["name"] == n, f"the {name} radios")
            assert first["type"] == "radio" and not first["checked"]
            keyboard.tab("ArrowDown")
            chosen = keyboard.tab("ArrowDown")
            assert chosen["checked"] and chosen["value"] == "2", chosen
        if part == 0:
            # The way back works too: Shift+Tab from the buttons returns to the answers.
            keyboard.tab_to(text_is("Save and continue"), "Save and continue")
            back = keyboard.back_to(lambda f: f["type"] == "radio", "the last answer")
            assert back["checked"], "Shift+Tab lands on the selected answer of the group"
        go(keyboard, text_is("Save and continue"), "Save and continue")

    page.wait_for_url(re.compile(r"/check$"))
    go(keyboard, text_is("Send answers and see the budget"), "Send answers")
    page.wait_for_url(re.compile(r"/budget/assessments/\d+$"))
    main = page.locator("main").inner_text()
    assert "£8,460 a year" in main

    # Through the budget page's links to the printable summary.
    go(keyboard, text_is("Printable summary"), "Printable summary")
    assert "/print" in page.url
    assert len(keyboard.reached) > 40, "the journey went through the pages' controls"


def test_a_support_plan_by_keyboard_alone(app, live_server: str, phone, budget, quokka) -> None:  # noqa: F811
    page = phone
    email, _child_id = parent_with_child(app)
    sign_in(page, live_server, email)
    page.goto(live_server + "/plans/")
    keyboard = Keyboard(page, strict=True)

    go(keyboard, text_is("Start a plan for Sam"), "Start a plan")
    page.wait_for_url(re.compile(r"/plans/\d+$"))

    go(keyboard, text_is("About Sam"), "About Sam")
    type_into(keyboard, "What is important to them", "Swimming, and his dog")
    go(keyboard, text_is("Save and continue"), "Save and continue")
    page.wait_for_url(re.compile(r"/outcomes$"))

    go(keyboard, text_is("Add an outcome"), "Add an outcome")
    choose(keyboard, "area", "Community and friendships")
    type_into(keyboard, "What should be different?", "Sam swims with friends")
    type_into(keyboard, "How will you know it has happened?", "He swims 25 metres alone")
    type_into(keyboard, "By when?", "Summer 2027")
    go(keyboard, text_is("Save and continue"), "Save and continue")
    page.wait_for_url(re.compile(r"/outcomes$"))
    go(keyboard, text_is("Continue to support"), "Continue to support")

    # A service from the Local Offer: search, then its price.
    type_into(keyboard, "Search services by name or what they do", "Quokka Personal")
    keyboard.press("Enter", navigates=True)
    go(
        keyboard,
        lambda f: str(f["text"]).startswith("Add 1:1 support"),
        "the Quokka Personal Assistants price",
    )
    type_into(keyboard, "How many units each time?", "2")
    choose(keyboard, "frequency", "Every week")
    choose(keyboard, "funding_stream", "Social care")
    keyboard.tab_to(
        label_is("Community and friendships: Sam swims with friends"), "the outcome checkbox"
    )
    keyboard.press("Space")
    assert keyboard.focused()["checked"]
    go(keyboard, text_is("Save and continue"), "Save and continue")
    page.wait_for_url(re.compile(r"/support$"))
    assert "Quokka Personal Assistants" in page.locator("main").inner_text()

    # Something not in the Local Offer.
    go(keyboard, text_is("Add your own support"), "Add your own support")
    type_into(keyboard, "What is the support?", "Personal assistant for swimming")
    type_into(keyboard, "Cost of one unit", "16.50")
    type_into(keyboard, "How many units each time?", "3")
    choose(keyboard, "frequency", "Every week")
    choose(keyboard, "funding_stream", "Social care")
    keyboard.tab_to(
        label_is("Community and friendships: Sam swims with friends"), "the outcome checkbox"
    )
    keyboard.press("Space")
    go(keyboard, text_is("Save and continue"), "Save and continue")
    page.wait_for_url(re.compile(r"/support$"))
    support = page.locator("main").inner_text()
    assert "£2,574" in support
    assert "<strong>" not in support, "a line's yearly cost was shown as escaped HTML"

    go(keyboard, text_is("Continue to how the money is managed"), "the money page")
    for line in ("Quokka Personal Assistants", "Personal assistant for swimming"):
        go(
            keyboard,
            lambda f, line=line: (
                str(f["text"]).startswith("Choose how it is managed") and line in str(f["text"])
            ),
            f"Choose how it is managed: {line}",
        )
        choose(keyboard, "management", "Managed account held by the council")
        go(keyboard, text_is("Save and continue"), "Save and continue")
        page.wait_for_url(re.compile(r"/money$"))

    go(keyboard, text_is("Continue to keeping safe"), "Continue to keeping safe")
    type_into(keyboard, "Plan B: what happens if support cannot happen?", "Dad takes him")
    go(keyboard, text_is("Save and continue"), "Save and continue")
    page.wait_for_url(re.compile(r"/check$"))
    go(keyboard, text_is("Send the plan"), "Send the plan")
    assert page.url.endswith("/sent"), page.locator("main").inner_text()[:1500]
