"""The language is kept on the account: chosen with the switcher, used again at sign-in,
and used for the email the portal sends, whoever's request sends it. And the session
cookie's name."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import OutboxMessage, QueuedEmail, User
from portal.extensions import db
from tests.test_accounts import GOOD_PASSWORD, post_form, register, sign_in, unique_email


def preferred_language(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.preferred_language).where(User.email == email))


def set_preferred_language(app, email: str, language: str | None) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.preferred_language = language
        db.session.commit()


def last_email(app, to: str) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id.desc())
        ).first()
        db.session.expunge(message)
        return message


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_registering_keeps_the_language_the_page_was_in(app, client) -> None:
    email = unique_email()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ur-PK"
    post_form(client, "/register", {"email": email, "password": GOOD_PASSWORD})
    assert preferred_language(app, email) == "ur"


def test_choosing_a_language_while_signed_in_keeps_it_on_the_account(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    assert client.get("/language/pl?next=/account").headers["Location"] == "/account"
    assert preferred_language(app, email) == "pl"
    client.get("/language/en_GB")
    assert preferred_language(app, email) == "en_GB"


def test_a_link_from_another_site_changes_the_page_but_not_the_account(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    set_preferred_language(app, email, "en_GB")
    response = client.get("/language/ur", headers={"Sec-Fetch-Site": "cross-site"})
    assert "language=ur" in response.headers["Set-Cookie"]
    assert preferred_language(app, email) == "en_GB"
    client.get("/language/ur", headers={"Sec-Fetch-Site": "same-origin"})
    assert preferred_language(app, email) == "ur"


def test_choosing_a_language_signed_out_still_works(client) -> None:
    response = client.get("/language/pl")
    assert response.status_code == 302 and "language=pl" in response.headers["Set-Cookie"]


def test_signing_in_switches_to_the_accounts_language(app, client) -> None:
    email = unique_email()
    register(client, email)
    set_preferred_language(app, email, "ur")
    client.set_cookie("language", "en_GB")
    response = sign_in(client, email)
    assert "language=ur" in response.headers["Set-Cookie"]
    assert html_lang(client.get("/account")) == "ur"


def test_signing_in_leaves_the_language_alone_when_the_account_has_none(app, client) -> None:
    email = unique_email()
    register(client, email)
    set_preferred_language(app, email, None)
    client.set_cookie("language", "pl")
    assert "language=" not in sign_in(client, email).headers.get("Set-Cookie", "").split(";")[0]
    assert html_lang(client.get("/account")) == "pl"


def test_the_second_step_of_signing_in_is_in_the_accounts_language(app, client) -> None:
    from tests.test_families import PASSWORD, make_user

    email = make_user(app, "broker")
    set_preferred_language(app, email, "pl")
    post_form(client, "/sign-in", {"email": email, "password": PASSWORD})
    assert html_lang(client.get("/sign-in/set-up-2-step-verification")) == "pl"


# Email in the recipient's language


def test_a_polish_speakers_reset_email_is_in_polish_whatever_page_asked_for_it(app, client):
    email = unique_email()
    register(client, email)
    set_preferred_language(app, email, "pl")
    client.set_cookie("language", "en_GB")
    post_form(client, "/reset-password", {"email": email})
    message = last_email(app, email)
    assert message.subject == "Zresetuj hasło"
    assert "Reset your password for the Local Offer" not in message.body


def test_an_english_speakers_email_is_in_english_though_asked_for_from_a_polish_page(app, client):
    email = unique_email()
    register(client, email)
    set_preferred_language(app, email, "en_GB")
    client.set_cookie("language", "pl")
    post_form(client, "/reset-password", {"email": email})
    assert last_email(app, email).subject == "Reset your password"
    assert html_lang(client.get("/reset-password/sent")) == "pl", "the page stays in Polish"


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_email_is_written_under_the_recipients_locale(app, client, language) -> None:
    """Checks the locale while the email's words are translated, so it holds for words
    that have no translation yet."""
    from flask_babel import get_locale

    from portal.accounts import mail

    seen: list[str] = []

    class Probe:
        def __str__(self) -> str:
            seen.append(str(get_locale()))
            return "probe"

    with app.test_request_context(headers={"Cookie": "language=en_GB"}):
        mail.send_email("probe@example.com", Probe(), Probe(), language=language)
        assert str(get_locale()) == "en_GB", "the page's own language comes back afterwards"
        db.session.rollback()
    assert seen == [language, language]


def test_email_from_the_command_line_is_in_english_when_the_account_has_no_language(app):
    from portal.accounts import mail

    with app.app_context():
        mail.send_email("cli@example.com", "Subject", "Body")
        db.session.flush()
        assert db.session.scalar(
            select(QueuedEmail.subject).where(QueuedEmail.to == "cli@example.com")
        )
        db.session.rollback()


# The session cookie


def session_cookie(response) -> str:
    cookies = response.headers.getlist("Set-Cookie")
    return next(cookie for cookie in cookies if "session=" in cookie.split(";")[0])


def test_the_session_cookie_is_plain_over_http_for_development_and_tests(client) -> None:
    email = unique_email()
    register(client, email)
    cookie = session_cookie(sign_in(client, email))
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_secure_session_cookie_has_the_host_prefix(app, database_url) -> None:
    secure = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SESSION_COOKIE_SECURE": True}
    )
    assert secure.config["SESSION_COOKIE_NAME"] == "__Host-session"
    # Werkzeug's test client sends Secure cookies over http too, so plain requests do here.
    client = secure.test_client()
    email = unique_email()
    post_form(client, "/register", {"email": email, "password": GOOD_PASSWORD})
    cookie = session_cookie(
        post_form(client, "/sign-in", {"email": email, "password": GOOD_PASSWORD})
    )
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert client.get("/account").status_code == 200
    with secure.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_directory_never_imports_the_portal() -> None:
    """local_offer must stand alone: it tells the portal of a language choice by a signal."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "local_offer"
    importing = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "portal" or name.startswith("portal.") for name in names):
                importing.append(str(path.relative_to(root)))
    assert importing == []
