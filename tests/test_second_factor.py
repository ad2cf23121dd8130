"""2-step verification: staff and brokers must pass a code from an authenticator app after
their password; families may turn it on and off; recovery codes work once; everything is on
the record."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from local_offer.models import utcnow
from portal.accounts import second_factor as rules
from portal.accounts.models import OutboxMessage, RecoveryCode, SecondFactor, User
from portal.extensions import db
from tests.conftest import csrf_token, enrol_second_factor, second_factor_code
from tests.test_accounts import audit_actions, error_text, post_form
from tests.test_families import PASSWORD, make_user

NOW = datetime(2026, 12, 5, 1, 30, 10, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STAFF_ROLES = ["officer", "admin", "broker"]
SET_UP = "/sign-in/set-up-2-step-verification"
CODE = "/sign-in/security-code"
RECOVERY = "/sign-in/recovery-code"


def code_at(step: int, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


# Rules


def test_a_code_from_now_or_one_step_either_side_is_accepted() -> None:
    step = rules.step_at(NOW)
    for drift in (-1, 0, 1):
        assert rules.accepted_step(SECRET, code_at(step + drift), None, NOW) == step + drift
    for drift in (-2, 2):
        assert rules.accepted_step(SECRET, code_at(step + drift), None, NOW) is None


def test_a_code_is_refused_once_its_step_or_a_later_one_has_been_used() -> None:
    step = rules.step_at(NOW)
    assert rules.accepted_step(SECRET, code_at(step), step, NOW) is None
    assert rules.accepted_step(SECRET, code_at(step - 1), step, NOW) is None
    assert rules.accepted_step(SECRET, code_at(step + 1), step, NOW) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "1" * 5000])
def test_codes_that_are_not_6_digits_are_refused(code) -> None:
    assert rules.accepted_step(SECRET, code, None, NOW) is None


def test_spaces_in_a_code_are_ignored() -> None:
    code = code_at(rules.step_at(NOW))
    assert rules.accepted_step(SECRET, f" {code[:3]} {code[3:]} ", None, NOW) is not None


def test_recovery_codes_are_10_different_readable_codes() -> None:
    codes = rules.new_recovery_codes()
    assert len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code) for code in codes)
    assert not any(character in "".join(codes) for character in "01ilo")


def test_recovery_codes_are_kept_as_salted_hashes() -> None:
    code = "ab3d-7fgh-jk2m"
    first, second = rules.hash_recovery_code(code), rules.hash_recovery_code(code)
    assert first != second and code not in first and "ab3d7fghjk2m" not in first
    for typed in (code, "AB3D 7FGH JK2M", "ab3d7fghjk2m"):
        assert rules.recovery_code_matches(typed, first)
    assert not rules.recovery_code_matches("ab3d-7fgh-jk2n", first)
    assert not rules.recovery_code_matches(code, "not a hash")
    assert not rules.recovery_code_matches(code, "md5$00$" + "0" * 32)


def test_the_secret_is_stored_encrypted_and_bound_to_its_account() -> None:
    key = "k" * 64
    stored = rules.encrypt_secret(SECRET, 7, key)
    assert SECRET not in stored and stored.startswith("v1:")
    assert rules.decrypt_secret(stored, 7, key) == SECRET
    assert rules.decrypt_secret(stored, 8, key) is None, "copied onto another account"
    assert rules.decrypt_secret(stored, 7, "x" * 64) is None, "a database without the key"
    assert rules.decrypt_secret("v1:garbage", 7, key) is None
    assert rules.decrypt_secret(SECRET, 7, key) is None


def test_a_half_finished_sign_in_goes_stale_after_a_few_minutes() -> None:
    def started(minutes: float) -> float:
        return (NOW - timedelta(minutes=minutes)).timestamp()

    assert not rules.step_has_expired(started(4), NOW, setting_up=False)
    assert rules.step_has_expired(started(6), NOW, setting_up=False)
    assert not rules.step_has_expired(started(14), NOW, setting_up=True)
    assert rules.step_has_expired(started(16), NOW, setting_up=True)
    assert rules.step_has_expired(started(-1), NOW, setting_up=False)


def test_staff_and_brokers_must_use_it_and_families_may() -> None:
    assert [role for role in ("parent", "young_person", *STAFF_ROLES) if rules.required_for(role)]
    assert {r for r in ("parent", "young_person", *STAFF_ROLES) if rules.required_for(r)} == set(
        STAFF_ROLES
    )


def test_the_qr_code_is_an_svg_with_a_name_and_nothing_fetched() -> None:
    link = rules.setup_link(SECRET, "officer@example.com", "Brackenshire Council")
    assert link.startswith("otpauth://totp/") and f"secret={SECRET}" in link
    svg = str(rules.qr_code_svg(link, 'QR code "for" <you>'))
    assert svg.startswith('<svg role="img" aria-label="QR code &#34;for&#34; &lt;you&gt;"')
    assert "http" not in svg and "<image" not in svg and "<script" not in svg


def test_the_secret_is_shown_in_groups_of_4_for_typing() -> None:
    assert rules.secret_for_reading("ABCDEFGHIJ") == "ABCD EFGH IJ"


# Helpers for the journeys


def password_step(client, email: str, password: str = PASSWORD):
    return post_form(client, "/sign-in", {"email": email, "password": password})


def secret_on_page(html: str) -> str:
    match = re.search(r'id="set-up-key">([A-Z2-7 ]+)<', html)
    assert match, "the set-up page shows the key as text"
    return match.group(1).replace(" ", "")


def recovery_codes_on_page(html: str) -> list[str]:
    return re.findall(r"<li><span[^>]*>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</span></li>", html)


def enrol_through_the_pages(client, email: str) -> tuple[str, list[str]]:
    assert password_step(client, email).headers["Location"] == SET_UP
    secret = secret_on_page(client.get(SET_UP).get_data(as_text=True))
    response = post_form(client, SET_UP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = recovery_codes_on_page(response.get_data(as_text=True))
    return secret, codes


def is_signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def sign_out(client) -> None:
    token = csrf_token(client.get("/account").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})


def user_named(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def factor_of(app, email: str) -> SecondFactor | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))


def emails_to(app, email: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage.subject)
                .where(OutboxMessage.to == email)
                .order_by(OutboxMessage.id)
            )
        )


def enrolled_user(app, role: str = "officer") -> str:
    email = make_user(app, role)
    enrol_second_factor(app, email)
    return email


# Staff and brokers


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_and_brokers_without_an_app_can_reach_nothing_until_they_set_one_up(
    app, client, role
) -> None:
    email = make_user(app, role)
    response = password_step(client, email)
    assert response.headers["Location"] == SET_UP
    for path in ("/account", "/family/", "/family/broker", "/account/email"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith(
            "/sign-in"
        ), path
    with client.session_transaction() as session:
        assert "_user_id" not in session, "Flask-Login does not see them"
    token = csrf_token(client.get(SET_UP).get_data(as_text=True))
    assert client.post("/account/stay-signed-in", headers={"X-CSRFToken": token}).status_code == 302
    assert not is_signed_in(client)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_and_brokers_set_up_an_app_and_get_10_recovery_codes_once(app, client, role):
    email = make_user(app, role)
    password_step(client, email)
    response = client.get(SET_UP)
    assert response.headers["Cache-Control"] == "no-store", "the page shows the secret"
    page = response.get_data(as_text=True)
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    secret = secret_on_page(page)

    wrong = post_form(client, SET_UP, {"code": "000000"})
    assert "The security code is not correct" in error_text(wrong)
    assert secret_on_page(wrong.get_data(as_text=True)) == secret, "the same key until it works"

    response = post_form(client, SET_UP, {"code": pyotp.TOTP(secret).now()})
    assert response.headers["Cache-Control"] == "no-store"
    codes = recovery_codes_on_page(response.get_data(as_text=True))
    assert len(codes) == 10
    assert is_signed_in(client)
    assert "You have 10 recovery codes left." in error_text(client.get("/account"))

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        stored = db.session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        ).all()
        factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert secret not in factor.secret_encrypted
    assert audit_actions(app, email)[-5:] == [
        "password_accepted",
        "second_factor_failed",
        "second_factor_enrolled",
        "second_factor_passed",
        "signed_in",
    ]
    assert "2-step verification is on" in emails_to(app, email)


def test_the_set_up_page_refuses_a_code_that_is_not_6_digits(app, client) -> None:
    password_step(client, make_user(app, "broker"))
    for typed, message in [
        ("", "Enter the security code"),
        ("12345", "Security code must be 6 digits"),
        ("x" * 5000, "Security code must be 6 digits"),
    ]:
        response = post_form(client, SET_UP, {"code": typed})
        assert response.status_code == 200
        assert "There is a problem" in error_text(response) and message in error_text(response)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_an_enrolled_person_signs_in_with_a_code_into_a_fresh_session(app, client, role):
    email = enrolled_user(app, role)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    assert password_step(client, email).headers["Location"] == CODE
    assert not is_signed_in(client)
    response = post_form(client, CODE, {"code": second_factor_code(app, email)})
    assert response.headers["Location"] == "/account"
    assert is_signed_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session and "pending_sign_in" not in session
    assert audit_actions(app, email)[-3:] == [
        "password_accepted",
        "second_factor_passed",
        "signed_in",
    ]


def test_a_wrong_code_gets_a_vague_error_and_is_on_the_record(app, client) -> None:
    email = enrolled_user(app)
    password_step(client, email)
    secret = enrol_second_factor(app, email)
    step = rules.step_at(utcnow())
    wrong = next(
        code
        for code in ("123456", "654321", "111111")
        if code not in {code_at(s, secret) for s in range(step - 1, step + 3)}
    )
    response = post_form(client, CODE, {"code": wrong})
    assert response.status_code == 200
    assert "The security code is not correct" in error_text(response)
    assert not is_signed_in(client)
    assert audit_actions(app, email)[-1] == "second_factor_failed"


def test_a_code_works_only_once(app, client) -> None:
    email = enrolled_user(app, "broker")
    code = second_factor_code(app, email)
    password_step(client, email)
    assert post_form(client, CODE, {"code": code}).headers["Location"] == "/account"
    sign_out(client)
    password_step(client, email)
    reused = post_form(client, CODE, {"code": code})
    assert reused.status_code == 200
    assert "The security code is not correct" in error_text(reused)
    assert not is_signed_in(client)


def test_a_code_from_the_step_before_is_still_accepted(app, client) -> None:
    email = enrolled_user(app)
    secret = enrol_second_factor(app, email)
    password_step(client, email)
    previous = code_at(rules.step_at(utcnow()) - 1, secret)
    assert post_form(client, CODE, {"code": previous}).headers["Location"] == "/account"


def test_a_recovery_code_signs_in_once_and_the_account_page_says_how_many_are_left(app, client):
    email = make_user(app, "admin")
    _secret, codes = enrol_through_the_pages(client, email)
    sign_out(client)

    password_step(client, email)
    assert 'href="/sign-in/recovery-code"' in client.get(CODE).get_data(as_text=True)
    response = post_form(client, RECOVERY, {"code": codes[3].upper().replace("-", " ")})
    assert response.headers["Location"] == "/account"
    account = error_text(client.get("/account"))
    assert "You have 9 recovery codes left." in account
    assert "A recovery code was last used to sign in on" in account
    assert "A recovery code was used to sign in to your account" in emails_to(app, email)
    assert "recovery_code_used" in audit_actions(app, email)
    sign_out(client)

    password_step(client, email)
    again = post_form(client, RECOVERY, {"code": codes[3]})
    assert "The recovery code is not correct or has already been used" in error_text(again)
    assert not is_signed_in(client)
    assert audit_actions(app, email)[-1] == "second_factor_failed"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter a recovery code"), ("x" * 500, "Recovery code must be 14 characters or fewer")],
)
def test_recovery_code_errors_are_specific(app, client, typed, message) -> None:
    password_step(client, enrolled_user(app))
    response = post_form(client, RECOVERY, {"code": typed})
    assert response.status_code == 200 and message in error_text(response)


def test_code_guesses_are_throttled_per_account_wherever_they_are_entered(app, client) -> None:
    email = enrolled_user(app, "broker")
    password_step(client, email)
    statuses = [post_form(client, CODE, {"code": "000000"}).status_code for _ in range(3)]
    statuses += [
        post_form(client, RECOVERY, {"code": "aaaa-bbbb-cccc"}).status_code for _ in range(3)
    ]
    assert statuses == [200] * 5 + [429]
    # A new password step does not start a new count, and the right code waits too.
    password_step(client, email)
    assert post_form(client, CODE, {"code": second_factor_code(app, email)}).status_code == 429


def test_the_half_signed_in_state_goes_stale(app, client) -> None:
    email = enrolled_user(app)
    password_step(client, email)
    with client.session_transaction() as session:
        stale = (utcnow() - timedelta(minutes=6)).timestamp()
        session["pending_sign_in"] = {**session["pending_sign_in"], "started_at": stale}
    response = client.get(CODE)
    assert response.headers["Location"] == "/sign-in?again=1"
    assert "You did not finish signing in in time" in error_text(client.get("/sign-in?again=1"))
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    late = client.post(CODE, data={"csrf_token": token, "code": second_factor_code(app, email)})
    assert late.headers["Location"].startswith("/sign-in")
    assert not is_signed_in(client)


def test_a_password_reset_ends_a_half_finished_sign_in(app, client) -> None:
    email = enrolled_user(app)
    password_step(client, email)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.session_token = "changed-by-a-reset"
        db.session.commit()
    assert client.get(CODE).headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("path", [SET_UP, CODE, RECOVERY])
def test_the_second_step_pages_send_anyone_else_to_sign_in(client, path) -> None:
    assert client.get(path).headers["Location"] == "/sign-in"
    assert client.post(path, data={"code": "123456"}).status_code == 400, "no CSRF token"


def test_an_enrolled_person_is_sent_from_the_set_up_page_to_the_code(app, client) -> None:
    password_step(client, enrolled_user(app))
    assert client.get(SET_UP).headers["Location"] == CODE


def test_a_staff_session_that_never_passed_the_second_factor_is_ended(app, client) -> None:
    from flask_login import login_user

    email = enrolled_user(app, "officer")
    # A session started some other way (from before 2-step verification was required).
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.email == email)))
        from flask import session as request_session

        planted = dict(request_session)
    with client.session_transaction() as session:
        session.update(planted)
        session["signed_in_at"] = session["last_seen"] = utcnow().timestamp()
    response = client.get("/account")
    assert response.headers["Location"] == "/sign-in"
    assert not is_signed_in(client)
    assert audit_actions(app, email)[-1] == "session_ended_without_second_factor"


def test_staff_cannot_turn_it_off(app, client) -> None:
    from tests.conftest import sign_in_with_second_factor

    email = make_user(app, "officer")
    sign_in_with_second_factor(client, email, PASSWORD)
    assert "Turn off 2-step verification" not in error_text(client.get("/account"))
    assert client.get("/account/2-step-verification/turn-off").status_code == 403
    token = csrf_token(client.get("/account").get_data(as_text=True))
    response = client.post(
        "/account/2-step-verification/turn-off", data={"csrf_token": token, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert factor_of(app, email) is not None


# Families


def test_a_family_member_without_it_signs_in_with_the_password_alone(app, client) -> None:
    email = make_user(app, "parent")
    assert password_step(client, email).headers["Location"] == "/account"
    assert "2-step verification is off" in error_text(client.get("/account"))


@pytest.mark.parametrize("role", ["parent", "young_person"])
def test_a_family_member_turns_it_on_and_then_needs_a_code(app, client, role) -> None:
    email = make_user(app, role)
    password_step(client, email)
    other_device = app.test_client()
    password_step(other_device, email)

    path = "/account/2-step-verification/set-up"
    page = client.get(path).get_data(as_text=True)
    secret = secret_on_page(page)
    with app.app_context():
        assert db.session.scalar(select(SecondFactor).join(User).where(User.email == email)) is None
    response = post_form(client, path, {"code": pyotp.TOTP(secret).now()})
    assert len(recovery_codes_on_page(response.get_data(as_text=True))) == 10
    assert is_signed_in(client), "this session carries on"
    assert not is_signed_in(other_device), "other sessions end when the way in changes"
    assert "2-step verification is on" in error_text(client.get("/account"))
    assert client.get(path).headers["Location"] == "/account"
    sign_out(client)

    assert password_step(client, email).headers["Location"] == CODE
    response = post_form(client, CODE, {"code": second_factor_code(app, email)})
    assert response.headers["Location"] == "/account"


def test_a_family_member_turns_it_off_with_their_password(app, client) -> None:
    from tests.conftest import sign_in_with_second_factor

    email = make_user(app, "parent")
    enrol_second_factor(app, email)
    sign_in_with_second_factor(client, email, PASSWORD)
    path = "/account/2-step-verification/turn-off"
    assert 'href="/account/2-step-verification/turn-off"' in client.get("/account").get_data(
        as_text=True
    )

    wrong = post_form(client, path, {"password": "not my password at all"})
    assert "Enter the correct password" in error_text(wrong)
    assert factor_of(app, email) is not None
    empty = post_form(client, path, {"password": ""})
    assert "Enter your password" in error_text(empty)

    response = post_form(client, path, {"password": PASSWORD})
    assert response.headers["Location"] == "/account"
    assert factor_of(app, email) is None
    assert "2-step verification is off" in error_text(client.get("/account"))
    assert "second_factor_turned_off" in audit_actions(app, email)
    assert "2-step verification is off" in emails_to(app, email)
    sign_out(client)
    assert password_step(client, email).headers["Location"] == "/account"


def test_turning_it_off_or_getting_new_codes_without_it_goes_back_to_the_account(app, client):
    password_step(client, make_user(app, "parent"))
    for path in (
        "/account/2-step-verification/turn-off",
        "/account/2-step-verification/recovery-codes",
    ):
        assert client.get(path).headers["Location"] == "/account"


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(app, client) -> None:
    email = make_user(app, "broker")
    _secret, old_codes = enrol_through_the_pages(client, email)
    path = "/account/2-step-verification/recovery-codes"
    assert 'href="/account/2-step-verification/recovery-codes"' in client.get("/account").get_data(
        as_text=True
    )

    refused = post_form(client, path, {"code": "000000"})
    assert "The security code is not correct" in error_text(refused)

    response = post_form(client, path, {"code": second_factor_code(app, email)})
    new_codes = recovery_codes_on_page(response.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "Your old recovery codes no longer work" in error_text(response)
    assert "recovery_codes_replaced" in audit_actions(app, email)
    assert "You have new recovery codes" in emails_to(app, email)
    sign_out(client)

    password_step(client, email)
    assert "not correct" in error_text(post_form(client, RECOVERY, {"code": old_codes[0]}))
    assert post_form(client, RECOVERY, {"code": new_codes[0]}).headers["Location"] == "/account"


@pytest.mark.parametrize(
    "path",
    [
        "/account/2-step-verification/set-up",
        "/account/2-step-verification/recovery-codes",
        "/account/2-step-verification/turn-off",
    ],
)
def test_the_account_pages_for_it_need_someone_signed_in(client, path) -> None:
    assert client.get(path).headers["Location"].startswith("/sign-in")


# The command line


def test_an_admin_resets_someones_second_factor_from_the_command_line(app, client) -> None:
    from tests.conftest import sign_in_with_second_factor

    email = make_user(app, "broker")
    sign_in_with_second_factor(client, email, PASSWORD)
    result = app.test_cli_runner().invoke(args=["accounts", "reset-2fa", email.upper()])
    assert result.exit_code == 0, result.output
    assert "set it up again" in result.output
    assert factor_of(app, email) is None
    assert not is_signed_in(client), "signed out everywhere"
    assert audit_actions(app, email)[-1] == "second_factor_reset"
    assert "2-step verification was reset on your account" in emails_to(app, email)
    assert password_step(client, email).headers["Location"] == SET_UP


def test_resetting_an_unknown_address_says_so(app) -> None:
    result = app.test_cli_runner().invoke(args=["accounts", "reset-2fa", "nobody@example.com"])
    assert result.exit_code == 1 and "There is no account for nobody@example.com" in result.output
