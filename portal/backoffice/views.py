"""The staff back office: officers and admins keep the Local Offer current, answer feedback
in public and review the changes providers propose. Every change is on the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from local_offer.content.pages import as_utc, paragraphs, parse_page_number
from local_offer.editorial import (
    can_move,
    is_overdue,
    latest_price_changes,
    next_states,
)
from local_offer.indexing import refresh_search_fields
from local_offer.models import (
    PUBLISHED,
    CostOption,
    Feedback,
    Organisation,
    Service,
    is_record_id,
    utcnow,
)

from ..audit import record
from ..extensions import db
from ..permissions import role_required
from .forms import CostOptionForm, OrganisationForm, ResponseForm, ServiceForm
from .models import PENDING, ServiceProposal
from .rules import (
    cost_option_audit_view,
    organisation_audit_view,
    read_service_list_filters,
    service_audit_view,
)
from .services import (
    apply_cost_form,
    apply_service_form,
    list_services,
    open_links,
    overdue_condition,
    remove_cost_option,
    service_form_data,
    term_choices,
)

bp = Blueprint("backoffice", __name__, url_prefix="/back-office")

STAFF = ("officer", "admin")
ORGANISATIONS_PER_PAGE = 50
FEEDBACK_PER_PAGE = 25


def _audit(action: str, record_type: str, record_id: int, **changes: Any) -> None:
    record(
        action,
        actor_id=current_user.id,
        record_type=record_type,
        record_id=record_id,
        **changes,
    )


def _today() -> date:
    return utcnow().date()


def _check_months() -> int:
    return int(current_app.config["SERVICE_CHECK_MONTHS"])


def _found(model: Any, record_id: int) -> Any:
    found = db.session.get(model, record_id) if is_record_id(record_id) else None
    if found is None:
        abort(404)
    return found


def _service(service_id: int) -> Service:
    return _found(Service, service_id)  # type: ignore[no-any-return]


def _cost_option(service: Service, cost_id: int) -> CostOption:
    option = _found(CostOption, cost_id)
    # An option reached through another service's address is not there.
    if option.service_id != service.id:
        abort(404)
    return option  # type: ignore[no-any-return]


@bp.get("/")
@role_required(*STAFF)
def index() -> str:
    counts = {
        "drafts": db.session.scalar(
            select(func.count(Service.id)).where(Service.editorial_state == "draft")
        ),
        "overdue": db.session.scalar(
            select(func.count(Service.id)).where(
                Service.editorial_state == PUBLISHED,
                overdue_condition(_today(), _check_months()),
            )
        ),
        "new_feedback": db.session.scalar(
            select(func.count(Feedback.id)).where(Feedback.published_at.is_(None))
        ),
        "proposals": db.session.scalar(
            select(func.count(ServiceProposal.id)).where(ServiceProposal.status == PENDING)
        ),
    }
    return render_template("backoffice/index.html", counts=counts, months=_check_months())


# --- Organisations --------------------------------------------------------------------------


@bp.get("/organisations")
@role_required(*STAFF)
def organisations() -> str:
    pagination = db.paginate(
        select(Organisation).order_by(func.lower(Organisation.name), Organisation.id),
        page=parse_page_number(request.args.get("page")),
        per_page=ORGANISATIONS_PER_PAGE,
        error_out=False,
    )
    return render_template("backoffice/organisations.html", pagination=pagination)


@bp.route("/organisations/new", methods=["GET", "POST"])
@role_required(*STAFF)
def add_organisation() -> str | Response:
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = Organisation()
        _apply_organisation_form(form, organisation)
        db.session.add(organisation)
        db.session.flush()
        _audit(
            "organisation_added",
            "organisation",
            organisation.id,
            after=organisation_audit_view(organisation),
        )
        db.session.commit()
        flash(_("Organisation added"), "success")
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
    return render_template("backoffice/organisation_form.html", form=form, organisation=None)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_organisation(organisation_id: int) -> str | Response:
    organisation: Organisation = _found(Organisation, organisation_id)
    form = OrganisationForm(
        data={key: value or "" for key, value in organisation_audit_view(organisation).items()}
    )
    if form.validate_on_submit():
        before = organisation_audit_view(organisation)
        _apply_organisation_form(form, organisation)
        for service in organisation.services:
            # The provider's name is part of each of its services' search text.
            refresh_search_fields(service)
        _audit(
            "organisation_changed",
            "organisation",
            organisation.id,
            before=before,
            after=organisation_audit_view(organisation),
        )
        db.session.commit()
        flash(_("Organisation saved"), "success")
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
    services = sorted(organisation.services, key=lambda service: service.name.casefold())
    return render_template(
        "backoffice/organisation_form.html",
        form=form,
        organisation=organisation,
        services=services,
        links=open_links(db.session, organisation.id, utcnow()),
    )


def _apply_organisation_form(form: OrganisationForm, organisation: Organisation) -> None:
    organisation.name = form.name.data
    organisation.description = form.description.data
    organisation.email = form.email.data or None
    organisation.phone = form.phone.data or None
    organisation.url = form.url.data or None
    organisation.charity_number = form.charity_number.data or None


# --- Services -------------------------------------------------------------------------------


@bp.get("/services")
@role_required(*STAFF)
def services() -> str:
    terms = term_choices(db.session)
    filters = read_service_list_filters(request.args, {code for code, _n in terms["category"]})
    found = list_services(db.session, filters, _today(), _check_months())
    return render_template(
        "backoffice/services.html",
        found=found,
        filters=filters,
        categories=terms["category"],
        months=_check_months(),
        overdue={
            service.id: is_overdue(service.last_checked, _today(), _check_months())
            for service in found.services
        },
    )


def _service_form(**kwargs: Any) -> ServiceForm:
    form = ServiceForm(terms=term_choices(db.session), **kwargs)
    form.organisation_id.choices = [("", _("Select a provider"))] + [
        (str(organisation_id), name)
        for organisation_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).order_by(
                func.lower(Organisation.name), Organisation.id
            )
        )
    ]
    return form


@bp.route("/services/new", methods=["GET", "POST"])
@role_required(*STAFF)
def add_service() -> str | Response:
    wanted = request.args.get("organisation", "")
    form = _service_form(data={"status": "active", "organisation_id": wanted})
    if form.validate_on_submit():
        # New services start as drafts: nobody sees them until an officer publishes them.
        service = Service(editorial_state="draft", name=form.name.data)
        db.session.add(service)
        apply_service_form(db.session, form, service)
        db.session.flush()
        _audit("service_added", "service", service.id, after=service_audit_view(service))
        db.session.commit()
        flash(_("Service added as a draft"), "success")
        return redirect(url_for(".service", service_id=service.id))
    return render_template("backoffice/service_form.html", form=form, service=None)


@bp.get("/services/<int:service_id>")
@role_required(*STAFF)
def service(service_id: int) -> str:
    found = _service(service_id)
    proposals = db.session.scalars(
        select(ServiceProposal).where(
            ServiceProposal.service_id == found.id, ServiceProposal.status == PENDING
        )
    ).all()
    return render_template(
        "backoffice/service.html",
        service=found,
        next_states=next_states(found.editorial_state),
        overdue=is_overdue(found.last_checked, _today(), _check_months()),
        months=_check_months(),
        price_changes=latest_price_changes(found.cost_changes),
        proposals=proposals,
    )


@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_service(service_id: int) -> str | Response:
    found = _service(service_id)
    form = _service_form(data={**service_form_data(found), "version": _version(found)})
    conflict = False
    if form.validate_on_submit() and form.version.data != _version(found):
        # Saving again, having seen the warning, replaces the other officer's changes.
        conflict = True
        form.version.data = _version(found)
    elif form.validate_on_submit():
        before = service_audit_view(found)
        apply_service_form(db.session, form, found)
        db.session.flush()
        _audit(
            "service_changed", "service", found.id, before=before, after=service_audit_view(found)
        )
        db.session.commit()
        flash(_("Service saved"), "success")
        return redirect(url_for(".service", service_id=found.id))
    return render_template(
        "backoffice/service_form.html",
        form=form,
        service=found,
        page_errors=[{"text": _("Someone else changed this service"), "href": "#conflict"}]
        if conflict
        else [],
    )


def _version(service: Service) -> str:
    return as_utc(service.last_modified).isoformat()


@bp.post("/services/<int:service_id>/state")
@role_required(*STAFF)
def change_state(service_id: int) -> Response:
    found = _service(service_id)
    target = request.form.get("state", "")
    if not can_move(found.editorial_state, target):
        abort(400)
    before = found.editorial_state
    found.editorial_state = target
    _audit(
        "service_state_changed",
        "service",
        found.id,
        before={"editorial_state": before},
        after={"editorial_state": target},
    )
    db.session.commit()
    messages = {
        "published": _("Service published: families can now find it"),
        "draft": _("Service moved back to draft: families can no longer see it"),
        "archived": _("Service archived: families can no longer see it"),
    }
    flash(messages[target], "success")
    return redirect(url_for(".service", service_id=found.id))


@bp.post("/services/<int:service_id>/checked")
@role_required(*STAFF)
def mark_checked(service_id: int) -> Response:
    found = _service(service_id)
    before = found.last_checked
    found.last_checked = _today()
    _audit(
        "service_checked",
        "service",
        found.id,
        before={"last_checked": before},
        after={"last_checked": found.last_checked},
    )
    db.session.commit()
    flash(_("Marked as checked today"), "success")
    if request.form.get("back_to") == "overdue":
        return redirect(url_for(".services", overdue="yes"))
    return redirect(url_for(".service", service_id=found.id))


# --- Unit costs -----------------------------------------------------------------------------


@bp.route("/services/<int:service_id>/costs/new", methods=["GET", "POST"])
@role_required(*STAFF)
def add_cost(service_id: int) -> str | Response:
    found = _service(service_id)
    form = CostOptionForm()
    if form.validate_on_submit():
        option = apply_cost_form(
            db.session, form, found, None, changed_by=current_user.email, now=utcnow()
        )
        _audit("cost_option_added", "cost_option", option.id, after=cost_option_audit_view(option))
        db.session.commit()
        flash(_("Cost added"), "success")
        return redirect(url_for(".service", service_id=found.id))
    return render_template("backoffice/cost_form.html", form=form, service=found, option=None)


@bp.route("/services/<int:service_id>/costs/<int:cost_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_cost(service_id: int, cost_id: int) -> str | Response:
    found = _service(service_id)
    option = _cost_option(found, cost_id)
    form = CostOptionForm(
        data={
            "label": option.label,
            "unit": option.unit,
            "amount": _pounds(option.amount_pence) if option.unit != "free" else "",
            "duration_minutes": str(option.duration_minutes or ""),
            "includes": option.includes,
        }
    )
    if form.validate_on_submit():
        before = cost_option_audit_view(option)
        apply_cost_form(
            db.session, form, found, option, changed_by=current_user.email, now=utcnow()
        )
        _audit(
            "cost_option_changed",
            "cost_option",
            option.id,
            before=before,
            after=cost_option_audit_view(option),
        )
        db.session.commit()
        flash(_("Cost saved"), "success")
        return redirect(url_for(".service", service_id=found.id))
    return render_template("backoffice/cost_form.html", form=form, service=found, option=option)


@bp.route("/services/<int:service_id>/costs/<int:cost_id>/remove", methods=["GET", "POST"])
@role_required(*STAFF)
def remove_cost(service_id: int, cost_id: int) -> str | Response:
    found = _service(service_id)
    option = _cost_option(found, cost_id)
    if request.method == "POST":
        before = cost_option_audit_view(option)
        option_id = option.id
        remove_cost_option(db.session, found, option, changed_by=current_user.email, now=utcnow())
        _audit("cost_option_removed", "cost_option", option_id, before=before)
        db.session.commit()
        flash(_("Cost removed"), "success")
        return redirect(url_for(".service", service_id=found.id))
    return render_template("backoffice/cost_remove.html", service=found, option=option)


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


# --- Feedback and "You said, we did" --------------------------------------------------------


@bp.get("/feedback")
@role_required(*STAFF)
def feedback_list() -> str:
    published = request.args.get("show") == "published"
    condition = Feedback.published_at.is_not(None) if published else Feedback.published_at.is_(None)
    pagination = db.paginate(
        select(Feedback)
        .where(condition)
        .options(selectinload(Feedback.service))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc()),
        page=parse_page_number(request.args.get("page")),
        per_page=FEEDBACK_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "backoffice/feedback_list.html", pagination=pagination, published=published
    )


def _feedback_audit_view(item: Feedback) -> dict[str, Any]:
    return {"you_said": item.you_said, "we_did": item.we_did, "published_at": item.published_at}


@bp.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def respond(feedback_id: int) -> str | Response:
    item: Feedback = _found(Feedback, feedback_id)
    form = ResponseForm(data={"you_said": item.you_said, "we_did": item.we_did})
    if form.validate_on_submit():
        before = _feedback_audit_view(item)
        item.you_said = form.you_said.data
        item.we_did = form.we_did.data
        item.published_at = item.published_at or utcnow()
        _audit(
            "feedback_response_published",
            "feedback",
            item.id,
            before=before,
            after=_feedback_audit_view(item),
        )
        db.session.commit()
        flash(_("Response published on “You said, we did”"), "success")
        return redirect(url_for(".feedback_list"))
    return render_template(
        "backoffice/feedback.html", form=form, item=item, message=paragraphs(item.message)
    )


@bp.post("/feedback/<int:feedback_id>/unpublish")
@role_required(*STAFF)
def unpublish(feedback_id: int) -> Response:
    item: Feedback = _found(Feedback, feedback_id)
    if item.published_at is not None:
        before = _feedback_audit_view(item)
        item.published_at = None
        _audit(
            "feedback_response_unpublished",
            "feedback",
            item.id,
            before=before,
            after=_feedback_audit_view(item),
        )
        db.session.commit()
        flash(_("Response taken off “You said, we did”"), "success")
    return redirect(url_for(".respond", feedback_id=item.id))
