"""A council officer finds a family, to fill in forms with them beside them or on the
phone. Every search and every opening of a child's record is on the audit trail, because
the design's rule is that every read of a child's record by staff is audited.

Officers only: admins manage accounts and the audit trail, not casework.
"""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_login import current_user

from ..audit import record
from ..extensions import db
from ..permissions import role_required
from ..ras.models import assessments_of
from .access import child_in_reach, family_contact_id
from .finding import MOST_FOUND, FoundChild, find_children, parents_of
from .forms import FindFamilyForm
from .views import bp

OFFICERS = ("officer",)


# A POST, not a GET with the terms in the address: a child's name, date of birth and a
# parent's email address must not end up in browser history, proxies or access logs.
@bp.route("/officer/find", methods=["GET", "POST"])
@role_required(*OFFICERS)
def find() -> tuple[str, int]:
    form = FindFamilyForm(today=date.today())
    found: list[FoundChild] | None = None
    more = False
    if form.validate_on_submit():
        search = form.search
        found, more = find_children(db.session, search)
        # The fields used and the children found, by id: never the terms themselves.
        record(
            "families_searched",
            actor_id=current_user.id,
            after={**search.audit_view(), "children_found": [f.child.id for f in found]},
        )
        db.session.commit()
    return render_template(
        "families/officer_find.html", form=form, found=found, more=more, most=MOST_FOUND
    ), (400 if form.errors else 200)


@bp.get("/officer/children/<int:child_id>")
@role_required(*OFFICERS)
def officer_child(child_id: int) -> str:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=False)
    assessments = assessments_of(db.session, child.id)
    record(
        "child_viewed",
        actor_id=current_user.id,
        subject_id=family_contact_id(access.family),
        record_type="child",
        record_id=child.id,
    )
    db.session.commit()
    return render_template(
        "families/officer_child.html",
        child=child,
        family=access.family,
        parents=parents_of(child),
        assessments=assessments,
        draft=next((a for a in assessments if a.status == "draft"), None),
    )
