"""Register, confirm an email address, sign in and out, reset a forgotten password, change
the email address, and keep a session alive when its time is nearly up."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

from flask import (
    Blueprint,
    current_app,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from local_offer import languages
from local_offer.models import utcnow

from ..audit import record
from ..extensions import db, limiter
from ..permissions import public, signed_in
from .forms import ChangeEmailForm, NewPasswordForm, RegisterForm, ResetRequestForm, SignInForm
from .mail import send_email
from .models import User, new_session_token
from .passwords import hash_password, needs_rehash, password_matches
from .sessions import IDLE_LIMIT, WARNING_BEFORE, absolute_time_left, session_has_expired
from .signing_in import (
    begin_second_factor,
    needs_second_factor,
    second_factor_of,
    start_session,
    status_of,
)
from .tokens import (
    CONFIRM_EMAIL,
    RESET_PASSWORD,
    make_change_email_token,
    make_token,
    read_change_email_token,
    read_token,
    reset_fingerprint,
)

bp = Blueprint("accounts", __name__)

# The address just confirmed, so the sign-in page that follows fills it in.
SIGN_IN_EMAIL = "sign_in_email"

# Checked against when no account matches, so a wrong address takes as long as a wrong
# password and timing does not reveal who is registered.
_UNKNOWN_USER_HASH = hash_password("no account has this password")


def _email_key() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()[:254]


def _user_key() -> str:
    # Limits are checked before the view's own sign-in check, so anyone may reach here.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + (request.remote_addr or "")


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _send_confirmation(user: User) -> None:
    link = url_for(
        "accounts.confirm_email",
        token=make_token(CONFIRM_EMAIL, user.id, user.email),
        _external=True,
    )
    send_email(
        user.email,
        _l("Confirm your email address"),
        _l(
            "Confirm your email address for the Local Offer by opening this link:\n\n%(link)s\n\n"
            "The link works for 7 days. If you did not create an account, ignore this email.",
            link=link,
        ),
        language=user.preferred_language,
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
                # Registration only ever makes parents: staff and brokers are invited.
                role="parent",
                # The language they registered in, until they choose another.
                preferred_language=languages.current().code,
            )
            db.session.add(user)
            db.session.flush()
            record("registered", actor_id=user.id, subject_id=user.id)
            _send_confirmation(user)
        else:
            # Say the same as for a new address, and tell the owner by email instead.
            send_email(
                existing.email,
                _l("Someone tried to register with your email address"),
                _l(
                    "Someone tried to create an account with this email address, which "
                    "already has one. If it was you, sign in or reset your password at "
                    "%(link)s. If it was not, you do not need to do anything.",
                    link=url_for(".reset_password_request", _external=True),
                ),
                language=existing.preferred_language,
            )
        db.session.commit()
        session["registered_email"] = form.email.data
        return redirect(url_for(".check_email"))
    return render_template("accounts/register.html", form=form)


@bp.get("/register/check-your-email")
@public
def check_email() -> str:
    return render_template(
        "accounts/check_email.html",
        email=session.get("registered_email"),
        instructions=_(
            "Open the link in the email to confirm your email address. The link works for 7 days."
        ),
        next_href=url_for(".sign_in"),
        next_text=_("Sign in"),
    )


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
    # Signing in is the next step of the same journey: the address is not asked for again
    # (WCAG 3.3.7). Kept in the session, not the link, so it stays out of addresses.
    session[SIGN_IN_EMAIL] = user.email
    return render_template("accounts/email_confirmed.html")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_email_key)
@public
def sign_in() -> str | Response:
    form = SignInForm()
    if request.method == "GET" and not form.email.data:
        form.email.data = session.pop(SIGN_IN_EMAIL, None)
    if form.validate_on_submit():
        user = _find_user(form.email.data)
        if user is None:
            password_matches(_UNKNOWN_USER_HASH, form.password.data)
            record("sign_in_failed")
            db.session.commit()
        elif not user.can_sign_in:
            password_matches(_UNKNOWN_USER_HASH, form.password.data)
            record("sign_in_refused", subject_id=user.id)
            db.session.commit()
        elif password_matches(user.password_hash, form.password.data):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            if needs_second_factor(user):
                record("password_accepted", actor_id=user.id, subject_id=user.id)
                db.session.commit()
                begin_second_factor(user)
                enrolled = second_factor_of(user) is not None
                response = redirect(url_for(".enter_code" if enrolled else ".set_up_at_sign_in"))
            else:
                record("signed_in", actor_id=user.id, subject_id=user.id)
                db.session.commit()
                start_session(user, second_factor_passed=False)
                response = redirect(url_for(".account"))
            # Pages from here on are in the language kept on the account.
            chosen = languages.find(user.preferred_language)
            if chosen:
                languages.remember(response, chosen)
            return response
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
    return render_template(
        "accounts/account.html", user=current_user, second_factor=status_of(current_user)
    )


@bp.route("/account/email", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_user_key)
@signed_in
def change_email() -> str | Response:
    form = ChangeEmailForm(current_email=current_user.email)
    if form.validate_on_submit():
        if password_matches(current_user.password_hash, form.password.data):
            _request_email_change(current_user, form.email.data)
            db.session.commit()
            session["email_change_to"] = form.email.data
            return redirect(url_for(".change_email_sent"))
        record("email_change_failed", actor_id=current_user.id, subject_id=current_user.id)
        db.session.commit()
        form.password.errors.append(_("Enter the correct password"))
    return render_template("accounts/change_email.html", form=form)


def _request_email_change(user: User, new_email: str) -> None:
    """Sends the link to the new address, and a warning to the old one. An address that
    already has an account gets a notice with no link instead, and the requester is told
    the same either way (in the same time: two emails each way), so this page cannot be
    used to find out who has an account."""
    record(
        "email_change_requested",
        actor_id=user.id,
        subject_id=user.id,
        after={"email": new_email},
    )
    existing = _find_user(new_email)
    if existing is None:
        token = make_change_email_token(user.id, new_email, user.email)
        send_email(
            new_email,
            _l("Confirm your new email address"),
            _l(
                "Someone asked to use this email address for their Local Offer account. "
                "If it was you, confirm it by opening this link:\n\n%(link)s\n\n"
                "The link works for 24 hours. If it was not you, ignore this email: "
                "nothing will change.",
                link=url_for(".confirm_email_change", token=token, _external=True),
            ),
            # The new address is the requester's own, so it gets their language.
            language=user.preferred_language,
        )
    else:
        send_email(
            existing.email,
            _l("Someone tried to use your email address"),
            _l(
                "Someone tried to change the email address of a Local Offer account to "
                "this one, which already has an account. Nothing has changed and you do "
                "not need to do anything."
            ),
            language=existing.preferred_language,
        )
    send_email(
        user.email,
        _l("Someone asked to change the email address on your account"),
        _l(
            "Someone asked to change the email address of your Local Offer account. "
            "If it was you, open the link we sent to your new address to finish; until "
            "then, we keep using this one.\n\n"
            "If it was not you, someone else may know your password. Reset your password "
            "now at %(link)s",
            link=url_for(".reset_password_request", _external=True),
        ),
        language=user.preferred_language,
    )


@bp.get("/account/email/check-your-email")
@signed_in
def change_email_sent() -> str:
    return render_template(
        "accounts/check_email.html",
        email=session.get("email_change_to"),
        instructions=_(
            "Open the link in the email to change your email address. The link works for "
            "24 hours. Until then, we keep using your current email address."
        ),
        next_href=url_for(".account"),
        next_text=_("Go to your account"),
    )


@bp.get("/account/email/confirm/<token>")
@public
def confirm_email_change(token: str) -> str | tuple[str, int]:
    # Public: the link may be opened on a device where nobody is signed in.
    change = read_change_email_token(token)
    user = db.session.get(User, change.user_id) if change else None
    if (
        change is None
        or user is None
        or not change.still_applies_to(user.email)
        or _find_user(change.new_email) is not None
    ):
        return render_template("accounts/link_expired.html"), 404
    before = user.email
    user.email = change.new_email
    # Following the link proves the new address.
    user.email_confirmed_at = utcnow()
    record(
        "email_changed",
        actor_id=user.id,
        subject_id=user.id,
        before={"email": before},
        after={"email": change.new_email},
    )
    try:
        db.session.commit()
    except IntegrityError:
        # Someone registered the address between the check and now.
        db.session.rollback()
        return render_template("accounts/link_expired.html"), 404
    return render_template("accounts/email_changed.html", email=change.new_email)


@bp.post("/account/stay-signed-in")
@signed_in
def stay_signed_in() -> Response:
    # The timeout warning's "Stay signed in": any signed-in request restarts the idle clock.
    session["last_seen"] = utcnow().timestamp()
    no_content = Response(status=204)
    del no_content.headers["Content-Type"]  # there is no content to have a type
    return no_content


@bp.app_context_processor
def session_timeout_values() -> dict[str, object]:
    """What the layout's timeout warning needs, for signed-in people only (the directory's
    layout cannot ask the portal itself)."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"session_timeout": None}
    idle = int(IDLE_LIMIT.total_seconds())
    try:
        signed_in_at = datetime.fromtimestamp(float(session["signed_in_at"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        signed_in_at = utcnow()
    return {
        "session_timeout": {
            "idle_seconds": idle,
            "warning_seconds": int(
                current_app.config.get(
                    "SESSION_WARNING_SECONDS", idle - WARNING_BEFORE.total_seconds()
                )
            ),
            "absolute_seconds": int(absolute_time_left(signed_in_at, utcnow()).total_seconds()),
            "stay_url": url_for("accounts.stay_signed_in"),
            "sign_out_url": url_for("accounts.sign_out"),
            # Opening a page after the limit ends the session on the server, which then
            # shows the page that explains why.
            "timed_out_url": url_for("accounts.account"),
        }
    }


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
@public
def reset_password_request() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = _find_user(form.email.data)
        if user is not None and user.can_sign_in:
            record("password_reset_requested", subject_id=user.id)
            token = make_token(
                RESET_PASSWORD, user.id, reset_fingerprint(user.password_hash, user.email)
            )
            send_email(
                user.email,
                _l("Reset your password"),
                _l(
                    "Reset your password for the Local Offer by opening this link:\n\n"
                    "%(link)s\n\nThe link works once, for 1 hour. If you did not ask to "
                    "reset your password, ignore this email: your password has not changed.",
                    link=url_for(".reset_password", token=token, _external=True),
                ),
                language=user.preferred_language,
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
    if user is None or not hmac.compare_digest(
        reset_fingerprint(user.password_hash, user.email),
        found[1],  # type: ignore[index]
    ):
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
    # Read the session, not current_user: this runs on error pages too, and must not need
    # the database when the database is what failed.
    if "_user_id" in session:
        response.headers["Cache-Control"] = "no-store"
    return response


def load_user(identifier: str) -> User | None:
    """Flask-Login's loader: the cookie names the user and their current session token."""
    user_id, _separator, token = identifier.partition(":")
    if not user_id.isdecimal() or not token:
        return None
    user = db.session.get(User, int(user_id)) if len(user_id) < 10 else None
    if user is None or user.session_token != token or not user.can_sign_in:
        return None
    return user


@languages.language_chosen.connect
def keep_the_language_on_the_account(_app: object, language: str, **_extra: object) -> None:
    """The switcher is a link, so this runs on a GET: a link from another site (which the
    browser marks so) changes the page's language but not what the account keeps."""
    if not current_user.is_authenticated:
        return
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return
    if current_user.preferred_language != language:
        current_user.preferred_language = language
        db.session.commit()
