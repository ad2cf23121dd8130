"""Shared fixtures. Tests run against a real database: SQLite by default, PostgreSQL when
TEST_DATABASE_URL names an existing database (a fresh database is created beside it)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from local_offer.demo import load_demo_data
from local_offer.extensions import db, limiter
from portal import create_app
from portal.ras.loading import load_demo_scheme
from tests.databases import scratch_postgres_database
from tests.directory_fixtures import QuokkaServices, create_quokka_services

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    with scratch_postgres_database(base, "portal_test") as url:
        yield url


def compile_translations() -> None:
    """Compiles the shipped catalogues, so the suite also works when run without make."""
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parts[-3])
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    compile_translations()
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        load_demo_data(db.session)
        load_demo_scheme(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A client that checks every page it gets, with rate limits starting from zero."""
    app.test_client_class = PageCheckingClient
    with app.app_context():
        limiter.reset()
    yield app.test_client()
    with app.app_context():
        limiter.reset()


@pytest.fixture
def db_session(app: Flask) -> Iterator[object]:
    with app.app_context():
        yield db.session
        db.session.rollback()


class _PageChecker(HTMLParser):
    """Collects what every HTML page must have, so each request test checks it for free."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.title = ""
        self._in_title = False
        self.forms: list[dict[str, str | None]] = []
        self.post_forms_without_token = 0
        self._form_stack: list[dict[str, object]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "id" in attributes and attributes["id"]:
            self.ids.append(attributes["id"])
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "form":
            self._form_stack.append(
                {"method": (attributes.get("method") or "get").lower(), "token": False}
            )
        elif tag == "input" and self._form_stack and attributes.get("name") == "csrf_token":
            self._form_stack[-1]["token"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "form" and self._form_stack:
            form = self._form_stack.pop()
            if form["method"] == "post" and not form["token"]:
                self.post_forms_without_token += 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def check_page(html: str) -> None:
    checker = _PageChecker()
    checker.feed(html)
    assert checker.html_lang, "every page declares its language"
    assert checker.title.strip(), "every page has a title"
    assert checker.post_forms_without_token == 0, "every POST form carries a CSRF token"
    duplicates = {i for i in checker.ids if checker.ids.count(i) > 1}
    assert not duplicates, f"ids are unique on the page: {sorted(duplicates)}"


class PageCheckingClient(FlaskClient):
    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 304:
            check_page(response.get_data(as_text=True))
        return response


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page has a CSRF token"
    return match.group(1)


@pytest.fixture(scope="session")
def quokka(app: Flask) -> QuokkaServices:
    """Known services for directory tests (see tests/directory_fixtures.py)."""
    with app.app_context():
        return create_quokka_services(db.session)


# 2-step verification. Staff (officer, admin) and brokers must pass it to sign in, so any
# test that signs one in should use sign_in_with_second_factor.


def enrol_second_factor(app: Flask, email: str) -> str:
    """Gives the account an authenticator app straight in the database, as if it had been
    set up (the set-up pages have tests of their own); returns the app's secret."""
    from sqlalchemy import select

    from portal.accounts import second_factor as rules
    from portal.accounts.models import SecondFactor, User

    key = app.config["SECRET_KEY"]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, f"{email} has an account"
        factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
        if factor is not None:
            secret = rules.decrypt_secret(factor.secret_encrypted, user.id, key)
            assert secret is not None
            return secret
        secret = rules.new_secret()
        encrypted = rules.encrypt_secret(secret, user.id, key)
        db.session.add(SecondFactor(user_id=user.id, secret_encrypted=encrypted))
        db.session.commit()
        return secret


def second_factor_code(app: Flask, email: str) -> str:
    """A code from the account's app that it has not used yet. Each code works once, so a
    second sign-in within the same 30 seconds gets the next step's code (one step of
    drift is allowed), and a third waits for the clock."""
    import time

    import pyotp
    from sqlalchemy import select

    from portal.accounts import second_factor as rules
    from portal.accounts.models import SecondFactor, User

    secret = enrol_second_factor(app, email)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
        last = factor.last_used_step
    now = int(time.time())
    current = now // rules.STEP_SECONDS
    step = current if last is None else max(current, last + 1)
    if step > current + rules.DRIFT_STEPS:
        time.sleep((step - rules.DRIFT_STEPS) * rules.STEP_SECONDS - time.time() + 0.1)
    return str(pyotp.TOTP(secret).generate_otp(step))


def sign_in_with_second_factor(client: FlaskClient, email: str, password: str):  # type: ignore[no-untyped-def]
    """Signs anyone in through the real pages: the password, then, when the account needs
    it, a security code (for staff and brokers with no app yet, one is set up first in the
    database). Returns the last response: a redirect to /account when all went well."""
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )
    location = response.headers.get("Location", "")
    if location == "/sign-in/set-up-2-step-verification":
        enrol_second_factor(client.application, email)
        location = "/sign-in/security-code"
    if location == "/sign-in/security-code":
        token = csrf_token(client.get(location).get_data(as_text=True))
        code = second_factor_code(client.application, email)
        response = client.post(location, data={"csrf_token": token, "code": code})
        assert response.headers.get("Location") == "/account", "the security code was accepted"
    return response


STAFF_PASSWORD = "lantern biscuit harbour"  # noqa: S105 - a test account's password


def signed_in_staff(app: Flask, role: str = "officer", email: str | None = None) -> FlaskClient:
    """A page-checking client signed in as a new user of this role: an officer or admin,
    or (for the back office's permission tests) a parent, young person or broker.

    Every back office test signs in through here (browser tests borrow its session cookie),
    so a change to how staff and brokers sign in, such as a second factor, is made in this
    one place.
    """
    import uuid

    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    email = email or f"{role}-{uuid.uuid4().hex[:10]}@example.com"
    with app.app_context():
        limiter.reset()
        db.session.add(User(email=email, password_hash=hash_password(STAFF_PASSWORD), role=role))
        db.session.commit()
    app.test_client_class = PageCheckingClient
    client = app.test_client()
    response = sign_in_with_second_factor(client, email, STAFF_PASSWORD)
    assert response.status_code == 302, "staff sign in"
    return client
