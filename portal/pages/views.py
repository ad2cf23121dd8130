"""The portal's own pages: home, legal pages and health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import select, text

from local_offer.models import TaxonomyTerm

from ..extensions import db
from ..permissions import public

bp = Blueprint("pages", __name__)


@bp.get("/")
@public
def home() -> str:
    categories = db.session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.vocabulary == "category")
        .order_by(TaxonomyTerm.position)
    ).all()
    return render_template("pages/home.html", categories=categories)


@bp.get("/accessibility")
@public
def accessibility() -> str:
    return render_template("pages/accessibility.html")


@bp.get("/privacy")
@public
def privacy() -> str:
    return render_template("pages/privacy.html")


@bp.get("/cookies")
@public
def cookies() -> str:
    return render_template("pages/cookies.html")


@bp.get("/health")
@public
def health() -> tuple[object, int]:
    """Reports whether the app can reach its database, for a load balancer or monitor."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", whatever the driver raised
        current_app.logger.exception("Health check could not reach the database")
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
