"""The council's side: a queue of plans sent in, and the decision on each. An officer
approves within their delegated limit; above it, or over budget, the plan goes to panel
and the officer records the panel's decision. Every opening of a plan is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from local_offer.models import is_record_id, utcnow

from ..accounts.mail import send_email
from ..audit import record
from ..extensions import db
from ..permissions import role_required
from . import bp, service, voice
from .forms import MoneyNotReleasedForm, PanelDecisionForm, ReasonsForm
from .labels import STAFF_STATUS_LABELS
from .models import PlanLine, PlanVersion
from .rules import Management, Route, may_decline_release
from .views import compare

STAFF = ("officer", "admin")
# Casework that is not a plan's decision: only officers, never an account admin.
CASEWORKERS = ("officer",)


def _version(version_id: int) -> PlanVersion:
    version = db.session.get(PlanVersion, version_id) if is_record_id(version_id) else None
    if version is None or version.status == "draft":
        abort(404)
    return version


def _audit(action: str, version: PlanVersion, **details: Any) -> None:
    record(
        action,
        actor_id=current_user.id,
        record_type="plan_version",
        record_id=version.id,
        **details,
    )


@bp.get("/decisions")
@role_required(*STAFF)
def queue() -> str:
    waiting = db.session.scalars(
        select(PlanVersion)
        .where(PlanVersion.status == "submitted")
        .order_by(PlanVersion.submitted_at)
    ).all()
    return render_template(
        "plans/queue.html",
        waiting=waiting,
        totals={v.id: service.totals(v) for v in waiting},
    )


def _decision_page(
    version: PlanVersion,
    reasons_form: ReasonsForm | None = None,
    panel_form: PanelDecisionForm | None = None,
    status: int = 200,
    money_form: tuple[int, MoneyNotReleasedForm] | None = None,
    refusal: str | None = None,
) -> tuple[str, int]:
    plan = version.plan
    previous = next((v for v in plan.versions if v.number == version.number - 1), None)
    form = reasons_form if reasons_form and reasons_form.errors else None
    form = form or (panel_form if panel_form and panel_form.errors else None)
    money_forms = {
        line.id: MoneyNotReleasedForm(formdata=None, prefix=f"line-{line.id}")
        for line in version.lines
        if current_user.role in CASEWORKERS
        and may_decline_release(Management(line.management) if line.management else None)
    }
    if money_form is not None:
        money_forms[money_form[0]] = money_form[1]
        form = form or (money_form[1] if money_form[1].errors else None)
    return (
        render_template(
            "plans/decide.html",
            plan=plan,
            version=version,
            child=plan.child,
            totals=service.totals(version),
            costs={line.key: service.annual_cost(line) for line in version.lines},
            problems=service.line_problems(version),
            route=service.officer_route(version, current_user),
            limit=current_user.approval_limit_pence,
            form=form,
            reasons_form=reasons_form or ReasonsForm(formdata=None),
            previous=previous,
            changes=compare(previous, version) if previous else None,
            panel_form=panel_form or PanelDecisionForm(formdata=None, prefix="panel"),
            voice=voice.voice_for(version, voice.viewer_for(current_user), date.today()),
            money_forms=money_forms,
            kept_before=service.kept_in_earlier_version(previous) if previous else {},
            refusal=refusal,
        ),
        status,
    )


@bp.get("/decisions/<int:version_id>")
@role_required(*STAFF)
def decide(version_id: int) -> tuple[str, int]:
    version = _version(version_id)
    _audit("plan_opened_by_staff", version)
    db.session.commit()
    return _decision_page(version)


def _tell_family(version: PlanVersion) -> None:
    # Each member reads the email in the language they chose, not the officer's.
    for member in service.family_members(version):
        with force_locale(member.preferred_language or "en"):
            subject, body = _decision_email(version)
        send_email(member.email, subject, body)


def _decision_email(version: PlanVersion) -> tuple[str, str]:
    name = version.plan.child.first_name
    link = url_for("plans.overview", plan_id=version.plan.id, _external=True)
    if version.status == "approved":
        subject = _("%(name)s’s support plan is approved", name=name)
        body = _(
            "The council has approved %(name)s’s support plan.\n\nSee it here: %(link)s",
            name=name,
            link=link,
        )
    else:
        subject = _("%(name)s’s support plan needs changes", name=name)
        body = _(
            "The council has returned %(name)s’s support plan to you.\n\nWhy:\n%(reasons)s\n\n"
            "You can change the plan and send it again: %(link)s\n\nIf you disagree with the "
            "decision, you can ask for it to be reconsidered: reply to this email or call the "
            "council within 28 days, saying why.",
            name=name,
            reasons=version.decision_reasons,
            link=link,
        )
    kept = [line for line in version.lines if line.money_not_released]
    if kept:
        body += "\n\n" + _(
            "The council will not release the money for these lines, because it is part of "
            "a larger contract the council already pays for (a block contract):"
        )
        for line in kept:
            body += "\n- " + _(
                "%(line)s: %(reason)s", line=line.description, reason=line.not_released_reason
            )
        body += "\n" + _(
            "If you disagree, you can ask for this to be reconsidered: reply to this email or "
            "call the council within 28 days, saying why."
        )
    return subject, body


def _no_longer_waiting(version: PlanVersion) -> tuple[str, int]:
    """A decision on a plan that is not waiting for one (another officer decided it first,
    or an old page was sent again): nothing changes, and the page says what it is now."""
    return _decision_page(
        version,
        refusal=_(
            "Nothing was changed. This plan is no longer waiting for a decision: it is now "
            "%(status)s. Another officer may have decided it first; their decision stands. "
            "Read it below, or go back to the queue.",
            status=STAFF_STATUS_LABELS[version.status],
        ),
        status=409,
    )


def _decided(
    version: PlanVersion, approve: bool, reasons: str, action: str
) -> Response | tuple[str, int]:
    try:
        before = service.audit_view(version)
        statuses = {v.id: v.status for v in version.plan.versions}
        replaced = service.decide(version, current_user, approve, reasons, utcnow())
        db.session.flush()
        _audit(action, version, before=before, after=service.audit_view(version))
        for old in replaced:
            _audit(
                "plan_superseded",
                old,
                before={"status": statuses[old.id]},
                after={"status": old.status, "replaced_by_version": version.number},
            )
        _tell_family(version)
        db.session.commit()
    except (StaleDataError, service.NotAllowed):
        # Another officer decided at the same moment; theirs stands.
        db.session.rollback()
        return _no_longer_waiting(version)
    return redirect(url_for(".decide", version_id=version.id))


@bp.post("/decisions/<int:version_id>/approve")
@role_required(*STAFF)
def approve(version_id: int) -> Response | tuple[str, int]:
    version = _version(version_id)
    if version.status != "submitted":
        return _no_longer_waiting(version)
    if version.decision_route == Route.PANEL.value:
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. This plan is with the panel, so it is approved only by "
                "the panel’s decision. Record the panel’s decision below."
            ),
            status=409,
        )
    if service.officer_route(version, current_user) is not Route.OFFICER:
        # Over this officer's delegated limit, or over budget: only a panel may approve.
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. You cannot approve this plan on your own: it is over "
                "budget or above your delegated limit, so a panel must decide. Send it to "
                "panel below."
            ),
            status=403,
        )
    reasons = ReasonsForm()
    reasons.validate()
    return _decided(version, True, reasons.reasons.data or "", "plan_approved")


@bp.post("/decisions/<int:version_id>/return")
@role_required(*STAFF)
def send_back(version_id: int) -> Response | tuple[str, int]:
    version = _version(version_id)
    if version.status != "submitted":
        return _no_longer_waiting(version)
    form = ReasonsForm()
    if not form.validate():
        return _decision_page(version, reasons_form=form, status=400)
    return _decided(version, False, form.reasons.data or "", "plan_returned")


@bp.post("/decisions/<int:version_id>/panel")
@role_required(*STAFF)
def to_panel(version_id: int) -> Response | tuple[str, int]:
    version = _version(version_id)
    if version.status != "submitted":
        return _no_longer_waiting(version)
    if version.decision_route != Route.PANEL.value:
        service.send_to_panel(version, current_user)
        _audit("plan_sent_to_panel", version)
        db.session.commit()
    return redirect(url_for(".decide", version_id=version.id))


@bp.post("/decisions/<int:version_id>/panel-decision")
@role_required(*STAFF)
def panel_decision(version_id: int) -> Response | tuple[str, int]:
    version = _version(version_id)
    if version.status != "submitted":
        return _no_longer_waiting(version)
    if version.decision_route != Route.PANEL.value:
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. This plan has not been sent to panel, so there is no "
                "panel decision to record. Approve or return it below, or send it to panel "
                "first."
            ),
            status=409,
        )
    form = PanelDecisionForm(prefix="panel")
    if not form.validate():
        return _decision_page(version, panel_form=form, status=400)
    return _decided(
        version,
        form.decision.data == "approve",
        form.reasons.data or "",
        "plan_panel_approved" if form.decision.data == "approve" else "plan_panel_returned",
    )


@bp.post("/decisions/<int:version_id>/active")
@role_required(*STAFF)
def mark_active(version_id: int) -> Response | tuple[str, int]:
    """The support has started: the approved plan is now the one in force."""
    version = _version(version_id)
    if version.status != "approved":
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. Only an approved plan can be marked as started, and "
                "this one is: %(status)s.",
                status=STAFF_STATUS_LABELS[version.status],
            ),
            status=409,
        )
    try:
        before = service.audit_view(version)
        service.mark_active(version, current_user)
        db.session.flush()
        _audit("plan_active", version, before=before, after=service.audit_view(version))
        db.session.commit()
    except (StaleDataError, service.NotAllowed):
        # A second press of the button, or another officer at the same moment: theirs
        # stands.
        db.session.rollback()
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. Someone changed this plan at the same moment (it may "
                "have been a second press of the button): it is now %(status)s.",
                status=STAFF_STATUS_LABELS[version.status],
            ),
            status=409,
        )
    return redirect(url_for(".decide", version_id=version.id))


# Money kept in a block contract


def _line_of(version: PlanVersion, line_id: int) -> PlanLine:
    line = db.session.get(PlanLine, line_id) if is_record_id(line_id) else None
    if line is None or line.version_id != version.id:
        abort(404)
    return line


def _money_refusal(version: PlanVersion, line: PlanLine) -> tuple[str, int] | None:
    """Why this line's money cannot be marked (or unmarked) now, as a page; None if it can."""
    if version.status != "submitted":
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. Whether the council releases the money for a line is "
                "decided while the plan waits for a decision, and this plan is now: "
                "%(status)s. To change it, the family starts a review.",
                status=STAFF_STATUS_LABELS[version.status],
            ),
            status=409,
        )
    if not may_decline_release(Management(line.management) if line.management else None):
        return _decision_page(
            version,
            refusal=_(
                "Nothing was changed. %(line)s is not paid out to anyone (it is a notional "
                "budget, or no way of managing it is chosen), so there is no money to keep "
                "in a block contract. Return the plan if it needs to change.",
                line=line.description,
            ),
            status=409,
        )
    return None


def _changed_meanwhile(version: PlanVersion, line: PlanLine) -> tuple[str, int]:
    """Someone changed the plan between this officer's reading and saving (another officer
    approved or returned it, or marked a line): nothing is saved, and the page says what
    the plan is now."""
    db.session.rollback()
    refused = _money_refusal(version, line)
    if refused:
        return refused
    return _decision_page(
        version,
        refusal=_(
            "Nothing was changed. Another officer changed this plan while you were deciding. "
            "Read it again below, then decide about %(line)s.",
            line=line.description,
        ),
        status=409,
    )


@bp.post("/decisions/<int:version_id>/lines/<int:line_id>/not-released")
@role_required(*CASEWORKERS)
def money_not_released(version_id: int, line_id: int) -> Response | tuple[str, int]:
    """The council keeps this line's money in a block contract it cannot separate; the
    family reads why next to the line, and how to ask for a reconsideration."""
    version = _version(version_id)
    line = _line_of(version, line_id)
    refused = _money_refusal(version, line)
    if refused:
        return refused
    form = MoneyNotReleasedForm(prefix=f"line-{line.id}")
    if not form.validate():
        return _decision_page(version, money_form=(line.id, form), status=400)
    before = service.money_release_view(line)
    try:
        service.decline_release(line, form.reason.data or "")
        db.session.flush()
        _audit(
            "plan_money_not_released",
            version,
            before=before,
            after=service.money_release_view(line),
        )
        db.session.commit()
    except StaleDataError:
        return _changed_meanwhile(version, line)
    return redirect(url_for(".decide", version_id=version.id) + f"#money-{line.key}")


@bp.post("/decisions/<int:version_id>/lines/<int:line_id>/released")
@role_required(*CASEWORKERS)
def money_released(version_id: int, line_id: int) -> Response | tuple[str, int]:
    version = _version(version_id)
    line = _line_of(version, line_id)
    refused = _money_refusal(version, line)
    if refused:
        return refused
    if line.money_not_released:
        before = service.money_release_view(line)
        try:
            service.release(line)
            db.session.flush()
            _audit(
                "plan_money_released",
                version,
                before=before,
                after=service.money_release_view(line),
            )
            db.session.commit()
        except StaleDataError:
            return _changed_meanwhile(version, line)
    return redirect(url_for(".decide", version_id=version.id) + f"#money-{line.key}")


@bp.cli.command("mark-reviews-due")
def mark_reviews_due_command() -> None:
    """Mark approved and active plans whose review date has come as due for review, and
    supersede any earlier version left in force beside a newer approved one."""
    import click

    replaced = service.supersede_left_in_force()
    for version in replaced:
        record("plan_superseded", record_type="plan_version", record_id=version.id)
    due = service.mark_reviews_due(date.today())
    for version in due:
        record("plan_review_due", record_type="plan_version", record_id=version.id)
    db.session.commit()
    if replaced:
        click.echo(f"{len(replaced)} version(s) replaced by a newer approved one marked superseded")
    click.echo(f"{len(due)} plan(s) marked as due for review")
