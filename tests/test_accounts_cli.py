"""Staff and broker accounts come from the command line, never from registration."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db


def run(app, *args: str, password: str = "lantern biscuit harbour"):
    return app.test_cli_runner().invoke(
        args=["accounts", "create-user", *args], input=f"{password}\n{password}\n"
    )


def test_an_officer_account_with_an_approval_limit(app) -> None:
    email = f"officer-{uuid.uuid4().hex[:8]}@brackenshire.example"
    result = run(app, "--email", email, "--role", "officer", "--approval-limit", "25,000")
    assert result.exit_code == 0, result.output
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == email))
        assert (officer.role, officer.approval_limit_pence) == ("officer", 2_500_000)
        assert officer.is_confirmed


def test_a_staff_account_can_carry_the_name_families_see(app) -> None:
    email = f"broker-{uuid.uuid4().hex[:8]}@brackenshire.example"
    result = run(app, "--email", email, "--role", "broker", "--name", " Priya Shah ")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.email == email)) == "Priya Shah"


def test_mistakes_are_explained_without_a_traceback(app) -> None:
    email = f"broker-{uuid.uuid4().hex[:8]}@brackenshire.example"
    assert (
        "Only officers"
        in run(app, "--email", email, "--role", "broker", "--approval-limit", "10").output
    )
    assert "too short" in run(app, "--email", email, "--role", "broker", password="short").output
    assert run(app, "--email", email, "--role", "broker").exit_code == 0
    again = run(app, "--email", email, "--role", "broker")
    assert again.exit_code == 1 and "already has an account" in again.output
    assert "Traceback" not in again.output


def test_the_outbox_shows_the_latest_email(app, client) -> None:
    from tests.conftest import csrf_token

    email = f"parent-{uuid.uuid4().hex[:8]}@example.com"
    token = csrf_token(client.get("/register").get_data(as_text=True))
    client.post(
        "/register",
        data={"csrf_token": token, "email": email, "password": "lantern biscuit harbour"},
    )
    output = app.test_cli_runner().invoke(args=["accounts", "outbox", "--to", email]).output
    assert "Subject: Confirm your email address" in output
    assert "/confirm-email/" in output
