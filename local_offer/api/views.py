"""Open Referral UK 3.0 read API."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("oruk", __name__, url_prefix="/api/oruk")
csrf.exempt(bp)


@bp.after_request
def allow_any_origin(response):  # type: ignore[no-untyped-def]
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

csv_bp = Blueprint("open_data", __name__)
