"""The session timeout warning: what signed-in pages tell the script, and the route that
keeps a session alive (WCAG 2.2.1 Timing Adjustable)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from local_offer.models import utcnow
from portal.accounts.sessions import absolute_time_left
from tests.conftest import csrf_token
from tests.test_accounts import GOOD_PASSWORD, post_form


def sign_in_as_new_user(client) -> None:
    email = f"parent-{uuid.uuid4().hex[:10]}@example.com"
    post_form(client, "/register", {"email": email, "password": GOOD_PASSWORD})
    response = post_form(client, "/sign-in", {"email": email, "password": GOOD_PASSWORD})
    assert response.headers["Location"] == "/account"


def timeout_attributes(html: str) -> dict[str, str]:
    dialog = re.search(r"<dialog[^>]*data-app-timeout-warning[^>]*>", html)
    assert dialog, "the page has the timeout warning"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', dialog.group(0)))


def set_session(client, **values: float) -> None:
    with client.session_transaction() as session:
        session.update(values)


def last_seen(client) -> float:
    with client.session_transaction() as session:
        return float(session["last_seen"])


def test_the_absolute_limit_counts_down_from_sign_in() -> None:
    now = utcnow()
    assert absolute_time_left(now - timedelta(hours=11), now) == timedelta(hours=1)
    assert absolute_time_left(now - timedelta(hours=13), now) == timedelta(0)


@pytest.mark.parametrize("path", ["/account", "/", "/services"])
def test_signed_in_pages_carry_the_timings_and_the_words(client, path) -> None:
    sign_in_as_new_user(client)
    html = client.get(path).get_data(as_text=True)
    attributes = timeout_attributes(html)
    assert attributes["idle-seconds"] == "1800"
    assert attributes["warning-seconds"] == str(28 * 60)
    assert 12 * 60 * 60 - 60 < int(attributes["absolute-seconds"]) <= 12 * 60 * 60
    assert attributes["stay-url"] == "/account/stay-signed-in"
    assert attributes["timed-out-url"] == "/account"
    assert attributes["csrf-token"] == csrf_token(html)
    assert attributes["message"] == "For your security, we will sign you out in %{time}."
    text = re.sub(r"\s+", " ", html)
    assert 'aria-labelledby="timeout-warning-heading"' in text
    assert 'aria-describedby="timeout-warning-message"' in text
    assert "You are about to be signed out" in text
    assert "Stay signed in" in text
    assert 'aria-live="polite"' in text
    # "Sign out" is a real form, so it works like the one on the account page.
    assert re.search(r'<form class="govuk-button-group" method="post" action="/sign-out"', text)


@pytest.mark.parametrize("path", ["/", "/services", "/sign-in", "/signed-out/inactive"])
def test_pages_for_someone_not_signed_in_have_no_timeout_warning(client, path) -> None:
    html = client.get(path).get_data(as_text=True)
    assert "data-app-timeout-warning" not in html
    assert "<dialog" not in html


def test_the_words_come_in_the_readers_language(client) -> None:
    sign_in_as_new_user(client)
    client.set_cookie("language", "pl")
    html = client.get("/account").get_data(as_text=True)
    assert 'lang="pl"' in html
    assert "%{time}" in timeout_attributes(html)["message"]


def test_the_warning_time_can_be_set_for_tests(app, client) -> None:
    sign_in_as_new_user(client)
    app.config["SESSION_WARNING_SECONDS"] = 3
    try:
        attributes = timeout_attributes(client.get("/account").get_data(as_text=True))
    finally:
        del app.config["SESSION_WARNING_SECONDS"]
    assert attributes["warning-seconds"] == "3"


def test_near_the_12_hour_limit_the_page_says_how_little_is_left(client) -> None:
    sign_in_as_new_user(client)
    set_session(client, signed_in_at=(utcnow() - timedelta(hours=11, minutes=59)).timestamp())
    attributes = timeout_attributes(client.get("/account").get_data(as_text=True))
    assert 0 < int(attributes["absolute-seconds"]) <= 60


def test_staying_signed_in_restarts_the_idle_time(client) -> None:
    sign_in_as_new_user(client)
    token = timeout_attributes(client.get("/account").get_data(as_text=True))["csrf-token"]
    nearly_timed_out = (utcnow() - timedelta(minutes=29)).timestamp()
    set_session(client, last_seen=nearly_timed_out)

    response = client.post("/account/stay-signed-in", headers={"X-CSRFToken": token})
    assert response.status_code == 204
    assert response.get_data() == b""
    assert response.headers["Cache-Control"] == "no-store"
    assert last_seen(client) > nearly_timed_out + 28 * 60

    # A minute and more later, the session is still alive.
    set_session(client, last_seen=last_seen(client) - 2 * 60)
    assert client.get("/account").status_code == 200


def test_staying_signed_in_needs_a_csrf_token(client) -> None:
    sign_in_as_new_user(client)
    client.get("/account")
    before = (utcnow() - timedelta(minutes=20)).timestamp()
    set_session(client, last_seen=before)
    assert client.post("/account/stay-signed-in").status_code == 400
    wrong = client.post("/account/stay-signed-in", headers={"X-CSRFToken": "not-the-token"})
    assert wrong.status_code == 400
    assert last_seen(client) == before


def test_staying_signed_in_needs_a_signed_in_user(client) -> None:
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/account/stay-signed-in", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_staying_signed_in_is_too_late_once_the_session_has_ended(client) -> None:
    sign_in_as_new_user(client)
    token = timeout_attributes(client.get("/account").get_data(as_text=True))["csrf-token"]
    set_session(client, last_seen=(utcnow() - timedelta(minutes=31)).timestamp())
    response = client.post("/account/stay-signed-in", headers={"X-CSRFToken": token})
    assert response.headers["Location"] == "/signed-out/inactive"
    assert client.get("/account").status_code == 302


def test_staying_signed_in_is_post_only(client) -> None:
    sign_in_as_new_user(client)
    assert client.get("/account/stay-signed-in").status_code == 405
