"""Open Referral UK 3.0 read API, and the Local Offer as CSV.

Views only read the query string, call ``local_offer.oruk`` or ``local_offer.interchange``
and return what they give. A parameter the API cannot use is a 400 with a JSON body that
says which one and why; a missing record is a 404 in the same shape.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, NotFound

from .. import interchange, oruk
from ..extensions import csrf, db

bp = Blueprint("oruk", __name__, url_prefix="/api/oruk")
csrf.exempt(bp)

JsonResponse = tuple[dict[str, Any], int]


@bp.after_request
def allow_any_origin(response):  # type: ignore[no-untyped-def]
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.after_app_request
def allow_any_origin_on_unknown_api_paths(response: Response) -> Response:
    # A path under the API that matches no route never reaches the blueprint's own hook,
    # yet the standard asks for the header on every response.
    if request.blueprint != bp.name and request.path.startswith(bp.url_prefix or ""):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(oruk.BadParameter)
def bad_parameter(error: oruk.BadParameter) -> JsonResponse:
    return {"code": 400, "message": error.message}, 400


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> JsonResponse:
    code = error.code or 500
    return {"code": code, "message": error.description or error.name}, code


@bp.errorhandler(Exception)
def unexpected_error(error: Exception) -> JsonResponse:
    current_app.logger.exception("Unhandled error on %s", request.path)
    db.session.rollback()
    return {"code": 500, "message": "Something went wrong. Try again later."}, 500


def _found(data: dict[str, Any] | None, thing: str, identifier: str) -> dict[str, Any]:
    if data is None:
        raise NotFound(f"There is no {thing} with the id {identifier[:100]}.")
    return data


@bp.get("/")
def api_details() -> dict[str, Any]:
    return oruk.api_details()


@bp.get("/services")
def services() -> dict[str, Any]:
    page = oruk.parse_page(request.args)
    filters = oruk.parse_service_filters(request.args)
    return oruk.list_services(db.session, filters, page)


@bp.get("/services/<service_id>")
def service(service_id: str) -> dict[str, Any]:
    return _found(oruk.find_service(db.session, service_id), "service", service_id)


@bp.get("/taxonomies")
def taxonomies() -> dict[str, Any]:
    page = oruk.parse_page(request.args)
    return oruk.list_taxonomies(db.session, oruk.parse_search(request.args), page)


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str) -> dict[str, Any]:
    return _found(oruk.find_taxonomy(db.session, taxonomy_id), "taxonomy", taxonomy_id)


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> dict[str, Any]:
    page = oruk.parse_page(request.args)
    return oruk.list_taxonomy_terms(db.session, request.args, page)


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str) -> dict[str, Any]:
    return _found(oruk.find_taxonomy_term(db.session, term_id), "taxonomy term", term_id)


@bp.get("/organizations")
def organizations() -> dict[str, Any]:
    page = oruk.parse_page(request.args)
    return oruk.list_organizations(db.session, oruk.parse_search(request.args), page)


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str) -> dict[str, Any]:
    found = oruk.find_organization(db.session, organization_id)
    return _found(found, "organization", organization_id)


@bp.get("/service_at_locations")
def service_at_locations() -> dict[str, Any]:
    page = oruk.parse_page(request.args)
    filters = oruk.parse_service_filters(request.args)
    place = oruk.parse_place(db.session, request.args)
    return oruk.list_service_at_locations(db.session, filters, place, page)


@bp.get("/service_at_locations/<link_id>")
def service_at_location(link_id: str) -> dict[str, Any]:
    found = oruk.find_service_at_location(db.session, link_id)
    return _found(found, "service at location", link_id)


csv_bp = Blueprint("open_data", __name__)


@csv_bp.get("/local-offer.csv")
def local_offer_csv() -> Response:
    """Every active service's unit costs, one row per cost option (see local_offer.interchange)."""
    response = Response(
        interchange.export_csv(db.session, active_only=True),
        content_type="text/csv; charset=utf-8",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="local-offer.csv"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
