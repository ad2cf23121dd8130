"""Accepting an invitation to join a family, by its emailed link or by the claim code a
broker printed at a drop-in. Both are public pages: the invitee may not have an account."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..accounts.mail import send_email
from ..accounts.models import User
from ..accounts.passwords import hash_password
from ..accounts.views import _send_confirmation
from ..audit import record
from ..extensions import db, limiter
from ..families.access import family_of
from ..families.invitation_forms import (
    WRONG_CLAIM_CODE_MESSAGE,
    ClaimCodeForm,
    ClaimWithNewAccountForm,
    JoinWithNewAccountForm,
)
from ..families.joining import accept, find_by_claim_code, find_by_link, why_cannot_join
from ..families.models import Invitation
from ..permissions import public

bp = Blueprint("joining", __name__)

JOINED = "joined_family_as"


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _home_for(role: str) -> str:
    return url_for("young_people.home") if role == "young_person" else url_for("families.overview")


def _claim_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + (request.remote_addr or "")


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@public
def invitation(token: str) -> str | Response | tuple[str, int]:
    found = find_by_link(token, utcnow())
    if found is None:
        return render_template("joining/invitation_expired.html"), 404
    easy_read = found.kind == "young_person"
    if current_user.is_authenticated:
        problem = why_cannot_join(current_user, found)
        form = FlaskForm()
        if problem is None and form.validate_on_submit():
            if accept(found, current_user, utcnow()):
                return redirect(_home_for(current_user.role))
            problem = "already_used"
        return render_template(
            "joining/invitation.html",
            invitation=found,
            problem=problem,
            join_form=form,
            easy_read=easy_read,
        )
    assert found.email is not None  # only emailed invitations have a link
    if _find_user(found.email) is not None:
        return render_template(
            "joining/invitation.html", invitation=found, has_account=True, easy_read=easy_read
        )
    form = JoinWithNewAccountForm(email=found.email)
    if form.validate_on_submit():
        try:
            user = _new_account(found, form.password.data)
        except IntegrityError:
            # The address got an account between the check above and now.
            db.session.rollback()
            return render_template(
                "joining/invitation.html", invitation=found, has_account=True, easy_read=easy_read
            )
        if accept(found, user, utcnow()):
            session[JOINED] = found.kind
            return redirect(url_for(".joined"))
        return render_template("joining/invitation_expired.html"), 404
    return render_template(
        "joining/invitation.html", invitation=found, form=form, easy_read=easy_read
    )


def _new_account(invitation: Invitation, password: str) -> User:
    assert invitation.email is not None
    user = User(
        email=invitation.email,
        password_hash=hash_password(password),
        role="young_person" if invitation.kind == "young_person" else "parent",
        preferred_language=request.cookies.get("language"),
        # The invitation came to this address, so opening its link proves it.
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    record("registered", actor_id=user.id, subject_id=user.id)
    return user


@bp.get("/invitations/joined")
@public
def joined() -> str:
    return render_template("joining/joined.html", easy_read=session.get(JOINED) == "young_person")


@bp.route("/claim", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], key_func=_claim_key)
@public
def claim() -> str | Response:
    signed_in = current_user.is_authenticated
    problem = why_cannot_claim(current_user) if signed_in else None
    form: ClaimCodeForm = ClaimCodeForm() if signed_in else ClaimWithNewAccountForm()
    if problem is None and form.validate_on_submit():
        assert form.code is not None
        found = find_by_claim_code(form.code, utcnow())
        if found is None or found.kind != "parent" or not found.family.waiting_to_be_claimed:
            record("claim_code_refused", actor_id=current_user.id if signed_in else None)
            db.session.commit()
            form.claim_code.errors.append(str(WRONG_CLAIM_CODE_MESSAGE))
        elif signed_in:
            if accept(found, current_user, utcnow()):
                return redirect(url_for("families.overview"))
            form.claim_code.errors.append(str(WRONG_CLAIM_CODE_MESSAGE))
        else:
            assert isinstance(form, ClaimWithNewAccountForm)
            return _claim_with_new_account(form, found)
    return render_template("joining/claim.html", form=form, problem=problem)


def why_cannot_claim(user: User) -> str | None:
    if user.role != "parent":
        return "wrong_kind_of_account"
    if family_of(user) is not None:
        return "already_in_a_family"
    return None


def _claim_with_new_account(form: ClaimWithNewAccountForm, found: Invitation) -> Response:
    """Like registering: the same 'check your email' page whether or not the address
    already has an account, so the form cannot be used to find out who is registered."""
    email = form.email.data
    existing = _find_user(email)
    if existing is None:
        user = User(
            email=email,
            password_hash=hash_password(form.password.data),
            preferred_language=request.cookies.get("language"),
        )
        db.session.add(user)
        db.session.flush()
        record("registered", actor_id=user.id, subject_id=user.id)
        _send_confirmation(user)
        if not accept(found, user, utcnow()):
            # Claimed by someone else a moment ago; the account was not kept either.
            form.claim_code.errors.append(str(WRONG_CLAIM_CODE_MESSAGE))
            return render_template("joining/claim.html", form=form, problem=None)  # type: ignore[return-value]
    else:
        send_email(
            existing.email,
            _("Someone tried to register with your email address"),
            _(
                "Someone tried to create an account with this email address, which already "
                "has one, to claim a family’s account. If it was you, sign in and then enter "
                "your claim code at %(link)s. If it was not, you do not need to do anything.",
                link=url_for(".claim", _external=True),
            ),
        )
        db.session.commit()
    session["registered_email"] = email
    return redirect(url_for("accounts.check_email"))
