"""Email backends: the development outbox, and GOV.UK Notify spoken to over HTTP.

Notify is played by a small HTTP server on loopback, so the real client signs and sends a
real request and the test reads what arrived."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from flask import Flask
from sqlalchemy import select

from local_offer.extensions import db
from portal.accounts.mail import send_email
from portal.accounts.models import OutboxMessage
from portal.config import ConfigurationError, load_config

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        length = int(self.headers["Content-Length"])
        FakeNotify.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        body = json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def notify_server() -> Iterator[str]:
    FakeNotify.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_notify_receives_the_message_signed_with_the_services_key(
    app: Flask, notify_server: str
) -> None:
    settings = {
        "MAIL_BACKEND": "notify",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": TEMPLATE_ID,
        "NOTIFY_BASE_URL": notify_server,
    }
    saved = {name: app.config[name] for name in settings}
    app.config.update(settings)
    try:
        with app.test_request_context():
            send_email("parent@example.com", "Confirm your email address", "Use this link.")
            db.session.commit()
            outbox = db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.to == "parent@example.com")
            ).all()
    finally:
        app.config.update(saved)

    [request] = FakeNotify.received
    assert request["path"] == "/v2/notifications/email"
    assert request["json"] == {
        "email_address": "parent@example.com",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "Confirm your email address", "body": "Use this link."},
    }
    scheme, token = request["authorization"].split(" ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert scheme == "Bearer" and claims["iss"] == SERVICE_ID
    assert outbox == [], "Notify sends the message; the outbox keeps nothing"


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("PORTAL_ENV", "SECRET_KEY", "MAIL_BACKEND", "NOTIFY_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NOTIFY_EMAIL_TEMPLATE_ID", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment-0123456789")
    return monkeypatch


def test_production_sends_through_notify_when_it_has_a_key(clean_environment, tmp_path) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")
    clean_environment.setenv("NOTIFY_API_KEY", API_KEY)
    clean_environment.setenv("NOTIFY_EMAIL_TEMPLATE_ID", TEMPLATE_ID)

    assert load_config(str(tmp_path))["MAIL_BACKEND"] == "notify"


def test_production_without_a_notify_key_sends_through_smtp(clean_environment, tmp_path) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")

    assert load_config(str(tmp_path))["MAIL_BACKEND"] == "smtp"


def test_development_keeps_email_in_the_outbox(clean_environment, tmp_path) -> None:
    assert load_config(str(tmp_path))["MAIL_BACKEND"] == "outbox"


def test_notify_without_a_template_refuses_to_start(clean_environment, tmp_path) -> None:
    clean_environment.setenv("MAIL_BACKEND", "notify")
    clean_environment.setenv("NOTIFY_API_KEY", API_KEY)

    with pytest.raises(ConfigurationError, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        load_config(str(tmp_path))


def test_an_unknown_mail_backend_refuses_to_start(clean_environment, tmp_path) -> None:
    clean_environment.setenv("MAIL_BACKEND", "pigeon")

    with pytest.raises(ConfigurationError, match="outbox, notify, smtp"):
        load_config(str(tmp_path))
