"""Sending email. Development and tests keep every message in the outbox table, where a
developer reads it with `flask accounts outbox`; production sends through GOV.UK Notify
or SMTP.

Email goes out in the recipient's language, not the sender's: callers pass the subject and
body as lazy strings (``lazy_gettext``), which are translated here under the recipient's
preferred language."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context
from flask_babel import force_locale

from ..extensions import db
from .models import OutboxMessage


def send_email(to: str, subject: object, body: object, language: str | None = None) -> None:
    """With no language (an account that has never chosen one), the page's language, or
    the default one outside a request (the command line)."""
    if not (language and language in current_app.config["LANGUAGES"]) and not has_request_context():
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    if language and language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            subject, body = str(subject), str(body)
    else:
        subject, body = str(subject), str(body)
    _deliver(to, subject, body)


def _deliver(to: str, subject: str, body: str) -> None:
    if current_app.config["MAIL_BACKEND"] == "outbox":
        db.session.add(OutboxMessage(to=to, subject=subject, body=body))
    elif current_app.config["MAIL_BACKEND"] == "notify":
        _send_through_notify(to, subject, body)
    elif current_app.config["MAIL_BACKEND"] == "smtp":
        message = EmailMessage()
        message["From"] = current_app.config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(current_app.config["SMTP_HOST"], current_app.config["SMTP_PORT"]) as smtp:
            smtp.starttls()
            if current_app.config.get("SMTP_USERNAME"):
                smtp.login(current_app.config["SMTP_USERNAME"], current_app.config["SMTP_PASSWORD"])
            smtp.send_message(message)


def _send_through_notify(to: str, subject: str, body: str) -> None:
    # Notify sends from templates; one template whose subject and body are placeholders
    # lets the portal keep its wording (and its translations) in the app, as Notify's
    # guidance allows for services that write their own messages.
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(
        current_app.config["NOTIFY_API_KEY"],
        base_url=current_app.config["NOTIFY_BASE_URL"],
        timeout=10,
    )
    client.send_email_notification(
        email_address=to,
        template_id=current_app.config["NOTIFY_EMAIL_TEMPLATE_ID"],
        personalisation={"subject": subject, "body": body},
    )
