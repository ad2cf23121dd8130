"""Styled error pages. Nothing reaches a family as a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return render_template("errors/500.html"), 500
