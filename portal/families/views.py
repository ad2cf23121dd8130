"""A parent sets up their family, keeps their children's records and shares them with a
broker; a broker with live consent acts for the family, every step on the record."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from local_offer.models import utcnow

from ..accounts.models import User
from ..audit import record
from ..extensions import db
from ..permissions import role_required
from .access import (
    ACTING_FOR,
    FamilyAccess,
    child_in_reach,
    current_access,
    family_of,
    live_consent,
    live_consents_for_broker,
)
from .export import family_record
from .forms import NO_BROKER_MESSAGE, ChildForm, ConsentForm
from .models import Child, Consent, Family, FamilyMember, Invitation

bp = Blueprint("families", __name__, url_prefix="/family")


def _audit(action: str, access: FamilyAccess | None, **details: object) -> None:
    record(
        action,
        actor_id=current_user.id,
        on_behalf_of_id=access.on_behalf_of_id if access else None,
        subject_id=access.on_behalf_of_id if access and access.consent else current_user.id,
        **details,  # type: ignore[arg-type]
    )


@bp.app_context_processor
def acting_for_banner() -> dict[str, object]:
    if not getattr(current_user, "is_authenticated", False) or current_user.role != "broker":
        return {}
    access = current_access(current_user, date.today())
    return {"acting_for": access}


@bp.get("/")
@role_required("parent", "broker")
def overview() -> str | Response:
    access = current_access(current_user, date.today())
    if access is None and current_user.role == "broker":
        return redirect(url_for(".broker_families"))
    if access and access.consent:
        _audit("family_viewed", access, record_type="family", record_id=access.family.id)
        db.session.commit()
    return render_template(
        "families/overview.html",
        access=access,
        young_people=_children_with_own_accounts(access.family) if access else set(),
        handover=_brokers_handover(access) if access and access.consent else None,
    )


def _children_with_own_accounts(family: Family) -> set[int]:
    return {member.child_id for member in family.members if member.child_id is not None}


def _brokers_handover(access: FamilyAccess) -> Invitation | None:
    """While a family a broker started is not claimed yet, the broker's way back to the
    page they hand the parent."""
    if not access.family.waiting_to_be_claimed or access.family.started_by_id != current_user.id:
        return None
    return db.session.scalar(
        select(Invitation)
        .where(
            Invitation.family_id == access.family.id, Invitation.invited_by_id == current_user.id
        )
        .order_by(Invitation.id.desc())
    )


@bp.post("/")
@role_required("parent")
def create() -> Response:
    if family_of(current_user) is None:
        family = Family()
        db.session.add(family)
        db.session.add(FamilyMember(family=family, user_id=current_user.id))
        db.session.flush()
        _audit("family_created", None, record_type="family", record_id=family.id)
        db.session.commit()
    return redirect(url_for(".overview"))


@bp.route("/children/new", methods=["GET", "POST"])
@role_required("parent", "broker")
def add_child() -> str | Response:
    access = current_access(current_user, date.today())
    if access is None:
        return redirect(url_for(".overview"))
    if not access.can_edit:
        abort(403)
    form = ChildForm(today=date.today())
    if form.validate_on_submit():
        child = Child(family=access.family)
        _copy_form(form, child)
        db.session.add(child)
        db.session.flush()
        _audit(
            "child_added", access, record_type="child", record_id=child.id, after=child.audit_view()
        )
        db.session.commit()
        return redirect(url_for(".overview"))
    return render_template("families/child_form.html", form=form, child=None)


@bp.route("/children/<int:child_id>", methods=["GET", "POST"])
@role_required("parent", "broker")
def edit_child(child_id: int) -> str | Response:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=False)
    form = ChildForm(today=date.today(), data=_form_data(child))
    if form.validate_on_submit():
        if not access.can_edit:
            abort(403)
        before = child.audit_view()
        _copy_form(form, child)
        _audit(
            "child_changed",
            access,
            record_type="child",
            record_id=child.id,
            before=before,
            after=child.audit_view(),
        )
        db.session.commit()
        return redirect(url_for(".overview"))
    if access.consent:
        _audit("child_viewed", access, record_type="child", record_id=child.id)
        db.session.commit()
    return render_template(
        "families/child_form.html", form=form, child=child, read_only=not access.can_edit
    )


# Sharing with a broker


@bp.route("/sharing", methods=["GET", "POST"])
@role_required("parent")
def sharing() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for(".overview"))
    form = ConsentForm(today=date.today())
    if form.validate_on_submit():
        broker = db.session.scalar(
            select(User).where(User.email == form.broker_email.data, User.role == "broker")
        )
        if broker is None:
            form.broker_email.errors.append(str(NO_BROKER_MESSAGE))
        else:
            consent = Consent(
                family=family,
                broker_id=broker.id,
                access=form.access.data,
                expires_on=form.expires_on,
                granted_by_id=current_user.id,
            )
            db.session.add(consent)
            db.session.flush()
            _audit(
                "consent_granted",
                None,
                record_type="consent",
                record_id=consent.id,
                after=consent.audit_view(),
            )
            db.session.commit()
            return redirect(url_for(".sharing"))
    consents = db.session.scalars(
        select(Consent).where(Consent.family_id == family.id).order_by(Consent.granted_at.desc())
    ).all()
    return render_template(
        "families/sharing.html", form=form, consents=consents, today=date.today()
    )


@bp.post("/sharing/<int:consent_id>/revoke")
@role_required("parent")
def revoke(consent_id: int) -> Response:
    family = family_of(current_user)
    consent = db.session.get(Consent, consent_id) if 0 < consent_id < 2**31 else None
    if consent is None or family is None or consent.family_id != family.id:
        abort(404)
    if consent.revoked_at is None:
        before = consent.audit_view()
        consent.revoked_at = utcnow()
        consent.revoked_by_id = current_user.id
        _audit(
            "consent_revoked",
            None,
            record_type="consent",
            record_id=consent.id,
            before=before,
            after=consent.audit_view(),
        )
        db.session.commit()
    return redirect(url_for(".sharing"))


@bp.get("/your-data")
@role_required("parent")
def your_data() -> str:
    """The same record as the download, as a page a person can read and print."""
    family = family_of(current_user)
    if family is None:
        abort(404)
    data = family_record(db.session, family)
    _audit("data_viewed", None, record_type="family", record_id=family.id)
    db.session.commit()
    children = {child["id"]: child for child in data["children"]}
    return render_template("families/your_data.html", data=data, children=children)


@bp.get("/your-data.json")
@role_required("parent")
def download() -> Response:
    family = family_of(current_user)
    if family is None:
        abort(404)
    data = family_record(db.session, family)
    _audit("data_downloaded", None, record_type="family", record_id=family.id)
    db.session.commit()
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="your-family-record.json"'
    return response


# A broker's side


@bp.get("/broker")
@role_required("broker")
def broker_families() -> str:
    consents = live_consents_for_broker(current_user, date.today())
    return render_template("families/broker_families.html", consents=consents)


@bp.post("/broker/act-for/<int:family_id>")
@role_required("broker")
def act_for(family_id: int) -> Response:
    consent = live_consent(current_user, family_id, date.today())
    if consent is None:
        abort(404)
    session[ACTING_FOR] = family_id
    _audit(
        "acting_for_started",
        FamilyAccess(consent.family, consent.access == "edit", consent),
        record_type="family",
        record_id=family_id,
    )
    db.session.commit()
    return redirect(url_for(".overview"))


@bp.post("/broker/stop")
@role_required("broker")
def stop_acting() -> Response:
    session.pop(ACTING_FOR, None)
    return redirect(url_for(".broker_families"))


def _copy_form(form: ChildForm, child: Child) -> None:
    assert form.date_of_birth is not None  # set by the form's own check
    child.first_name = form.first_name.data
    child.last_name = form.last_name.data
    child.date_of_birth = form.date_of_birth
    child.needs = form.needs.data or ""
    child.ehc_plan = form.ehc_plan.data
    child.current_package_pence = form.current_package_pence


def _form_data(child: Child) -> dict[str, object]:
    package = child.current_package_pence
    return {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "dob_day": str(child.date_of_birth.day),
        "dob_month": str(child.date_of_birth.month),
        "dob_year": str(child.date_of_birth.year),
        "needs": child.needs,
        "ehc_plan": child.ehc_plan,
        "current_package": f"{package // 100}.{package % 100:02d}" if package is not None else "",
    }
