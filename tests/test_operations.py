"""What operations staff rely on: liveness and readiness, request ids and log lines that
carry no personal data."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask

from portal.logs import JsonFormatter, RequestIdFilter
from tests.conftest import csrf_token
from tests.test_app import UNREACHABLE_DATABASE, fresh_app  # noqa: F401 - a fixture

LOCAL_REDIS = "redis://127.0.0.1:6379/0"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def test_liveness_answers_without_touching_the_database(
    fresh_app: Callable[..., Flask],  # noqa: F811
) -> None:
    broken = fresh_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE, TESTING=True)

    response = broken.test_client().get("/health/live")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readiness_checks_the_database_and_redis(
    fresh_app: Callable[..., Flask],  # noqa: F811
) -> None:
    app = fresh_app(REDIS_URL=LOCAL_REDIS, TESTING=True)

    response = app.test_client().get("/health/ready")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_readiness_fails_when_redis_is_unreachable(
    fresh_app: Callable[..., Flask],  # noqa: F811
) -> None:
    app = fresh_app(REDIS_URL=CLOSED_PORT_REDIS, TESTING=True)

    response = app.test_client().get("/health/ready")

    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "ok",
        "redis": "unreachable",
    }


def test_every_response_carries_a_request_id(client) -> None:
    first = client.get("/health/live").headers["X-Request-ID"]
    second = client.get("/health/live").headers["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_a_sane_request_id_from_the_load_balancer_is_kept(client) -> None:
    response = client.get("/health/live", headers={"X-Request-ID": "lb-1234abcd"})

    assert response.headers["X-Request-ID"] == "lb-1234abcd"


@pytest.mark.parametrize("offered", ["short", "x" * 65, "has spaces in it", "<script>x</script>"])
def test_an_odd_request_id_is_replaced(client, offered: str) -> None:
    response = client.get("/health/live", headers={"X-Request-ID": offered})

    assert response.headers["X-Request-ID"] != offered


def test_the_request_log_line_has_no_query_string_or_address(
    client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get(
            "/services?q=autism&postcode=BR1+2AB", headers={"X-Request-ID": "trace-12345678"}
        )

    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["path"] == "/services" and entry["status"] == response.status_code
    assert entry["method"] == "GET" and entry["duration_ms"] >= 0
    assert entry["request_id"] == "trace-12345678"
    for personal in ("BR1", "autism", "127.0.0.1"):
        assert personal not in line


@pytest.mark.parametrize(
    "path, logged",
    [
        ("/reset-password/secret-token-value", "/reset-password/<token>"),
        ("/provider/secret-token-value", "/provider/<token>"),
        ("/invitations/secret-token-value", "/invitations/<token>"),
    ],
)
def test_a_link_token_in_the_path_never_reaches_the_log(
    client, caplog: pytest.LogCaptureFixture, path: str, logged: str
) -> None:
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get(path)

    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    line = JsonFormatter().format(record)
    assert json.loads(line)["path"] == logged
    assert "secret-token-value" not in line


def test_a_log_line_outside_a_request_has_a_dash_for_its_id() -> None:
    record = logging.LogRecord("portal", logging.WARNING, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)

    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


def test_database_errors_never_log_the_values_of_a_query(app: Flask) -> None:
    from local_offer.extensions import db

    with app.app_context():
        assert db.engine.hide_parameters


def test_with_redis_down_pages_still_serve_and_sign_in_is_still_throttled(
    fresh_app: Callable[..., Flask],  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = fresh_app(
        REDIS_URL=CLOSED_PORT_REDIS,
        RATELIMIT_STORAGE_URI=CLOSED_PORT_REDIS,
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        TESTING=True,
    )
    client = app.test_client()

    with caplog.at_level(logging.WARNING):
        assert client.get("/services?q=swimming").status_code == 200
        token = csrf_token(client.get("/sign-in").get_data(as_text=True))
        statuses = [
            client.post(
                "/sign-in",
                data={"email": f"nobody{i}@example.com", "password": "wrong", "csrf_token": token},
            ).status_code
            for i in range(21)
        ]

    assert statuses[:20] == [200] * 20, "wrong passwords get the form back, not an error"
    assert statuses[20] == 429, "the per-address throttle still counts, in memory"
    assert any("falling back to in-memory" in r.getMessage() for r in caplog.records)


def test_redis_backed_rate_limits_fall_back_to_memory() -> None:
    from portal.config import load_config

    config = load_config("/tmp", {})  # noqa: S108 - only read, never written
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] == bool(config["REDIS_URL"])


def test_a_database_outage_gets_a_friendly_try_again_page(
    fresh_app: Callable[..., Flask],  # noqa: F811
) -> None:
    broken = fresh_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE, TESTING=True)

    response = broken.test_client().get("/services?q=swimming")

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in html
    for leak in ("Traceback", "psycopg", "127.0.0.1", "SELECT"):
        assert leak not in html


def test_a_signed_in_user_gets_the_plain_page_when_even_the_layout_needs_the_database(
    app: Flask,
    fresh_app: Callable[..., Flask],  # noqa: F811
) -> None:
    from tests.test_families import signed_in

    signed_in_client = signed_in(app)
    broken = fresh_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE, TESTING=True)
    client = broken.test_client()
    session_cookie = signed_in_client.get_cookie("session")
    assert session_cookie is not None
    client.set_cookie("session", session_cookie.value)

    response = client.get("/family")

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in html
    assert "Traceback" not in html and "psycopg" not in html
