"""Register, confirm an email address, sign in and out, reset a forgotten password."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..audit import record
from ..extensions import db, limiter
from ..permissions import public, signed_in
from .forms import NewPasswordForm, RegisterForm, ResetRequestForm, SignInForm
from .mail import send_email
from .models import User, new_session_token
from .passwords import hash_password, needs_rehash, password_matches
from .sessions import session_has_expired
from .tokens import CONFIRM_EMAIL, RESET_PASSWORD, make_token, read_token

bp = Blueprint("accounts", __name__)

# Checked against when no account matches, so a wrong address takes as long as a wrong
# password and timing does not reveal who is registered.
_UNKNOWN_USER_HASH = hash_password("no account has this password")


def _email_key() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()[:254]


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _send_confirmation(user: User) -> None:
    link = url_for(
        ".confirm_email", token=make_token(CONFIRM_EMAIL, user.id, user.email), _external=True
    )
    send_email(
        user.email,
        _("Confirm your email address"),
        _(
            "Confirm your email address for the Local Offer by opening this link:\n\n%(link)s\n\n"
            "The link works for 7 days. If you did not create an account, ignore this email.",
            link=link,
        ),
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def register() -> str | Response:
    form = RegisterForm()
    if form.validate_on_submit():
        existing = _find_user(form.email.data)
        if existing is None:
            user = User(
                email=form.email.data,
                password_hash=hash_password(form.password.data),
                preferred_language=request.cookies.get("language"),
            )
            db.session.add(user)
            db.session.flush()
            record("registered", actor_id=user.id, subject_id=user.id)
            _send_confirmation(user)
        else:
            # Say the same as for a new address, and tell the owner by email instead.
            send_email(
                existing.email,
                _("Someone tried to register with your email address"),
                _(
                    "Someone tried to create an account with this email address, which "
                    "already has one. If it was you, sign in or reset your password at "
                    "%(link)s. If it was not, you do not need to do anything.",
                    link=url_for(".reset_password_request", _external=True),
                ),
            )
        db.session.commit()
        session["registered_email"] = form.email.data
        return redirect(url_for(".check_email"))
    return render_template("accounts/register.html", form=form)


@bp.get("/register/check-your-email")
@public
def check_email() -> str:
    return render_template("accounts/check_email.html", email=session.get("registered_email"))


@bp.get("/confirm-email/<token>")
@public
def confirm_email(token: str) -> str:
    found = read_token(CONFIRM_EMAIL, token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or user.email != found[1]:  # type: ignore[index]
        return render_template("accounts/link_expired.html"), 404  # type: ignore[return-value]
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record("email_confirmed", actor_id=user.id, subject_id=user.id)
        db.session.commit()
    return render_template("accounts/email_confirmed.html")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_email_key)
@public
def sign_in() -> str | Response:
    form = SignInForm()
    if form.validate_on_submit():
        user = _find_user(form.email.data)
        if user is None:
            password_matches(_UNKNOWN_USER_HASH, form.password.data)
            record("sign_in_failed")
            db.session.commit()
        elif password_matches(user.password_hash, form.password.data):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            record("signed_in", actor_id=user.id, subject_id=user.id)
            db.session.commit()
            # A fresh session at sign-in, so nothing set before it (by anyone) carries over.
            session.clear()
            login_user(user)
            session["signed_in_at"] = session["last_seen"] = utcnow().timestamp()
            return redirect(url_for(".account"))
        else:
            record("sign_in_failed", subject_id=user.id)
            db.session.commit()
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/sign-out")
@signed_in
def sign_out() -> Response:
    current_user.session_token = new_session_token()
    record("signed_out", actor_id=current_user.id, subject_id=current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
@public
def signed_out() -> str:
    return render_template("accounts/signed_out.html")


@bp.get("/account")
@signed_in
def account() -> str:
    return render_template("accounts/account.html", user=current_user)


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
@public
def reset_password_request() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = _find_user(form.email.data)
        if user is not None:
            record("password_reset_requested", subject_id=user.id)
            token = make_token(RESET_PASSWORD, user.id, user.password_hash[-16:])
            send_email(
                user.email,
                _("Reset your password"),
                _(
                    "Reset your password for the Local Offer by opening this link:\n\n"
                    "%(link)s\n\nThe link works once, for 1 hour. If you did not ask to "
                    "reset your password, ignore this email: your password has not changed.",
                    link=url_for(".reset_password", token=token, _external=True),
                ),
            )
            db.session.commit()
        session["reset_email"] = form.email.data
        return redirect(url_for(".reset_password_sent"))
    return render_template("accounts/reset_request.html", form=form)


@bp.get("/reset-password/sent")
@public
def reset_password_sent() -> str:
    return render_template("accounts/reset_sent.html", email=session.get("reset_email"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> str | Response:
    found = read_token(RESET_PASSWORD, token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or user.password_hash[-16:] != found[1]:  # type: ignore[index]
        return render_template("accounts/link_expired.html"), 404  # type: ignore[return-value]
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        user.password_hash = hash_password(form.password.data)
        # A reset signs the account out everywhere, in case someone else was in it.
        user.session_token = new_session_token()
        # Following the emailed link proves the address too.
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        record("password_reset", actor_id=user.id, subject_id=user.id)
        db.session.commit()
        return redirect(url_for(".reset_password_done"))
    return render_template("accounts/reset_password.html", form=form)


@bp.get("/reset-password/done")
@public
def reset_password_done() -> str:
    return render_template("accounts/reset_done.html")


@bp.get("/signed-out/inactive")
@public
def timed_out() -> str:
    return render_template("accounts/timed_out.html")


@bp.before_app_request
def end_expired_sessions() -> Response | None:
    if not current_user.is_authenticated:
        return None
    now = utcnow()
    try:
        signed_in_at = datetime.fromtimestamp(float(session["signed_in_at"]), UTC)
        last_seen = datetime.fromtimestamp(float(session["last_seen"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        signed_in_at = last_seen = datetime.fromtimestamp(0, UTC)
    if session_has_expired(signed_in_at, last_seen, now):
        record("session_timed_out", actor_id=current_user.id, subject_id=current_user.id)
        db.session.commit()
        logout_user()
        session.clear()
        return redirect(url_for("accounts.timed_out"))
    session["last_seen"] = now.timestamp()
    return None


@bp.after_app_request
def keep_signed_in_pages_out_of_caches(response: Response) -> Response:
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def load_user(identifier: str) -> User | None:
    """Flask-Login's loader: the cookie names the user and their current session token."""
    user_id, _separator, token = identifier.partition(":")
    if not user_id.isdecimal() or not token:
        return None
    user = db.session.get(User, int(user_id)) if len(user_id) < 10 else None
    if user is None or user.session_token != token:
        return None
    return user
