"""The portal's app factory."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

import local_offer
from local_offer import languages

from .config import load_config
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .logs import configure_logging, init_request_ids

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(ROOT / "static" / "dist"),
        static_url_path="/static/dist",
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, overrides))
    if app.config["TRUSTED_PROXIES"]:
        # Behind a load balancer the client's address and scheme arrive in X-Forwarded-*
        # headers; the rate limits and the audit trail need the real address.
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("portal"),
            PackageLoader("local_offer"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=languages.select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    WTFormsHelpers(app)

    from .accounts import bp as accounts_bp
    from .accounts.cli import cli as accounts_cli
    from .accounts.mail_cli import cli as mail_cli
    from .accounts.views import load_user
    from .admin.views import bp as admin_bp
    from .backoffice import bp as backoffice_bp
    from .backoffice import provider_bp
    from .families import bp as families_bp
    from .joining import bp as joining_bp
    from .pages import bp as pages_bp
    from .plans import bp as plans_bp
    from .privacy import cli as _retention_command  # noqa: F401 - adds `accounts apply-retention`
    from .privacy.views import bp as privacy_bp
    from .ras import bp as ras_bp
    from .ras.cli import cli as ras_cli
    from .young_people import bp as young_people_bp

    login_manager.user_loader(load_user)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(mail_cli)
    app.register_blueprint(pages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(families_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(ras_bp)
    app.cli.add_command(ras_cli)
    app.register_blueprint(backoffice_bp)
    app.register_blueprint(provider_bp)
    app.register_blueprint(joining_bp)
    app.register_blueprint(young_people_bp)
    app.register_blueprint(plans_bp)
    # Each area with records about a family's children adds them to the family's
    # download; plans ask for a child's budget through app.extensions, so they never
    # import the RAS.
    from .plans import export as _plans_export  # noqa: F401
    from .plans.budget import PROVIDER as BUDGET_PROVIDER
    from .ras import export as _ras_export  # noqa: F401
    from .ras.plan_budget import budget_for_plan

    app.extensions.setdefault(BUDGET_PROVIDER, budget_for_plan)
    local_offer.init_app(app)

    from .errors import register_error_handlers

    register_error_handlers(app)
    _add_security_headers(app)
    configure_logging(app.config["LOG_FORMAT"])
    init_request_ids(app)
    return app


def _account_link() -> dict[str, str]:
    from flask import url_for
    from flask_babel import gettext
    from flask_login import current_user

    if current_user.is_authenticated:
        return {"href": url_for("accounts.account"), "text": gettext("Your account")}
    return {"href": url_for("accounts.sign_in"), "text": gettext("Sign in")}


def _add_security_headers(app: Flask) -> None:
    @app.before_request
    def make_csp_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def inject_layout_values() -> dict[str, Any]:
        return {
            "csp_nonce": getattr(g, "csp_nonce", ""),
            "council_name": app.config["COUNCIL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
            "language": languages.current(),
            "account_link": _account_link(),
            "languages": languages.offered(),
        }

    @app.after_request
    def set_security_headers(response: Any) -> Any:
        nonce = getattr(g, "csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["PRODUCTION"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
