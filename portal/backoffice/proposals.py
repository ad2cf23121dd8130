"""Providers propose changes to their own services through an emailed link (no account);
an officer compares each proposal with the service and approves or rejects it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from local_offer.content.pages import clean_text
from local_offer.editorial import ARCHIVED
from local_offer.extensions import limiter
from local_offer.indexing import refresh_search_fields
from local_offer.models import CostOption, Organisation, Service, utcnow
from local_offer.money import pounds_to_pence

from ..accounts.mail import send_email
from ..audit import record
from ..extensions import db
from ..permissions import public, role_required
from .forms import InviteProviderForm, ProviderDetailsForm, RejectProposalForm
from .models import APPROVED, PENDING, REJECTED, ProviderInvitation, ServiceProposal
from .rules import (
    PROPOSAL_FIELDS,
    cost_key,
    hash_link_token,
    link_is_open,
    new_link_token,
    proposable_values,
    proposal_differences,
    service_audit_view,
)
from .services import set_cost_amount
from .views import STAFF, _found, bp

provider_bp = Blueprint("provider", __name__, url_prefix="/provider")

FIELD_LABELS = {
    "name": _l("Service name"),
    "summary": _l("Summary"),
    "description": _l("Description"),
    "eligibility": _l("Who can use it (eligibility)"),
    "who_it_suits": _l("Who it suits"),
    "how_to_access": _l("How to use it"),
    "email": _l("Email address"),
    "phone": _l("Phone number"),
    "url": _l("Website"),
}


# --- The officer's side ---------------------------------------------------------------------


@bp.route("/organisations/<int:organisation_id>/invite", methods=["GET", "POST"])
@role_required(*STAFF)
def invite_provider(organisation_id: int) -> str | Response:
    organisation: Organisation = _found(Organisation, organisation_id)
    form = InviteProviderForm(data={"email": organisation.email or ""})
    if form.validate_on_submit():
        token = new_link_token()
        days = int(current_app.config["PROVIDER_LINK_DAYS"])
        invitation = ProviderInvitation(
            organisation_id=organisation.id,
            email=form.email.data,
            token_hash=hash_link_token(token),
            created_by_id=current_user.id,
            expires_at=utcnow() + timedelta(days=days),
        )
        db.session.add(invitation)
        db.session.flush()
        send_email(
            form.email.data,
            _("Check your services in the %(council)s Local Offer", council=_council()),
            _(
                "Please check what the Local Offer says about %(organisation)s's services, and "
                "propose any changes, at:\n\n%(link)s\n\nThe link works for %(days)s days. The "
                "council reviews every change before families see it.",
                organisation=organisation.name,
                link=url_for("provider.services", token=token, _external=True),
                days=days,
            ),
        )
        record(
            "provider_invited",
            actor_id=current_user.id,
            record_type="provider_invitation",
            record_id=invitation.id,
            after={"organisation_id": organisation.id, "email": invitation.email},
        )
        db.session.commit()
        flash(_("Link sent to %(email)s", email=invitation.email), "success")
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
    return render_template("backoffice/invite.html", form=form, organisation=organisation)


@bp.post("/organisations/<int:organisation_id>/links/<int:invitation_id>/withdraw")
@role_required(*STAFF)
def withdraw_link(organisation_id: int, invitation_id: int) -> Response:
    invitation: ProviderInvitation = _found(ProviderInvitation, invitation_id)
    if invitation.organisation_id != organisation_id:
        abort(404)
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = utcnow()
        record(
            "provider_link_withdrawn",
            actor_id=current_user.id,
            record_type="provider_invitation",
            record_id=invitation.id,
            before={"withdrawn_at": None},
            after={"withdrawn_at": invitation.withdrawn_at},
        )
        db.session.commit()
        flash(_("Link withdrawn: it no longer opens"), "success")
    return redirect(url_for(".edit_organisation", organisation_id=organisation_id))


@bp.get("/proposals")
@role_required(*STAFF)
def proposals() -> str:
    pending = db.session.scalars(
        select(ServiceProposal)
        .where(ServiceProposal.status == PENDING)
        .options(selectinload(ServiceProposal.service))
        .order_by(ServiceProposal.submitted_at, ServiceProposal.id)
    ).all()
    return render_template("backoffice/proposals.html", proposals=pending)


def _comparison(proposal: ServiceProposal) -> list[dict[str, Any]]:
    service = proposal.service
    current = proposable_values(service)
    proposed = json.loads(proposal.proposed)
    options = {cost_key(option.id): option for option in service.cost_options}
    rows = []
    for difference in proposal_differences(current, proposed):
        option = options.get(difference.field)
        if difference.field in FIELD_LABELS:
            label = str(FIELD_LABELS[difference.field])
        elif option is not None:
            label = _("Cost: %(cost)s", cost=option.label or option.unit)
        else:
            # The option was removed after the provider proposed a new amount for it.
            continue
        rows.append(
            {
                "label": label,
                "is_cost": option is not None,
                "current": difference.current,
                "proposed": difference.proposed,
            }
        )
    return rows


def _pending(proposal_id: int) -> ServiceProposal:
    proposal: ServiceProposal = _found(ServiceProposal, proposal_id)
    return proposal


@bp.get("/proposals/<int:proposal_id>")
@role_required(*STAFF)
def proposal(proposal_id: int) -> str:
    found = _pending(proposal_id)
    return _render_proposal(found, RejectProposalForm())


def _render_proposal(found: ServiceProposal, form: RejectProposalForm) -> str:
    return render_template(
        "backoffice/proposal.html",
        proposal=found,
        rows=_comparison(found) if found.status == PENDING else [],
        form=form,
    )


@bp.post("/proposals/<int:proposal_id>/approve")
@role_required(*STAFF)
def approve_proposal(proposal_id: int) -> Response:
    found = _pending(proposal_id)
    if found.status != PENDING:
        abort(409)
    service = found.service
    before = service_audit_view(service)
    proposed = json.loads(found.proposed)
    now = utcnow()
    options = {cost_key(option.id): option for option in service.cost_options}
    for field, value in proposed.items():
        if field in PROPOSAL_FIELDS:
            # Contact details are absent (None) rather than empty, as the officer's form saves them.
            empty_is_none = field in ("email", "phone", "url")
            setattr(service, field, value or (None if empty_is_none else ""))
        elif field in options and isinstance(value, int):
            option: CostOption = options[field]
            set_cost_amount(
                service, option, value, option.amount_pence, changed_by=current_user.email, now=now
            )
    refresh_search_fields(service)
    found.status = APPROVED
    found.decided_by_id = current_user.id
    found.decided_at = now
    record(
        "service_proposal_approved",
        actor_id=current_user.id,
        record_type="service",
        record_id=service.id,
        before=before,
        after={**service_audit_view(service), "proposal_id": found.id},
    )
    db.session.commit()
    flash(_("Changes approved and applied"), "success")
    return redirect(url_for(".service", service_id=service.id))


@bp.post("/proposals/<int:proposal_id>/reject")
@role_required(*STAFF)
def reject_proposal(proposal_id: int) -> str | Response:
    found = _pending(proposal_id)
    if found.status != PENDING:
        abort(409)
    form = RejectProposalForm()
    if not form.validate_on_submit():
        return _render_proposal(found, form)
    found.status = REJECTED
    found.reason = form.reason.data
    found.decided_by_id = current_user.id
    found.decided_at = utcnow()
    send_email(
        found.invitation.email,
        _("Your changes to %(service)s", service=found.service.name),
        _(
            "The council did not make the changes you proposed to %(service)s, because:\n\n"
            "%(reason)s",
            service=found.service.name,
            reason=found.reason,
        ),
    )
    record(
        "service_proposal_rejected",
        actor_id=current_user.id,
        record_type="service_proposal",
        record_id=found.id,
        before={"status": PENDING},
        after={"status": REJECTED, "reason": found.reason},
    )
    db.session.commit()
    flash(_("Changes rejected; the provider has been told why"), "success")
    return redirect(url_for(".proposals"))


def _council() -> str:
    return str(current_app.config["COUNCIL_NAME"])


# --- The provider's side --------------------------------------------------------------------


def _invitation(token: str) -> ProviderInvitation:
    invitation = (
        db.session.scalar(
            select(ProviderInvitation).where(
                ProviderInvitation.token_hash == hash_link_token(token)
            )
        )
        if len(token) <= 100
        else None
    )
    if invitation is None or not link_is_open(
        invitation.expires_at, invitation.withdrawn_at, utcnow()
    ):
        abort(404)
    return invitation


def _provider_services(invitation: ProviderInvitation) -> list[Service]:
    return list(
        db.session.scalars(
            select(Service)
            .where(
                Service.organisation_id == invitation.organisation_id,
                Service.editorial_state != ARCHIVED,
            )
            .order_by(Service.name, Service.id)
        )
    )


@provider_bp.after_request
def keep_the_link_private(response: Response) -> Response:
    # The link is the provider's key: never send it on as a referrer, never cache the page.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@provider_bp.get("/<token>")
@public
@limiter.limit("60 per minute")
def services(token: str) -> str:
    invitation = _invitation(token)
    return render_template(
        "backoffice/provider_services.html",
        invitation=invitation,
        services=_provider_services(invitation),
        token=token,
    )


@provider_bp.route("/<token>/services/<int:service_id>", methods=["GET", "POST"])
@public
@limiter.limit("60 per minute")
def propose(token: str, service_id: int) -> str | Response:
    invitation = _invitation(token)
    service = next((s for s in _provider_services(invitation) if s.id == service_id), None)
    if service is None:
        abort(404)
    current = proposable_values(service)
    form = ProviderDetailsForm(data={field: current[field] for field in PROPOSAL_FIELDS})
    costs = {
        option.id: clean_text(request.form.get(f"cost-{option.id}"))
        if request.method == "POST"
        else _pounds(option.amount_pence)
        for option in service.cost_options
    }
    cost_errors: dict[int, str] = {}
    page_errors: list[dict[str, str]] = []
    if request.method == "POST":
        valid = form.validate_on_submit()
        page_errors = [
            {"text": str(error), "href": f"#{field.id}"} for field in form for error in field.errors
        ]
        proposed_costs: dict[str, int] = {}
        for option in service.cost_options:
            if option.unit == "free":
                continue
            pence = pounds_to_pence(costs[option.id] or "")
            if pence is None:
                cost_errors[option.id] = _("Enter the amount in pounds and pence, like 12.50")
                page_errors.append({"text": cost_errors[option.id], "href": f"#cost-{option.id}"})
            else:
                proposed_costs[cost_key(option.id)] = pence
        if valid and not cost_errors:
            proposed = {field: getattr(form, field).data or "" for field in PROPOSAL_FIELDS}
            proposed.update(proposed_costs)
            changes = {d.field: d.proposed for d in proposal_differences(current, proposed)}
            if not changes:
                page_errors.append({"text": _("You have not changed anything"), "href": "#name"})
            else:
                proposal_record = ServiceProposal(
                    invitation_id=invitation.id, service_id=service.id, proposed=json.dumps(changes)
                )
                db.session.add(proposal_record)
                db.session.flush()
                record(
                    "service_change_proposed",
                    record_type="service_proposal",
                    record_id=proposal_record.id,
                    after={"service_id": service.id, "by": invitation.email, **changes},
                )
                db.session.commit()
                flash(_("Thank you. The council will review your changes."), "success")
                return redirect(url_for(".services", token=token))
    return render_template(
        "backoffice/provider_propose.html",
        details=form,
        service=service,
        costs=costs,
        cost_errors=cost_errors,
        # Passed as "details", not "form": the error summary also lists the cost amounts.
        page_errors=page_errors,
        token=token,
    )


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"
