"""Signing in council staff and brokers in tests, in one place.

Staff and brokers must use a second factor (issue 3): this signs them in through the real
pages, password then security code, and every test that signs in staff goes through it.
"""

from __future__ import annotations

import uuid

from flask import Flask
from flask.testing import FlaskClient

from local_offer.extensions import limiter
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.extensions import db
from tests.conftest import sign_in_with_second_factor

STAFF_PASSWORD = "lantern biscuit harbour"


def sign_in_staff(
    app: Flask,
    role: str,
    *,
    email: str | None = None,
    full_name: str | None = None,
    approval_limit_pence: int | None = None,
) -> tuple[FlaskClient, User]:
    """A new officer, admin or broker account, and a client signed in as them."""
    assert role in ("officer", "admin", "broker"), role
    email = email or f"{role}-{uuid.uuid4().hex[:10]}@brackenshire.example"
    with app.app_context():
        limiter.reset()
        user = User(
            email=email,
            password_hash=hash_password(STAFF_PASSWORD),
            role=role,
            full_name=full_name or f"Sam {role.capitalize()}",
            approval_limit_pence=approval_limit_pence,
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
    client = app.test_client()
    response = sign_in_with_second_factor(client, email, STAFF_PASSWORD)
    assert response.status_code == 302, f"{role} could not sign in"
    return client, user
