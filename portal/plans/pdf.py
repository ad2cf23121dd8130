"""The plan as a PDF, in the language of the person downloading it.

The PDF is the printable plan (plans/_plan.html) inside a page of its own made for A4, so
the plan's words live in one template. The same people may download it as may read the
plan: the family (a broker only with live consent) and the council's staff once the
family has sent it. Every download by staff or a broker is audited like a reading.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from local_offer.models import is_record_id

from ..audit import record
from ..extensions import db
from ..families.access import child_in_reach
from ..permissions import role_required
from . import bp, rules, service
from .labels import HELD_AS_LABELS
from .models import PlanVersion, SupportPlan
from .officer import STAFF
from .views import FAMILY, _audit_read, _context


class PdfUnavailable(Exception):
    """WeasyPrint is missing, or failed on this plan."""


def html_to_pdf(html: str) -> bytes:
    try:
        # Imported here so the portal starts, and every other page works, on a machine
        # without Pango; the download then says the PDF cannot be made.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

        # Nothing is fetched: the page carries its own styles, and an address a family
        # typed into their plan must never make the server fetch it.
        nothing_fetched = URLFetcher(allowed_protocols=("data",))
        pdf = HTML(string=html, url_fetcher=nothing_fetched).write_pdf()
    except Exception as error:  # WeasyPrint raises OSError, ValueError and its own errors
        raise PdfUnavailable(str(error)) from error
    if not pdf:
        raise PdfUnavailable("WeasyPrint wrote nothing")
    return bytes(pdf)


def management_totals(version: PlanVersion) -> dict[str | None, int]:
    """Pence a year under each way of managing the money; None for lines not yet chosen.
    Money the council kept in a block contract is counted apart: it is not paid out."""
    return rules.totals_by_holding(
        (line.management, line.money_not_released, service.annual_cost(line))
        for line in version.lines
    )


def _version_in_reach(plan_id: int, number: int) -> tuple[SupportPlan, PlanVersion]:
    plan = db.session.get(SupportPlan, plan_id) if is_record_id(plan_id) else None
    if plan is None:
        abort(404)
    if current_user.role in STAFF:
        # As on the decision pages: a draft is the family's alone.
        chosen = next((v for v in plan.versions if v.number == number), None)
        if chosen is None or chosen.status == "draft":
            abort(404)
        record(
            "plan_opened_by_staff",
            actor_id=current_user.id,
            record_type="plan_version",
            record_id=chosen.id,
        )
        db.session.commit()
        return plan, chosen
    _child, access = child_in_reach(current_user, plan.child_id, date.today(), False)
    chosen = next((v for v in plan.versions if v.number == number), None)
    if chosen is None:
        abort(404)
    _audit_read(plan, access)
    return plan, chosen


@bp.get("/<int:plan_id>/versions/<int:number>/pdf")
@role_required(*FAMILY, *STAFF)
def pdf(plan_id: int, number: int) -> Response | tuple[str, int]:
    plan, version = _version_in_reach(plan_id, number)
    html = render_template(
        "plans/pdf.html",
        management_totals=management_totals(version),
        held_labels=HELD_AS_LABELS,
        today=date.today(),
        **_context(plan, version),
    )
    try:
        document = html_to_pdf(html)
    except PdfUnavailable as error:
        current_app.logger.error("Plan PDF failed for plan %s: %s", plan.id, error)
        return render_template("plans/pdf_unavailable.html", plan=plan, version=version), 503
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="support-plan-{plan.id}-version-{version.number}.pdf"'
    )
    # A child's plan: never kept by a shared computer's browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    return response
