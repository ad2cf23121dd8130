"""A parent sets up their family and keeps their children's records."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..audit import record
from ..extensions import db
from ..permissions import role_required
from .access import child_of_own_family, family_of
from .forms import ChildForm
from .models import Child, Family, FamilyMember

bp = Blueprint("families", __name__, url_prefix="/family")

FAMILY_ROLES = ("parent",)


@bp.get("/")
@role_required(*FAMILY_ROLES)
def overview() -> str:
    return render_template("families/overview.html", family=family_of(current_user))


@bp.post("/")
@role_required(*FAMILY_ROLES)
def create() -> Response:
    if family_of(current_user) is None:
        family = Family()
        db.session.add(family)
        db.session.add(FamilyMember(family=family, user_id=current_user.id))
        db.session.flush()
        record(
            "family_created",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="family",
            record_id=family.id,
        )
        db.session.commit()
    return redirect(url_for(".overview"))


@bp.route("/children/new", methods=["GET", "POST"])
@role_required(*FAMILY_ROLES)
def add_child() -> str | Response:
    family = family_of(current_user)
    if family is None:
        return redirect(url_for(".overview"))
    form = ChildForm(today=date.today())
    if form.validate_on_submit():
        child = Child(family=family)
        _copy_form(form, child)
        db.session.add(child)
        db.session.flush()
        record(
            "child_added",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="child",
            record_id=child.id,
            after=child.audit_view(),
        )
        db.session.commit()
        return redirect(url_for(".overview"))
    return render_template("families/child_form.html", form=form, child=None)


@bp.route("/children/<int:child_id>", methods=["GET", "POST"])
@role_required(*FAMILY_ROLES)
def edit_child(child_id: int) -> str | Response:
    child = child_of_own_family(current_user, child_id)
    form = ChildForm(today=date.today(), data=_form_data(child))
    if form.validate_on_submit():
        before = child.audit_view()
        _copy_form(form, child)
        record(
            "child_changed",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="child",
            record_id=child.id,
            before=before,
            after=child.audit_view(),
        )
        db.session.commit()
        return redirect(url_for(".overview"))
    return render_template("families/child_form.html", form=form, child=child)


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
