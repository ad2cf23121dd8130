"""2-step verification: the second step of signing in (a code from an authenticator app,
or a recovery code), setting an app up, and turning it on and off from the account page.

Staff and brokers must use it; families may. See signing_in.py for the half-signed-in
state between the password and the code, and second_factor.py for the rules.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..audit import record
from ..extensions import db, limiter
from ..permissions import public, signed_in
from . import second_factor as rules
from .forms import RecoveryCodeForm, SecurityCodeForm, TurnOffSecondFactorForm
from .mail import send_email
from .models import User, new_session_token
from .passwords import password_matches
from .signing_in import (
    PASSED_SECOND_FACTOR,
    PENDING,
    code_is_right,
    enrol,
    pending_user,
    recovery_code_is_right,
    replace_recovery_codes,
    second_factor_of,
    secret_being_set_up,
    start_session,
    status_of,
    turn_off,
)
from .views import bp

WRONG_CODE = _l(
    "The security code is not correct. Wait for your app to show a new code, then enter it"
)
WRONG_RECOVERY_CODE = _l("The recovery code is not correct or has already been used")


def _account_key() -> str:
    """Limits are checked before the view: someone half signed in counts as their account."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    pending = session.get(PENDING)
    if isinstance(pending, dict) and isinstance(pending.get("user_id"), int):
        return f"user:{pending['user_id']}"
    return "address:" + (request.remote_addr or "")


# Every code from one account counts against one limit, wherever it is entered.
_per_account = limiter.shared_limit(
    "5 per 15 minutes", scope="second-factor", methods=["POST"], key_func=_account_key
)
_per_address = limiter.shared_limit(
    "20 per 15 minutes", scope="second-factor-address", methods=["POST"]
)


def _start_again() -> Response:
    """The half-signed-in state is gone or stale: back to the password."""
    had_started = PENDING in session
    session.pop(PENDING, None)
    return redirect(url_for(".sign_in", again="1") if had_started else url_for(".sign_in"))


def _finish_sign_in(user: User, method: str) -> None:
    record("second_factor_passed", actor_id=user.id, subject_id=user.id, after={"method": method})
    record("signed_in", actor_id=user.id, subject_id=user.id)
    db.session.commit()
    start_session(user, second_factor_passed=True)


def _failed(user: User, method: str) -> None:
    record("second_factor_failed", subject_id=user.id, after={"method": method})
    db.session.commit()


def _sign_out_elsewhere(user: User) -> None:
    """After a change to how someone signs in, other sessions end; this one carries on."""
    user.session_token = new_session_token()
    db.session.commit()
    login_user(user)
    session[PASSED_SECOND_FACTOR] = utcnow().timestamp()


def _tell(user: User, subject: object, body: object) -> None:
    send_email(user.email, subject, body, language=user.preferred_language)


def _if_not_you() -> str:
    return url_for(".reset_password_request", _external=True)


def _set_up_page(user: User, form: SecurityCodeForm, at_sign_in: bool) -> str:
    secret = secret_being_set_up(user)
    issuer = current_app.config["COUNCIL_NAME"]
    link = rules.setup_link(secret, user.email, issuer)
    return render_template(
        "accounts/second_factor_set_up.html",
        form=form,
        at_sign_in=at_sign_in,
        qr_code=rules.qr_code_svg(link, _("QR code for your authenticator app")),
        secret=rules.secret_for_reading(secret),
        required=rules.required_for(user.role),
    )


def _show_recovery_codes(codes: list[str], first_time: bool) -> str:
    return render_template("accounts/recovery_codes.html", codes=codes, first_time=first_time)


@bp.route("/sign-in/set-up-2-step-verification", methods=["GET", "POST"])
@_per_address
@_per_account
@public
def set_up_at_sign_in() -> str | Response:
    user = pending_user()
    if user is None:
        return _start_again()
    if second_factor_of(user) is not None:
        return redirect(url_for(".enter_code"))
    form = SecurityCodeForm()
    if form.validate_on_submit():
        codes = enrol(user, form.code.data)
        if codes is not None:
            record("second_factor_enrolled", actor_id=user.id, subject_id=user.id)
            _tell(user, *_enrolled_email())
            _finish_sign_in(user, "totp")
            return _show_recovery_codes(codes, first_time=True)
        _failed(user, "set_up")
        form.code.errors.append(WRONG_CODE)
    return _set_up_page(user, form, at_sign_in=True)


def _pending_user_with_an_app() -> User | Response:
    """The half-signed-in person who has an authenticator app set up; otherwise where
    they go instead (start again, or set an app up first)."""
    user = pending_user()
    if user is None:
        return _start_again()
    if second_factor_of(user) is None:
        return redirect(url_for(".set_up_at_sign_in"))
    return user


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
@_per_address
@_per_account
@public
def enter_code() -> str | Response:
    user = _pending_user_with_an_app()
    if isinstance(user, Response):
        return user
    form = SecurityCodeForm()
    if form.validate_on_submit():
        if code_is_right(user, form.code.data):
            _finish_sign_in(user, "totp")
            return redirect(url_for(".account"))
        _failed(user, "totp")
        form.code.errors.append(WRONG_CODE)
    return render_template("accounts/security_code.html", form=form)


@bp.route("/sign-in/recovery-code", methods=["GET", "POST"])
@_per_address
@_per_account
@public
def enter_recovery_code() -> str | Response:
    user = _pending_user_with_an_app()
    if isinstance(user, Response):
        return user
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        if recovery_code_is_right(user, form.code.data):
            record(
                "recovery_code_used",
                actor_id=user.id,
                subject_id=user.id,
                after={"left": status_of(user).recovery_codes_left},
            )
            _tell(
                user,
                _l("A recovery code was used to sign in to your account"),
                _l(
                    "Someone signed in to your Local Offer account with one of your recovery "
                    "codes. Each code works once; your account page says how many you have "
                    "left.\n\nIf it was not you, reset your password now at %(link)s and "
                    "contact the council.",
                    link=_if_not_you(),
                ),
            )
            _finish_sign_in(user, "recovery_code")
            return redirect(url_for(".account"))
        _failed(user, "recovery_code")
        form.code.errors.append(WRONG_RECOVERY_CODE)
    return render_template("accounts/recovery_code.html", form=form)


def _enrolled_email() -> tuple[object, object]:
    return (
        _l("2-step verification is on"),
        _l(
            "2-step verification is now on for your Local Offer account: signing in needs "
            "your password and a code from your authenticator app.\n\nIf it was not you, "
            "reset your password now at %(link)s and contact the council.",
            link=_if_not_you(),
        ),
    )


@bp.route("/account/2-step-verification/set-up", methods=["GET", "POST"])
@_per_address
@_per_account
@signed_in
def turn_on_second_factor() -> str | Response:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    if second_factor_of(user) is not None:
        return redirect(url_for(".account"))
    form = SecurityCodeForm()
    if form.validate_on_submit():
        codes = enrol(user, form.code.data)
        if codes is not None:
            record("second_factor_enrolled", actor_id=user.id, subject_id=user.id)
            _tell(user, *_enrolled_email())
            _sign_out_elsewhere(user)
            return _show_recovery_codes(codes, first_time=True)
        _failed(user, "set_up")
        form.code.errors.append(WRONG_CODE)
    return _set_up_page(user, form, at_sign_in=False)


@bp.route("/account/2-step-verification/recovery-codes", methods=["GET", "POST"])
@_per_address
@_per_account
@signed_in
def new_recovery_codes() -> str | Response:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    if second_factor_of(user) is None:
        return redirect(url_for(".account"))
    form = SecurityCodeForm()
    if form.validate_on_submit():
        if code_is_right(user, form.code.data):
            codes = replace_recovery_codes(user)
            record("recovery_codes_replaced", actor_id=user.id, subject_id=user.id)
            _tell(
                user,
                _l("You have new recovery codes"),
                _l(
                    "New recovery codes were made for your Local Offer account, and the old "
                    "ones no longer work.\n\nIf it was not you, reset your password now at "
                    "%(link)s and contact the council.",
                    link=_if_not_you(),
                ),
            )
            _sign_out_elsewhere(user)
            return _show_recovery_codes(codes, first_time=False)
        _failed(user, "totp")
        form.code.errors.append(WRONG_CODE)
    return render_template("accounts/new_recovery_codes.html", form=form)


@bp.route("/account/2-step-verification/turn-off", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_account_key)
@signed_in
def turn_off_second_factor() -> str | Response:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    if rules.required_for(user.role):
        abort(403)
    if second_factor_of(user) is None:
        return redirect(url_for(".account"))
    form = TurnOffSecondFactorForm()
    if form.validate_on_submit():
        if password_matches(user.password_hash, form.password.data):
            turn_off(user)
            record("second_factor_turned_off", actor_id=user.id, subject_id=user.id)
            _tell(
                user,
                _l("2-step verification is off"),
                _l(
                    "2-step verification is now off for your Local Offer account: signing in "
                    "needs only your password.\n\nIf it was not you, reset your password now "
                    "at %(link)s and contact the council.",
                    link=_if_not_you(),
                ),
            )
            _sign_out_elsewhere(user)
            return redirect(url_for(".account"))
        record("second_factor_turn_off_failed", actor_id=user.id, subject_id=user.id)
        db.session.commit()
        form.password.errors.append(_("Enter the correct password"))
    return render_template("accounts/turn_off_second_factor.html", form=form)


@bp.before_app_request
def staff_sessions_need_the_second_factor() -> Response | None:
    """Belt and braces: a staff or broker session that never passed the second factor
    (one from before it was required, say) ends at once."""
    if not current_user.is_authenticated or not rules.required_for(current_user.role):
        return None
    if session.get(PASSED_SECOND_FACTOR):
        return None
    record("session_ended_without_second_factor", subject_id=current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("accounts.sign_in"))


@bp.after_app_request
def keep_the_second_step_out_of_caches(response: Response) -> Response:
    """The set-up page shows the app's secret before anyone is signed in."""
    if request.endpoint in (
        "accounts.set_up_at_sign_in",
        "accounts.enter_code",
        "accounts.enter_recovery_code",
    ):
        response.headers["Cache-Control"] = "no-store"
    return response
