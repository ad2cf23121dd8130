"""A young person's own space, in easy read: the record about them (read-only) and their
views, private until they share them. Every page finds the record from the signed-in
person, so no page takes an id another young person could change."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..audit import record
from ..extensions import db
from ..families.access import OwnRecord, own_record_or_404
from ..families.invitation_forms import SharingForm, ViewsForm
from ..families.models import YoungPersonViews
from ..families.rules import age_on, holds_own_record
from ..permissions import role_required
from ..plans import service as plans
from ..plans import voice
from .forms import PlanChoiceForm, PlanCommentForm

bp = Blueprint("young_people", __name__, url_prefix="/my-space")

VIEW_FIELDS = ("liked_and_admired", "important_to_me", "how_to_support_me", "my_future")


def _views_of(own: OwnRecord) -> YoungPersonViews | None:
    return db.session.scalar(
        select(YoungPersonViews).where(YoungPersonViews.child_id == own.child.id)
    )


def _page_values(own: OwnRecord) -> dict[str, object]:
    today = date.today()
    return {
        "child": own.child,
        "age": age_on(own.child.date_of_birth, today),
        "holds_own_record": holds_own_record(own.child.date_of_birth, today),
    }


@bp.get("/")
@role_required("young_person")
def home() -> str:
    own = own_record_or_404(current_user)
    return render_template(
        "young_people/home.html",
        views=_views_of(own),
        saved=request.args.get("saved"),
        **_page_values(own),
    )


@bp.get("/about-me")
@role_required("young_person")
def about_me() -> str:
    own = own_record_or_404(current_user)
    return render_template("young_people/about_me.html", **_page_values(own))


@bp.route("/my-views", methods=["GET", "POST"])
@role_required("young_person")
def my_views() -> str | Response:
    own = own_record_or_404(current_user)
    views = _views_of(own)
    form = ViewsForm(obj=views)
    if form.validate_on_submit():
        if views is None:
            views = YoungPersonViews(child_id=own.child.id)
            db.session.add(views)
        for name in VIEW_FIELDS:
            setattr(views, name, getattr(form, name).data or "")
        db.session.flush()
        # Their words stay out of the audit trail: only that they saved them.
        record(
            "young_person_views_saved",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="young_person_views",
            record_id=views.id,
        )
        db.session.commit()
        return redirect(url_for(".home", saved="views"))
    return render_template(
        "young_people/my_views.html", form=form, views=views, **_page_values(own)
    )


@bp.route("/who-can-see", methods=["GET", "POST"])
@role_required("young_person")
def who_can_see() -> str | Response:
    own = own_record_or_404(current_user)
    values = _page_values(own)
    views = _views_of(own)
    asks_about_broker = bool(values["holds_own_record"])
    # What is stored now, shown on the form; a posted form stands on its own answers.
    stored = {
        "family": "yes" if views and views.shared_with_family else "no",
        "broker": "yes" if views and views.shared_with_broker else "no",
    }
    form = SharingForm(
        asks_about_broker=asks_about_broker, data=None if request.method == "POST" else stored
    )
    if form.validate_on_submit():
        if views is None:
            views = YoungPersonViews(child_id=own.child.id)
            db.session.add(views)
            db.session.flush()
        before = views.sharing_view()
        views.shared_with_family = form.family.data == "yes"
        # Under 16 a broker sees what the family sees; the answer is kept only from 16.
        views.shared_with_broker = asks_about_broker and form.broker.data == "yes"
        record(
            "young_person_sharing_changed",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="young_person_views",
            record_id=views.id,
            before=before,
            after=views.sharing_view(),
        )
        db.session.commit()
        return redirect(url_for(".home", saved="sharing"))
    return render_template("young_people/who_can_see.html", form=form, views=views, **values)


# The support plan about them


def _plan_page(
    own: OwnRecord, comment_form: PlanCommentForm | None = None, status: int = 200
) -> tuple[str, int]:
    plan = plans.plan_for(own.child)
    # Only what the family has sent: a draft is their work in progress.
    version = plans.newest_sent(plan) if plan else None
    values: dict[str, object] = {"being_written": plan is not None and plan.current.editable}
    if version is not None:
        values |= {
            "plan": plan,
            "version": version,
            "totals": plans.totals(version),
            "costs": {line.key: plans.annual_cost(line) for line in version.lines},
            "problems": plans.line_problems(version),
            "voice": voice.voice_for(version, "young_person", date.today()),
        }
    return (
        render_template(
            "young_people/plan.html",
            views=_views_of(own),
            comment_form=comment_form or PlanCommentForm(formdata=None),
            form=comment_form if comment_form and comment_form.errors else None,
            saved=request.args.get("saved"),
            **values,
            **_page_values(own),
        ),
        status,
    )


@bp.get("/plan")
@role_required("young_person")
def plan() -> tuple[str, int]:
    """The plan about them, read-only: their own part in easy read."""
    return _plan_page(own_record_or_404(current_user))


@bp.route("/plan/my-views", methods=["GET", "POST"])
@role_required("young_person")
def plan_choice() -> str | Response:
    own = own_record_or_404(current_user)
    views = _views_of(own)
    stored = {"in_plan": "yes" if views and views.include_in_plan else "no"}
    form = PlanChoiceForm(data=None if request.method == "POST" else stored)
    if form.validate_on_submit():
        if views is None:
            views = YoungPersonViews(child_id=own.child.id)
            db.session.add(views)
            db.session.flush()
        before = views.sharing_view()
        views.include_in_plan = form.in_plan.data == "yes"
        record(
            "young_person_plan_choice_changed",
            actor_id=current_user.id,
            subject_id=current_user.id,
            record_type="young_person_views",
            record_id=views.id,
            before=before,
            after=views.sharing_view(),
        )
        db.session.commit()
        return redirect(url_for(".plan", saved="choice"))
    return render_template(
        "young_people/plan_choice.html", form=form, views=views, **_page_values(own)
    )


@bp.post("/plan/comments")
@role_required("young_person")
def plan_comment() -> str | Response | tuple[str, int]:
    own = own_record_or_404(current_user)
    plan = plans.plan_for(own.child)
    version = plans.newest_sent(plan) if plan else None
    if version is None:
        # Nothing sent to comment on yet: the plan page says so.
        return redirect(url_for(".plan"))
    form = PlanCommentForm()
    if not form.validate():
        return _plan_page(own, form)
    comment = voice.add_comment(version, current_user, form.comment.data or "")
    # Their words stay out of the audit trail: only that they wrote a comment.
    record(
        "plan_comment_added",
        actor_id=current_user.id,
        subject_id=current_user.id,
        record_type="plan_comment",
        record_id=comment.id,
    )
    db.session.commit()
    return redirect(url_for(".plan", saved="comment") + "#comments")
