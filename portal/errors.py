"""Styled error pages. Nothing reaches a family as a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from local_offer import languages

from .extensions import db

TEMPLATES = {403: "errors/403.html", 404: "errors/404.html", 429: "errors/429.html"}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> object:
        code = error.code or 500
        if request.path.startswith("/api/"):
            return {"code": code, "message": error.description}, code
        if code in TEMPLATES:
            return render_template(TEMPLATES[code]), code
        if code >= 500:
            return render_template("errors/500.html"), code
        return render_template("errors/other.html", error=error), code

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
        # The database restarting or failing over: the request in flight fails, and the
        # pool's pre-ping replaces dead connections, so the next request recovers by itself.
        app.logger.error("Database unavailable on %s: %s", request.path, type(error).__name__)
        db.session.rollback()
        headers = {"Retry-After": "30"}
        try:
            return render_template("errors/unavailable.html"), 503, headers
        except Exception:  # the layout itself needs the database (a signed-in user's name)
            title = escape(gettext("Sorry, the service is unavailable"))
            advice = escape(gettext("Try again in a minute."))
            language = languages.current()
            page = (
                f'<!DOCTYPE html><html lang="{language.tag}" dir="{language.direction}">'
                f'<meta charset="utf-8"><title>{title}</title><h1>{title}</h1><p>{advice}</p>'
            )
            return page, 503, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return render_template("errors/500.html"), 500
