"""Admins search the audit trail and manage staff and broker accounts. Every page here is
for admins only, and every look at the trail and change to an account is on the trail."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..accounts.forms import NewPasswordForm
from ..accounts.mail import send_email
from ..accounts.models import ROLES, User, new_session_token
from ..accounts.passwords import hash_password
from ..accounts.tokens import STAFF_INVITATION, make_token, read_token
from ..audit import record
from ..audit.search import (
    CSV_COLUMNS,
    LARGEST_ID,
    PAGE_SIZE,
    changes,
    csv_row,
    matching_events,
    one_page,
    page_count,
    page_number,
    people_in,
    person_label,
)
from ..audit.wording import describe_action, field_name, role_name
from ..extensions import db
from ..permissions import public, role_required
from .forms import ApprovalLimitForm, AuditSearchForm, NewStaffForm

bp = Blueprint("admin", __name__)

FAMILY_ROLES = ("parent", "young_person")


@bp.get("/admin/")
@role_required("admin")
def index() -> str:
    return render_template("admin/index.html")


# The audit trail


@bp.get("/admin/audit")
@role_required("admin")
def audit() -> str:
    form = AuditSearchForm(request.args)
    searched = bool(request.args)
    if searched:
        form.validate()
    filters = form.filters()
    page = page_number(request.args.get("page"))
    events, total = one_page(db.session, matching_events(db.session, filters), page)
    record(
        "audit_trail_searched", actor_id=current_user.id, after={**filters.as_dict(), "page": page}
    )
    db.session.commit()
    return render_template(
        "admin/audit.html",
        form=form,
        events=events,
        people=people_in(db.session, events),
        total=total,
        page=page,
        pages=page_count(total, PAGE_SIZE),
        changes=changes,
        describe_action=describe_action,
        field_name=field_name,
        role_name=role_name,
        person_label=person_label,
    )


@bp.get("/admin/audit.csv")
@role_required("admin")
def audit_csv() -> Response:
    form = AuditSearchForm(request.args)
    form.validate()
    filters = form.filters()
    events = db.session.scalars(matching_events(db.session, filters)).all()
    people = people_in(db.session, events)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(csv_row(event, people))
    record("audit_trail_downloaded", actor_id=current_user.id, after=filters.as_dict())
    db.session.commit()
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response


# Accounts


def _record_account(
    action: str, account: User, before: dict[str, Any] | None = None, changed: bool = False
) -> None:
    """An admin's look at or change to an account, with the account as it is now when it
    changed."""
    record(
        action,
        actor_id=current_user.id,
        subject_id=account.id,
        record_type="user",
        record_id=account.id,
        before=before,
        after=_account_view(account) if changed else None,
    )


def _account_view(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "approval_limit_pence": user.approval_limit_pence,
        "deactivated": user.deactivated_at is not None,
    }


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id) if 0 < user_id <= LARGEST_ID else None
    if user is None:
        abort(404)
    return user


@bp.get("/admin/users")
@role_required("admin")
def users() -> str:
    role = request.args.get("role", "")
    if role not in ROLES:
        role = ""
    page = page_number(request.args.get("page"))
    query = select(User).order_by(User.role, func.lower(User.email))
    # Families' accounts are listed only when asked for, and that look is recorded.
    shown = User.role == role if role else User.role.not_in(FAMILY_ROLES)
    query = query.where(shown)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    accounts = db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    if role in FAMILY_ROLES:
        record("user_list_viewed", actor_id=current_user.id, after={"role": role, "page": page})
        db.session.commit()
    return render_template(
        "admin/users.html",
        accounts=accounts,
        role=role,
        roles=ROLES,
        page=page,
        pages=page_count(total, PAGE_SIZE),
        total=total,
        role_name=role_name,
        person_label=person_label,
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user() -> str | Response:
    form = NewStaffForm()
    if form.validate_on_submit():
        existing = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.lower())
        )
        if existing is not None:
            form.email.errors.append(_("There is already an account with that email address"))
        else:
            user = User(
                email=form.email.data,
                full_name=form.full_name.data,
                role=form.role.data,
                approval_limit_pence=form.approval_limit_pence,
                # Nobody knows this password: the person sets their own from the invitation.
                password_hash=hash_password(secrets.token_urlsafe(32)),
                # The admin vouches for a staff address, and the invitation goes to it.
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            _record_account("account_created", user, changed=True)
            _invite(user)
            db.session.commit()
            flash(
                _(
                    "Account created. We have emailed %(email)s a link to set a password.",
                    email=user.email,
                )
            )
            return redirect(url_for(".user", user_id=user.id))
    return render_template("admin/new_user.html", form=form)


def _invite(user: User) -> None:
    token = make_token(STAFF_INVITATION, user.id, user.password_hash[-16:])
    send_email(
        user.email,
        _("Set your password for the Local Offer"),
        _(
            "An administrator has made you an account on the Local Offer and personal budgets "
            "service. Set your password by opening this link:\n\n%(link)s\n\n"
            "The link works once, for 3 days. If you were not expecting this, tell the "
            "council's service desk.",
            link=url_for("admin.set_password", token=token, _external=True),
        ),
    )
    _record_account("invitation_sent", user)


@bp.get("/admin/users/<int:user_id>")
@role_required("admin")
def user(user_id: int) -> str:
    account = _account(user_id)
    if account.role in FAMILY_ROLES:
        _record_account("account_viewed", account)
        db.session.commit()
    return _user_page(account, ApprovalLimitForm(data=_limit_data(account)))


def _limit_data(account: User) -> dict[str, str]:
    """The limit as the form shows it, in pounds: "25000" or "25000.50"."""
    pence = account.approval_limit_pence
    if pence is None:
        return {"approval_limit": ""}
    pounds, pennies = divmod(pence, 100)
    return {"approval_limit": f"{pounds}.{pennies:02d}" if pennies else str(pounds)}


def _user_page(account: User, form: ApprovalLimitForm) -> str:
    return render_template(
        "admin/user.html",
        account=account,
        form=form,
        role_name=role_name,
        person_label=person_label,
    )


@bp.post("/admin/users/<int:user_id>/approval-limit")
@role_required("admin")
def approval_limit(user_id: int) -> str | Response:
    account = _account(user_id)
    if account.role != "officer":
        abort(404)
    form = ApprovalLimitForm()
    if not form.validate_on_submit():
        return _user_page(account, form)
    before = _account_view(account)
    account.approval_limit_pence = form.approval_limit_pence
    _record_account("approval_limit_changed", account, before=before, changed=True)
    db.session.commit()
    flash(_("Approval limit changed."))
    return redirect(url_for(".user", user_id=account.id))


@bp.post("/admin/users/<int:user_id>/deactivate")
@role_required("admin")
def deactivate(user_id: int) -> Response:
    account = _account(user_id)
    # An admin cannot lock themselves out; another admin can switch them off.
    if account.id == current_user.id:
        abort(403)
    if account.deactivated_at is None and account.anonymised_at is None:
        before = _account_view(account)
        account.deactivated_at = utcnow()
        # Ends every session they have, wherever they are signed in.
        account.session_token = new_session_token()
        _record_account("account_deactivated", account, before=before, changed=True)
        db.session.commit()
        flash(_("Account switched off. They have been signed out and cannot sign in."))
    return redirect(url_for(".user", user_id=account.id))


@bp.post("/admin/users/<int:user_id>/reactivate")
@role_required("admin")
def reactivate(user_id: int) -> Response:
    account = _account(user_id)
    # A closed account stays closed: that was the family's own request.
    if account.closed_at is not None:
        abort(403)
    if account.deactivated_at is not None:
        before = _account_view(account)
        account.deactivated_at = None
        _record_account("account_reactivated", account, before=before, changed=True)
        db.session.commit()
        flash(_("Account switched back on. They can sign in again."))
    return redirect(url_for(".user", user_id=account.id))


@bp.post("/admin/users/<int:user_id>/invite")
@role_required("admin")
def invite_again(user_id: int) -> Response:
    account = _account(user_id)
    if account.role not in ("officer", "admin", "broker") or not account.can_sign_in:
        abort(404)
    _invite(account)
    db.session.commit()
    flash(_("We have emailed %(email)s a new link to set a password.", email=account.email))
    return redirect(url_for(".user", user_id=account.id))


# The invited person's side


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str) -> str | Response:
    found = read_token(STAFF_INVITATION, token)
    account = db.session.get(User, found[0]) if found and 0 < found[0] <= LARGEST_ID else None
    if (
        found is None
        or account is None
        or account.password_hash[-16:] != found[1]
        or not account.can_sign_in
    ):
        return render_template("accounts/link_expired.html"), 404  # type: ignore[return-value]
    form = NewPasswordForm(email=account.email)
    if form.validate_on_submit():
        account.password_hash = hash_password(form.password.data)
        account.session_token = new_session_token()
        record("invitation_accepted", actor_id=account.id, subject_id=account.id)
        db.session.commit()
        return redirect(url_for(".password_set"))
    return render_template("admin/set_password.html", form=form)


@bp.get("/set-password/done")
@public
def password_set() -> str:
    return render_template("admin/password_set.html")
