"""Sending email, outside the request that asked for it.

``send_email`` only writes the message to the mail queue (``mail_queue``), in the same
transaction as the change that caused it: a rollback sends nothing, and once committed the
message cannot be lost. Delivery happens afterwards, so a slow or failing mail service
never shows anyone an error page:

- ``MAIL_DELIVERY = "queue"`` (production): a worker, ``flask mail deliver --loop``, sends
  what is due, retrying with backoff and giving up after ``MAIL_MAX_ATTEMPTS``;
- ``MAIL_DELIVERY = "after-commit"`` (development, tests): the app process sends the
  messages itself as soon as the transaction that queued them commits. A failure is only
  logged; the message stays queued for the next try.

Delivery goes to ``MAIL_BACKEND``: the development outbox table (read it with
``flask accounts outbox``), GOV.UK Notify, or SMTP. Workers claim one message at a time
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, then a conditional UPDATE that only
one of them can win, which is what keeps SQLite correct too), so two workers never send
the same message twice. Logs name a message by its id only, never its address or body.

Email goes out in the recipient's language, not the sender's: callers pass the subject and
body as lazy strings (``lazy_gettext``), which are translated here under the recipient's
preferred language."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from typing import Any

from flask import current_app, has_request_context
from flask_babel import force_locale
from sqlalchemy import delete, event, or_, select, update
from sqlalchemy.orm import Session

from local_offer.models import utcnow

from ..extensions import db
from ..privacy.kept import KeptRecordType, keep
from .models import OutboxMessage, QueuedEmail

logger = logging.getLogger("portal.mail")

# A worker holds a message it is sending this long; if it dies mid-send another worker
# may try again after that (so a message is sent at least once, rarely twice).
LEASE = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=1)
_QUEUED_IDS = "portal.mail.queued_ids"


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
    db.session.add(QueuedEmail(to=to, subject=subject, body=body))


@event.listens_for(db.session, "after_flush")
def _note_queued(session: Session, _flush_context: object) -> None:
    ids = [item.id for item in session.new if isinstance(item, QueuedEmail)]
    if ids:
        session.info.setdefault(_QUEUED_IDS, []).extend(ids)


@event.listens_for(db.session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop(_QUEUED_IDS, None)


@event.listens_for(db.session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    ids = session.info.pop(_QUEUED_IDS, None)
    if not ids or current_app.config["MAIL_DELIVERY"] != "after-commit":
        return
    try:
        deliver_due(ids=ids)
    except Exception as error:  # noqa: BLE001 - the page must not fail; the queue keeps it
        logger.warning("Queued email could not be delivered now: %s", type(error).__name__)


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0


def deliver_due(
    now: datetime | None = None, ids: list[int] | None = None, limit: int = 100
) -> Delivered:
    """Sends up to `limit` messages that are due (or only those of `ids`), one at a time,
    each in its own short transactions, never holding a transaction open while sending."""
    result = Delivered()
    with Session(db.engine) as session:
        for _ in range(limit):
            moment = now or utcnow()
            claimed = _claim_one(session, moment, ids)
            if claimed is None:
                break
            outcome = _deliver_one(session, claimed, moment)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _claimable(moment: datetime) -> list[Any]:
    return [
        QueuedEmail.sent_at.is_(None),
        QueuedEmail.gave_up_at.is_(None),
        QueuedEmail.next_attempt_at <= moment,
        or_(QueuedEmail.locked_until.is_(None), QueuedEmail.locked_until < moment),
    ]


def _claim_one(session: Session, moment: datetime, ids: list[int] | None) -> int | None:
    while True:
        query = (
            select(QueuedEmail.id)
            .where(*_claimable(moment))
            .order_by(QueuedEmail.id)
            .limit(1)
            # PostgreSQL: a row another worker is claiming is skipped, not waited for.
            # SQLite has no row locks; the conditional UPDATE below decides instead.
            .with_for_update(skip_locked=True)
        )
        if ids is not None:
            query = query.where(QueuedEmail.id.in_(ids))
        candidate = session.scalar(query)
        if candidate is None:
            session.commit()
            return None
        if try_claim(session, candidate, moment):
            return candidate


def try_claim(session: Session, message_id: int, moment: datetime) -> bool:
    """Only one of several workers that saw the same message due can win it: the UPDATE
    checks again, under the database's write lock, that nobody holds it."""
    won = session.execute(
        update(QueuedEmail)
        .where(QueuedEmail.id == message_id, *_claimable(moment))
        .values(locked_until=moment + LEASE, attempts=QueuedEmail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return won.rowcount == 1  # type: ignore[attr-defined]


def _deliver_one(session: Session, message_id: int, moment: datetime) -> str:
    message = session.get(QueuedEmail, message_id)
    assert message is not None, "a claimed message is only removed once sent"
    to, subject, body, attempts = message.to, message.subject, message.body, message.attempts
    session.commit()  # nothing held open while talking to the mail service
    try:
        _send(session, to, subject, body)
    except Exception as error:  # noqa: BLE001 - every failure is retried or given up
        session.rollback()
        return _failed(session, message_id, attempts, type(error).__name__, moment)
    session.execute(
        update(QueuedEmail)
        .where(QueuedEmail.id == message_id)
        .values(sent_at=utcnow(), locked_until=None, last_error=None, body="")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return "sent"


def _failed(session: Session, message_id: int, attempts: int, error: str, moment: datetime) -> str:
    most = current_app.config["MAIL_MAX_ATTEMPTS"]
    values: dict[str, Any] = {"locked_until": None, "last_error": error[:100]}
    if attempts >= most:
        values["gave_up_at"] = moment
        values["body"] = ""
        logger.error("Email %s given up after %s attempts (%s)", message_id, attempts, error)
    else:
        wait = retry_wait(attempts, current_app.config["MAIL_RETRY_SECONDS"])
        values["next_attempt_at"] = moment + wait
        logger.warning(
            "Email %s not sent, attempt %s of %s (%s); trying again in %s seconds",
            message_id,
            attempts,
            most,
            error,
            int(wait.total_seconds()),
        )
    session.execute(
        update(QueuedEmail)
        .where(QueuedEmail.id == message_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return "gave_up" if "gave_up_at" in values else "failed"


def retry_wait(attempts: int, first_wait_seconds: int) -> timedelta:
    """1, 2, 4, 8 ... times the first wait after each failed attempt, at most an hour."""
    return min(timedelta(seconds=first_wait_seconds * 2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _send(session: Session, to: str, subject: str, body: str) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "outbox":
        session.add(OutboxMessage(to=to, subject=subject, body=body))
    elif backend == "notify":
        _send_through_notify(to, subject, body)
    elif backend == "smtp":
        message = EmailMessage()
        message["From"] = current_app.config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(
            current_app.config["SMTP_HOST"], current_app.config["SMTP_PORT"], timeout=30
        ) as smtp:
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


def remove_old_messages(session: Session, today: date) -> int:
    """Sent and given-up messages hold addresses and sign-in links: they go MAIL_KEEP_DAYS
    after they were sent or given up. Run daily by `flask accounts apply-retention`."""
    cutoff = datetime.combine(
        today - timedelta(days=current_app.config["MAIL_KEEP_DAYS"]), time.min, tzinfo=UTC
    )
    removed = session.execute(
        delete(QueuedEmail)
        .where(or_(QueuedEmail.sent_at < cutoff, QueuedEmail.gave_up_at < cutoff))
        .execution_options(synchronize_session=False)
    )
    return int(removed.rowcount or 0)  # type: ignore[attr-defined]


keep(
    KeptRecordType(
        record_type="sent_email",
        why="Sent email is kept a few days for questions about delivery, then removed",
        kept_until=lambda _session, _child_id: [],
        anonymise_expired=remove_old_messages,
    )
)
