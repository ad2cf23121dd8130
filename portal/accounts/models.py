"""People who sign in, and the messages the portal sends them."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from local_offer.models import utcnow

from ..extensions import db

ROLES = ("parent", "young_person", "broker", "officer", "admin")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so one address is one account however it is typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="parent")
    # An officer approves plans up to this amount a year; above it, plans go to panel.
    approval_limit_pence: Mapped[int | None] = mapped_column(Integer)
    preferred_language: Mapped[str | None] = mapped_column(String(10))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every session cookie: changing it signs the user out everywhere, which is
    # how signing out ends the session on the server although the cookie is signed.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    # Staff and brokers are named to families in the record of who looked at their records.
    full_name: Mapped[str | None] = mapped_column(String(200))
    # An admin switches an account off (and on again). Closing is the family's own request
    # (UK GDPR erasure): the account is anonymised once the retention period has passed,
    # and the anonymous reference stands for the person in the audit trail from then on.
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    anonymous_reference: Mapped[str | None] = mapped_column(String(40))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def can_sign_in(self) -> bool:
        return self.deactivated_at is None and self.closed_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    """An email as it was sent. In development and tests this is where email goes."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QueuedEmail(db.Model):  # type: ignore[name-defined,misc]
    """An email waiting to be delivered, written in the same transaction as the change that
    caused it: a rollback sends nothing and a commit never loses it. `flask mail deliver`
    sends it (portal/accounts/mail.py); delivered ones are removed after MAIL_KEEP_DAYS."""

    __tablename__ = "mail_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    # Text, not a length: a subject can carry a service's name, in any language.
    subject: Mapped[str] = mapped_column(Text)
    # Emptied once the message is sent or given up: bodies hold working links (password
    # resets, invitations, provider links) that must not sit in the table or its backups.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Due when this has passed and nobody holds it; a worker that claims it holds it until
    # locked_until, so a worker that dies mid-send hands it on when that passes.
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    gave_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The kind of failure only (an exception's class name): never an address or a body.
    last_error: Mapped[str | None] = mapped_column(String(100))


class SecondFactor(db.Model):  # type: ignore[name-defined,misc]
    """An account's authenticator app, once a code from it has been entered (see
    second_factor.py for how the secret is kept)."""

    __tablename__ = "second_factor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    secret_encrypted: Mapped[str] = mapped_column(String(200))
    # The 30-second step of the last code accepted: no code from it or before works again.
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecoveryCode(db.Model):  # type: ignore[name-defined,misc]
    """One of the codes for signing in without the app. Only a salted hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(120))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
