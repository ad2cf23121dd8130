"""Settings from environment variables, with safe defaults for a developer's machine."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Sessions and CSRF tokens are only as strong as the key that signs them.
MIN_SECRET_KEY_LENGTH = 32
MAIL_BACKENDS = ("outbox", "notify", "smtp")
MAIL_DELIVERIES = ("queue", "after-commit")


class ConfigurationError(RuntimeError):
    pass


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    environ = os.environ
    production = environ.get("PORTAL_ENV", "development") == "production"
    database_url = environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'portal.db'}"
    # Heroku-style URLs name the old driver; SQLAlchemy 2 wants psycopg 3 named explicitly.
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix) :]

    secret_key = environ.get("SECRET_KEY", "").strip()
    if production and len(secret_key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            "SECRET_KEY is not set, or shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters. Production refuses to start without a real "
            'secret key: make one with python -c "import secrets; print(secrets.token_hex(32))"'
        )
    if not secret_key:
        secret_key = _development_secret_key(Path(instance_path))

    redis_url = environ.get("REDIS_URL") or None
    notify_api_key = environ.get("NOTIFY_API_KEY", "").strip()
    notify_template_id = environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "").strip()
    mail_backend = _mail_backend(environ, production, notify_api_key, notify_template_id)
    config: dict[str, Any] = {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Database errors are logged; their parameters would carry names and emails.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # When Redis is down, count in each process's memory instead (and log that it
        # did) rather than refuse every sign-in: looser limits beat a locked-out county.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": bool(redis_url),
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "BABEL_DEFAULT_LOCALE": "en_GB",
        "BABEL_TRANSLATION_DIRECTORIES": str(
            Path(__file__).resolve().parent.parent / "translations"
        ),
        "LANGUAGES": environ.get("LANGUAGES", "en_GB,pl,ur").split(","),
        "COUNCIL_NAME": environ.get("COUNCIL_NAME", "Brackenshire Council"),
        "SERVICE_NAME": environ.get("SERVICE_NAME", "Local Offer and personal budgets"),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        # "outbox" keeps email in the database for a developer to read; "notify" sends it
        # through GOV.UK Notify; "smtp" through a mail server.
        "MAIL_BACKEND": mail_backend,
        # "queue": a separate worker (`flask mail deliver --loop`) sends what the app
        # queued; "after-commit": the app process sends it itself once the change that
        # queued it is committed (development, tests). Either way a failure is retried.
        "MAIL_DELIVERY": _mail_delivery(environ, production),
        # A message that fails is tried again after 1, 2, 4 ... minutes (at most an hour
        # apart), and given up after this many attempts.
        "MAIL_MAX_ATTEMPTS": _positive_number(environ.get("MAIL_MAX_ATTEMPTS"), 10),
        "MAIL_RETRY_SECONDS": _positive_number(environ.get("MAIL_RETRY_SECONDS"), 60),
        # Sent (or given-up) messages hold addresses and links: they go after this many days.
        "MAIL_KEEP_DAYS": _positive_number(environ.get("MAIL_KEEP_DAYS"), 7),
        "MAIL_FROM": environ.get(
            "MAIL_FROM", "Brackenshire Local Offer <noreply@brackenshire.example>"
        ),
        "SMTP_HOST": environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(environ.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD", ""),
        # How many proxies (a load balancer, say) stand in front of the app and set the
        # X-Forwarded-* headers; 0 trusts none, so a client cannot fake its address.
        "TRUSTED_PROXIES": _whole_number(environ, "TRUSTED_PROXIES", 0),
        # "json" (one object a line, for a log collector) or "text" for a developer.
        "LOG_FORMAT": environ.get("LOG_FORMAT", "json" if production else "text"),
        "NOTIFY_API_KEY": notify_api_key,
        "NOTIFY_EMAIL_TEMPLATE_ID": notify_template_id,
        "NOTIFY_BASE_URL": environ.get(
            "NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        ),
        # UK GDPR: how long a closed account's personal data is kept (docs/retention.md).
        "CLOSED_ACCOUNT_RETENTION_DAYS": _whole_days(environ, "CLOSED_ACCOUNT_RETENTION_DAYS", 90),
        # Times in the audit trail and on the family's pages are UK times.
        "BABEL_DEFAULT_TIMEZONE": environ.get("TIMEZONE", "Europe/London"),
        # A service not checked with its provider for this many months is overdue for checking.
        "SERVICE_CHECK_MONTHS": _positive_number(environ.get("SERVICE_CHECK_MONTHS"), 12),
        # How long a provider's link to propose changes to their services works.
        "PROVIDER_LINK_DAYS": _positive_number(environ.get("PROVIDER_LINK_DAYS"), 14),
        # Support plans: school weeks counted for term-time support, and when an approved
        # plan is reviewed (a first direct payment sooner, then yearly).
        "PLAN_SCHOOL_WEEKS": _whole_number(environ, "PLAN_SCHOOL_WEEKS", 39),
        "PLAN_FIRST_REVIEW_MONTHS": _whole_number(environ, "PLAN_FIRST_REVIEW_MONTHS", 3),
        "PLAN_REVIEW_MONTHS": _whole_number(environ, "PLAN_REVIEW_MONTHS", 12),
    }
    config.update(overrides or {})
    if config["SESSION_COOKIE_SECURE"]:
        # Browsers accept a __Host- cookie only when it is Secure, has no Domain and its path
        # is /: nothing on another subdomain, or on plain http, can set or shadow it.
        config.setdefault("SESSION_COOKIE_NAME", "__Host-session")
        config["SESSION_COOKIE_PATH"] = "/"
    return config


def _whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, str(default)).strip()
    if not raw.isdigit():
        raise ConfigurationError(f"{name} is '{raw}'; it must be a whole number such as 1.")
    return int(raw)


def _mail_backend(
    environ: Mapping[str, str], production: bool, notify_api_key: str, notify_template_id: str
) -> str:
    default = "outbox"
    if production:
        default = "notify" if notify_api_key else "smtp"
    backend = environ.get("MAIL_BACKEND", default)
    if backend not in MAIL_BACKENDS:
        raise ConfigurationError(
            f"MAIL_BACKEND is '{backend}'; it must be one of: {', '.join(MAIL_BACKENDS)}."
        )
    if backend == "notify" and not (notify_api_key and notify_template_id):
        raise ConfigurationError(
            "MAIL_BACKEND is 'notify', so NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID must be "
            "set: the key from GOV.UK Notify's API integration page, and the id of an email "
            "template whose subject is ((subject)) and whose body is ((body))."
        )
    return backend


def _mail_delivery(environ: Mapping[str, str], production: bool) -> str:
    delivery = environ.get("MAIL_DELIVERY", "queue" if production else "after-commit")
    if delivery not in MAIL_DELIVERIES:
        raise ConfigurationError(
            f"MAIL_DELIVERY is '{delivery}'; it must be one of: {', '.join(MAIL_DELIVERIES)}."
        )
    return delivery


def _whole_days(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name, str(default)).strip()
    if not text.isdecimal() or len(text) > 5:
        raise ConfigurationError(f"{name} must be a whole number of days, like {default}.")
    return int(text)


def _development_secret_key(instance: Path) -> str:
    """A key kept in the instance folder, so every worker of a local server shares it."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _positive_number(text: str | None, default: int) -> int:
    value = (text or "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdecimal() or int(value) < 1:
        raise ConfigurationError(f"Expected a whole number of at least 1, not {value!r}")
    return int(value)
