"""A family invites a second parent or carer and its young people; a broker starts a
family's record at a drop-in and hands the parent a way to claim it; parents and brokers
see a young person's views only when the young person shares them."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..extensions import db
from ..permissions import role_required
from .access import (
    ACTING_FOR,
    FamilyAccess,
    brokers_handover,
    child_in_reach,
    family_of,
    familys_invitation,
    open_invitation,
)
from .invitation_forms import DropInForm, InviteParentForm, InviteYoungPersonForm
from .invitation_rules import show_claim_code
from .joining import give_claim_code, give_link, make_invitation, send_invitation
from .models import Child, Consent, Family, FamilyMember, Invitation, YoungPersonViews
from .rules import can_have_own_account, holds_own_record, views_visible_to
from .views import _audit, _copy_form, bp

# The code is shown once, on the page the broker sees straight after making it.
JUST_MADE_CODE = "claim_code_just_made"


def _people(family: Family) -> list[FamilyMember]:
    return list(db.session.scalars(select(FamilyMember).where(FamilyMember.family_id == family.id)))


def _pending(family: Family) -> list[Invitation]:
    now = utcnow()
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.family_id == family.id)
        .order_by(Invitation.created_at.desc())
    ).all()
    return [invitation for invitation in invitations if open_invitation(invitation, now)]


@bp.get("/people")
@role_required("parent")
def people() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for(".overview"))
    return render_template(
        "families/people.html", members=_people(family), invitations=_pending(family)
    )


@bp.route("/people/invite", methods=["GET", "POST"])
@role_required("parent")
def invite_parent() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for(".overview"))
    form = InviteParentForm()
    if form.validate_on_submit():
        invitation = make_invitation(
            family, "parent", form.name.data, form.email.data, current_user, utcnow()
        )
        token = give_link(invitation)
        db.session.flush()
        send_invitation(invitation, token, current_user.email)
        _audit(
            "invitation_sent",
            None,
            record_type="invitation",
            record_id=invitation.id,
            after=invitation.audit_view(),
        )
        db.session.commit()
        return redirect(url_for(".people"))
    return render_template("families/invite_parent.html", form=form)


def _children_who_may_be_invited(family: Family, today: date) -> list[Child]:
    with_accounts = set(
        db.session.scalars(
            select(FamilyMember.child_id).where(
                FamilyMember.family_id == family.id, FamilyMember.child_id.is_not(None)
            )
        )
    )
    return [
        child
        for child in family.children
        if not child.archived
        and child.id not in with_accounts
        and can_have_own_account(child.date_of_birth, today)
    ]


@bp.route("/people/invite-young-person", methods=["GET", "POST"])
@role_required("parent")
def invite_young_person() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for(".overview"))
    children = _children_who_may_be_invited(family, date.today())
    form = InviteYoungPersonForm()
    form.child.choices = [
        (str(child.id), f"{child.first_name} {child.last_name}") for child in children
    ]
    if children and form.validate_on_submit():
        child = next(child for child in children if str(child.id) == form.child.data)
        invitation = make_invitation(
            family,
            "young_person",
            child.first_name,
            form.email.data,
            current_user,
            utcnow(),
            child=child,
        )
        token = give_link(invitation)
        db.session.flush()
        send_invitation(invitation, token, current_user.email)
        _audit(
            "invitation_sent",
            None,
            record_type="invitation",
            record_id=invitation.id,
            after=invitation.audit_view(),
        )
        db.session.commit()
        return redirect(url_for(".people"))
    return render_template("families/invite_young_person.html", form=form, children=children)


@bp.post("/people/invitations/<int:invitation_id>/cancel")
@role_required("parent")
def cancel_invitation(invitation_id: int) -> Response:
    invitation, _family = familys_invitation(current_user, invitation_id)
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        before = invitation.audit_view()
        invitation.cancelled_at = utcnow()
        invitation.cancelled_by_id = current_user.id
        _audit(
            "invitation_cancelled",
            None,
            record_type="invitation",
            record_id=invitation.id,
            before=before,
            after=invitation.audit_view(),
        )
        db.session.commit()
    return redirect(url_for(".people"))


# A young person's views, as their family and broker may see them


@bp.get("/children/<int:child_id>/views")
@role_required("parent", "broker")
def child_views(child_id: int) -> str:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=False)
    has_account = db.session.scalar(
        select(FamilyMember.id).where(FamilyMember.child_id == child.id)
    )
    if not has_account:
        abort(404)
    views = db.session.scalar(select(YoungPersonViews).where(YoungPersonViews.child_id == child.id))
    visible = views is not None and views_visible_to(
        "broker" if access.consent else "family",
        child.date_of_birth,
        date.today(),
        views.shared_with_family,
        views.shared_with_broker,
    )
    if access.consent:
        _audit(
            "young_person_views_viewed" if visible else "young_person_views_refused",
            access,
            record_type="child",
            record_id=child.id,
        )
        db.session.commit()
    return render_template(
        "families/child_views.html",
        child=child,
        views=views if visible else None,
        holds_own_record=holds_own_record(child.date_of_birth, date.today()),
        as_broker=access.consent is not None,
    )


# A broker at a drop-in


@bp.route("/broker/new", methods=["GET", "POST"])
@role_required("broker")
def drop_in() -> str | Response:
    today = date.today()
    form = DropInForm(today=today)
    if not form.is_submitted():
        form.agreed_on_day.data = str(today.day)
        form.agreed_on_month.data = str(today.month)
        form.agreed_on_year.data = str(today.year)
    if form.validate_on_submit():
        assert form.expires_on is not None and form.agreed_on is not None
        now = utcnow()
        family = Family(started_by_id=current_user.id)
        child = Child(family=family)
        _copy_form(form, child)
        consent = Consent(
            family=family,
            broker_id=current_user.id,
            access=form.access.data,
            expires_on=form.expires_on,
            granted_by_id=None,
            agreed_in_person_by=form.parent_name.data,
            agreed_in_person_on=form.agreed_on,
        )
        invitation = make_invitation(
            family,
            "parent",
            form.parent_name.data,
            form.parent_email.data or None,
            current_user,
            now,
        )
        db.session.add_all([family, child, consent])
        code = give_claim_code(invitation, now) if "code" in form.handover.data else None
        token = give_link(invitation) if "email" in form.handover.data else None
        db.session.flush()
        access = FamilyAccess(family, can_edit=form.access.data == "edit", consent=consent)
        _audit("family_started_at_drop_in", access, record_type="family", record_id=family.id)
        _audit(
            "child_added", access, record_type="child", record_id=child.id, after=child.audit_view()
        )
        _audit(
            "consent_recorded_in_person",
            access,
            record_type="consent",
            record_id=consent.id,
            after=consent.audit_view(),
        )
        _audit(
            "invitation_made",
            access,
            record_type="invitation",
            record_id=invitation.id,
            after=invitation.audit_view(),
        )
        if token:
            send_invitation(invitation, token, current_user.email)
        db.session.commit()
        session[ACTING_FOR] = family.id
        if code:
            session[JUST_MADE_CODE] = {"invitation": invitation.id, "code": code}
        return redirect(url_for(".handover", invitation_id=invitation.id))
    return render_template("families/drop_in.html", form=form)


@bp.get("/broker/handover/<int:invitation_id>")
@role_required("broker")
def handover(invitation_id: int) -> str:
    invitation, consent = brokers_handover(current_user, invitation_id, date.today())
    just_made = session.pop(JUST_MADE_CODE, None)
    code = None
    if isinstance(just_made, dict) and just_made.get("invitation") == invitation.id:
        code = show_claim_code(str(just_made.get("code", "")))
    return render_template(
        "families/handover.html",
        invitation=invitation,
        consent=consent,
        code=code,
        is_open=open_invitation(invitation, utcnow()) is not None,
        claim_url=url_for("joining.claim", _external=True),
    )


@bp.post("/broker/handover/<int:invitation_id>/new-code")
@role_required("broker")
def new_claim_code(invitation_id: int) -> Response:
    invitation, consent = brokers_handover(current_user, invitation_id, date.today())
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        before = invitation.audit_view()
        code = give_claim_code(invitation, utcnow())
        access = FamilyAccess(invitation.family, consent.access == "edit", consent)
        _audit(
            "claim_code_made",
            access,
            record_type="invitation",
            record_id=invitation.id,
            before=before,
            after=invitation.audit_view(),
        )
        db.session.commit()
        session[JUST_MADE_CODE] = {"invitation": invitation.id, "code": code}
    return redirect(url_for(".handover", invitation_id=invitation.id))
