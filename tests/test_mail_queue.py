"""Email is queued with the change that caused it and delivered outside the request.

Notify is played by a small HTTP server on loopback that can be told to fail, so the real
client sends real requests; the worker is the real `flask mail deliver`."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.orm import Session

from local_offer.extensions import db, limiter
from local_offer.models import utcnow
from portal.accounts.mail import (
    deliver_due,
    remove_old_messages,
    retry_wait,
    send_email,
    try_claim,
)
from portal.accounts.models import OutboxMessage, QueuedEmail
from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parents[1]
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
API_KEY = f"portal_test-{SERVICE_ID}-3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
PASSWORD = "lantern biscuit harbour"


class FlakyNotify(BaseHTTPRequestHandler):
    """Answers 500 while `failing` is set, otherwise accepts the email like Notify."""

    failing = False
    delay = 0.0
    received: list[dict[str, Any]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(FlakyNotify.delay)
        if FlakyNotify.failing:
            body = json.dumps({"errors": [{"error": "Exception", "message": "down"}]}).encode()
            self.send_response(500)
        else:
            with FlakyNotify.lock:
                FlakyNotify.received.append(payload)
            body = json.dumps({"id": str(uuid.uuid4())}).encode()
            self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def notify(app: Flask) -> Iterator[str]:
    FlakyNotify.failing, FlakyNotify.delay, FlakyNotify.received = False, 0.0, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings = {
        "MAIL_BACKEND": "notify",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": TEMPLATE_ID,
        "NOTIFY_BASE_URL": base,
    }
    saved = {name: app.config[name] for name in settings}
    app.config.update(settings)
    try:
        yield base
    finally:
        app.config.update(saved)
        server.shutdown()
        server.server_close()


def unique_email() -> str:
    return f"queued-{uuid.uuid4().hex[:10]}@example.com"


def queued_to(app: Flask, email: str) -> list[QueuedEmail]:
    with app.app_context():
        messages = db.session.scalars(
            select(QueuedEmail).where(QueuedEmail.to == email).order_by(QueuedEmail.id)
        ).all()
        db.session.expunge_all()
        return list(messages)


def make_due_now(app: Flask, email: str) -> None:
    with app.app_context():
        db.session.execute(
            update(QueuedEmail)
            .where(QueuedEmail.to == email)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()


def received_by(email: str) -> list[dict[str, Any]]:
    return [item for item in FlakyNotify.received if item["email_address"] == email]


def post_form(client, path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def test_a_rollback_sends_nothing(app: Flask) -> None:
    email = unique_email()
    with app.app_context():
        send_email(email, "Subject", "Body")
        db.session.flush()
        db.session.rollback()
    assert queued_to(app, email) == []
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email)) is None


def test_a_commit_queues_the_message_and_delivers_it_after_the_commit(app: Flask) -> None:
    email = unique_email()
    with app.app_context():
        send_email(email, "Subject", "Body")
        db.session.commit()
        outbox = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == email)).all()
        assert [(m.subject, m.body) for m in outbox] == [("Subject", "Body")]
    [message] = queued_to(app, email)
    assert message.sent_at is not None and message.attempts == 1


def test_a_notify_failure_during_registration_shows_the_normal_page_and_is_sent_later(
    app: Flask, client, notify: str
) -> None:
    email = unique_email()
    FlakyNotify.failing = True

    response = post_form(client, "/register", {"email": email, "password": PASSWORD})

    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    [message] = queued_to(app, email)
    assert (message.sent_at, message.attempts, message.last_error) == (None, 1, "HTTPError")
    assert received_by(email) == []

    # Nothing is due until the backoff has passed, so a worker run now sends nothing.
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert "0 sent" in result.output
    FlakyNotify.failing = False
    make_due_now(app, email)
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])

    assert result.exit_code == 0 and "1 sent" in result.output
    [sent] = received_by(email)
    assert "/confirm-email/" in sent["personalisation"]["body"]
    [message] = queued_to(app, email)
    assert message.sent_at is not None and message.attempts == 2


def test_a_notify_failure_during_a_password_reset_shows_the_normal_page_and_is_sent_later(
    app: Flask, client, notify: str
) -> None:
    email = unique_email()
    post_form(client, "/register", {"email": email, "password": PASSWORD})
    FlakyNotify.failing = True

    response = post_form(client, "/reset-password", {"email": email})

    assert response.headers["Location"] == "/reset-password/sent"
    assert client.get("/reset-password/sent").status_code == 200
    waiting = [m for m in queued_to(app, email) if m.sent_at is None]
    assert len(waiting) == 1 and waiting[0].attempts == 1
    FlakyNotify.failing = False
    make_due_now(app, email)
    app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert any("/reset-password/" in m["personalisation"]["body"] for m in received_by(email))
    assert all(m.sent_at is not None for m in queued_to(app, email))


def test_in_queue_mode_the_app_only_queues_and_the_worker_sends(
    app: Flask, client, notify: str
) -> None:
    email = unique_email()
    app.config["MAIL_DELIVERY"] = "queue"
    try:
        with app.app_context():
            limiter.reset()
        post_form(client, "/register", {"email": email, "password": PASSWORD})
        assert received_by(email) == []
        [message] = queued_to(app, email)
        assert message.attempts == 0
        app.test_cli_runner().invoke(args=["mail", "deliver"])
    finally:
        app.config["MAIL_DELIVERY"] = "after-commit"
    assert len(received_by(email)) == 1
    # Once sent, the body (with its confirmation link) is not kept in the queue.
    [sent] = queued_to(app, email)
    assert sent.sent_at is not None and sent.body == ""


def test_a_long_translated_subject_is_queued_whole(app: Flask) -> None:
    # A subject can carry a service's name (up to 200 characters) in words longer than
    # English; PostgreSQL refused a subject longer than the old 200-character column.
    email = unique_email()
    subject = "Twoje zmiany w usłudze " + "Długa nazwa usługi " * 15
    assert len(subject) > 250
    with app.app_context():
        send_email(email, subject, "body")
        db.session.commit()
    assert [m.subject for m in queued_to(app, email)] == [subject]


def test_the_worker_gives_up_after_the_last_attempt_and_logs_no_personal_data(
    app: Flask, notify: str, caplog: pytest.LogCaptureFixture
) -> None:
    email = unique_email()
    FlakyNotify.failing = True
    app.config.update(MAIL_DELIVERY="queue", MAIL_MAX_ATTEMPTS=3)
    try:
        with app.app_context():
            send_email(email, "Your secret link", "https://example.com/secret-token")
            db.session.commit()
            [message_id] = [m.id for m in queued_to(app, email)]
            moment = utcnow()
            with caplog.at_level(logging.INFO, logger="portal.mail"):
                for _ in range(4):
                    deliver_due(now=moment, ids=[message_id])
                    moment += timedelta(hours=2)
    finally:
        app.config.update(MAIL_DELIVERY="after-commit", MAIL_MAX_ATTEMPTS=10)

    [message] = queued_to(app, email)
    assert message.attempts == 3 and message.gave_up_at is not None and message.sent_at is None
    # The link in it worked like a password; nobody will send it now, so it is not kept.
    assert message.body == ""
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"Email {message_id} given up after 3 attempts" in logged
    assert email not in logged and "secret" not in logged


def test_retries_wait_longer_each_time_up_to_an_hour() -> None:
    waits = [retry_wait(attempt, 60) for attempt in (1, 2, 3, 10)]
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(hours=1),
    ]


def test_sent_messages_are_removed_after_the_keeping_period(app: Flask) -> None:
    old, recent, waiting = unique_email(), unique_email(), unique_email()
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            [
                QueuedEmail(to=old, subject="s", body="b", sent_at=now - timedelta(days=9)),
                QueuedEmail(to=recent, subject="s", body="b", sent_at=now - timedelta(days=2)),
                QueuedEmail(
                    to=waiting, subject="s", body="b", next_attempt_at=now + timedelta(days=30)
                ),
            ]
        )
        db.session.flush()
        db.session.info.pop("portal.mail.queued_ids", None)
        removed = remove_old_messages(db.session, date.today())
        db.session.commit()
        assert removed >= 1
    assert queued_to(app, old) == []
    assert len(queued_to(app, recent)) == 1 and len(queued_to(app, waiting)) == 1


def test_apply_retention_removes_old_sent_messages(app: Flask) -> None:
    email = unique_email()
    with app.app_context():
        db.session.add(
            QueuedEmail(to=email, subject="s", body="b", sent_at=utcnow() - timedelta(days=30))
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["accounts", "apply-retention"])
    assert result.exit_code == 0, result.output
    assert queued_to(app, email) == []


def test_a_row_another_worker_holds_is_skipped_not_waited_for(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks are PostgreSQL's; SQLite is covered by the two workers")
        email = unique_email()
        app.config["MAIL_DELIVERY"] = "queue"
        try:
            send_email(email, "Subject", "Body")
            db.session.commit()
            [message_id] = [m.id for m in queued_to(app, email)]
            other_worker = create_engine(db.engine.url)
            with other_worker.connect() as connection:
                connection.execute(
                    text("SELECT id FROM mail_queue WHERE id = :id FOR UPDATE"), {"id": message_id}
                )
                started = time.monotonic()
                result = deliver_due(ids=[message_id])
                assert time.monotonic() - started < 5
                assert result.sent == 0
                connection.rollback()
            other_worker.dispose()
            assert deliver_due(ids=[message_id]).sent == 1
        finally:
            app.config["MAIL_DELIVERY"] = "after-commit"


def test_of_two_workers_that_saw_the_same_message_due_only_one_wins_it(app: Flask) -> None:
    email = unique_email()
    app.config["MAIL_DELIVERY"] = "queue"
    try:
        with app.app_context():
            send_email(email, "Subject", "Body")
            db.session.commit()
    finally:
        app.config["MAIL_DELIVERY"] = "after-commit"
    [message_id] = [m.id for m in queued_to(app, email)]
    moment = utcnow()
    with app.app_context(), Session(db.engine) as first, Session(db.engine) as second:
        # Both looked before either claimed (no row lock on SQLite, or a lock released).
        assert try_claim(first, message_id, moment) is True
        assert try_claim(second, message_id, moment) is False
        # Once its hold has run out (a worker died mid-send) another worker may take it.
        assert try_claim(second, message_id, moment + timedelta(minutes=6)) is True
    [message] = queued_to(app, email)
    assert message.attempts == 2


def test_two_workers_never_send_the_same_message_twice(
    app: Flask, notify: str, database_url: str
) -> None:
    FlakyNotify.delay = 0.1
    emails = [unique_email() for _ in range(30)]
    app.config["MAIL_DELIVERY"] = "queue"
    try:
        with app.app_context():
            for email in emails:
                send_email(email, "Subject", "Body")
            db.session.commit()
    finally:
        app.config["MAIL_DELIVERY"] = "after-commit"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "two-workers-share-this-secret-key-0123456789abcdef",
        "FLASK_APP": "wsgi",
        "MAIL_DELIVERY": "queue",
        "MAIL_BACKEND": "notify",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": TEMPLATE_ID,
        "NOTIFY_BASE_URL": notify,
    }
    workers = [
        subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "flask", "mail", "deliver"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    sent = [
        item["email_address"] for item in FlakyNotify.received if item["email_address"] in emails
    ]
    assert sorted(sent) == sorted(emails), "every message sent exactly once"
    assert all(b" sent" in out for out, _err in outputs)
    assert all(m.sent_at is not None for email in emails for m in queued_to(app, email))


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("PORTAL_ENV", "MAIL_DELIVERY", "MAIL_BACKEND", "NOTIFY_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment-0123456789")
    return monkeypatch


def test_production_leaves_sending_to_the_worker(clean_environment, tmp_path) -> None:
    from portal.config import load_config

    clean_environment.setenv("PORTAL_ENV", "production")
    assert load_config(str(tmp_path))["MAIL_DELIVERY"] == "queue"


def test_development_sends_after_the_commit(clean_environment, tmp_path) -> None:
    from portal.config import load_config

    assert load_config(str(tmp_path))["MAIL_DELIVERY"] == "after-commit"


def test_an_unknown_mail_delivery_refuses_to_start(clean_environment, tmp_path) -> None:
    from portal.config import ConfigurationError, load_config

    clean_environment.setenv("MAIL_DELIVERY", "carrier-pigeon")
    with pytest.raises(ConfigurationError, match="queue, after-commit"):
        load_config(str(tmp_path))
