"""Accounts: register, confirm, sign in and out, reset a password, session limits."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from local_offer.models import utcnow
from portal.accounts.models import OutboxMessage, User
from portal.accounts.passwords import hash_password, password_matches, password_problem
from portal.accounts.sessions import session_has_expired
from portal.extensions import db
from tests.conftest import csrf_token

GOOD_PASSWORD = "lantern biscuit harbour"


def unique_email() -> str:
    return f"parent-{uuid.uuid4().hex[:10]}@example.com"


def post_form(client, path: str, data: dict[str, str]):
    token = csrf_token(client.get(path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def last_email(app, to: str) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, f"an email was sent to {to}"
        db.session.expunge(message)
        return message


def link_in(message: OutboxMessage) -> str:
    return re.search(r"http://localhost(/\S+)", message.body).group(1)


def register(client, email: str, password: str = GOOD_PASSWORD):
    return post_form(client, "/register", {"email": email, "password": password})


def sign_in(client, email: str, password: str = GOOD_PASSWORD):
    return post_form(client, "/sign-in", {"email": email, "password": password})


def error_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# Rules


def test_passwords_are_hashed_with_argon2id_and_verified() -> None:
    hashed = hash_password(GOOD_PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert password_matches(hashed, GOOD_PASSWORD)
    assert not password_matches(hashed, GOOD_PASSWORD + "x")
    assert not password_matches("not a hash", GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1!", "too_short"),
        ("x" * 257, "too_long"),
        ("password", "guessable"),
        ("password123", "guessable"),
        ("qwertyuiop", "guessable"),
        ("annaexample", "guessable"),
        ("kettle garden violin", "guessable"),
        ("Kettle-Garden-Violin!", "guessable"),
        (GOOD_PASSWORD, None),
        ("correct horse battery staple " * 4, None),
    ],
)
def test_password_rules(password, problem) -> None:
    refused = ("kettle garden violin",)
    assert password_problem(password, ["anna@example.com"], refused) == problem


def test_sessions_end_after_30_idle_minutes_or_12_hours() -> None:
    now = utcnow()
    assert not session_has_expired(now - timedelta(hours=1), now - timedelta(minutes=29), now)
    assert session_has_expired(now - timedelta(hours=1), now - timedelta(minutes=31), now)
    assert session_has_expired(now - timedelta(hours=12, minutes=1), now, now)


# Journeys


def test_register_confirm_sign_in_and_sign_out(app, client) -> None:
    email = unique_email()
    response = register(client, email.upper())
    assert response.headers["Location"] == "/register/check-your-email"
    assert email in client.get("/register/check-your-email").get_data(as_text=True)

    confirmation = last_email(app, email)
    assert confirmation.subject == "Confirm your email address"
    assert "Your email address is confirmed" in client.get(link_in(confirmation)).get_data(
        as_text=True
    )

    response = sign_in(client, email)
    assert response.headers["Location"] == "/account"
    account = client.get("/account")
    assert f"You are signed in as {email}" in account.get_data(as_text=True)
    assert account.headers["Cache-Control"] == "no-store"

    token = csrf_token(account.get_data(as_text=True))
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").headers["Location"].startswith("/sign-in")


def test_after_confirming_the_sign_in_page_already_has_the_address(app, client) -> None:
    # WCAG 3.3.7: the journey already knows the address, so it is not typed again.
    email = unique_email()
    register(client, email)
    client.get(link_in(last_email(app, email)))
    assert f'value="{email}"' in client.get("/sign-in").get_data(as_text=True)
    # Only the next visit: a later sign-in page on a shared computer starts empty.
    assert f'value="{email}"' not in client.get("/sign-in").get_data(as_text=True)


def test_signing_out_ends_the_session_on_the_server(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    with client.session_transaction() as stolen:
        copied = dict(stolen)
    token = csrf_token(client.get("/account").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})
    # Someone who kept a copy of the old session cookie is not signed in with it.
    with client.session_transaction() as session:
        session.update(copied)
    assert client.get("/account").status_code == 302


def test_signing_in_starts_a_fresh_session(app, client) -> None:
    email = unique_email()
    register(client, email)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_an_idle_session_is_signed_out(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    with client.session_transaction() as session:
        session["last_seen"] = (utcnow() - timedelta(minutes=31)).timestamp()
    response = client.get("/account")
    assert response.headers["Location"] == "/signed-out/inactive"
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", GOOD_PASSWORD, "Enter your email address"),
        ("not-an-email", GOOD_PASSWORD, "Enter an email address in the correct format"),
        ("a@b.c" + "x" * 260, GOOD_PASSWORD, "Email address must be 254 characters or fewer"),
        ("someone@example.com", "", "Create a password"),
        ("someone@example.com", "short", "Password must be 8 characters or more"),
        ("someone@example.com", "password123", "Choose a password that is harder to guess"),
    ],
)
def test_registration_errors_are_specific_and_keep_the_email(client, email, password, message):
    response = register(client, email, password)
    assert response.status_code == 200
    text = error_text(response)
    assert "There is a problem" in text and message in text
    if email:
        assert f'value="{email.lower()}"' in text
    # A password is never sent back to the browser.
    assert f'value="{password}"' not in text or not password


def test_registering_an_address_that_has_an_account_reveals_nothing(app, client) -> None:
    email = unique_email()
    register(client, email)
    response = register(client, email, "another good passphrase here")
    assert response.headers["Location"] == "/register/check-your-email"
    assert last_email(app, email).subject == "Someone tried to register with your email address"
    with app.app_context():
        assert len(db.session.scalars(select(User).where(User.email == email)).all()) == 1


def test_a_wrong_password_and_an_unknown_address_get_the_same_vague_message(client) -> None:
    email = unique_email()
    register(client, email)
    wrong = error_text(sign_in(client, email, "not the password at all"))
    unknown = error_text(sign_in(client, unique_email(), "not the password at all"))
    for text in (wrong, unknown):
        assert "Enter a correct email address and password" in text


def test_sign_in_is_throttled_per_account(client) -> None:
    email = unique_email()
    register(client, email)
    statuses = [sign_in(client, email, "wrong password guess").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_forms_refuse_a_missing_csrf_token(client) -> None:
    response = client.post("/sign-in", data={"email": "a@example.com", "password": "x"})
    assert response.status_code == 400


def test_password_reset_works_once(app, client) -> None:
    email = unique_email()
    register(client, email)
    response = post_form(client, "/reset-password", {"email": email})
    assert response.headers["Location"] == "/reset-password/sent"
    link = link_in(last_email(app, email))

    response = post_form(client, link, {"password": "a brand new passphrase"})
    assert response.headers["Location"] == "/reset-password/done"
    assert sign_in(client, email, "a brand new passphrase").headers["Location"] == "/account"

    reused = client.get(link)
    assert reused.status_code == 404
    assert "This link has expired or has already been used" in error_text(reused)


def test_a_password_reset_signs_out_other_sessions(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    post_form(client, "/reset-password", {"email": email})
    other = app.test_client()
    post_form(other, link_in(last_email(app, email)), {"password": "a brand new passphrase"})
    assert client.get("/account").status_code == 302


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(app, client) -> None:
    email = unique_email()
    response = post_form(client, "/reset-password", {"email": email})
    assert response.headers["Location"] == "/reset-password/sent"
    with app.app_context():
        assert (
            db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == email)).all() == []
        )


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ4IjoxfQ.bad.sig"])
def test_tampered_links_are_refused(client, token) -> None:
    assert client.get(f"/reset-password/{token}").status_code == 404
    assert client.get(f"/confirm-email/{token}").status_code == 404


def test_the_account_page_needs_a_signed_in_user(client) -> None:
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_sign_out_is_post_only(client) -> None:
    assert client.get("/sign-out").status_code == 405


def test_the_sign_in_page_allows_password_managers(client) -> None:
    html = client.get("/sign-in").get_data(as_text=True)
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "onpaste" not in html


def audit_actions(app, user_email: str) -> list[str]:
    from portal.audit import AuditEvent

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == user_email))
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == user.id).order_by(AuditEvent.id)
        )
        return [audit_event.action for audit_event in events]


def test_sign_ins_sign_outs_and_failures_are_on_the_record(app, client) -> None:
    email = unique_email()
    register(client, email)
    sign_in(client, email, "not the password at all")
    sign_in(client, email)
    token = csrf_token(client.get("/account").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})
    assert audit_actions(app, email) == ["registered", "sign_in_failed", "signed_in", "signed_out"]


def test_the_audit_trail_cannot_be_changed_or_deleted(app, client) -> None:
    from portal.audit import AuditEvent, record

    with app.app_context():
        saved = record("test_event")
        db.session.commit()
        saved.action = "rewritten"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEvent, saved.id))
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(AuditEvent, saved.id).action == "test_event"
