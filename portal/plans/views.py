"""The family's side of a support plan: a task list of steps, each a form that saves at
once, then check and send. Parents, and brokers acting for the family (brokers with view
consent read only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from local_offer.models import CostOption, Service, is_record_id, utcnow
from local_offer.search import SearchCriteria, search_services

from ..audit import record
from ..extensions import db
from ..families.access import FamilyAccess, child_in_reach, current_access
from ..permissions import role_required
from . import bp, rules, service, voice
from .forms import (
    AboutForm,
    LineForm,
    LockedForm,
    ManagementForm,
    OutcomeForm,
    RemoveForm,
    SafetyForm,
    StreamManagementForm,
    SubmitForm,
    TermsForm,
)
from .labels import (
    AREA_LABELS,
    CONFIRMATION_LABELS,
    FREQUENCY_LABELS,
    MANAGEMENT_EXPLANATIONS,
    MANAGEMENT_LABELS,
    PROBLEM_MESSAGES,
    SITUATION_LABELS,
    STAFF_STATUS_LABELS,
    STATUS_LABELS,
    STREAM_LABELS,
)
from .models import Outcome, PlanLine, PlanVersion, SupportPlan

FAMILY = ("parent", "broker")


@bp.app_context_processor
def plan_labels() -> dict[str, Any]:
    return {
        "area_labels": AREA_LABELS,
        "frequency_labels": FREQUENCY_LABELS,
        "stream_labels": STREAM_LABELS,
        "management_labels": MANAGEMENT_LABELS,
        "management_explanations": MANAGEMENT_EXPLANATIONS,
        "status_labels": STATUS_LABELS,
        "staff_status_labels": STAFF_STATUS_LABELS,
        "problem_messages": PROBLEM_MESSAGES,
        "situation_labels": SITUATION_LABELS,
        "confirmation_labels": CONFIRMATION_LABELS,
    }


def _audit(action: str, access: FamilyAccess | None, **details: Any) -> None:
    record(
        action,
        actor_id=current_user.id,
        on_behalf_of_id=access.on_behalf_of_id if access else None,
        subject_id=access.on_behalf_of_id if access and access.consent else current_user.id,
        **details,
    )


def _plan_in_reach(plan_id: int, to_change: bool = False) -> tuple[SupportPlan, FamilyAccess]:
    """The plan and the access that reaches it; 404 for a plan out of reach, 403 for a
    broker with view consent trying to change it."""
    plan = db.session.get(SupportPlan, plan_id) if is_record_id(plan_id) else None
    if plan is None:
        abort(404)
    _child, access = child_in_reach(current_user, plan.child_id, date.today(), to_change)
    return plan, access


def _why_not_editable(plan: SupportPlan, access: FamilyAccess) -> str:
    """What stops this person changing the plan now, and what they can do instead."""
    if not access.can_edit:
        return _(
            "You can read this plan but not change it: the family has given you view-only "
            "access. Ask them to give you edit access if you need to change it."
        )
    version = plan.current
    if version.status == "submitted":
        return _(
            "The plan was sent to the council, so it cannot be changed while they decide. "
            "They will email you with their decision. If something important has changed, "
            "contact the council."
        )
    return _(
        "The council has decided this plan (%(status)s), so it cannot be changed. To change "
        "it, start a review from the plan’s page.",
        status=STATUS_LABELS[version.status],
    )


def _refused(plan: SupportPlan, title: str, message: str, status: int = 409) -> Response:
    """A change that could not be made, said in words, with the way back to the plan."""
    return make_response(
        render_template("plans/refused.html", plan=plan, title=title, message=message), status
    )


def _editable(plan_id: int) -> tuple[SupportPlan, PlanVersion, FamilyAccess] | Response:
    plan, access = _plan_in_reach(plan_id)
    if not access.can_edit or not plan.current.editable:
        why = _why_not_editable(plan, access)
        if request.method == "POST":
            return _refused(
                plan, _("Your change was not saved"), why, 409 if access.can_edit else 403
            )
        # Opening a page to change the plan (an old link, the back button): the plan's
        # own page says why it cannot be changed.
        flash(why)
        return redirect(url_for(".overview", plan_id=plan.id))
    return plan, plan.current, access


def _audit_read(plan: SupportPlan, access: FamilyAccess) -> None:
    if access.consent:
        _audit("plan_viewed", access, record_type="support_plan", record_id=plan.id)
        db.session.commit()


def _context(plan: SupportPlan, version: PlanVersion | None = None) -> dict[str, Any]:
    version = version or plan.current
    return {
        "plan": plan,
        "version": version,
        "child": plan.child,
        "totals": service.totals(version),
        "costs": {line.key: service.annual_cost(line) for line in version.lines},
        "problems": service.line_problems(version),
        "voice": voice.voice_for(version, voice.viewer_for(current_user), date.today()),
    }


def _shown(field: Any) -> str:
    """A field's value in words, for the page that shows two people's answers side by side."""
    data = field.data
    choices = {str(k): v for k, v in (getattr(field, "choices", None) or [])}
    if isinstance(data, bool):
        return _("Yes") if data else _("No")
    if isinstance(data, list):
        return ", ".join(str(choices.get(str(d), d)) for d in data) or "—"
    if data in (None, ""):
        return "—"
    return str(choices.get(str(data), data))


def _fields(form: FlaskForm) -> list[Any]:
    return [f for f in form if f.name not in ("csrf_token", "lock_version")]


def _conflict(plan: SupportPlan, theirs: FlaskForm, saved: FlaskForm, back: str) -> tuple[str, int]:
    """Someone else saved first: show both, keep theirs ready to save again on purpose."""
    saved_fields = {f.name: f for f in _fields(saved)}
    rows = [
        {
            "label": field.label.text,
            "yours": _shown(field),
            "saved": _shown(saved_fields[field.name]) if field.name in saved_fields else "—",
        }
        for field in _fields(theirs)
    ]
    hidden = [
        (name, value)
        for name in request.form
        if name not in ("csrf_token", "lock_version")
        for value in request.form.getlist(name)
    ]
    return (
        render_template(
            "plans/conflict.html",
            plan=plan,
            child=plan.child,
            rows=rows,
            hidden=hidden,
            lock_version=plan.current.lock_version,
            back=back,
        ),
        409,
    )


def _locked_save(
    plan: SupportPlan,
    access: FamilyAccess,
    form: LockedForm,
    apply: Callable[[], None],
    saved: Callable[[], FlaskForm],
    action: str,
    next_url: str,
    check_lock: bool = True,
) -> Response | tuple[str, int]:
    version = plan.current
    try:
        if check_lock:
            service.check_lock(version, form.lock_version.data)
        before = service.audit_view(version)
        apply()
        service.touch(version)
        db.session.flush()
        _audit(
            action,
            access,
            record_type="plan_version",
            record_id=version.id,
            before=before,
            after=service.audit_view(version),
        )
        db.session.commit()
    except (service.StaleVersion, StaleDataError):
        db.session.rollback()
        return _conflict(plan, form, saved(), request.path)
    if request.form.get("then") == "later":
        return redirect(url_for(".overview", plan_id=plan.id))
    return redirect(next_url)


# Starting


@bp.get("/")
@role_required(*FAMILY)
def index() -> str | Response:
    access = current_access(current_user, date.today())
    if access is None:
        return redirect(url_for("families.overview"))
    children = [c for c in access.family.children if not c.archived]
    plans = {c.id: service.plan_for(c) for c in children}
    return render_template("plans/index.html", access=access, children=children, plans=plans)


@bp.post("/child/<int:child_id>/start")
@role_required(*FAMILY)
def start(child_id: int) -> Response:
    child, access = child_in_reach(current_user, child_id, date.today(), to_change=True)
    plan = service.plan_for(child)
    if plan is None:
        try:
            plan = service.start_plan(child, current_user)
            _audit("plan_started", access, record_type="support_plan", record_id=plan.id)
            db.session.commit()
        except IntegrityError:
            # Two presses at once: the other request made the plan.
            db.session.rollback()
            plan = service.plan_for(child)
            assert plan is not None
    return redirect(url_for(".overview", plan_id=plan.id))


@bp.get("/<int:plan_id>")
@role_required(*FAMILY)
def overview(plan_id: int) -> str:
    plan, access = _plan_in_reach(plan_id)
    _audit_read(plan, access)
    version = plan.current
    return render_template(
        "plans/overview.html",
        access=access,
        submission_problems=service.submission_problems(version),
        **_context(plan),
    )


# About me


def _text_page(
    plan_id: int,
    form_class: type[LockedForm],
    fields: tuple[str, ...],
    action: str,
    next_endpoint: str,
    words: Callable[[SupportPlan], tuple[str, str]],
) -> str | Response | tuple[str, int]:
    """A page of free-text boxes kept on the plan version under the same names as the
    form's fields (about me, keeping safe): shown, checked, saved under the lock. `words`
    gives the page's title and introduction for the plan."""
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found

    def saved_data() -> dict[str, Any]:
        current = plan.current
        return {
            **{name: getattr(current, name) for name in fields},
            "lock_version": current.lock_version,
        }

    if request.method == "GET":
        form = form_class(data=saved_data())
    else:
        form = form_class()
        if form.validate():

            def apply() -> None:
                for name in fields:
                    setattr(version, name, getattr(form, name).data or "")

            return _locked_save(
                plan,
                access,
                form,
                apply,
                lambda: form_class(formdata=None, data=saved_data()),
                action,
                url_for(next_endpoint, plan_id=plan.id),
            )
    title, intro = words(plan)
    return render_template(
        "plans/form_page.html", form=form, title=title, intro=intro, **_context(plan)
    )


@bp.route("/<int:plan_id>/about-me", methods=["GET", "POST"])
@role_required(*FAMILY)
def about(plan_id: int) -> str | Response | tuple[str, int]:
    def words(plan: SupportPlan) -> tuple[str, str]:
        name = plan.child.first_name
        return _("About %(name)s", name=name), _(
            "In your words, a one-page profile of %(name)s: what matters to them and how "
            "they like to be supported. Leave a box empty if you want to come back to it.",
            name=name,
        )

    return _text_page(
        plan_id,
        AboutForm,
        ("about_liked", "about_important", "about_support"),
        "plan_about_changed",
        ".outcomes",
        words,
    )


# Outcomes


@bp.get("/<int:plan_id>/outcomes")
@role_required(*FAMILY)
def outcomes(plan_id: int) -> str:
    plan, access = _plan_in_reach(plan_id)
    _audit_read(plan, access)
    return render_template("plans/outcomes.html", access=access, **_context(plan))


def _outcome_in(version: PlanVersion, outcome_id: int) -> Outcome:
    outcome = db.session.get(Outcome, outcome_id) if is_record_id(outcome_id) else None
    if outcome is None or outcome.version_id != version.id:
        abort(404)
    return outcome


@bp.route("/<int:plan_id>/outcomes/new", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@role_required(*FAMILY)
def outcome(plan_id: int, outcome_id: int | None = None) -> str | Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    existing = _outcome_in(version, outcome_id) if outcome_id is not None else None

    def saved_data() -> dict[str, Any]:
        data: dict[str, Any] = {"lock_version": plan.current.lock_version}
        if existing is not None:
            for name in ("area", "what_different", "how_we_know", "by_when"):
                data[name] = getattr(existing, name)
        return data

    if request.method == "GET":
        form = OutcomeForm(data=saved_data())
    else:
        form = OutcomeForm()
        if form.validate():

            def apply() -> None:
                target = existing or Outcome()
                target.area = form.area.data
                target.what_different = form.what_different.data or ""
                target.how_we_know = form.how_we_know.data or ""
                target.by_when = form.by_when.data or ""
                if existing is None:
                    version.outcomes.append(target)

            return _locked_save(
                plan,
                access,
                form,
                apply,
                lambda: OutcomeForm(formdata=None, data=saved_data()),
                "plan_outcome_changed" if existing else "plan_outcome_added",
                url_for(".outcomes", plan_id=plan.id),
                # Adding writes over nothing, so it goes ahead whatever else changed.
                check_lock=existing is not None,
            )
    return render_template(
        "plans/form_page.html",
        form=form,
        title=_("Change an outcome") if existing else _("Add an outcome"),
        intro=_(
            "An outcome is something that should be different for %(name)s because of the "
            "support. Make it specific, so everyone can tell when it has happened.",
            name=plan.child.first_name,
        ),
        back=url_for(".outcomes", plan_id=plan.id),
        **_context(plan),
    )


@bp.post("/<int:plan_id>/outcomes/<int:outcome_id>/remove")
@role_required(*FAMILY)
def remove_outcome(plan_id: int, outcome_id: int) -> Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    target = _outcome_in(version, outcome_id)
    form = RemoveForm()
    if not form.validate():
        abort(400)
    # Every line serves at least one outcome: a line's only outcome stays until the line
    # is given another.
    orphaned = [ln for ln in version.lines if ln.outcomes == [target]]
    if orphaned:
        page_errors = [
            {
                "text": _(
                    "%(line)s helps only with this outcome. Choose another outcome for it "
                    "before removing this one",
                    line=ln.description,
                ),
                "href": url_for(".line", plan_id=plan.id, line_id=ln.id),
            }
            for ln in orphaned
        ]
        return render_template(
            "plans/outcomes.html", access=access, page_errors=page_errors, **_context(plan)
        ), 400

    def apply() -> None:
        for line in version.lines:
            if target in line.outcomes:
                line.outcomes.remove(target)
        version.outcomes.remove(target)

    return _locked_save(
        plan,
        access,
        form,
        apply,
        lambda: RemoveForm(formdata=None),
        "plan_outcome_removed",
        url_for(".outcomes", plan_id=plan.id),
    )


# Support


@bp.get("/<int:plan_id>/support")
@role_required(*FAMILY)
def support(plan_id: int) -> str:
    plan, access = _plan_in_reach(plan_id)
    _audit_read(plan, access)
    words = (request.args.get("q") or "").strip()[:100]
    found: list[Service] = []
    if words:
        results = search_services(db.session, SearchCriteria(keywords=words, per_page=10))
        found = [hit.service for hit in results.hits]
    return render_template(
        "plans/support.html", access=access, words=words, found=found, **_context(plan)
    )


def _line_in(version: PlanVersion, line_id: int) -> PlanLine:
    line = db.session.get(PlanLine, line_id) if is_record_id(line_id) else None
    if line is None or line.version_id != version.id:
        abort(404)
    return line


def _cost_option(option_id: object) -> CostOption | None:
    try:
        number = int(str(option_id))
    except ValueError:
        return None
    option = db.session.get(CostOption, number) if is_record_id(number) else None
    if option is None or not option.service.is_public or option.unit == "free":
        return None
    return option


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


@bp.route("/<int:plan_id>/support/new", methods=["GET", "POST"])
@bp.route("/<int:plan_id>/support/<int:line_id>", methods=["GET", "POST"])
@role_required(*FAMILY)
def line(plan_id: int, line_id: int | None = None) -> str | Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    existing = _line_in(version, line_id) if line_id is not None else None
    option = None
    if existing is None:
        option = _cost_option(request.values.get("option", ""))
        if request.values.get("option") and option is None:
            abort(404)
    local_price = existing.local_offer_unit_cost_pence if existing else None
    if option is not None:
        local_price = option.amount_pence

    def saved_data() -> dict[str, Any]:
        data: dict[str, Any] = {"lock_version": plan.current.lock_version}
        if existing is not None:
            data.update(
                description=existing.description,
                provider=existing.provider,
                unit_cost=_pounds(existing.unit_cost_pence),
                unit=existing.unit,
                quantity=existing.quantity,
                frequency=existing.frequency,
                funding_stream=existing.funding_stream,
                outcomes=[str(o.id) for o in existing.outcomes],
                situation=[f for f in SITUATION_LABELS if getattr(existing, f)],
                price_reason=existing.price_reason,
            )
        elif option is not None:
            streams = [
                t.code for t in option.service.terms_in("funding-stream") if t.code in STREAM_LABELS
            ]
            data.update(
                description=option.service.name + (f": {option.label}" if option.label else ""),
                provider=option.service.organisation.name,
                unit_cost=_pounds(option.amount_pence),
                unit=option.unit,
                funding_stream=streams[0] if streams else None,
            )
        return data

    def make(formdata: Any = None, data: dict[str, Any] | None = None) -> LineForm:
        kwargs: dict[str, Any] = {"local_offer_price": local_price}
        if data is not None:
            kwargs["data"] = data
        form = LineForm(formdata=formdata, **kwargs) if formdata is None else LineForm(**kwargs)
        form.outcomes.choices = [
            (str(o.id), f"{AREA_LABELS[o.area]}: {o.what_different[:80]}")
            for o in plan.current.outcomes
        ]
        if local_price is not None:
            # The Local Offer sets the unit; only the price may differ, with a reason.
            form.unit.data = (
                (existing.unit if existing else option.unit)
                if (existing or option)
                else form.unit.data
            )
        return form

    if request.method == "GET":
        form = make(None, saved_data())
    else:
        form = make(request.form)
        if form.validate():

            def apply() -> None:
                target = existing or PlanLine()
                if existing is None and option is not None:
                    target.service_id = option.service_id
                    target.cost_option_id = option.id
                    target.local_offer_unit_cost_pence = option.amount_pence
                    target.council_commissioned = option.service.council_arranged
                target.description = form.description.data or ""
                target.provider = form.provider.data or ""
                assert form.unit_cost_pence is not None and form.quantity_decimal is not None
                target.unit_cost_pence = form.unit_cost_pence
                target.unit = form.unit.data
                target.quantity = str(form.quantity_decimal)
                target.frequency = form.frequency.data
                target.funding_stream = form.funding_stream.data
                target.price_reason = form.price_reason.data or ""
                for flag in SITUATION_LABELS:
                    setattr(target, flag, flag in form.situation.data)
                chosen = {int(i) for i in form.outcomes.data}
                target.outcomes = [o for o in version.outcomes if o.id in chosen]
                if existing is None:
                    version.lines.append(target)

            return _locked_save(
                plan,
                access,
                form,
                apply,
                lambda: make(None, saved_data()),
                "plan_line_changed" if existing else "plan_line_added",
                url_for(".support", plan_id=plan.id),
                check_lock=existing is not None,
            )
    return render_template(
        "plans/line_form.html",
        form=form,
        existing=existing,
        option=option,
        local_price=local_price,
        occurrences={
            f.value: rules.occurrences_per_year(f, service.school_weeks()) for f in rules.Frequency
        },
        stream_names={code: str(label) for code, label in STREAM_LABELS.items()},
        left_without_line=_left_without(version, existing),
        **_context(plan),
    )


def _left_without(version: PlanVersion, existing: PlanLine | None) -> dict[str, int] | None:
    """What each part of the budget has left before this line, for the live figures."""
    if version.budget is None:
        return None
    left = service.totals(version).left_by_stream()
    if existing is not None:
        left[existing.funding_stream] += service.annual_cost(existing)
    return {stream: left.get(stream, version.budget.get(stream, 0)) for stream in STREAM_LABELS}


@bp.post("/<int:plan_id>/support/<int:line_id>/remove")
@role_required(*FAMILY)
def remove_line(plan_id: int, line_id: int) -> Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    target = _line_in(version, line_id)
    form = RemoveForm()
    if not form.validate():
        abort(400)
    return _locked_save(
        plan,
        access,
        form,
        lambda: version.lines.remove(target),
        lambda: RemoveForm(formdata=None),
        "plan_line_removed",
        url_for(".support", plan_id=plan.id),
    )


# How the money is managed


@bp.get("/<int:plan_id>/money")
@role_required(*FAMILY)
def money(plan_id: int) -> str:
    plan, access = _plan_in_reach(plan_id)
    _audit_read(plan, access)
    v = plan.current
    form = TermsForm(
        data={
            "dp_recipient_consents": v.dp_recipient_consents,
            "dp_agreement_accepted": v.dp_agreement_accepted,
            "dp_nhs_agreed": v.dp_nhs_agreed,
            "lock_version": v.lock_version,
        }
    )
    return render_template("plans/money.html", access=access, terms_form=form, **_context(plan))


@bp.post("/<int:plan_id>/money/terms")
@role_required(*FAMILY)
def money_terms(plan_id: int) -> Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    form = TermsForm()
    if not form.validate():
        abort(400)

    def saved() -> TermsForm:
        v = plan.current
        return TermsForm(
            formdata=None,
            data={
                "dp_recipient_consents": v.dp_recipient_consents,
                "dp_agreement_accepted": v.dp_agreement_accepted,
                "dp_nhs_agreed": v.dp_nhs_agreed,
            },
        )

    def apply() -> None:
        version.dp_recipient_consents = bool(form.dp_recipient_consents.data)
        version.dp_agreement_accepted = bool(form.dp_agreement_accepted.data)
        version.dp_nhs_agreed = bool(form.dp_nhs_agreed.data)

    return _locked_save(
        plan,
        access,
        form,
        apply,
        saved,
        "plan_terms_changed",
        url_for(".money", plan_id=plan.id),
    )


@bp.post("/<int:plan_id>/money/stream")
@role_required(*FAMILY)
def stream_management(plan_id: int) -> Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    form = StreamManagementForm()
    if not form.validate():
        return redirect(url_for(".money", plan_id=plan.id))

    def apply() -> None:
        for target in version.lines:
            if target.funding_stream == form.stream.data:
                target.management = form.management.data
                target.broker_name = ""

    return _locked_save(
        plan,
        access,
        form,
        apply,
        lambda: StreamManagementForm(formdata=None),
        "plan_management_changed",
        url_for(".money", plan_id=plan.id),
    )


@bp.route("/<int:plan_id>/money/<int:line_id>", methods=["GET", "POST"])
@role_required(*FAMILY)
def management(plan_id: int, line_id: int) -> str | Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        return found
    plan, version, access = found
    target = _line_in(version, line_id)

    def saved_data() -> dict[str, Any]:
        return {
            "management": target.management,
            "broker_name": target.broker_name,
            "confirmations": [f for f in CONFIRMATION_LABELS if getattr(target, f)],
            "lock_version": plan.current.lock_version,
        }

    if request.method == "GET":
        form = ManagementForm(data=saved_data())
    else:
        form = ManagementForm()
        if form.validate():

            def apply() -> None:
                target.management = form.management.data
                target.broker_name = (
                    form.broker_name.data if form.management.data == "managed_by_broker" else ""
                ) or ""
                for flag in CONFIRMATION_LABELS:
                    setattr(target, flag, flag in form.confirmations.data)

            return _locked_save(
                plan,
                access,
                form,
                apply,
                lambda: ManagementForm(formdata=None, data=saved_data()),
                "plan_management_changed",
                url_for(".money", plan_id=plan.id),
            )
    return render_template("plans/management_form.html", form=form, line=target, **_context(plan))


# Keeping safe


@bp.route("/<int:plan_id>/keeping-safe", methods=["GET", "POST"])
@role_required(*FAMILY)
def safety(plan_id: int) -> str | Response | tuple[str, int]:
    return _text_page(
        plan_id,
        SafetyForm,
        ("risks", "contingency", "who_to_call"),
        "plan_safety_changed",
        ".check",
        lambda _plan: (
            _("Keeping safe and plan B"),
            _("What could go wrong, what happens if support cannot happen, and who to call."),
        ),
    )


# Check and send


def _problem_link(plan: SupportPlan, problem: Any) -> str:
    line = next((ln for ln in plan.current.lines if ln.key == problem.line_key), None)
    if line is not None:
        if problem.code.startswith(("direct_payment_without", "health_direct")):
            return url_for(".money", plan_id=plan.id) + "#terms"
        if problem.code in (
            "no_outcome",
            "quantity_out_of_range",
            "price_differs_without_reason",
            "unknown_outcome",
        ):
            return url_for(".line", plan_id=plan.id, line_id=line.id)
        return url_for(".management", plan_id=plan.id, line_id=line.id)
    return {
        "no_outcomes": url_for(".outcome", plan_id=plan.id),
        "no_lines": url_for(".support", plan_id=plan.id),
        "no_contingency": url_for(".safety", plan_id=plan.id),
        "over_budget_without_justification": "#over_budget_justification",
        "no_budget": url_for(".overview", plan_id=plan.id) + "#budget",
    }.get(problem.code, url_for(".overview", plan_id=plan.id))


def _problem_list(plan: SupportPlan) -> list[dict[str, str]]:
    lines = {ln.key: ln for ln in plan.current.lines}
    listed = []
    for problem in service.submission_problems(plan.current):
        text = str(PROBLEM_MESSAGES[problem.code])
        if problem.line_key in lines:
            text = f"{lines[problem.line_key].description}: {text}"
        listed.append({"text": text, "href": _problem_link(plan, problem)})
    return listed


@bp.route("/<int:plan_id>/check", methods=["GET", "POST"])
@role_required(*FAMILY)
def check(plan_id: int) -> str | Response | tuple[str, int]:
    found = _editable(plan_id)
    if isinstance(found, Response):
        if request.method == "POST" and found.status_code == 409:
            # A second press of "Send" after the first went through lands here.
            return redirect(url_for(".sent", plan_id=plan_id))
        return found
    plan, version, access = found
    form = SubmitForm(
        data={
            "over_budget_justification": version.over_budget_justification,
            "lock_version": version.lock_version,
        }
        if request.method == "GET"
        else None
    )
    if request.method == "POST" and form.validate():
        try:
            service.check_lock(version, form.lock_version.data)
            before = service.audit_view(version)
            version.over_budget_justification = form.over_budget_justification.data or ""
            service.take_budget(version, plan.child)
            problems = service.submission_problems(version)
            if not problems and request.form.get("then") == "send":
                service.submit(version, current_user, utcnow())
                action = "plan_submitted"
            else:
                service.touch(version)
                action = "plan_justification_changed"
            db.session.flush()
            _audit(
                action,
                access,
                record_type="plan_version",
                record_id=version.id,
                before=before,
                after=service.audit_view(version),
            )
            db.session.commit()
        except (service.StaleVersion, StaleDataError):
            db.session.rollback()
            if not plan.current.editable:
                return redirect(url_for(".sent", plan_id=plan.id))
            saved = SubmitForm(
                formdata=None,
                data={"over_budget_justification": plan.current.over_budget_justification},
            )
            return _conflict(plan, form, saved, request.path)
        if action == "plan_submitted":
            return redirect(url_for(".sent", plan_id=plan.id))
        if request.form.get("then") == "later":
            return redirect(url_for(".overview", plan_id=plan.id))
        return redirect(url_for(".check", plan_id=plan.id))
    page_errors = _problem_list(plan) if request.method == "GET" or form.errors else []
    return render_template(
        "plans/check.html",
        form=form if form.errors else None,
        submit_form=form,
        page_errors=[] if form.errors else page_errors,
        problem_list=page_errors,
        **_context(plan),
    )


@bp.get("/<int:plan_id>/sent")
@role_required(*FAMILY)
def sent(plan_id: int) -> str | Response:
    plan, _access = _plan_in_reach(plan_id)
    if plan.current.status != "submitted":
        return redirect(url_for(".overview", plan_id=plan.id))
    return render_template("plans/sent.html", **_context(plan))


# Reading a version, and review


@bp.get("/<int:plan_id>/versions/<int:number>")
@role_required(*FAMILY)
def version(plan_id: int, number: int) -> str:
    plan, access = _plan_in_reach(plan_id)
    chosen = next((v for v in plan.versions if v.number == number), None)
    if chosen is None:
        abort(404)
    _audit_read(plan, access)
    previous = next((v for v in plan.versions if v.number == number - 1), None)
    return render_template(
        "plans/version.html",
        changes=compare(previous, chosen) if previous else None,
        previous=previous,
        printing=request.args.get("print") == "1",
        **_context(plan, chosen),
    )


def compare(before: PlanVersion, after: PlanVersion) -> list[Any]:
    return rules.compare_versions(
        [service.as_rule_line(ln) for ln in before.lines],
        [service.as_rule_line(ln) for ln in after.lines],
        service.school_weeks(),
    )


@bp.post("/<int:plan_id>/review")
@role_required(*FAMILY)
def review(plan_id: int) -> Response:
    plan, access = _plan_in_reach(plan_id, to_change=True)
    current = plan.current
    if current.status in rules.IN_FORCE:
        try:
            new = service.start_review(plan, current_user)
            _audit("plan_review_started", access, record_type="plan_version", record_id=new.id)
            db.session.commit()
        except IntegrityError:
            # Two presses at once: the other one started it.
            db.session.rollback()
    elif not (current.editable and current.number > 1):
        # A review already under way (a second press) simply goes on; anything else is
        # a plan the council has not approved yet.
        return _refused(
            plan,
            _("A review cannot start yet"),
            _(
                "A review starts from a plan the council has approved, and this plan is: "
                "%(status)s. Finish the plan and send it; once it is approved you can start "
                "a review.",
                status=STATUS_LABELS[current.status],
            ),
        )
    return redirect(url_for(".overview", plan_id=plan.id))


# "Add to my plan" from a service's page in the Local Offer


@bp.get("/add/<int:service_id>")
@role_required(*FAMILY)
def add_service(service_id: int) -> str | Response:
    found = db.session.get(Service, service_id) if is_record_id(service_id) else None
    if found is None or not found.is_public:
        abort(404)
    access = current_access(current_user, date.today())
    if access is None:
        return redirect(url_for("families.overview"))
    plans = [
        p
        for p in db.session.scalars(
            select(SupportPlan)
            .join(SupportPlan.child)
            .where(SupportPlan.child.has(family_id=access.family.id))
        )
        if not p.child.archived
    ]
    options = [o for o in found.cost_options if o.unit != "free"]
    return render_template(
        "plans/add_service.html", service=found, plans=plans, options=options, access=access
    )
