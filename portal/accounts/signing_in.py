"""Starting a session, and the step between the password and the second factor.

After the right password, someone who needs a second factor is only *on their way in*:
the session names them and when the password was accepted, but Flask-Login does not see
them, so every signed-in page still treats them as signed out. Only the second factor
starts the real session, with a fresh cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, session
from flask_login import login_user
from sqlalchemy import func, or_, select, update

from local_offer.models import utcnow

from ..extensions import db
from . import second_factor as rules
from .models import RecoveryCode, SecondFactor, User

PENDING = "pending_sign_in"
ENROLLING_SECRET = "enrolling_secret"  # noqa: S105 - the name of a session key
PASSED_SECOND_FACTOR = "second_factor_at"


def start_session(user: User, second_factor_passed: bool) -> None:
    """A fresh session at sign-in, so nothing set before it (by anyone) carries over."""
    session.clear()
    login_user(user)
    now = utcnow().timestamp()
    session["signed_in_at"] = session["last_seen"] = now
    if second_factor_passed:
        session[PASSED_SECOND_FACTOR] = now


def second_factor_of(user: User) -> SecondFactor | None:
    return db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))


def needs_second_factor(user: User) -> bool:
    return rules.required_for(user.role) or second_factor_of(user) is not None


def begin_second_factor(user: User) -> None:
    session.clear()
    session[PENDING] = {
        "user_id": user.id,
        "token": user.session_token,
        "started_at": utcnow().timestamp(),
    }


def pending_user() -> User | None:
    """Who is between their password and their second factor, while that is still fresh.
    A password reset or sign-out everywhere (a new session token) ends it too."""
    pending: Any = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user_id, token, started_at = (pending.get(k) for k in ("user_id", "token", "started_at"))
    if not isinstance(user_id, int) or not isinstance(started_at, int | float):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_token != token:
        return None
    setting_up = second_factor_of(user) is None
    if rules.step_has_expired(float(started_at), utcnow(), setting_up=setting_up):
        return None
    return user


def _key() -> str:
    return str(current_app.config["SECRET_KEY"])


def secret_being_set_up(user: User) -> str:
    """The secret shown while someone sets up their app. It waits in the session (encrypted,
    so the cookie does not reveal it) until a code proves the app has it: a page that is
    only looked at changes nothing on the server."""
    stored = session.get(ENROLLING_SECRET)
    secret = rules.decrypt_secret(stored, user.id, _key()) if isinstance(stored, str) else None
    if secret is None:
        secret = rules.new_secret()
        session[ENROLLING_SECRET] = rules.encrypt_secret(secret, user.id, _key())
    return secret


def enrol(user: User, code: str) -> list[str] | None:
    """Turns the second factor on when the code matches the secret being set up; returns
    the new recovery codes, to show once."""
    stored = session.get(ENROLLING_SECRET)
    secret = rules.decrypt_secret(stored, user.id, _key()) if isinstance(stored, str) else None
    if secret is None:
        return None
    step = rules.accepted_step(secret, code, None, utcnow())
    if step is None:
        return None
    db.session.add(
        SecondFactor(
            user_id=user.id,
            secret_encrypted=rules.encrypt_secret(secret, user.id, _key()),
            last_used_step=step,
        )
    )
    session.pop(ENROLLING_SECRET, None)
    return replace_recovery_codes(user)


def replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(
        RecoveryCode.__table__.delete().where(RecoveryCode.__table__.c.user_id == user.id)
    )
    codes = rules.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=rules.hash_recovery_code(code)) for code in codes
    )
    return codes


def code_is_right(user: User, code: str) -> bool:
    """Checks a code from the app and uses it up. The update is conditional, so two
    requests racing with the same code cannot both succeed."""
    factor = second_factor_of(user)
    if factor is None:
        return False
    secret = rules.decrypt_secret(factor.secret_encrypted, user.id, _key())
    if secret is None:
        current_app.logger.error("The second factor of user %s cannot be decrypted", user.id)
        return False
    step = rules.accepted_step(secret, code, factor.last_used_step, utcnow())
    if step is None:
        return False
    used = db.session.execute(
        update(SecondFactor)
        .where(
            SecondFactor.id == factor.id,
            or_(SecondFactor.last_used_step.is_(None), SecondFactor.last_used_step < step),
        )
        .values(last_used_step=step)
    )
    return bool(used.rowcount == 1)  # type: ignore[attr-defined]


def recovery_code_is_right(user: User, code: str) -> bool:
    """Checks a recovery code and uses it up, once."""
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for candidate in unused:
        if rules.recovery_code_matches(code, candidate.code_hash):
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == candidate.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            return bool(used.rowcount == 1)  # type: ignore[attr-defined]
    return False


def turn_off(user: User) -> None:
    db.session.execute(
        RecoveryCode.__table__.delete().where(RecoveryCode.__table__.c.user_id == user.id)
    )
    db.session.execute(
        SecondFactor.__table__.delete().where(SecondFactor.__table__.c.user_id == user.id)
    )


@dataclass(frozen=True)
class SecondFactorStatus:
    on: bool
    required: bool
    recovery_codes_left: int
    last_recovery_code_used_at: datetime | None


def status_of(user: User) -> SecondFactorStatus:
    left = db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    last_used = db.session.scalar(
        select(func.max(RecoveryCode.used_at)).where(RecoveryCode.user_id == user.id)
    )
    return SecondFactorStatus(
        on=second_factor_of(user) is not None,
        required=rules.required_for(user.role),
        recovery_codes_left=int(left or 0),
        last_recovery_code_used_at=last_used,
    )
