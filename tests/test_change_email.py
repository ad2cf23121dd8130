"""Changing the email address of an account: the password again, a link to the new
address, a warning to the old one, and nothing that says who else has an account."""

from __future__ import annotations

import json
import re
import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from portal.accounts.models import OutboxMessage, User
from portal.audit import AuditEvent
from portal.extensions import db
from tests.test_accounts import (
    GOOD_PASSWORD,
    link_in,
    post_form,
    unique_email,
)


def emails_to(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        messages = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
        ).all()
        for message in messages:
            db.session.expunge(message)
        return list(messages)


def last_email(app, to: str) -> OutboxMessage:
    messages = emails_to(app, to)
    assert messages, f"an email was sent to {to}"
    return messages[-1]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def register(client, email: str) -> None:
    response = post_form(client, "/register", {"email": email, "password": GOOD_PASSWORD})
    assert response.status_code == 302


def sign_in(client, email: str) -> None:
    response = post_form(client, "/sign-in", {"email": email, "password": GOOD_PASSWORD})
    assert response.headers["Location"] == "/account"


def signed_in_as_new_user(client) -> str:
    email = unique_email()
    register(client, email)
    sign_in(client, email)
    return email


def ask_to_change(client, new_email: str, password: str = GOOD_PASSWORD):
    return post_form(client, "/account/email", {"email": new_email, "password": password})


def account_email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def user_id_of(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


# The journey


def test_the_account_page_links_to_changing_the_email_address(client) -> None:
    signed_in_as_new_user(client)
    assert 'href="/account/email"' in client.get("/account").get_data(as_text=True)


def test_changing_the_email_address_end_to_end(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()

    response = ask_to_change(client, new.upper())
    assert response.headers["Location"] == "/account/email/check-your-email"
    sent_page = text_of(client.get("/account/email/check-your-email"))
    assert f"We have sent an email to {new}" in sent_page

    # Nothing changes until the link is opened.
    assert account_email(app, user_id) == old
    confirmation = last_email(app, new)
    assert confirmation.subject == "Confirm your new email address"
    assert "24 hours" in confirmation.body
    notice = last_email(app, old)
    assert notice.subject == "Someone asked to change the email address on your account"
    assert "/reset-password" in notice.body
    assert new not in notice.body

    # The link works signed out too: it may be opened on another device.
    other_device = app.test_client()
    confirmed = other_device.get(link_in(confirmation))
    assert confirmed.status_code == 200
    assert "Your email address has been changed" in text_of(confirmed)
    assert account_email(app, user_id) == new

    # The same session carries on with the new address, and it signs in.
    assert f"You are signed in as {new}" in text_of(client.get("/account"))
    sign_in(app.test_client(), new)


def test_the_change_is_on_the_record_with_both_addresses(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()
    ask_to_change(client, new)
    client.get(link_in(last_email(app, new)))
    with app.app_context():
        changed = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_id == user_id, AuditEvent.action == "email_changed"
            )
        ).one()
        assert changed.actor_id == user_id
        assert json.loads(changed.before) == {"email": old}
        assert json.loads(changed.after) == {"email": new}
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject_id == user_id)
        ).all()
    assert "email_change_requested" in actions


def test_following_the_link_confirms_the_new_address(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()
    ask_to_change(client, new)
    client.get(link_in(last_email(app, new)))
    with app.app_context():
        assert db.session.get(User, user_id).is_confirmed


# Errors


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your new email address"),
        ("not-an-email", "Enter an email address in the correct format, like name@example.com"),
        ("a@b.c" + "x" * 260, "Email address must be 254 characters or fewer"),
    ],
)
def test_email_errors_are_specific_and_keep_what_was_typed(client, email, message) -> None:
    signed_in_as_new_user(client)
    response = ask_to_change(client, email)
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text and message in text
    assert "<title>Error:" in text
    if email:
        assert f'value="{email.lower()}"' in text
    assert f'value="{GOOD_PASSWORD}"' not in text


def test_the_address_in_use_now_is_refused(client) -> None:
    email = signed_in_as_new_user(client)
    text = text_of(ask_to_change(client, email.upper()))
    assert "New email address must be different from the email address you use now" in text


def test_a_missing_password_is_asked_for(client) -> None:
    signed_in_as_new_user(client)
    text = text_of(ask_to_change(client, unique_email(), ""))
    assert "Enter your password" in text


def test_a_wrong_password_changes_nothing_and_sends_nothing(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()
    before = len(emails_to(app, old))

    response = ask_to_change(client, new, "not the password at all")
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text and "Enter the correct password" in text
    # The address is kept; the password is never sent back.
    assert f'value="{new}"' in text
    assert "not the password at all" not in text

    assert account_email(app, user_id) == old
    assert emails_to(app, new) == []
    assert len(emails_to(app, old)) == before


def test_an_address_that_has_an_account_reveals_nothing(app, client) -> None:
    taken = unique_email()
    register(app.test_client(), taken)
    taken_owner = user_id_of(app, taken)
    before_to_taken = len(emails_to(app, taken))

    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    free = unique_email()
    for_free = ask_to_change(client, free)
    for_taken = ask_to_change(client, taken)

    # The requester is told the same, and their old address is warned the same.
    assert for_taken.status_code == for_free.status_code == 302
    assert for_taken.headers["Location"] == for_free.headers["Location"]
    assert f"We have sent an email to {taken}" in text_of(
        client.get("/account/email/check-your-email")
    )
    notices = emails_to(app, old)[-2:]
    assert notices[0].subject == notices[1].subject
    assert notices[0].body == notices[1].body

    # The taken address's owner gets a notice with no link and nothing about the requester.
    to_taken = emails_to(app, taken)[before_to_taken:]
    assert len(to_taken) == 1
    assert "http" not in to_taken[0].body
    assert old not in to_taken[0].body
    # Neither account has changed.
    assert account_email(app, user_id) == old
    assert account_email(app, taken_owner) == taken


def test_a_link_for_an_address_taken_meanwhile_does_nothing(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()
    ask_to_change(client, new)
    link = link_in(last_email(app, new))
    register(app.test_client(), new)

    response = client.get(link)
    assert response.status_code == 404
    assert "This link has expired or has already been used" in text_of(response)
    assert account_email(app, user_id) == old
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == new)) == 1


# Links


def test_a_link_works_once(app, client) -> None:
    signed_in_as_new_user(client)
    new = unique_email()
    ask_to_change(client, new)
    link = link_in(last_email(app, new))
    assert client.get(link).status_code == 200
    reused = client.get(link)
    assert reused.status_code == 404
    assert "This link has expired or has already been used" in text_of(reused)


def test_a_link_dies_when_the_address_changes_another_way(app, client) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    first, second = unique_email(), unique_email()
    ask_to_change(client, first)
    ask_to_change(client, second)
    first_link = link_in(last_email(app, first))
    assert client.get(link_in(last_email(app, second))).status_code == 200
    assert client.get(first_link).status_code == 404
    assert account_email(app, user_id) == second


def test_a_password_reset_link_dies_when_the_address_changes(app, client) -> None:
    # Someone who still reads the old mailbox must not take the account back with it.
    old = signed_in_as_new_user(client)
    post_form(client, "/reset-password", {"email": old})
    reset_link = link_in(last_email(app, old))
    assert client.get(reset_link).status_code == 200
    new = unique_email()
    ask_to_change(client, new)
    assert client.get(link_in(last_email(app, new))).status_code == 200
    refused = client.get(reset_link)
    assert refused.status_code == 404
    assert "This link has expired or has already been used" in text_of(refused)


def test_a_link_expires_after_24_hours(app, client, monkeypatch) -> None:
    old = signed_in_as_new_user(client)
    user_id = user_id_of(app, old)
    new = unique_email()
    ask_to_change(client, new)
    link = link_in(last_email(app, new))
    # Opened a day and a minute later, on a device with no session to upset.
    later = int(time.time()) + 24 * 60 * 60 + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = app.test_client().get(link)
    assert response.status_code == 404
    assert account_email(app, user_id) == old


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ4IjoxfQ.bad.sig"])
def test_tampered_links_are_refused(client, token) -> None:
    assert client.get(f"/account/email/confirm/{token}").status_code == 404


def test_a_link_with_a_changed_address_is_refused(app, client) -> None:
    signed_in_as_new_user(client)
    new = unique_email()
    ask_to_change(client, new)
    link = link_in(last_email(app, new))
    prefix, token = link.rsplit("/", 1)
    payload, rest = token.split(".", 1)
    altered = payload[:-1] + ("B" if payload.endswith("A") else "A")
    assert client.get(f"{prefix}/{altered}.{rest}").status_code == 404


def test_a_reset_or_confirmation_token_is_not_a_change_email_token(app, client) -> None:
    email = unique_email()
    register(client, email)
    confirmation = link_in(last_email(app, email)).rsplit("/", 1)[1]
    assert client.get(f"/account/email/confirm/{confirmation}").status_code == 404


# Who may, and how often


def test_changing_the_email_address_needs_a_signed_in_user(client) -> None:
    for path in ("/account/email", "/account/email/check-your-email"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")


def test_changing_the_email_address_needs_a_csrf_token(app, client) -> None:
    old = signed_in_as_new_user(client)
    new = unique_email()
    response = client.post("/account/email", data={"email": new, "password": GOOD_PASSWORD})
    assert response.status_code == 400
    assert emails_to(app, new) == []
    assert account_email(app, user_id_of(app, old)) == old


def test_requests_are_throttled_per_account(client) -> None:
    signed_in_as_new_user(client)
    statuses = [ask_to_change(client, unique_email(), "wrong guess").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
