"""A family sees who outside it has looked at their records, and closes its account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..accounts.mail import send_email
from ..accounts.models import User
from ..accounts.passwords import password_matches
from ..audit import AuditEvent, record
from ..audit.search import (
    looked_at_by_others,
    one_page,
    page_count,
    page_number,
    people_in,
    person_label,
)
from ..audit.wording import describe_action, role_name
from ..extensions import db, limiter
from ..families.access import family_of
from ..families.models import Child, Consent, Family
from ..permissions import public, role_required
from .closure import close_account
from .forms import CloseAccountForm

bp = Blueprint("privacy", __name__)


@dataclass(frozen=True)
class Look:
    when: datetime
    who: str
    role: str
    for_whom: str
    what: str
    which_record: str


@bp.get("/family/who-has-looked")
@role_required("parent")
def who_has_looked() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for("families.overview"))
    member_ids = [member.user_id for member in family.members]
    children = {child.id: child for child in family.children}
    consent_ids = list(db.session.scalars(select(Consent.id).where(Consent.family_id == family.id)))
    query = looked_at_by_others(member_ids, list(children), family.id, consent_ids)
    page = page_number(request.args.get("page"))
    events, total = one_page(db.session, query, page)
    people = people_in(db.session, events)
    looks = [_look(event, people, family, children) for event in events]
    return render_template(
        "privacy/who_has_looked.html",
        looks=looks,
        total=total,
        page=page,
        pages=page_count(total),
    )


def _look(
    event: AuditEvent, people: dict[int, User], family: Family, children: dict[int, Child]
) -> Look:
    actor = people.get(event.actor_id) if event.actor_id is not None else None
    if event.on_behalf_of_id == current_user.id:
        for_whom = _("You")
    elif event.on_behalf_of_id is not None:
        for_whom = person_label(people.get(event.on_behalf_of_id))
    elif actor is not None and actor.role in ("officer", "admin"):
        for_whom = _("The council")
    else:
        for_whom = _("Nobody else")
    return Look(
        when=event.occurred_at,
        who=person_label(actor),
        role=role_name(actor.role if actor else None),
        for_whom=for_whom,
        what=describe_action(event.action),
        which_record=_which_record(event, people, family, children),
    )


def _which_record(
    event: AuditEvent, people: dict[int, User], family: Family, children: dict[int, Child]
) -> str:
    if event.record_type == "child" and event.record_id in children:
        child = children[event.record_id]
        if child.anonymised_at is not None:
            return _("A child’s record")
        return _("%(name)s’s record", name=f"{child.first_name} {child.last_name}")
    if event.record_type == "family":
        return _("Your family")
    if event.record_type == "consent":
        return _("Your sharing with a broker")
    if event.subject_id == current_user.id:
        return _("Your account")
    if event.subject_id is not None:
        return _("The account of %(person)s", person=person_label(people.get(event.subject_id)))
    return _("Your family’s records")


# Closing an account


def _user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + (request.remote_addr or "")


@bp.route("/account/close", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_user_key)
@role_required("parent", "young_person")
def close() -> str | Response:
    form = CloseAccountForm()
    if form.validate_on_submit():
        if password_matches(current_user.password_hash, form.password.data):
            closed = close_account(db.session, current_user, utcnow())
            retention_days = current_app.config["CLOSED_ACCOUNT_RETENTION_DAYS"]
            for person in closed:
                send_email(
                    person.email,
                    _("Your account is closed"),
                    _(
                        "Your Local Offer account has been closed, as %(email)s asked. "
                        "Nobody can sign in to it any more. We remove your personal details "
                        "after %(days)s days. If you did not ask for this, contact the council "
                        "straight away.",
                        email=current_user.email,
                        days=retention_days,
                    ),
                )
            db.session.commit()
            logout_user()
            session.clear()
            return redirect(url_for(".closed"))
        record("account_close_failed", actor_id=current_user.id, subject_id=current_user.id)
        db.session.commit()
        form.password.errors.append(_("Enter the correct password"))
    family = family_of(current_user)
    return render_template(
        "privacy/close.html",
        form=form,
        family=family,
        retention_days=current_app.config["CLOSED_ACCOUNT_RETENTION_DAYS"],
    )


@bp.get("/account/closed")
@public
def closed() -> str:
    return render_template(
        "privacy/closed.html", retention_days=current_app.config["CLOSED_ACCOUNT_RETENTION_DAYS"]
    )
