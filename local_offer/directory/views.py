"""The public directory: search, filter, read a service, compare up to three."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..editorial import PriceChange, latest_price_changes
from ..extensions import db
from ..geo import Point, haversine_miles
from ..models import PUBLIC_STATUSES, PUBLISHED, Service, is_record_id, utcnow
from ..postcodes import normalise_postcode
from ..search import find_postcode, load_services, search_services, taxonomy_terms
from ..urls import local_path
from .compare import MAX_COMPARED, add_to_comparison, remove_from_comparison
from .filters import chosen_filters, page_links
from .forms import DirectorySearchForm

bp = Blueprint("directory", __name__)

PER_PAGE = 20
# A family comparing prices is told of a change made in the last year; older ones are history.
PRICE_CHANGE_SHOWN_FOR = timedelta(days=365)


@bp.get("/services")
def search() -> str:
    form = DirectorySearchForm(request.args)
    form.set_taxonomy_choices(taxonomy_terms(db.session))
    form.validate()

    origin = None
    postcode = None if form.postcode.errors else normalise_postcode(form.postcode.data or "")
    if postcode:
        origin = find_postcode(db.session, postcode)
        if origin is None:
            form.postcode.errors.append(
                _(
                    "We could not find the postcode %(postcode)s. Check it and try again",
                    postcode=postcode,
                )
            )
        else:
            session["postcode"] = postcode

    criteria = form.to_criteria(origin, PER_PAGE)
    results = search_services(db.session, criteria)
    args = request.args.copy()
    return render_template(
        "directory/search.html",
        form=form,
        results=results,
        criteria=criteria,
        postcode=postcode if origin else None,
        page_moved=results.total > 0 and results.page != criteria.page,
        chosen=chosen_filters(form, args),
        pages=page_links(results.page, results.pages, args),
        compared=_compared_ids(),
    )


@bp.get("/services/<int:service_id>")
def service(service_id: int) -> str:
    found = load_services(db.session, [service_id]) if is_record_id(service_id) else []
    if not found or not found[0].is_public:
        abort(404)
    return render_template(
        "directory/service.html",
        service=found[0],
        compared=_compared_ids(),
        max_compared=MAX_COMPARED,
        price_changes=_recent_price_changes(found),
    )


@bp.get("/compare")
def compare() -> str:
    services = load_services(db.session, _compared_ids())
    origin_postcode = session.get("postcode")
    origin = find_postcode(db.session, origin_postcode) if origin_postcode else None
    distances = {service.id: _nearest_miles(service, origin) for service in services}
    return render_template(
        "directory/compare.html",
        price_changes=_recent_price_changes(services),
        services=services,
        distances=distances,
        postcode=origin_postcode if origin else None,
    )


@bp.post("/compare/add")
def compare_add() -> Response:
    service_id = _posted_service_id()
    service = db.session.get(Service, service_id) if service_id is not None else None
    if service is None or not service.is_public:
        abort(404)
    updated, added = add_to_comparison(_compared_ids(), service.id)
    session["compare"] = updated
    if not added:
        flash(
            _(
                "You can compare up to %(count)s services. Remove one before you add another.",
                count=MAX_COMPARED,
            ),
            "error",
        )
    return redirect(_back_to(url_for(".compare")))


@bp.post("/compare/remove")
def compare_remove() -> Response:
    service_id = _posted_service_id()
    session["compare"] = remove_from_comparison(_compared_ids(), service_id)
    return redirect(_back_to(url_for(".compare")))


@bp.post("/compare/clear")
def compare_clear() -> Response:
    session.pop("compare", None)
    return redirect(url_for(".compare"))


def _recent_price_changes(services: list[Service]) -> dict[int, PriceChange]:
    """Each cost option's latest change of price, when it was recent enough to matter."""
    since = utcnow().date() - PRICE_CHANGE_SHOWN_FOR
    return {
        option_id: change
        for service in services
        for option_id, change in latest_price_changes(service.cost_changes).items()
        if change.changed_on >= since
    }


def _compared_ids() -> list[int]:
    """The ids in the session that are still services the public can see."""
    stored = session.get("compare", [])
    if not isinstance(stored, list):
        return []
    ids = [value for value in stored if is_record_id(value)][:MAX_COMPARED]
    if not ids:
        return []
    public = db.session.scalars(
        select(Service.id).where(
            Service.id.in_(ids),
            Service.status.in_(PUBLIC_STATUSES),
            Service.editorial_state == PUBLISHED,
        )
    ).all()
    return [value for value in ids if value in set(public)]


def _posted_service_id() -> int | None:
    value = request.form.get("service_id", "")
    service_id = int(value) if value.isascii() and value.isdecimal() else None
    return service_id if is_record_id(service_id) else None


def _back_to(default: str) -> str:
    return local_path(request.form.get("next"), default)


def _nearest_miles(service: Service, origin: Point | None) -> float | None:
    if origin is None:
        return None
    distances = [
        haversine_miles(origin, Point(location.latitude, location.longitude))
        for location in service.locations
        if location.latitude is not None and location.longitude is not None
    ]
    return min(distances) if distances else None
