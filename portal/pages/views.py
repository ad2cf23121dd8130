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


@bp.get("/health/live")
@public
def live() -> tuple[object, int]:
    """The process is up and answering: a load balancer restarts it when this fails. It
    touches nothing else, so a database outage does not get every worker restarted."""
    return jsonify(status="ok"), 200


@bp.get("/health")
@bp.get("/health/ready")
@public
def ready() -> tuple[object, int]:
    """Whether this process can serve requests: it reaches the database and, when one is
    configured, Redis. A load balancer sends no traffic to a process that is not ready."""
    checks = {"database": _database_reachable()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_reachable(current_app.config["REDIS_URL"])
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503


def _database_reachable() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not ready", whatever the driver raised
        current_app.logger.exception("Readiness check could not reach the database")
        db.session.rollback()
        return "unreachable"
    return "ok"


def _redis_reachable(url: str) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError:
        current_app.logger.exception("Readiness check could not reach Redis")
        return "unreachable"
    return "ok"
