"""Settings from environment variables, with safe defaults for a developer's machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

# Sessions and CSRF tokens are only as strong as the key that signs them.
MIN_SECRET_KEY_LENGTH = 32


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
    config: dict[str, Any] = {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
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
        # "outbox" keeps email in the database for a developer to read; "smtp" sends it.
        "MAIL_BACKEND": environ.get("MAIL_BACKEND", "smtp" if production else "outbox"),
        "MAIL_FROM": environ.get(
            "MAIL_FROM", "Brackenshire Local Offer <noreply@brackenshire.example>"
        ),
        "SMTP_HOST": environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(environ.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD", ""),
        # A service not checked with its provider for this many months is overdue for checking.
        "SERVICE_CHECK_MONTHS": _whole_number(environ.get("SERVICE_CHECK_MONTHS"), 12),
        # How long a provider's link to propose changes to their services works.
        "PROVIDER_LINK_DAYS": _whole_number(environ.get("PROVIDER_LINK_DAYS"), 14),
    }
    config.update(overrides or {})
    return config


def _development_secret_key(instance: Path) -> str:
    """A key kept in the instance folder, so every worker of a local server shares it."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _whole_number(text: str | None, default: int) -> int:
    value = (text or "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdecimal() or int(value) < 1:
        raise ConfigurationError(f"Expected a whole number of at least 1, not {value!r}")
    return int(value)
