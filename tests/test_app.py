"""The app as a whole: every page answers, headers, health, settings, error pages, language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule, UnicodeConverter

from local_offer.extensions import db, limiter
from portal import create_app
from portal.config import ConfigurationError, load_config
from tests.conftest import PageCheckingClient

# Built into a route's URL for each kind of converter: values no record can have.
NONEXISTENT_VALUES = {
    IntegerConverter: ["999999999", "99999999999999999999"],
    UnicodeConverter: ["no-such-thing", "99999999999999999999", "' OR '1'='1"],
}
UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/none"


def get_rules(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint != "static"
    ]


def url_with(rule: Rule, value: str) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^:>]+:)?{name}>", value, url)
    return url


@pytest.fixture
def fresh_app(database_url: str, app: Flask) -> Iterator[Callable[..., Flask]]:
    """A second app over the test database, for tests that change settings or routes."""
    created: list[Flask] = []

    def make(**overrides: object) -> Flask:
        new_app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        new_app.test_client_class = PageCheckingClient
        created.append(new_app)
        return new_app

    yield make
    for new_app in created:
        with new_app.app_context():
            db.session.remove()
            db.engine.dispose()
    # The limiter is one object shared by every app, and a new app points it at its own
    # storage; point it back at the session's app, so no later test counts against Redis
    # that was switched off, or against another app's memory.
    limiter.init_app(app)


# Every page answers


def test_every_page_without_parameters_answers_an_anonymous_user(app, client) -> None:
    rules = [rule for rule in get_rules(app) if not rule.arguments]
    assert len(rules) > 10, "the walk finds the app's pages"
    failures = []
    for rule in rules:
        response = client.get(rule.rule)
        if response.status_code >= 500:
            failures.append(f"{rule.rule} answered {response.status_code}")
    assert failures == []


def test_every_page_with_an_id_says_not_found_for_an_id_that_does_not_exist(app, client) -> None:
    # Pages for signed-in people send anonymous visitors to sign in first; their ids are
    # checked by the family and consent tests for people who are signed in.
    rules = [
        rule
        for rule in get_rules(app)
        if rule.arguments
        and getattr(app.view_functions[rule.endpoint], "access", "public") == "public"
    ]
    assert rules, "the walk finds pages that take an id"
    failures = []
    for rule in rules:
        converters = {type(converter) for converter in rule._converters.values()}
        unknown = converters - NONEXISTENT_VALUES.keys()
        assert not unknown, f"{rule.rule} uses a converter this test has no values for: {unknown}"
        values = [v for converter in converters for v in NONEXISTENT_VALUES[converter]]
        for value in values:
            url = url_with(rule, value)
            response = client.get(url)
            if response.status_code != 404:
                failures.append(f"{url} answered {response.status_code}")
    assert failures == []


@pytest.mark.parametrize(
    "query",
    [
        "cost=max&max_hourly=21474837",  # more pence than an Integer column holds
        "cost=max&max_hourly=99999999999999999999999",
        "age=99999999999999999999",
        "page=99999999999999999999",
        "q=%00",
        "q=%22",
        "q=NEAR(",
        "postcode=%3Cscript%3E",
    ],
)
def test_hostile_search_input_never_crashes_the_search_page(client, query) -> None:
    # The first two once reached the database as more pence than its integers hold.
    response = client.get(f"/services?{query}")
    assert response.status_code == 200, f"/services?{query} answered {response.status_code}"


# Security headers


def script_nonces(html: str) -> list[str | None]:
    """The nonce of every inline script (one without a src)."""
    nonces = []
    for attributes in re.findall(r"<script\b([^>]*)>", html):
        if "src=" in attributes:
            continue
        match = re.search(r'nonce="([^"]*)"', attributes)
        nonces.append(match.group(1) if match else None)
    return nonces


def test_html_pages_carry_the_security_headers(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]


def test_the_inline_script_runs_only_with_the_nonce_in_the_policy(client) -> None:
    response = client.get("/")
    policy_nonce = re.search(
        r"script-src [^;]*'nonce-([^']+)'", response.headers["Content-Security-Policy"]
    )
    assert policy_nonce, "the policy allows scripts by nonce"
    nonces = script_nonces(response.get_data(as_text=True))
    assert nonces, "the page has an inline script"
    assert all(nonce == policy_nonce.group(1) for nonce in nonces)
    assert len(policy_nonce.group(1)) >= 16


def test_each_response_gets_a_fresh_nonce(client) -> None:
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_error_pages_carry_the_security_headers_too(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_is_not_sent_outside_production(client) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_is_sent_in_production(fresh_app) -> None:
    production_app = fresh_app(PRODUCTION=True, TESTING=True)
    response = production_app.test_client().get("/accessibility")
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31536000


# Health


def test_health_reports_the_database_is_reachable(client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_503_when_the_database_is_unreachable(fresh_app) -> None:
    broken_app = fresh_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE, TESTING=True)
    response = broken_app.test_client().get("/health")
    assert response.status_code == 503
    assert response.is_json
    body = response.get_json()
    assert body["status"] != "ok"
    assert body["database"] != "ok"
    assert "127.0.0.1" not in response.get_data(as_text=True), "no connection details leak"


# Settings


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("PORTAL_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(clean_environment, tmp_path) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(str(tmp_path))
    assert not (tmp_path / "secret_key").exists(), "production never makes up a key"


def test_production_refuses_an_empty_secret_key(clean_environment, tmp_path) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")
    clean_environment.setenv("SECRET_KEY", "")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_production_refuses_a_short_secret_key(clean_environment, tmp_path) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")
    clean_environment.setenv("SECRET_KEY", "  short  ")
    with pytest.raises(ConfigurationError, match="32 characters"):
        load_config(str(tmp_path))


def test_production_starts_with_a_secret_key_and_secure_cookies(
    clean_environment, tmp_path
) -> None:
    clean_environment.setenv("PORTAL_ENV", "production")
    clean_environment.setenv("SECRET_KEY", "a-real-secret-from-the-environment-0123456789")
    config = load_config(str(tmp_path))
    assert config["SECRET_KEY"] == "a-real-secret-from-the-environment-0123456789"
    assert config["PRODUCTION"] is True
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        (
            "postgres://app:pw@db.example:5432/portal",
            "postgresql+psycopg://app:pw@db.example:5432/portal",
        ),
        ("postgresql://app:pw@db.example/portal", "postgresql+psycopg://app:pw@db.example/portal"),
        (
            "postgresql+psycopg://app@db.example/portal",
            "postgresql+psycopg://app@db.example/portal",
        ),
        ("sqlite:////var/lib/portal/portal.db", "sqlite:////var/lib/portal/portal.db"),
    ],
)
def test_database_urls_name_the_psycopg_3_driver(clean_environment, tmp_path, given, used) -> None:
    clean_environment.setenv("DATABASE_URL", given)
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == used


def test_without_a_database_url_a_sqlite_file_in_the_instance_folder_is_used(
    clean_environment, tmp_path
) -> None:
    uri = load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"]
    assert uri == f"sqlite:///{tmp_path / 'portal.db'}"


def test_development_keeps_one_secret_key_in_the_instance_folder(
    clean_environment, tmp_path: Path
) -> None:
    instance = tmp_path / "instance"
    first = load_config(str(instance))["SECRET_KEY"]
    second = load_config(str(instance))["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    key_file = instance / "secret_key"
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o077 == 0, "only the owner can read the key"


def test_each_development_instance_gets_its_own_secret_key(clean_environment, tmp_path) -> None:
    one = load_config(str(tmp_path / "one"))["SECRET_KEY"]
    other = load_config(str(tmp_path / "other"))["SECRET_KEY"]
    assert one != other


def test_a_secret_key_from_the_environment_wins_in_development(clean_environment, tmp_path) -> None:
    clean_environment.setenv("SECRET_KEY", "from-the-environment")
    assert load_config(str(tmp_path))["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_overrides_win_over_the_environment(clean_environment, tmp_path) -> None:
    clean_environment.setenv("DATABASE_URL", "postgres://app@db.example/portal")
    config = load_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


# Error pages


def test_the_not_found_page_is_styled(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'class="app-header"' in html
    assert "Page not found" in html
    assert "<title>Page not found" in html


def test_a_form_sent_without_its_csrf_token_gets_the_styled_400_page(client) -> None:
    response = client.post("/feedback", data={"comments": "Hello"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="app-header"' in html
    assert "Your form could not be sent" in html


def test_a_wrong_method_gets_a_styled_page(client) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert 'class="app-header"' in response.get_data(as_text=True)


def test_an_unexpected_error_in_a_view_gets_the_styled_500_page(fresh_app) -> None:
    crashing_app = fresh_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @crashing_app.get("/crash")
    def crash() -> str:
        raise RuntimeError("secret detail of the crash")

    response = crashing_app.test_client().get("/crash")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert 'class="app-header"' in html
    assert "Sorry, there is a problem with the service" in html
    assert "secret detail of the crash" not in html
    assert "Traceback" not in html
    assert response.headers["X-Frame-Options"] == "DENY"


def _address_seen_by_the_app(app) -> str:
    environ = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    seen: list[str] = []

    @app.get("/_test/remote-address")
    def remote_address() -> str:
        from flask import request

        seen.append(request.remote_addr or "")
        return "ok"

    remote_address.access = "public"  # type: ignore[attr-defined]
    app.test_client().get("/_test/remote-address", environ_base=environ)
    return seen[0]


def test_the_forwarded_address_is_ignored_without_a_trusted_proxy(tmp_path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}"})

    assert _address_seen_by_the_app(app) == "10.0.0.2"


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(tmp_path) -> None:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}", "TRUSTED_PROXIES": 1}
    )

    assert _address_seen_by_the_app(app) == "203.0.113.7"


def test_a_proxy_count_that_is_not_a_number_refuses_to_start(clean_environment, tmp_path) -> None:
    clean_environment.setenv("TRUSTED_PROXIES", "yes")

    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        load_config(str(tmp_path))
